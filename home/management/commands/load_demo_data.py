"""Build (or bring up to date) a believable bilingual demo university; safe to run again.

A thin runner: each installed app's `demo.py` builds its part (home/extensions.py, `demo_loaders`), in one
transaction, then home's finishing step saves the navigation; the search and reference indexes follow.
"""

import argparse
import secrets

from django.core.cache import caches
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from home import demo
from home import demo_content as content
from home.extensions import DemoContext, demo_loaders
from home.page_cache import PAGE_CACHE_ALIAS


def count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return value


class Command(BaseCommand):
    help = "Create the demo university (faculties, pages in Romanian and English, images, an admin login)."

    def add_arguments(self, parser):
        parser.add_argument("--admin-password", help="Password for the 'admin' user (default: a new random one).")
        parser.add_argument("--no-index", action="store_true", help="Skip rebuilding the search index.")
        parser.add_argument("--alumni", type=count, default=3000, help="How many demo alumni to create (default 3000).")
        parser.add_argument(
            "--faculties", type=int, default=len(content.FACULTIES), help="Build only the first N faculties."
        )

    def handle(self, *args, **options):
        if not 1 <= options["faculties"] <= len(content.FACULTIES):
            raise CommandError(f"--faculties must be between 1 and {len(content.FACULTIES)}.")
        context = DemoContext(
            stdout=self.stdout,
            options=options,
            today=timezone.localdate(),
            password=options["admin_password"] or secrets.token_urlsafe(12),
        )
        with transaction.atomic():
            for label, load in demo_loaders():
                context.seed_factories(label)
                load(context)
            demo.finish(context)
        # The demo may replace a database the page cache still holds pages of.
        caches[PAGE_CACHE_ALIAS].clear()
        if not options["no_index"]:
            call_command("update_index", verbosity=0)
            call_command("rebuild_references_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {len(context.faculty_pages)} faculties."))
        for line in context.logins:
            self.stdout.write(line)
