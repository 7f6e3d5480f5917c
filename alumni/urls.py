"""The account area's addresses, mounted at "account/" inside the language prefix."""

from django.urls import path

from alumni import account_views as views

app_name = "alumni_account"

urlpatterns = [
    path("", views.account_home, name="home"),
    path("sign-in/", views.sign_in_view, name="sign_in"),
    path("sign-in/link/<str:token>/", views.sign_in_link, name="sign_in_link"),
    path("welcome/<str:token>/", views.welcome_link, name="welcome_link"),
    path("sign-out/", views.sign_out_view, name="sign_out"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("profile/", views.profile, name="profile"),
    path("profile/visibility/", views.visibility, name="visibility"),
    path("profile/consents/", views.consents, name="consents"),
    path("profile/password/", views.password, name="password"),
    path("profile/export.json", views.export_json, name="export_json"),
    path("profile/export.csv", views.export_csv, name="export_csv"),
    path("profile/erase/", views.erase_account, name="erase"),
    path("erased/", views.erased, name="erased"),
]
