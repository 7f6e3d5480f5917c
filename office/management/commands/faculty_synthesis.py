"""`manage.py faculty_synthesis --faculty FMI --from 2026-10-01 --to 2026-10-31 --kind done --output FILE.xlsx`:
a faculty's synthesis for a period, the same workbook as the admin's download, for scripted monthly reports."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import override

from home.models import Faculty
from office.forms import FIRST_YEAR
from office.spreadsheet import workbook_bytes
from office.synthesis import KINDS, compile_synthesis, sheets


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{value!r} is not a date: write it as YYYY-MM-DD.") from error


class Command(BaseCommand):
    help = "Write a faculty's synthesis (planned actions or actions carried out) for a period as a spreadsheet."

    def add_arguments(self, parser):
        parser.add_argument("--faculty", required=True, help="The faculty's acronym, for example FMI.")
        parser.add_argument("--from", dest="start", required=True, help="The first day, YYYY-MM-DD.")
        parser.add_argument("--to", dest="end", required=True, help="The last day, YYYY-MM-DD.")
        parser.add_argument("--kind", required=True, choices=KINDS, help="planned or done.")
        parser.add_argument("--output", required=True, help="The .xlsx file to write.")

    def handle(self, *args, faculty, start, end, kind, output, **options):
        start, end = _date(start), _date(end)
        last_year = timezone.localdate().year + 1
        for option, value in (("--from", start), ("--to", end)):
            if not FIRST_YEAR <= value.year <= last_year:
                raise CommandError(f"{option} must be a date from {FIRST_YEAR} to {last_year}.")
        if end < start:
            raise CommandError("--to comes before --from.")
        faculties = Faculty.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
        unit = faculties.filter(short_name__iexact=faculty.strip()).first()
        if unit is None:
            known = ", ".join(faculties.order_by("short_name").values_list("short_name", flat=True)) or "none"
            raise CommandError(f"No faculty {faculty!r}. Known: {known}.")
        path = Path(output)
        if path.suffix.lower() != ".xlsx":
            raise CommandError("--output must be an .xlsx file.")
        if path.is_dir():
            raise CommandError(f"{path} is a folder: give a file name.")
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist.")
        with override(settings.LANGUAGE_CODE):
            data = compile_synthesis(unit, start, end, kind).as_dict()
            path.write_bytes(workbook_bytes(sheets(data)))
        totals = data["totals"]
        self.stdout.write(
            f"{path}: {unit.short_name} {kind} {start}–{end}: {totals['actions']} actions, {totals['events']} events, "
            f"{totals['protocols']} protocols, {totals['nominations']} nominations."
        )
