"""The public alumni pages: joining, e-mail confirmation, invitations, sign-in, the profile and GDPR self-service.

Every page of the account area is private to one person: it is sent with `Cache-Control: private, no-store`.
Rate limiting of the sign-in and join forms is not done here (out of scope for now).
"""

import uuid
from functools import wraps
from pathlib import Path

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from alumni import data_export, registration
from alumni.accounts import sign_in, sign_out, signed_in_account
from alumni.consents import set_consent, withdraw_consent
from alumni.erasure import erase
from alumni.forms import (
    AlumnusRegistrationForm,
    EraseForm,
    InvitationForm,
    PasswordForm,
    PasswordSignInForm,
    ProfileForm,
    SignInLinkForm,
    VisibilityForm,
)
from alumni.models import Alumnus, Consent, ConsentPurpose

PHOTO_COLLECTION = "Alumni"


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


def account_page(view):
    """A page of the account area: never cached by anyone but the person's own browser, and not even there."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return _private(never_cache(view)(request, *args, **kwargs))

    return wrapped


def signed_in_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        account = signed_in_account(request)
        if account is None:
            return redirect(f"{reverse('alumni_account:sign_in')}?next={request.path}")
        return view(request, account, *args, **kwargs)

    return account_page(wrapped)


def _render(request, template, context=None, status=200):
    return TemplateResponse(request, f"alumni/account/{template}", context or {}, status=status)


# Joining (JoinPage delegates here) ------------------------------------------------------------------------


def _join_form(page, data=None):
    return AlumnusRegistrationForm(data, consent_texts=registration.consent_texts_for(page))


def join_page_context(page, request, context) -> dict:
    return {"form": context.get("form") or _join_form(page), "sent": request.GET.get("sent") == "1"}


def handle_join(page, request, *args, **kwargs):
    form = _join_form(page, request.POST)
    if form.is_valid():
        registration.register(
            page, form.cleaned_data, language=translation.get_language(), consent_texts=form.consent_texts
        )
        return redirect(f"{page.url}?sent=1#join")
    context = page.get_context(request, *args, **kwargs)
    context["form"] = form
    return TemplateResponse(request, page.get_template(request, *args, **kwargs), context, status=400)


@account_page
def confirm(request, token: str):
    try:
        alumnus = registration.confirm_email(token)
    except registration.InvalidLink:
        return _render(request, "invalid_link.html", status=400)
    return _render(request, "confirmed.html", {"faculty": alumnus.faculty, "status": alumnus.status})


@account_page
@require_http_methods(["GET", "POST"])
def invitation(request, token: str):
    try:
        alumnus = registration.alumnus_for_invitation(token)
    except registration.InvalidLink:
        return _render(request, "invalid_link.html", status=400)
    texts = registration.consent_texts_for(registration.join_page_for(translation.get_language()))
    form = InvitationForm(request.POST or None, instance=alumnus, consent_texts=texts)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            account = registration.accept_invitation(alumnus, form.cleaned_data, texts)
            sign_in(request, account)
            return redirect("alumni_account:password")
        return _render(request, "invitation.html", {"form": form, "alumnus": alumnus}, status=400)
    return _render(request, "invitation.html", {"form": form, "alumnus": alumnus})


# Signing in and out ---------------------------------------------------------------------------------------


def _next_url(request, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return default


@account_page
@require_http_methods(["GET", "POST"])
def sign_in_view(request):
    link_form, password_form = SignInLinkForm(prefix="link"), PasswordSignInForm(prefix="password")
    status = 200
    if request.method == "POST":
        if "link-email" in request.POST:
            link_form = SignInLinkForm(request.POST, prefix="link")
            if link_form.is_valid():
                registration.request_sign_in_link(link_form.cleaned_data["email"])
                return redirect(f"{reverse('alumni_account:sign_in')}?sent=1")
        else:
            password_form = PasswordSignInForm(request.POST, prefix="password")
            if password_form.is_valid():
                sign_in(request, password_form.account)
                return redirect(_next_url(request, reverse("alumni_account:profile")))
        status = 400
    context = {
        "link_form": link_form,
        "password_form": password_form,
        "sent": request.GET.get("sent") == "1",
        "next": _next_url(request, ""),
        "account": signed_in_account(request),
    }
    return _render(request, "sign_in.html", context, status=status)


def _link_sign_in(request, token: str, *, welcome: bool):
    # Opening the link shows a button; only pressing it signs in, so mail scanners cannot use up the link.
    try:
        account = registration.account_for_sign_in_token(token, welcome=welcome)
    except registration.InvalidLink:
        return _render(request, "invalid_link.html", {"sign_in_link": True}, status=400)
    if request.method == "POST":
        sign_in(request, account)
        return redirect("alumni_account:password" if welcome else "alumni_account:profile")
    return _render(request, "sign_in_link.html", {"alumnus": account.alumnus, "welcome": welcome})


@account_page
@require_http_methods(["GET", "POST"])
def sign_in_link(request, token: str):
    return _link_sign_in(request, token, welcome=False)


@account_page
@require_http_methods(["GET", "POST"])
def welcome_link(request, token: str):
    return _link_sign_in(request, token, welcome=True)


@account_page
@require_POST
def sign_out_view(request):
    sign_out(request)
    return redirect("alumni_account:sign_in")


@account_page
def account_home(request):
    if signed_in_account(request) is None:
        return redirect("alumni_account:sign_in")
    return redirect("alumni_account:profile")


# The profile ----------------------------------------------------------------------------------------------


def _photo_collection() -> Collection:
    """The collection alumni photos live in, closed to the public image API: a photo reaches a page only through
    the privacy function (its visibility is the person's choice), never through /api/v3/images/."""
    collection = Collection.objects.filter(name=PHOTO_COLLECTION).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=PHOTO_COLLECTION)
    if not CollectionViewRestriction.objects.filter(collection=collection).exists():
        # A group restriction with no group: only superusers (the alumni office) pass it.
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
    return collection


def _save_photo(alumnus: Alumnus, upload) -> None:
    old_photo = alumnus.photo
    # A random file name: the uploaded one often carries the person's name, and the URL should not.
    upload.name = f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}"
    image = get_image_model()(title=f"alumnus-{alumnus.pk}", file=upload, collection=_photo_collection())
    image.save()
    alumnus.photo = image
    alumnus.save(update_fields=["photo"])
    if old_photo is not None:
        old_photo.delete()


def _remove_photo(alumnus: Alumnus) -> None:
    photo = alumnus.photo
    if photo is not None:
        alumnus.photo = None
        alumnus.save(update_fields=["photo"])
        photo.delete()


def _consents(alumnus: Alumnus) -> list[dict]:
    latest = {}
    for consent in alumnus.consents.order_by("-at", "-pk"):
        latest.setdefault(consent.purpose, consent)
    return [
        {
            "purpose": purpose,
            "label": label,
            "given": getattr(alumnus, f"consent_{purpose}"),
            "latest": latest.get(purpose),
        }
        for purpose, label in ConsentPurpose.choices
    ]


def _profile_page(request, account, *, profile_form=None, visibility_form=None, status=200):
    alumnus = account.alumnus
    context = {
        "account": account,
        "alumnus": alumnus,
        "profile_form": profile_form or ProfileForm(instance=alumnus),
        "visibility_form": visibility_form or VisibilityForm(alumnus=alumnus),
        "consents": _consents(alumnus),
    }
    return _render(request, "profile.html", context, status=status)


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
                _save_photo(alumnus, form.cleaned_data["photo_upload"])
            elif form.cleaned_data.get("remove_photo"):
                _remove_photo(alumnus)
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
        return _render(request, "invalid_request.html", status=400)
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
        return _render(request, "password.html", {"form": form, "account": account}, status=400)
    return _render(request, "password.html", {"form": form, "account": account})


@signed_in_required
def export_json(request, account):
    response = HttpResponse(data_export.as_json(account.alumnus), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-alumni-data.json"'
    return response


@signed_in_required
def export_csv(request, account):
    response = HttpResponse(data_export.as_csv(account.alumnus), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-alumni-data.csv"'
    return response


@signed_in_required
@require_http_methods(["GET", "POST"])
def erase_account(request, account):
    form = EraseForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            erase(account.alumnus)
            sign_out(request)
            return redirect("alumni_account:erased")
        return _render(request, "erase.html", {"form": form, "account": account}, status=400)
    return _render(request, "erase.html", {"form": form, "account": account})


@account_page
def erased(request):
    return _render(request, "erased.html")
