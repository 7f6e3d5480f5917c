"""Keeps the search indexes to what may be found: a record enters, changes or leaves them as it is saved.

Wagtail adds a saved record to its index when it is among the model's indexed objects, but does not take
out one that has left them (consent withdrawn, rejected, erased); `remove_unlisted_alumnus` does, for every
backend.

With ELASTICSEARCH_URL set, the documents of search.elastic (the directory, active protocols, gala winners)
follow every change that can add, alter or remove one: a save or delete of the record (which covers approval,
a protocol's stage and a nomination's status), a consent given or withdrawn, and an erasure (which clears the
person's communities and consents). Each update runs once the transaction commits, and reads the record as
committed, so a rolled-back change never reaches the index; the update of an erasure or a withdrawn consent
runs within the request that made it.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.search import index

logger = logging.getLogger(__name__)


def remove_unlisted_alumnus(sender, instance, raw=False, **kwargs):
    if raw or instance.is_listed:
        return
    index.remove_object(instance)


def schedule_sync(kind: str, pk) -> None:
    """Bring the document of this record up to date after the current transaction commits."""
    if not settings.ELASTICSEARCH_URL or pk is None:
        return

    def sync() -> None:
        from search.elastic.documents import DOCUMENT_TYPES
        from search.elastic.indexing import sync_record
        from search.elastic.resilient import UNAVAILABLE, circuit, failed

        # An unreachable cluster must not fail the save, nor make it wait (search/elastic/resilient.py);
        # `manage.py search_rebuild` repairs the index.
        if circuit().is_open():
            logger.warning("Elasticsearch is unreachable: the %s document %s was not updated", kind, pk)
            return
        try:
            sync_record(DOCUMENT_TYPES[kind], pk)
        except UNAVAILABLE as error:
            failed(error)
            logger.warning("Elasticsearch is unreachable: the %s document %s was not updated", kind, pk)
        except Exception:
            logger.exception("Could not update the %s document %s in Elasticsearch", kind, pk)

    transaction.on_commit(sync)


def _record_changed(kind: str):
    def handler(sender, instance, raw=False, **kwargs):
        if not raw:
            schedule_sync(kind, instance.pk)

    return handler


def _person_related_changed(sender, instance, **kwargs):
    """A consent row saved or deleted, or the person's communities changed (an erasure clears them)."""
    schedule_sync("directory", getattr(instance, "alumnus_id", None) or getattr(instance, "pk", None))


def _communities_changed(sender, instance, action, reverse=False, pk_set=None, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:  # a community's members changed
        for pk in pk_set or ():
            schedule_sync("directory", pk)
        return
    schedule_sync("directory", instance.pk)


HANDLERS = {"directory": _record_changed("directory")}
HANDLERS |= {"protocols": _record_changed("protocols"), "winners": _record_changed("winners")}


def connect_signals() -> None:
    from alumni.models import Alumnus, Consent
    from gala.models import Nomination
    from protocols.models import Protocol

    post_save.connect(remove_unlisted_alumnus, sender=Alumnus, dispatch_uid="search.remove_unlisted_alumnus")
    for kind, model in (("directory", Alumnus), ("protocols", Protocol), ("winners", Nomination)):
        post_save.connect(HANDLERS[kind], sender=model, dispatch_uid=f"search.elastic.saved.{kind}")
        post_delete.connect(HANDLERS[kind], sender=model, dispatch_uid=f"search.elastic.deleted.{kind}")
    post_save.connect(_person_related_changed, sender=Consent, dispatch_uid="search.elastic.consent_saved")
    post_delete.connect(_person_related_changed, sender=Consent, dispatch_uid="search.elastic.consent_deleted")
    m2m_changed.connect(
        _communities_changed, sender=Alumnus.communities.through, dispatch_uid="search.elastic.communities"
    )
