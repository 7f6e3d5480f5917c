"""The signed cancel link from registration e-mails: confirm, then cancel."""

from django.core import signing
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from events.models import Registration
from events.registration import cancel, registration_for_token


@never_cache
@require_http_methods(["GET", "POST"])
def cancel_registration(request, token: str):
    try:
        registration = registration_for_token(token)
    except (signing.BadSignature, Registration.DoesNotExist):
        return TemplateResponse(request, "events/registration_cancel.html", {"invalid": True}, status=400)
    cancelled_now = False
    if request.method == "POST" and registration.status != Registration.Status.CANCELLED:
        cancel(registration)
        registration.refresh_from_db()
        cancelled_now = True
    return TemplateResponse(
        request,
        "events/registration_cancel.html",
        {"registration": registration, "event": registration.event, "cancelled_now": cancelled_now},
    )
