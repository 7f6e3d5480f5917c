"""The dashboard's charts: horizontal bars per faculty, SVG drawn on the server (pygal) in the surveys report's
style, so they read without JavaScript and print as they are. Each repeats figures the table beside it gives."""

import pygal
from django.utils.safestring import mark_safe

from surveys.charts import _config, _without_script


def faculty_bars(title: str, values: list[tuple[str, int]]) -> str:
    """Bars of `values` ((faculty, number), top to bottom); "" when every number is zero."""
    if not any(number for _label, number in values):
        return ""
    chart = pygal.HorizontalBar(**_config(max(140, 30 * len(values) + 50)))
    rows = list(reversed(values))  # pygal draws the first bar at the bottom
    chart.x_labels = [label for label, _number in rows]
    chart.value_formatter = lambda value: f"{value:g}"
    chart.add(title, [number for _label, number in rows])
    # pygal escapes the labels it writes (faculties' acronyms).
    return mark_safe(_without_script(chart.render(is_unicode=True)))  # noqa: S308
