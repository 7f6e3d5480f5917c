"""Rebuild the Elasticsearch documents (directory, protocols, gala winners) behind their aliases, in chunks,
while the site keeps answering from the old indexes."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search.elastic.documents import DOCUMENT_TYPES
from search.elastic.indexing import rebuild


class Command(BaseCommand):
    help = "Build new Elasticsearch indexes for the site's records, then swap their aliases to them."

    def add_arguments(self, parser):
        parser.add_argument("--chunk", type=int, default=2000, help="Records loaded per bulk request.")
        parser.add_argument(
            "--kind", action="append", choices=sorted(DOCUMENT_TYPES), help="Only this kind (repeatable)."
        )

    def handle(self, *args, chunk: int, kind=None, **options):
        if not settings.ELASTICSEARCH_URL:
            raise CommandError("Set ELASTICSEARCH_URL to rebuild the Elasticsearch indexes.")
        if chunk < 1:
            raise CommandError("--chunk must be at least 1.")
        for name in kind or list(DOCUMENT_TYPES):
            new_index = rebuild(DOCUMENT_TYPES[name], chunk_size=chunk)
            self.stdout.write(f"{DOCUMENT_TYPES[name].alias} -> {new_index}")
