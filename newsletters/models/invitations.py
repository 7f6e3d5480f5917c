"""The texts of invitations, which the office writes once and sends to many events' audiences.

A template's subject and body may use the placeholders in PLACEHOLDERS, written in braces ({name}); each person
gets the text with their own first name, the event in their language and their own registration link.
"""

import string

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin

PLACEHOLDERS = {
    "name": _("the person's first name"),
    "event": _("the event's title"),
    "date": _("the event's date and time"),
    "place": _("where it takes place"),
    "link": _("the person's own registration link"),
}


def placeholders_in(text: str) -> set[str]:
    """The placeholders a text uses, each written plainly ({name}); raises ValueError when the braces do not pair
    up or a placeholder carries a format ({name:d}, {name!r}), which the texts have no use for."""
    used = set()
    for _literal, field, spec, conversion in string.Formatter().parse(text):
        if field is None:
            continue
        if spec or conversion:
            raise ValueError(field)
        used.add(field)
    return used


def validate_placeholders(text: str) -> None:
    try:
        used = placeholders_in(text)
    except ValueError as error:
        raise ValidationError(
            _("Write placeholders as {name}, with nothing else inside the braces, and a brace itself as {{ or }}.")
        ) from error
    unknown = sorted(field for field in used if field not in PLACEHOLDERS)
    if unknown:
        raise ValidationError(
            _("Unknown placeholder: %(unknown)s. Use only %(known)s.")
            % {
                "unknown": ", ".join(f"{{{field}}}" for field in unknown),
                "known": ", ".join(f"{{{p}}}" for p in PLACEHOLDERS),
            }
        )


def fill(text: str, values: dict[str, str]) -> str:
    return text.format_map({name: values.get(name, "") for name in PLACEHOLDERS})


class InvitationTemplate(TranslatableMixin, models.Model):
    name = models.CharField(_("name"), max_length=120, help_text=_("For the office, for example “Reunion”."))
    subject = models.CharField(_("subject"), max_length=200, validators=[validate_placeholders])
    body = models.TextField(
        _("text"),
        validators=[validate_placeholders],
        help_text=_("Placeholders: {name}, {event}, {date}, {place}, {link} (the person's registration link)."),
    )

    panels = [FieldPanel("name"), FieldPanel("subject"), FieldPanel("body")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("invitation template")
        verbose_name_plural = _("invitation templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if "{link}" not in self.body:
            raise ValidationError({"body": _("Put {link} in the text: it is how each person registers.")})
