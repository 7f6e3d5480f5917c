"""Count the directory's people and index their name words afresh: `manage.py rebuild_directory_counts` (after a
bulk write of your own, which sends no signals)."""

from django.core.management.base import BaseCommand

from alumni import name_search
from alumni.directory import counts


class Command(BaseCommand):
    help = "Rebuild the directory's stored facet counts and name words from the people table."

    def handle(self, *args, **options):
        counters = counts.rebuild()
        words = name_search.rebuild()
        self.stdout.write(f"{counters} counters and {words} name words rebuilt.")
