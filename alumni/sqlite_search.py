"""Name search on SQLite's full-text index planned so that SQLite runs the MATCH once, not once per person.

Waits for django-modelsearch's SQLite backend (wagtail.search.backends.database on SQLite) to plan its filter
well: it filters with `pk IN (SELECT object_id FROM <fts> JOIN <index entries> ... WHERE <fts> MATCH ...)`, which
SQLite runs with the index entries outside and the MATCH inside, once per indexed person (0.7 s for 14,000
people), and the directory repeats the filter in its count, page and facet queries. Matching the FTS table on its
own first (`id IN (SELECT rowid FROM <fts> WHERE <fts> MATCH ...)`) takes a millisecond or two.

Guard: used only when the default search backend is modelsearch's SQLite FTS backend; anything else (PostgreSQL,
Elasticsearch, SQLite without FTS5) goes through the backend's own autocomplete. A test checks both agree.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models.expressions import RawSQL


def is_sqlite_fts(backend) -> bool:
    try:
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend
    except ImportError:  # pragma: no cover - FTS5 missing from this SQLite build
        return False
    return isinstance(backend, SQLiteSearchBackend)


def matching_object_ids(model, terms: list[str]):
    """Ids (as the index stores them) of `model` objects whose autocomplete text has a word starting with each
    term. `terms` must be plain word characters (alumni.filters.search_terms makes sure)."""
    from wagtail.search.models import IndexEntry, SQLiteFTSIndexEntry

    fts_table = SQLiteFTSIndexEntry._meta.db_table
    words = " AND ".join(f'"{term}"*' for term in terms)
    # The table name is the model's, the search words a parameter: nothing from the visitor is spliced in.
    match = f"SELECT rowid FROM {fts_table} WHERE {fts_table} MATCH %s"  # noqa: S608
    rowids = RawSQL(match, [f"{{autocomplete}} : ({words})"])  # noqa: S611
    content_type = ContentType.objects.get_for_model(model)
    entries = IndexEntry.objects.filter(content_type_id=content_type.pk, pk__in=rowids)
    # The FTS table is only trusted to narrow the rows down: a full-text row left behind by a rolled-back
    # transaction can carry the rowid of a newer entry, so each term is checked on the entry itself too.
    for term in terms:
        entries = entries.filter(autocomplete__icontains=term)
    return entries.values("object_id")
