"""`{% feed_links section %}`: the <link rel="alternate"> tags advertising the calendar and news feeds.

Given the page's faculty section (from `{% faculty_section page as section %}`), it advertises that faculty's
feeds, else the whole portal's. It makes no query: URLs are reversed in the active language.
"""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

register = template.Library()

FEED_TYPES = (
    ("text/calendar", "calendar_feed"),
    ("application/rss+xml", "articles_rss"),
    ("application/atom+xml", "articles_atom"),
)


def feed_urls(section=None) -> list[tuple[str, str, str]]:
    """(MIME type, title, path) of each feed for a faculty section, or for the whole portal without one."""
    if section is not None:
        short_name = section.faculty.short_name.lower()
        names = {"faculty": section.title}
        try:
            paths = [
                reverse("faculty_calendar_feed", kwargs={"faculty": short_name}),
                reverse("faculty_articles_rss", kwargs={"faculty": short_name}),
                reverse("faculty_articles_atom", kwargs={"faculty": short_name}),
            ]
        except NoReverseMatch:  # a short name no URL can hold (a slash): offer the portal's feeds
            section = None
        else:
            titles = [
                _("%(faculty)s – events calendar") % names,
                _("%(faculty)s – news (RSS)") % names,
                _("%(faculty)s – news (Atom)") % names,
            ]
    if section is None:
        paths = [reverse(name) for _type, name in FEED_TYPES]
        titles = [_("Alumni events calendar"), _("Alumni news (RSS)"), _("Alumni news (Atom)")]
    return [(mime, title, path) for (mime, _name), title, path in zip(FEED_TYPES, titles, paths, strict=True)]


@register.simple_tag(takes_context=True)
def feed_links(context, section=None):
    request = context.get("request")
    links = [
        (mime, title, request.build_absolute_uri(path) if request is not None else path)
        for mime, title, path in feed_urls(section)
    ]
    return format_html_join("\n", '<link rel="alternate" type="{}" title="{}" href="{}">', links)
