"""Signing in (by password, or by a link e-mailed on request or on approval) and out."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from alumni import registration
from alumni.accounts import sign_in, sign_out, signed_in_account
from alumni.forms import PasswordSignInForm, SignInLinkForm
from home import honeypot
from home.ratelimit import check_request

from .base import account_page, render


def _next_url(request, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return default


@account_page
@require_http_methods(["GET", "POST"])
def sign_in_view(request):
    """Two forms: a link by e-mail, and a password. Both answer a known and an unknown address alike, are rate
    limited per client and per address, and answer a filled honeypot as if it had worked."""
    link_form = SignInLinkForm(prefix="link")
    password_form = PasswordSignInForm(prefix="password", request=request)
    status = 200
    if request.method == "POST":
        if "link-email" in request.POST:
            check_request(request, "sign_in_link", key=request.POST["link-email"])
            link_form = SignInLinkForm(request.POST, prefix="link")
            if honeypot.caught(request) or link_form.is_valid():
                if not honeypot.caught(request):
                    registration.request_sign_in_link(link_form.cleaned_data["email"])
                return redirect(f"{reverse('alumni_account:sign_in')}?sent=1")
        else:
            check_request(request, "password_sign_in")
            password_form = PasswordSignInForm(request.POST, prefix="password", request=request)
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
    return render(request, "sign_in.html", context, status=status)


def _link_sign_in(request, token: str, *, welcome: bool):
    # Opening the link shows a button; only pressing it signs in, so mail scanners cannot use up the link.
    try:
        account = registration.account_for_sign_in_token(token, welcome=welcome)
    except registration.InvalidLink:
        return render(request, "invalid_link.html", {"sign_in_link": True}, status=400)
    if request.method == "POST":
        sign_in(request, account)
        return redirect("alumni_account:password" if welcome else "alumni_account:profile")
    return render(request, "sign_in_link.html", {"alumnus": account.alumnus, "welcome": welcome})


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
