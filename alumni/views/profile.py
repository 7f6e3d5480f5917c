"""The signed-in person's profile: their data and photo, who sees each field, their consents, their password."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alumni import registration
from alumni.accounts import sign_in
from alumni.consents import consent_states, set_consent, withdraw_consent
from alumni.forms import PasswordForm, ProfileForm, VisibilityForm
from alumni.models import Alumnus, Consent, ConsentPurpose
from alumni.photos import remove_photo, save_photo

from .base import render, signed_in_required


def _profile_page(request, account, *, profile_form=None, visibility_form=None, status=200):
    alumnus = account.alumnus
    context = {
        "account": account,
        "alumnus": alumnus,
        "profile_form": profile_form or ProfileForm(instance=alumnus),
        "visibility_form": visibility_form or VisibilityForm(alumnus=alumnus),
        "consents": consent_states(alumnus),
    }
    return render(request, "profile.html", context, status=status)


@signed_in_required
@require_http_methods(["GET", "POST"])
def profile(request, account):
    alumnus = Alumnus.objects.select_related("faculty", "photo").get(pk=account.alumnus_id)
    account.alumnus = alumnus
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=alumnus)
        if form.is_valid():
            form.save()
            if form.cleaned_data.get("photo_upload"):
                save_photo(alumnus, form.cleaned_data["photo_upload"])
            elif form.cleaned_data.get("remove_photo"):
                remove_photo(alumnus)
            messages.success(request, _("Your profile is saved."))
            return redirect("alumni_account:profile")
        return _profile_page(request, account, profile_form=form, status=400)
    return _profile_page(request, account)


@signed_in_required
@require_POST
def visibility(request, account):
    form = VisibilityForm(request.POST, alumnus=account.alumnus)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your visibility choices are saved."))
        return redirect(f"{reverse('alumni_account:profile')}#visibility")
    return _profile_page(request, account, visibility_form=form, status=400)


@signed_in_required
@require_POST
def consents(request, account):
    alumnus = account.alumnus
    purpose, action = request.POST.get("purpose"), request.POST.get("action")
    if purpose not in ConsentPurpose.values or action not in ("give", "withdraw"):
        return render(request, "invalid_request.html", status=400)
    if action == "withdraw":
        withdraw_consent(alumnus, purpose, source=Consent.Source.PROFILE)
        messages.success(request, _("Your consent is withdrawn."))
    else:
        page = registration.join_page_for(translation.get_language())
        text = registration.consent_texts_for(page)[purpose]
        set_consent(alumnus, purpose, True, source=Consent.Source.PROFILE, text=text)
        messages.success(request, _("Thank you: your consent is recorded."))
    return redirect(f"{reverse('alumni_account:profile')}#consents")


@signed_in_required
@require_http_methods(["GET", "POST"])
def password(request, account):
    form = PasswordForm(request.POST or None, account=account)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            sign_in(request, account)  # the session is bound to the password: keep this one signed in
            messages.success(request, _("Your password is saved."))
            return redirect("alumni_account:profile")
        return render(request, "password.html", {"form": form, "account": account}, status=400)
    return render(request, "password.html", {"form": form, "account": account})
