"""A sitemap of every language's pages, each entry naming its translations as hreflang alternates."""

from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class LocalizedPageSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        language_roots = root.get_translations(inclusive=True)
        in_any_language_tree = Q()
        for language_root in language_roots:
            in_any_language_tree |= Q(path__startswith=language_root.path)
        return Page.objects.filter(in_any_language_tree).live().public().select_related("locale").order_by("path")

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        # Alternates must list every translation, including those on other sitemap pages.
        alternates_by_key = defaultdict(list)
        translations = (
            self.items().filter(translation_key__in={p.translation_key for p in pages}).select_related("locale")
        )
        for translation in translations:
            alternates_by_key[translation.translation_key].append(
                {"lang_code": translation.locale.language_code, "location": translation.get_full_url(self.request)}
            )
        urls = []
        for item in pages:
            alternates = sorted(alternates_by_key[item.translation_key], key=lambda a: a["lang_code"])
            default = next((a for a in alternates if a["lang_code"] == settings.LANGUAGE_CODE), None)
            if default and len(alternates) > 1:
                alternates.append({"lang_code": "x-default", "location": default["location"]})
            urls.append(
                {
                    "item": item,
                    "location": item.get_full_url(self.request),
                    "lastmod": item.last_published_at or item.latest_revision_created_at,
                    "alternates": alternates if len(alternates) > 1 else [],
                }
            )
        self.latest_lastmod = max((u["lastmod"] for u in urls if u["lastmod"]), default=None)
        return urls
