"""The office's invitation pages for an event: choose a text and an audience, see how many it reaches and the
text as a person will read it, send; then who was invited, who registered and who came (with a CSV export)."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from events.models import EventPage
from home.exports import csv_safe
from newsletters.forms import InvitationForm
from newsletters.invitations import invitation_report, source_event, start_invitation
from newsletters.models import Mailing
from newsletters.models.invitations import fill
from newsletters.sending import CannotSend
from newsletters.tasks import send_mailing_task
from newsletters.views.admin import SEND_PERMISSION, resume


def invite(request, event_id: int):
    if not request.user.has_perm(SEND_PERMISSION):
        raise PermissionDenied
    event = source_event(get_object_or_404(EventPage, pk=event_id))
    form = InvitationForm(request.POST or None)
    context = {"event": event, "form": form, "audience_size": None, "preview": None}
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            return TemplateResponse(request, "newsletters/admin/invite.html", context, status=400)
        audience = form.audience()
        if request.POST.get("action") == "send":
            try:
                mailing = start_invitation(event, form.cleaned_data["template"], audience, request.user)
            except CannotSend as error:
                messages.error(request, str(error))
                status = 400
            else:
                send_mailing_task.enqueue(mailing.pk)
                messages.success(request, _("The invitations are being sent."))
                return redirect("mailings:invitations", event.pk)
        template = form.cleaned_data["template"]
        start = event.next_start() or event.start
        values = {
            "name": "Ana",
            "event": event.title,
            "date": formats.date_format(timezone.localtime(start), "DATETIME_FORMAT") if start else "",
            "place": event.venue or event.online_url,
            "link": "https://…",
        }
        try:
            preview = {"subject": fill(template.subject, values), "body": fill(template.body, values)}
        except (KeyError, IndexError, ValueError):
            form.add_error("template", _("This text has a placeholder that cannot be filled in: correct it first."))
            return TemplateResponse(request, "newsletters/admin/invite.html", context, status=400)
        context.update(audience=audience.describe(), audience_size=audience.people().count(), preview=preview)
    return TemplateResponse(request, "newsletters/admin/invite.html", context, status=status)


def invitations(request, event_id: int):
    if not request.user.has_perm(SEND_PERMISSION):
        raise PermissionDenied
    event = source_event(get_object_or_404(EventPage, pk=event_id))
    if request.method == "POST" and request.POST.get("action") == "resume":
        mailing_id = request.POST.get("mailing", "")
        mailing = Mailing.objects.filter(
            pk=int(mailing_id) if mailing_id.isascii() and mailing_id.isdigit() else 0,
            kind=Mailing.Kind.INVITATION,
            translation_key=event.translation_key,
        ).first()
        if mailing is not None:
            resume(request, mailing)
        return redirect(request.path)
    people, counts = invitation_report(event)
    if request.GET.get("export") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="invitations-{event.pk}.csv"'
        writer = csv.writer(response)
        writer.writerow([_("E-mail"), _("Invitation sent"), _("Registration"), _("Came")])
        for person in people:
            yes, no = _("Yes"), _("No")
            writer.writerow(
                [
                    csv_safe(person.email),
                    yes if person.sent else no,
                    person.registration_label,
                    yes if person.came else no,
                ]
            )
        return response
    mailings = Mailing.objects.with_counts().filter(kind=Mailing.Kind.INVITATION, translation_key=event.translation_key)
    context = {
        "event": event,
        "people": people,
        "counts": counts,
        "mailings": mailings,
        "invite_url": reverse("mailings:invite", args=[event.pk]),
    }
    return TemplateResponse(request, "newsletters/admin/invitations.html", context)
