"""Joining, confirming, approving and inviting alumni, and the signed links their e-mails carry.

Every link is a Django-signed token with its own salt and lifetime. Links that sign someone in are single use:
the token carries the account's last sign-in, which signing in changes.
"""

import datetime
from typing import TYPE_CHECKING

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from alumni.consents import record_consents
from alumni.models import PERSON_FIELDS, Alumnus, AlumnusAccount, Consent, ConsentPurpose

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from alumni.models import JoinPage

CONFIRM_SALT = "alumni.registration.confirm"
INVITATION_SALT = "alumni.invitation"
SIGN_IN_SALT = "alumni.account.sign-in"
WELCOME_SALT = "alumni.account.welcome"

CONFIRM_MAX_AGE = datetime.timedelta(days=7)
INVITATION_MAX_AGE = datetime.timedelta(days=30)
SIGN_IN_MAX_AGE = datetime.timedelta(minutes=15)
# The approval e-mail's link may wait a few days to be opened; it is single use all the same.
WELCOME_MAX_AGE = datetime.timedelta(days=7)

REGISTRATION_FIELDS = ["faculty", *PERSON_FIELDS]


class InvalidLink(Exception):
    """A signed link that is forged, expired, already used, or names someone who cannot use it."""


# Tokens ---------------------------------------------------------------------------------------------------


def _login_stamp(account: AlumnusAccount) -> str:
    return account.last_login.isoformat() if account.last_login else ""


def confirmation_token(alumnus: Alumnus) -> str:
    return signing.dumps([alumnus.pk, alumnus.email], salt=CONFIRM_SALT)


def invitation_token(alumnus: Alumnus) -> str:
    return signing.dumps([alumnus.pk, alumnus.email], salt=INVITATION_SALT)


def sign_in_token(account: AlumnusAccount, *, welcome: bool = False) -> str:
    return signing.dumps([account.pk, _login_stamp(account)], salt=WELCOME_SALT if welcome else SIGN_IN_SALT)


def _alumnus_for(token: str, salt: str, max_age: datetime.timedelta) -> Alumnus:
    try:
        alumnus_id, email = signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise InvalidLink from error
    alumnus = Alumnus.objects.select_related("faculty").filter(pk=alumnus_id, email=email).first()
    if alumnus is None or email is None:
        raise InvalidLink
    return alumnus


def account_for_sign_in_token(token: str, *, welcome: bool = False) -> AlumnusAccount:
    """The account a sign-in link opens, while the link is fresh and unused and the person approved."""
    salt, max_age = (WELCOME_SALT, WELCOME_MAX_AGE) if welcome else (SIGN_IN_SALT, SIGN_IN_MAX_AGE)
    try:
        account_id, stamp = signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise InvalidLink from error
    account = (
        AlumnusAccount.objects.select_related("alumnus")
        .filter(pk=account_id, alumnus__status=Alumnus.Status.APPROVED)
        .first()
    )
    if account is None or _login_stamp(account) != stamp:
        raise InvalidLink
    return account


# Joining --------------------------------------------------------------------------------------------------


def register(page: "JoinPage", cleaned_data: dict, *, language: str, consent_texts: dict[str, str]) -> None:
    """Create an unconfirmed person and e-mail the confirmation link.

    An address already known gets an e-mail suited to its owner instead, and the caller shows the same
    "check your e-mail" result either way, so the form never tells whether an address is registered.
    """
    email = cleaned_data["email"].strip().lower()
    existing = Alumnus.objects.filter(email=email).first()
    if existing is not None:
        remind_known_person(existing)
        return
    try:
        with transaction.atomic():
            alumnus = Alumnus(
                **{name: cleaned_data[name] for name in REGISTRATION_FIELDS if name in cleaned_data},
                status=Alumnus.Status.UNCONFIRMED,
                source=Alumnus.Source.REGISTRATION,
                language=language,
            )
            alumnus.email = email
            alumnus.save()
            alumnus.communities.set(cleaned_data.get("communities") or [])
            record_consents(alumnus, cleaned_data, source=Consent.Source.REGISTRATION, texts=consent_texts)
    except IntegrityError:  # the same address sent twice at the same moment
        existing = Alumnus.objects.filter(email=email).first()
        if existing is not None:
            remind_known_person(existing)
        return
    send_email(alumnus, "confirm")


def remind_known_person(alumnus: Alumnus) -> None:
    """Someone used a known address to join: write to its owner with what they can do next."""
    if alumnus.status == Alumnus.Status.UNCONFIRMED:
        send_email(alumnus, "confirm")
    elif alumnus.status == Alumnus.Status.PENDING:
        send_email(alumnus, "still_pending")
    elif alumnus.status == Alumnus.Status.APPROVED:
        if alumnus.source != Alumnus.Source.REGISTRATION and not hasattr(alumnus, "account"):
            invite(alumnus)
        else:
            send_sign_in_link(alumnus)
    elif alumnus.status == Alumnus.Status.REJECTED:
        send_email(alumnus, "known_rejected")


def confirm_email(token: str) -> Alumnus:
    """Follow a confirmation link: the person now awaits their faculty's approval. Following it twice is fine."""
    alumnus = _alumnus_for(token, CONFIRM_SALT, CONFIRM_MAX_AGE)
    if alumnus.status == Alumnus.Status.UNCONFIRMED:
        alumnus.status = Alumnus.Status.PENDING
        alumnus.email_confirmed_at = timezone.now()
        alumnus.save(update_fields=["status", "email_confirmed_at"])
        send_email(alumnus, "pending")
        if alumnus.faculty.coordinator_email:
            send_coordinator_email(alumnus)
    elif alumnus.status not in (Alumnus.Status.PENDING, Alumnus.Status.APPROVED):
        raise InvalidLink
    return alumnus


# Approval -------------------------------------------------------------------------------------------------


def approve(alumnus: Alumnus, user: "User") -> Alumnus:
    with transaction.atomic():
        alumnus.status = Alumnus.Status.APPROVED
        alumnus.decided_at = timezone.now()
        alumnus.decided_by = user
        alumnus.rejection_reason = ""
        alumnus.save(update_fields=["status", "decided_at", "decided_by", "rejection_reason"])
        AlumnusAccount.objects.get_or_create(alumnus=alumnus)
    send_email(alumnus, "approved")
    return alumnus


def reject(alumnus: Alumnus, user: "User", reason: str = "") -> Alumnus:
    alumnus.status = Alumnus.Status.REJECTED
    alumnus.decided_at = timezone.now()
    alumnus.decided_by = user
    alumnus.rejection_reason = reason.strip()
    alumnus.save(update_fields=["status", "decided_at", "decided_by", "rejection_reason"])
    send_email(alumnus, "rejected")
    return alumnus


# Invitations (people a faculty imported) ------------------------------------------------------------------


def can_invite(alumnus: Alumnus) -> bool:
    return (
        bool(alumnus.email)
        and alumnus.status not in (Alumnus.Status.ERASED, Alumnus.Status.REJECTED)
        and alumnus.source != Alumnus.Source.REGISTRATION
        and not _has_account(alumnus)
    )


def _has_account(alumnus: Alumnus) -> bool:
    # The admin listing annotates has_account, so its buttons cost no query per row.
    annotated = getattr(alumnus, "has_account", None)
    if annotated is not None:
        return annotated
    return AlumnusAccount.objects.filter(alumnus=alumnus).exists()


def invite(alumnus: Alumnus) -> None:
    """E-mail a link to a page where the person checks their data and gives (or not) their consents."""
    send_email(alumnus, "invitation")


def alumnus_for_invitation(token: str) -> Alumnus:
    alumnus = _alumnus_for(token, INVITATION_SALT, INVITATION_MAX_AGE)
    if not can_invite(alumnus):
        raise InvalidLink
    return alumnus


def accept_invitation(alumnus: Alumnus, cleaned_data: dict, consent_texts: dict[str, str]) -> AlumnusAccount:
    """Save the checked data and the consents; the faculty's import vouches for the person, the link for the address."""
    with transaction.atomic():
        alumnus.email_confirmed_at = alumnus.email_confirmed_at or timezone.now()
        if alumnus.status != Alumnus.Status.APPROVED:
            alumnus.status = Alumnus.Status.APPROVED
            alumnus.decided_at = timezone.now()
        alumnus.save()
        record_consents(alumnus, cleaned_data, source=Consent.Source.PROFILE, texts=consent_texts)
        account, _created = AlumnusAccount.objects.get_or_create(alumnus=alumnus)
    return account


# Sign-in links --------------------------------------------------------------------------------------------


def send_sign_in_link(alumnus: Alumnus) -> None:
    """E-mail a 15-minute sign-in link to an approved person (creating their account on first use)."""
    if alumnus.status != Alumnus.Status.APPROVED or not alumnus.email:
        return
    AlumnusAccount.objects.get_or_create(alumnus=alumnus)
    send_email(alumnus, "sign_in")


def request_sign_in_link(email: str) -> None:
    """Take a sign-in link request: the same work for a known and an unknown address (one task queued), and the
    caller says the same thing either way; the task looks the address up."""
    from alumni.tasks import answer_sign_in_request

    answer_sign_in_request.enqueue(email.strip().lower())


def answer_sign_in_request(email: str) -> None:
    """E-mail a sign-in link if the address is an approved person's; do nothing otherwise."""
    alumnus = Alumnus.objects.filter(email=email, status=Alumnus.Status.APPROVED).first()
    if alumnus is not None:
        send_sign_in_link(alumnus)


# E-mails --------------------------------------------------------------------------------------------------


def send_email(alumnus: Alumnus, kind: str) -> None:
    from alumni.tasks import send_alumnus_email

    send_alumnus_email.enqueue(alumnus.pk, kind)


def send_coordinator_email(alumnus: Alumnus) -> None:
    from alumni.tasks import send_coordinator_email as task

    task.enqueue(alumnus.pk)


def consent_texts_for(page: "JoinPage | None") -> dict[str, str]:
    """The consent sentences of a registration page, word for word; generic ones only when no page exists."""
    from alumni.forms import FALLBACK_CONSENT_TEXTS

    if page is None:
        return {purpose: str(FALLBACK_CONSENT_TEXTS[purpose]) for purpose in ConsentPurpose.values}
    return {purpose: page.consent_text(purpose) for purpose in ConsentPurpose.values}


def join_page_for(language: str) -> "JoinPage | None":
    """The live registration page in this language, or in any language when it is not translated."""
    from alumni.models import JoinPage

    pages = JoinPage.objects.live().select_related("locale")
    return pages.filter(locale__language_code=language).first() or pages.first()
