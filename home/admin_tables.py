"""Columns for the admin's listings, in the admin's language whatever the value.

Wagtail's `BooleanColumn` draws a tick or a cross but reads "True"/"False" to screen readers, in English, and takes
an empty value for "unknown"; this one says "Da"/"Nu" and can read a date ("checked in at") as yes or no.
"""

from wagtail.admin.ui import tables


class BooleanColumn(tables.BooleanColumn):
    cell_template_name = "home/admin/boolean_cell.html"

    def __init__(self, name, *, none_is_false=False, **kwargs):
        super().__init__(name, **kwargs)
        self.none_is_false = none_is_false

    def get_value(self, instance):
        value = tables.Column.get_value(self, instance)
        if value is None and not self.none_is_false:
            return None
        return bool(value)
