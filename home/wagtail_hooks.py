"""Registers the home app's admin viewsets, and the article feeds every page advertises."""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from home.extensions import FEED_LINKS_HOOK, FeedLink
from home.feeds import faculty_feed_path
from home.page_cache import share_page
from home.viewsets import FacultyViewSet

register_snippet(FacultyViewSet)


@hooks.register("before_serve_page")
def share_public_pages(page, request, serve_args, serve_kwargs):
    """Public pages are the same for every visitor without a session: the page cache keeps them."""
    share_page(page, request)


@hooks.register(FEED_LINKS_HOOK)
def article_feed_links(section, request) -> list[FeedLink]:
    if section is not None:
        rss = faculty_feed_path("faculty_articles_rss", section)
        atom = faculty_feed_path("faculty_articles_atom", section)
        if rss and atom:
            names = {"faculty": section.title}
            return [
                FeedLink("application/rss+xml", _("%(faculty)s – news (RSS)") % names, rss),
                FeedLink("application/atom+xml", _("%(faculty)s – news (Atom)") % names, atom),
            ]
    return [
        FeedLink("application/rss+xml", _("Alumni news (RSS)"), reverse("articles_rss")),
        FeedLink("application/atom+xml", _("Alumni news (Atom)"), reverse("articles_atom")),
    ]
