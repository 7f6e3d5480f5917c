"""Confirming a subscription from the link in the confirmation e-mail: GET shows a button (a link scanner that
follows the link confirms nothing), POST confirms."""

from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from newsletters.subscriptions import ExpiredLink, InvalidLink, confirm, subscriber_for_confirmation

TEMPLATE = "newsletters/confirm.html"


@never_cache
def confirm_subscription(request, token: str):
    try:
        subscriber = subscriber_for_confirmation(token)
    except ExpiredLink:
        return TemplateResponse(request, TEMPLATE, {"state": "expired"}, status=400)
    except InvalidLink:
        return TemplateResponse(request, TEMPLATE, {"state": "invalid"}, status=400)
    if request.method == "POST":
        confirm(subscriber)
        return TemplateResponse(request, TEMPLATE, {"state": "done"})
    if subscriber.is_receiving:
        return TemplateResponse(request, TEMPLATE, {"state": "done"})
    return TemplateResponse(request, TEMPLATE, {"state": "confirm", "email": subscriber.email})
