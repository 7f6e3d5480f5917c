"""Template tags for the alumni account link in the site header."""

from django import template
from django.conf import settings

from alumni.accounts import signed_in_account

register = template.Library()


@register.simple_tag(takes_context=True)
def alumni_signed_in(context) -> bool:
    """Whether an approved alumnus is signed in: the header's cached fragment varies on this, never on who."""
    request = context.get("request")
    if request is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False  # without a session cookie nobody is signed in; the session is not even opened
    return signed_in_account(request) is not None
