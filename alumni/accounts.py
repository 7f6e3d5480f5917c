"""Alumni sign-in on the public site, kept apart from Django's users: an alumnus is never an admin user.

The session holds the account's id and a hash of its password field, so that changing the password or
erasing the person ends every other session.
"""

from typing import TYPE_CHECKING

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, check_password
from django.contrib.auth.signals import user_login_failed
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from alumni.models import Alumnus, AlumnusAccount

if TYPE_CHECKING:
    from django.http import HttpRequest

SESSION_ACCOUNT_KEY = "alumni_account_id"
SESSION_HASH_KEY = "alumni_account_hash"


def _session_hash(account: AlumnusAccount) -> str:
    return salted_hmac("alumni.accounts.session", f"{account.pk}:{account.password}").hexdigest()


def _lockout_credentials(email: str) -> dict[str, str]:
    # Prefixed, so that an alumnus's address and an admin user's name never share a lock.
    return {"username": f"alumnus:{email}"}


def authenticate(request: "HttpRequest", email: str, password: str) -> AlumnusAccount | None:
    """The approved person's account for this address and password, or None.

    Known and unknown addresses cost one password hash each. Failures count towards django-axes's lockout (the
    AXES_FAILURE_LIMIT-th failure in a row locks the address for AXES_COOLOFF_TIME, the right password included);
    a locked request is marked so that `AxesMiddleware` answers it with the lockout page.
    """
    email = email.strip().lower()
    credentials = _lockout_credentials(email)
    if not AxesProxyHandler.is_allowed(request, credentials):
        request.axes_locked_out = True
        return None
    account = (
        AlumnusAccount.objects.select_related("alumnus")
        .filter(alumnus__email=email, alumnus__status=Alumnus.Status.APPROVED)
        .first()
    )
    if account is not None and account.check_password(password):
        AxesProxyHandler.reset_attempts(username=credentials["username"])
        return account
    if account is None:
        check_password(password, UNUSABLE_PASSWORD_PREFIX)  # hashes once, as a known address does
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return None


def forget_sign_in_failures(email: str) -> None:
    """Erasing a person: django-axes's records of failed sign-ins with their address (address, browser) go too."""
    from axes.models import AccessAttempt, AccessFailureLog

    username = _lockout_credentials(email.strip().lower())["username"]
    AccessAttempt.objects.filter(username=username).delete()
    AccessFailureLog.objects.filter(username=username).delete()


def sign_in(request: "HttpRequest", account: AlumnusAccount) -> None:
    request.session.cycle_key()
    request.session[SESSION_ACCOUNT_KEY] = account.pk
    request.session[SESSION_HASH_KEY] = _session_hash(account)
    account.last_login = timezone.now()
    account.save(update_fields=["last_login"])
    request._alumni_account = account


def sign_out(request: "HttpRequest") -> None:
    request.session.pop(SESSION_ACCOUNT_KEY, None)
    request.session.pop(SESSION_HASH_KEY, None)
    request.session.cycle_key()
    request._alumni_account = None


def signed_in_account(request: "HttpRequest") -> AlumnusAccount | None:
    """The signed-in account of an approved alumnus, or None. One query, remembered for the request."""
    if hasattr(request, "_alumni_account"):
        return request._alumni_account
    account = None
    session = getattr(request, "session", None)
    account_id = session.get(SESSION_ACCOUNT_KEY) if session is not None else None
    if account_id is not None:
        account = (
            AlumnusAccount.objects.select_related("alumnus__faculty")
            .filter(pk=account_id, alumnus__status=Alumnus.Status.APPROVED)
            .first()
        )
        if account is not None and not constant_time_compare(session.get(SESSION_HASH_KEY, ""), _session_hash(account)):
            account = None
    request._alumni_account = account
    return account


def signed_in_alumnus_id(request: "HttpRequest") -> int | None:
    account = signed_in_account(request)
    return account.alumnus_id if account is not None else None
