"""The signed link in every newsletter that unsubscribes its recipient in one click, without signing in.

The token names who received the message: an alumnus, a subscriber from outside the database, or nobody (a test
message). It is signed with the site's key and does not expire, so an old newsletter's link still works.
"""

from dataclasses import dataclass

from django.core import signing

SALT = "newsletters.unsubscribe"
ALUMNUS, SUBSCRIBER, TEST = "a", "s", "t"


@dataclass(frozen=True)
class Recipient:
    kind: str
    pk: int


def make_token(kind: str, pk: int | None = None) -> str:
    if kind not in (ALUMNUS, SUBSCRIBER, TEST):
        raise ValueError(kind)
    return signing.dumps(f"{kind}{pk or 0}", salt=SALT)


def token_for(alumnus_id: int | None, subscriber_id: int | None) -> str:
    """The token for a delivery's recipient."""
    if alumnus_id:
        return make_token(ALUMNUS, alumnus_id)
    if subscriber_id:
        return make_token(SUBSCRIBER, subscriber_id)
    return make_token(TEST)


def read_token(token: str) -> Recipient | None:
    """Who a valid token names; None for a forged or broken one."""
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(value, str) or len(value) < 2 or value[0] not in (ALUMNUS, SUBSCRIBER, TEST):
        return None
    if not value[1:].isascii() or not value[1:].isdigit():
        return None
    return Recipient(value[0], int(value[1:]))
