"""Template tags for the shared layout: language switcher, navigation, faculty section, and what apps add to it
(page panels, header links, feed links) through home.extensions."""

import hashlib

from django import template
from django.conf import settings
from django.db.models import Q
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from wagtail.models import Locale, Page

from home import extensions
from home.models import FacultyPage
from home.text import greeting_name

register = template.Library()
register.filter("greeting_name", greeting_name)


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
        # A page's header is a cached fragment kept for every query string (and the page cache keys pages on the
        # parameters they read): its links carry no query. Other views (the search) keep theirs in the other language.
        here = request.path if isinstance(page, Page) and page.pk else request.get_full_path()
        url = urls.get(code) or translate_url(here, code)
        links.append({"code": code, "name": name, "url": url, "is_current": code == current})
    return links


@register.simple_tag(takes_context=True)
def navigation_links(context, stream):
    """Resolve a link stream (from SiteSettings) into labelled URLs in the visitor's language, in one query."""
    request = context["request"]
    locale = Locale.get_active()
    chosen = [block.value["page"] for block in stream if block.block_type == "page_link" and block.value["page"]]
    # Live, public pages only (a restricted page, or its translation, is never linked): each chosen page's
    # translation in the visitor's language, else the chosen page itself.
    visible = (
        Page.objects.filter(
            Q(translation_key__in=[page.translation_key for page in chosen], locale=locale)
            | Q(pk__in=[page.pk for page in chosen])
        )
        .live()
        .public()
    )
    localized, public_ids = {}, set()
    for page in visible:
        public_ids.add(page.pk)
        if page.locale_id == locale.pk:
            localized[page.translation_key] = page
    links = []
    for block in stream:
        if block.block_type == "page_link":
            page = block.value["page"]
            if page is None:
                continue
            page = localized.get(page.translation_key) or (page if page.pk in public_ids else None)
            if page is None:
                continue
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


@register.simple_tag(takes_context=True)
def page_panels(context, page):
    """The sections feature apps add to a home or faculty page (home.extensions.PAGE_PANELS_HOOK)."""
    return mark_safe("\n".join(extensions.page_panels(page, context.get("request"))))  # noqa: S308 - rendered templates


class HeaderLinks(list):
    """The header's links, with a key that the header's cached fragment varies on (the links, never the person)."""

    @property
    def cache_key(self) -> str:
        return hashlib.sha256(repr([(link.label, link.url) for link in self]).encode()).hexdigest()[:16]


@register.simple_tag(takes_context=True)
def header_links(context) -> HeaderLinks:
    return HeaderLinks(extensions.header_links(context.get("request")))


@register.simple_tag(takes_context=True)
def feed_links(context, section=None):
    """`<link rel="alternate">` tags for the feeds the apps offer for this faculty section (or the whole portal)."""
    request = context.get("request")
    links = [
        (link.mime_type, link.title, request.build_absolute_uri(link.url) if request is not None else link.url)
        for link in extensions.feed_links(section, request)
    ]
    return format_html_join("\n", '<link rel="alternate" type="{}" title="{}" href="{}">', links)


@register.simple_tag(takes_context=True)
def form_token(context):
    """A public form's CSRF field: Django's token, except on a page every visitor without a session shares (the
    page cache keeps it), whose POST home.csrf checks by origin instead; a token there would be one visitor's."""
    from django.middleware.csrf import get_token

    request = context.get("request")
    if request is None or getattr(request, "_page_cache_tags", None) is not None:
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))
