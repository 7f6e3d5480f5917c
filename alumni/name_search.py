"""Name search on the database search backends, planned so that the database runs the full-text match once.

Waits for django-modelsearch's database backends to plan a search used as a filter well. Their autocomplete
queryset filters with `pk IN (SELECT ... index entries ... MATCH/@@ ...)`, which SQLite runs once per indexed
person (0.7 s for 14,000 people) and PostgreSQL, ranking every row, in seconds for a few thousand; the
directory repeats the filter in its count, page and facet queries. Matching the index table on its own first
takes a millisecond or two on either.

Guard: used only with modelsearch's SQLite FTS5 or PostgreSQL backend on the matching database; anything else
(Elasticsearch, SQLite without FTS5) goes through the backend's own autocomplete. A test checks that both agree.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import BigIntegerField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast


def index_vendor(backend) -> str | None:
    """ "sqlite" or "postgresql" when `backend` is modelsearch's database backend for the current database."""
    vendor = connection.vendor
    try:
        if vendor == "sqlite":
            from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend as DatabaseBackend
        elif vendor == "postgresql":
            from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend as DatabaseBackend
        else:
            return None
    except (ImportError, LookupError):  # pragma: no cover - SQLite built without FTS5
        return None
    return vendor if isinstance(backend, DatabaseBackend) else None


def matching_object_ids(model, terms: list[str], vendor: str):
    """A subquery of the ids of `model` objects whose autocomplete text has a word starting with each term.

    `terms` must be plain word characters (alumni.filters.search_terms makes sure): they go into a full-text
    query syntax.
    """
    from wagtail.search.models import IndexEntry

    content_type = ContentType.objects.get_for_model(model)
    entries = IndexEntry.objects.filter(content_type_id=content_type.pk)
    if vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        words = " & ".join(f"{term}:*" for term in terms)
        entries = entries.filter(autocomplete=SearchQuery(words, search_type="raw", config="simple"))
    else:
        from wagtail.search.models import SQLiteFTSIndexEntry

        fts_table = SQLiteFTSIndexEntry._meta.db_table
        words = " AND ".join(f'"{term}"*' for term in terms)
        # The table name is the model's, the search words a parameter: nothing from the visitor is spliced in.
        match = f"SELECT rowid FROM {fts_table} WHERE {fts_table} MATCH %s"  # noqa: S608
        entries = entries.filter(pk__in=RawSQL(match, [f"{{autocomplete}} : ({words})"]))  # noqa: S611
        # A full-text row left behind by a rolled-back transaction can carry the rowid of a newer entry: the
        # FTS table only narrows the rows down, each term is checked on the entry itself too.
        for term in terms:
            entries = entries.filter(autocomplete__icontains=term)
    return entries.annotate(object_pk=Cast("object_id", BigIntegerField())).values("object_pk")
