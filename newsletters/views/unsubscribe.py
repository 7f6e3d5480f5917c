"""One-click unsubscribe from the newsletter, with no sign-in (RFC 8058).

GET shows a button (a link scanner following the link changes nothing); POST unsubscribes, whether it comes
from that button or straight from the mail client's one-click action, which carries no CSRF token: the signed
token is what authorises it, and all it can do is withdraw one consent.
"""

from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from alumni.consents import withdraw_consent
from alumni.models import Alumnus, Consent, ConsentPurpose
from newsletters.unsubscribe import TEST_RECIPIENT, read_token

TEMPLATE = "newsletters/unsubscribe.html"


@csrf_exempt
@never_cache
def unsubscribe(request, token: str):
    alumnus_id = read_token(token)
    if alumnus_id is None:
        return TemplateResponse(request, TEMPLATE, {"state": "invalid"}, status=400)
    if alumnus_id == TEST_RECIPIENT:
        return TemplateResponse(request, TEMPLATE, {"state": "test"})
    alumnus = Alumnus.objects.filter(pk=alumnus_id).exclude(status=Alumnus.Status.ERASED).first()
    if alumnus is None or not alumnus.consent_newsletter:
        return TemplateResponse(request, TEMPLATE, {"state": "already"})
    if request.method == "POST":
        withdraw_consent(alumnus, ConsentPurpose.NEWSLETTER, source=Consent.Source.UNSUBSCRIBE)
        return TemplateResponse(request, TEMPLATE, {"state": "done"})
    return TemplateResponse(request, TEMPLATE, {"state": "confirm", "token": token})
