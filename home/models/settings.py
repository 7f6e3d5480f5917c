"""Site-wide settings editors change in the admin: navigation, footer links and contact details."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField


class PageLinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("Page"))
    label = blocks.CharBlock(
        label=_("Label"), required=False, max_length=60, help_text=_("Leave blank to use the page title.")
    )

    class Meta:
        icon = "doc-empty"
        label = _("Page link")


class ExternalLinkBlock(blocks.StructBlock):
    url = blocks.URLBlock(label=_("Address"))
    label = blocks.CharBlock(label=_("Label"), max_length=60)

    class Meta:
        icon = "link-external"
        label = _("External link")


class LinkStreamBlock(blocks.StreamBlock):
    page_link = PageLinkBlock()
    external_link = ExternalLinkBlock()


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    navigation = StreamField(LinkStreamBlock(), verbose_name=_("main navigation"), blank=True)
    footer_links = StreamField(LinkStreamBlock(), verbose_name=_("footer links"), blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    address = models.TextField(_("address"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)

    panels = [
        FieldPanel("navigation"),
        FieldPanel("footer_links"),
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("address"), FieldPanel("email"), FieldPanel("phone")],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("facebook_url"), FieldPanel("linkedin_url"), FieldPanel("instagram_url")],
            heading=_("Social networks"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")
