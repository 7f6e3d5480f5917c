"""The signed link in every newsletter that unsubscribes its recipient in one click, without signing in.

The token names the person (or nobody, in a test message) and is signed with the site's key; it does not
expire, so an old newsletter's link still works.
"""

from django.core import signing

SALT = "newsletters.unsubscribe"
TEST_RECIPIENT = 0


def make_token(alumnus_id: int | None) -> str:
    return signing.dumps(alumnus_id or TEST_RECIPIENT, salt=SALT)


def read_token(token: str) -> int | None:
    """The alumnus id in a valid token (TEST_RECIPIENT for a test message), or None for a forged or broken one."""
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) and value >= 0 else None
