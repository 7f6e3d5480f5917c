"""Template tags for the shared layout: language switcher, navigation, faculty accent and images."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Locale, Page

from home.models import FacultyPage

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per site language: the page's translation when it has one, else that language's home page."""
    request = context["request"]
    page = context.get("page")
    current = translation.get_language()
    urls = {}
    if isinstance(page, Page) and page.pk:
        for translated in page.get_translations(inclusive=True).live().public().select_related("locale"):
            urls[translated.locale.language_code] = translated.get_url(request)
        missing = [code for code, _name in settings.LANGUAGES if code not in urls]
        if missing:
            site_root = page.get_site().root_page if page.get_site() else None
            if site_root:
                for root in site_root.get_translations(inclusive=True).live().select_related("locale"):
                    urls.setdefault(root.locale.language_code, root.get_url(request))
    links = []
    for code, name in settings.LANGUAGES:
        url = urls.get(code) or translate_url(request.get_full_path(), code)
        links.append({"code": code, "name": name, "url": url, "is_current": code == current})
    return links


@register.simple_tag(takes_context=True)
def navigation_links(context, stream):
    """Resolve a link stream (from SiteSettings) into labelled URLs in the visitor's language, in one query."""
    request = context["request"]
    locale = Locale.get_active()
    chosen = [block.value["page"] for block in stream if block.block_type == "page_link" and block.value["page"]]
    localized = {
        page.translation_key: page
        for page in Page.objects.filter(
            translation_key__in=[page.translation_key for page in chosen], locale=locale
        ).live()
    }
    links = []
    for block in stream:
        if block.block_type == "page_link":
            page = block.value["page"]
            if page is None:
                continue
            page = localized.get(page.translation_key, page)
            url = page.get_url(request)
            links.append({"label": block.value["label"] or page.title, "url": url, "page_id": page.pk})
        else:
            links.append({"label": block.value["label"], "url": block.value["url"], "page_id": None})
    return links


@register.simple_tag
def faculty_section(page):
    """The faculty page this page belongs to (itself, or its nearest faculty ancestor), or None."""
    if not isinstance(page, Page) or not page.pk:
        return None
    if isinstance(page, FacultyPage):
        return page
    return FacultyPage.objects.ancestor_of(page).select_related("faculty").first()
