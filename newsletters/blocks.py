"""The blocks a newsletter is built from: text and headings, articles and events pulled in from the site, a call
to action. Each renders on the public archive with its template and in the e-mail with newsletters/emails/."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from home.blocks import CallToActionBlock, HeadingBlock


class PagesBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Section title"), max_length=120, required=False)

    class Meta:
        abstract = True

    def live_pages(self, value) -> list:
        """The chosen pages that are still live, in the order chosen (a deleted or unpublished one is left out)."""
        return [page.specific for page in value["pages"] if page is not None and page.live]

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["pages"] = self.live_pages(value)
        return context


class ArticlesBlock(PagesBlock):
    pages = blocks.ListBlock(blocks.PageChooserBlock(page_type="home.ArticlePage"), label=_("Articles"), min_num=1)

    class Meta:
        icon = "doc-full"
        label = _("Articles")
        template = "newsletters/blocks/pages_block.html"


class EventsBlock(PagesBlock):
    pages = blocks.ListBlock(blocks.PageChooserBlock(page_type="events.EventPage"), label=_("Events"), min_num=1)

    class Meta:
        icon = "date"
        label = _("Events")
        template = "newsletters/blocks/pages_block.html"


class NewsletterStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Text"), features=["bold", "italic", "link", "ol", "ul"], template="blocks/paragraph_block.html"
    )
    articles = ArticlesBlock()
    events = EventsBlock()
    call_to_action = CallToActionBlock()
