"""`manage.py import_alumni FILE [--dry-run] [--faculty SHORT]`: a faculty's CSV or XLSX list of alumni."""

from django.core.management.base import BaseCommand, CommandError

from alumni.importing import ImportFileError, import_alumni


class Command(BaseCommand):
    help = (
        "Import alumni from a CSV (comma or semicolon, UTF-8 or Windows-1250) or XLSX file. Every row is validated "
        "first; the file is saved only when no row has an error, and all of it in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the .csv or .xlsx file.")
        parser.add_argument("--dry-run", action="store_true", help="Validate and count, save nothing.")
        parser.add_argument(
            "--faculty", default=None, help="Short name of the faculty for rows without a faculty column."
        )

    def handle(self, *args, file, dry_run=False, faculty=None, **options):
        try:
            result = import_alumni(file, commit=not dry_run, default_faculty=faculty)
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror or error}") from error
        for error in result.errors:
            self.stderr.write(str(error))
        counts = result.counts
        self.stdout.write(
            f"{counts['rows']} rows: {counts['create']} to create, {counts['update']} to update, "
            f"{counts['unchanged']} unchanged, {counts['error']} with errors."
        )
        if result.has_errors:
            raise CommandError(f"{len(result.errors)} errors; nothing was saved.")
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")
        else:
            self.stdout.write(self.style.SUCCESS("Saved."))
