"""Keeps the search index to what may be found: a person leaves it the moment they stop being listed.

Wagtail adds a saved record to the index when it is among the model's indexed objects, but does not take
out one that has left them (consent withdrawn, rejected, erased); this does, for every backend.
"""

from django.db.models.signals import post_save
from wagtail.search import index


def remove_unlisted_alumnus(sender, instance, raw=False, **kwargs):
    if raw or instance.is_listed:
        return
    index.remove_object(instance)


def connect_signals() -> None:
    from alumni.models import Alumnus

    post_save.connect(remove_unlisted_alumnus, sender=Alumnus, dispatch_uid="search.remove_unlisted_alumnus")
