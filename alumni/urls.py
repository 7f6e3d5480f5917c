"""The account area's addresses, mounted at "account/" (Romanian "cont/") inside the language prefix.

Each path is translated (msgctxt "URL path"): Romanian visitors get /cont/profil/, English ones /en/account/profile/.
Reverse them by name; config/urls.py sends the old untranslated Romanian addresses (/account/...) here with a 301.
"""

from django.urls import path
from django.utils.translation import pgettext_lazy

from alumni import views

app_name = "alumni_account"

urlpatterns = [
    path("", views.account_home, name="home"),
    # Translators: a URL path: lowercase ASCII words joined by hyphens, keep the slashes and <str:token>.
    path(pgettext_lazy("URL path", "sign-in/"), views.sign_in_view, name="sign_in"),
    path(pgettext_lazy("URL path", "sign-in/link/<str:token>/"), views.sign_in_link, name="sign_in_link"),
    path(pgettext_lazy("URL path", "welcome/<str:token>/"), views.welcome_link, name="welcome_link"),
    path(pgettext_lazy("URL path", "sign-out/"), views.sign_out_view, name="sign_out"),
    path(pgettext_lazy("URL path", "confirm/<str:token>/"), views.confirm, name="confirm"),
    path(pgettext_lazy("URL path", "invitation/<str:token>/"), views.invitation, name="invitation"),
    path(pgettext_lazy("URL path", "profile/"), views.profile, name="profile"),
    path(pgettext_lazy("URL path", "profile/visibility/"), views.visibility, name="visibility"),
    path(pgettext_lazy("URL path", "profile/consents/"), views.consents, name="consents"),
    path(pgettext_lazy("URL path", "profile/password/"), views.password, name="password"),
    path(pgettext_lazy("URL path", "profile/export.json"), views.export_json, name="export_json"),
    path(pgettext_lazy("URL path", "profile/export.csv"), views.export_csv, name="export_csv"),
    path(pgettext_lazy("URL path", "profile/erase/"), views.erase_account, name="erase"),
    path(pgettext_lazy("URL path", "erased/"), views.erased, name="erased"),
]
