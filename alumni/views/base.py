"""What every page of the account area shares: never cached, rendered from alumni/account/, signed in or not.

Rate limiting of the sign-in and join forms is not done here (out of scope for now).
"""

from functools import wraps

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache

from alumni.accounts import signed_in_account


def account_page(view):
    """A page of the account area: never cached by anyone but the person's own browser, and not even there."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = never_cache(view)(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    return wrapped


def signed_in_required(view):
    """An account page for the signed-in alumnus, called with their account; others go to the sign-in page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        account = signed_in_account(request)
        if account is None:
            return redirect(f"{reverse('alumni_account:sign_in')}?next={request.path}")
        return view(request, account, *args, **kwargs)

    return account_page(wrapped)


def render(request, template: str, context=None, status: int = 200) -> TemplateResponse:
    return TemplateResponse(request, f"alumni/account/{template}", context or {}, status=status)
