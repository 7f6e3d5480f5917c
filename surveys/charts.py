"""The report's charts: SVG drawn on the server with pygal, inline in the page, so they read without JavaScript,
print sharply and go into the PDF as they are. Each chart repeats figures that a table beside it gives too."""

import re

import pygal
from django.utils.safestring import mark_safe
from pygal.style import Style

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#1a1a1a",
    foreground_strong="#1a1a1a",
    foreground_subtle="#6b6b6b",
    colors=("#1d4e89",),
    font_family="sans-serif",
    label_font_size=13,
    value_font_size=12,
    major_label_font_size=13,
)


def _config(height: int) -> dict:
    return {
        "style": STYLE,
        "show_legend": False,
        "js": [],  # no script: the charts are pictures
        "disable_xml_declaration": True,
        "width": 640,
        "height": height,
        "explicit_size": False,
        "print_values": True,
        "margin": 8,
        "show_y_guides": False,
        "truncate_label": 40,
    }


def bar_chart(question) -> str:
    """A question's distribution as horizontal bars (share of answers, in %); "" when it has no bins."""
    if not question.bins:
        return ""
    chart = pygal.HorizontalBar(**_config(max(140, 34 * len(question.bins) + 50)), range=(0, 100))
    bins = list(reversed(question.bins))  # pygal draws the first bar at the bottom; the table reads top down
    chart.x_labels = [item.label for item in bins]
    chart.value_formatter = lambda value: f"{value:g} %"
    chart.add(question.label, [item.share for item in bins])
    # pygal escapes the labels it writes (they are the office's question and option texts).
    return mark_safe(_without_script(chart.render(is_unicode=True)))  # noqa: S308


_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _without_script(svg: str) -> str:
    """pygal writes its tooltip settings in a script and a dated comment: neither belongs in a static picture."""
    return _COMMENT.sub("", _SCRIPT.sub("", svg))
