"""The newsletter's public addresses, mounted inside the language prefix; translated like the others."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from newsletters.views.subscribe import confirm_subscription
from newsletters.views.unsubscribe import unsubscribe_view

app_name = "newsletters"

urlpatterns = [
    # Translators: a URL path: lowercase ASCII words joined by hyphens, keep the slashes and <str:token>.
    path(pgettext_lazy("URL path", "unsubscribe/<str:token>/"), unsubscribe_view, name="unsubscribe"),
    path(pgettext_lazy("URL path", "confirm/<str:token>/"), confirm_subscription, name="confirm"),
]
