"""One-click stop of survey invitations, without signing in (RFC 8058, like the newsletter's unsubscribe link).

GET asks (a link scanner changes nothing); POST withdraws the person's consent to the surveys, logged with the
e-mail link as its source, whether it comes from the button or straight from the mail client."""

from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from alumni.consents import withdraw_consent
from alumni.models import Alumnus, Consent, ConsentPurpose
from surveys.tokens import read_stop_token

TEMPLATE = "surveys/stop.html"


@csrf_exempt
@never_cache
def stop_view(request, token: str):
    alumnus_id = read_stop_token(token)
    if alumnus_id is None:
        return TemplateResponse(request, TEMPLATE, {"state": "invalid"}, status=400)
    person = Alumnus.objects.filter(pk=alumnus_id).exclude(status=Alumnus.Status.ERASED).first()
    if person is None or not person.consent_surveys:
        return TemplateResponse(request, TEMPLATE, {"state": "already"})
    if request.method == "POST":
        withdraw_consent(person, ConsentPurpose.SURVEYS, source=Consent.Source.UNSUBSCRIBE)
        return TemplateResponse(request, TEMPLATE, {"state": "done"})
    return TemplateResponse(request, TEMPLATE, {"state": "confirm"})
