"""The pages joining e-mails link to: confirming an address, and the invitation an imported person answers."""

from django.shortcuts import redirect
from django.utils import translation
from django.views.decorators.http import require_http_methods

from alumni import registration
from alumni.accounts import sign_in
from alumni.forms import InvitationForm

from .base import account_page, render


@account_page
def confirm(request, token: str):
    try:
        alumnus = registration.confirm_email(token)
    except registration.InvalidLink:
        return render(request, "invalid_link.html", status=400)
    return render(request, "confirmed.html", {"faculty": alumnus.faculty, "status": alumnus.status})


@account_page
@require_http_methods(["GET", "POST"])
def invitation(request, token: str):
    try:
        alumnus = registration.alumnus_for_invitation(token)
    except registration.InvalidLink:
        return render(request, "invalid_link.html", status=400)
    texts = registration.consent_texts_for(registration.join_page_for(translation.get_language()))
    form = InvitationForm(request.POST or None, instance=alumnus, consent_texts=texts)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            account = registration.accept_invitation(alumnus, form.cleaned_data, texts)
            sign_in(request, account)
            return redirect("alumni_account:password")
        return render(request, "invitation.html", {"form": form, "alumnus": alumnus}, status=400)
    return render(request, "invitation.html", {"form": form, "alumnus": alumnus})
