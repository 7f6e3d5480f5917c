"""The surveys' public addresses, mounted inside the language prefix (the survey pages themselves are pages)."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from surveys.views.stop import stop_view

app_name = "surveys"

urlpatterns = [
    # Translators: a URL path: lowercase ASCII words joined by hyphens, keep the slashes and <str:token>.
    path(pgettext_lazy("URL path", "stop/<str:token>/"), stop_view, name="stop"),
]
