"""One-click unsubscribe from the newsletter, with no sign-in (RFC 8058).

GET shows a button (a link scanner following the link changes nothing); POST unsubscribes, whether it comes
from that button or straight from the mail client's one-click action, which carries no CSRF token: the signed
token is what authorises it, and all it can do is stop the newsletter to one address.
"""

from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from newsletters.subscriptions import address_of, is_receiving, unsubscribe
from newsletters.unsubscribe import TEST, read_token

TEMPLATE = "newsletters/unsubscribe.html"


@csrf_exempt
@never_cache
def unsubscribe_view(request, token: str):
    recipient = read_token(token)
    if recipient is None:
        return TemplateResponse(request, TEMPLATE, {"state": "invalid"}, status=400)
    if recipient.kind == TEST:
        return TemplateResponse(request, TEMPLATE, {"state": "test"})
    email = address_of(recipient)
    if email is None or not is_receiving(email):
        return TemplateResponse(request, TEMPLATE, {"state": "already"})
    if request.method == "POST":
        unsubscribe(email)
        return TemplateResponse(request, TEMPLATE, {"state": "done"})
    return TemplateResponse(request, TEMPLATE, {"state": "confirm"})
