"""Personal survey links: a signed invitee id (the site's key; nothing to guess), and the signed link that stops
survey invitations to a person in one click."""

from django.core import signing

SALT = "surveys.invitee"
TOKEN_PARAMETER = "t"  # noqa: S105 - a query parameter's name: the personal link is the page's address ?t=<token>
STOP_SALT = "surveys.stop"


def invitee_token(invitee_id: int) -> str:
    return signing.dumps(invitee_id, salt=SALT)


def _read_id(token: str, salt: str) -> int | None:
    """The id a token signed with `salt` carries; None for a forged, broken or foreign one."""
    try:
        value = signing.loads(token or "", salt=salt)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def read_invitee_token(token: str) -> int | None:
    return _read_id(token, SALT)


def stop_token(alumnus_id: int) -> str:
    return signing.dumps(alumnus_id, salt=STOP_SALT)


def read_stop_token(token: str) -> int | None:
    return _read_id(token, STOP_SALT)
