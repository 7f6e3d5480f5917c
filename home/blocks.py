"""StreamField blocks shared by every page body; each renders with its own template under templates/blocks/."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading")), ("h3", _("Subheading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading_block.html"
        preview_value = {"text": "Comunitatea alumni", "level": "h2"}


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)
    attribution = blocks.CharBlock(label=_("Credit"), required=False, max_length=120)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Who said it"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote_block.html"
        preview_value = {
            "quote": "Facultatea mi-a dat prieteni pe viață și curajul de a începe.",
            "attribution": "Ana Popescu, promoția 2009",
        }


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("External link"), required=False)
    button_text = blocks.CharBlock(label=_("Button text"), max_length=60)

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": blocks.BlockValidationError(_("Choose a page or enter a link."))}
            )
        return value

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "blocks/call_to_action_block.html"
        preview_value = {
            "title": "Alătură-te comunității",
            "text": "Înscrie-te în baza de date alumni și află primul despre întâlniri.",
            "url": "https://example.org/",
            "button_text": "Înscrie-te",
        }


class FactBlock(blocks.StructBlock):
    figure = blocks.CharBlock(label=_("Figure"), max_length=20)
    label = blocks.CharBlock(label=_("Label"), max_length=80)


class FactsBlock(blocks.StructBlock):
    facts = blocks.ListBlock(FactBlock(), label=_("Facts"), min_num=1, max_num=6)

    class Meta:
        icon = "list-ul"
        label = _("Key figures")
        template = "blocks/facts_block.html"
        preview_value = {
            "facts": [
                {"figure": "12", "label": "facultăți"},
                {"figure": "48.000", "label": "absolvenți"},
                {"figure": "150", "label": "evenimente pe an"},
            ]
        }


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        icon="pilcrow",
        template="blocks/paragraph_block.html",
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"],
        preview_value="<p>Rețeaua alumni leagă generații de absolvenți de facultatea lor.</p>",
    )
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    facts = FactsBlock()
