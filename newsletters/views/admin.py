"""The office's page for sending a newsletter: who will receive it, a test to oneself, then the real sending
(enqueued as a task), how far it has gone, and a way to resume a sending that stopped."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsletters.audiences import Audience
from newsletters.models import Mailing, NewsletterPage
from newsletters.sending import (
    CannotSend,
    MailServerUnavailable,
    check_sendable,
    recover_stale,
    send_test,
    source_page,
    start_mailing,
    waiting,
)
from newsletters.tasks import send_mailing_task

SEND_PERMISSION = "newsletters.send_mailing"


class TestForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Send a test to"))
    language = forms.ChoiceField(
        label=gettext_lazy("Language"), choices=[("ro", "Română"), ("en", "English")], initial="ro"
    )


def resume(request, mailing: Mailing) -> None:
    """Send what a stopped sending left (rows a dead run claimed are recovered once they are stale)."""
    recover_stale(mailing)
    if waiting(mailing):
        send_mailing_task.enqueue(mailing.pk)
        messages.success(request, _("Sending has resumed."))
    else:
        messages.info(request, _("Nothing is left to send."))


def send_newsletter(request, page_id: int):
    if not request.user.has_perm(SEND_PERMISSION):
        raise PermissionDenied
    page = source_page(get_object_or_404(NewsletterPage, pk=page_id))
    mailing = (
        Mailing.objects.with_counts().filter(kind=Mailing.Kind.NEWSLETTER, translation_key=page.translation_key).first()
    )
    audience = Audience.of_page(page)
    test_form = TestForm(initial={"email": request.user.email})
    status = 200
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "test":
        test_form = TestForm(request.POST)
        if test_form.is_valid():
            email = test_form.cleaned_data["email"]
            try:
                send_test(page, email, test_form.cleaned_data["language"])
            except MailServerUnavailable as error:
                messages.error(request, _("The mail server could not be reached (%(error)s).") % {"error": error})
            else:
                messages.success(request, _("A test went to %(email)s.") % {"email": email})
            return redirect(request.path)
        status = 400
    elif action == "send" and mailing is None:
        try:
            mailing = start_mailing(page, request.user)
        except CannotSend as error:
            messages.error(request, str(error))
            return redirect(request.path)
        send_mailing_task.enqueue(mailing.pk)
        messages.success(request, _("Sending has started."))
        return redirect(request.path)
    elif action == "resume" and mailing is not None:
        resume(request, mailing)
        return redirect(request.path)
    problem = None
    try:
        check_sendable(page)
    except CannotSend as error:
        problem = str(error)
    context = {
        "page": page,
        "mailing": mailing,
        "audience": audience.describe(),
        "audience_size": audience.size() if mailing is None else None,
        "problem": problem,
        "test_form": test_form,
    }
    return TemplateResponse(request, "newsletters/admin/send.html", context, status=status)
