"""URL configuration: the admin and API outside the language prefix, public pages inside it."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.urls import include, path, re_path
from django.utils.translation import pgettext_lazy
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from alumni import approval_admin as alumni_admin_views
from config import health, old_addresses
from config.api import api, api_not_found
from events.views import feeds as event_feeds
from events.views import registrations as registration_views
from home import feeds as home_feeds
from home import views as home_views
from home.route_scoping import guard_admin_urlpatterns
from home.sitemaps import LocalizedPageSitemap
from search import views as search_views

urlpatterns = [
    # People are never bulk-deleted (they are erased, one by one, from the admin or by themselves): Wagtail's
    # generic bulk action would list and delete anyone, whatever their faculty.
    path("admin/bulk/alumni/alumnus/<str:action>/", alumni_admin_views.bulk_action_refused),
    # Every admin route that names a model or one of its records applies the model's faculty scope (home).
    path("admin/", include(guard_admin_urlpatterns(wagtailadmin_urls.urlpatterns))),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v3/", api.urls),
    re_path(r"^api/", api_not_found),
    path("health/", health.liveness, name="health"),
    path("health/ready/", health.readiness, name="readiness"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap_view, {"sitemaps": {"pages": LocalizedPageSitemap}}, name="sitemap"),
    path("i18n/setlang/", set_language, name="set_language"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Public routes other than pages have translated paths (msgctxt "URL path" in locale/ro): /cautare/ and /cont/ in
# Romanian, /en/search/ and /en/account/ in English. Reverse them by name. They come before the page tree, which
# catches every path; so do the old Romanian addresses (config/old_addresses.py), after the routes they moved to.
urlpatterns += i18n_patterns(
    # Translators: a URL path: lowercase ASCII words joined by hyphens, keep the slashes, <...> and extensions.
    path(pgettext_lazy("URL path", "search/"), search_views.search, name="search"),
    path(pgettext_lazy("URL path", "search/suggest/"), search_views.suggest, name="search_suggest"),
    path("calendar.ics", event_feeds.calendar_feed, name="calendar_feed"),
    path("calendar/<str:faculty>.ics", event_feeds.faculty_calendar_feed, name="faculty_calendar_feed"),
    path(pgettext_lazy("URL path", "feeds/articles.rss"), home_feeds.articles_rss, name="articles_rss"),
    path(pgettext_lazy("URL path", "feeds/articles.atom"), home_feeds.articles_atom, name="articles_atom"),
    path(
        pgettext_lazy("URL path", "feeds/<str:faculty>/articles.rss"),
        home_feeds.articles_rss,
        name="faculty_articles_rss",
    ),
    path(
        pgettext_lazy("URL path", "feeds/<str:faculty>/articles.atom"),
        home_feeds.articles_atom,
        name="faculty_articles_atom",
    ),
    path(
        pgettext_lazy("URL path", "events/registrations/cancel/<str:token>/"),
        registration_views.cancel_registration,
        name="cancel_registration",
    ),
    path(pgettext_lazy("URL path", "account/"), include("alumni.urls")),
    path("newsletter/", include("newsletters.urls")),
    path(pgettext_lazy("URL path", "surveys/"), include("surveys.urls")),
    re_path(rf"^(?:{'|'.join(old_addresses.OLD_PREFIXES)})/", old_addresses.moved_permanently),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler400 = "home.views.bad_request"
handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
