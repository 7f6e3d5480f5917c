"""The search index rows of a large import, written in bulk: the entries Wagtail's database backend would write,
without its cost per person.

Upstream gap: django-modelsearch's database backends index a batch with work per object that dwarfs the write.
Its `ObjectIndexer` reads each text field through `SearchField.get_value` (a field lookup, an app registry scan for
taggit, attribute probes) once for each of the entry's columns, about 0.4 ms a person; on PostgreSQL
`PostgresIndex.add_items` then builds and compiles three `SearchVector` expressions per object (1.5 ms more); on
SQLite `SQLiteIndex.add_items` updates each already indexed person with its own query; and both recompute every
entry's title norm (two scans of the whole index) after every batch. 20,000 listed people in a 100,000-row file
took 15 to 30 s. Here upstream's own `ObjectIndexer` still builds every text (so they are what upstream indexes),
reading plain columns directly; the PostgreSQL vectors are upstream's expressions compiled once per shape and
filled per person; the writes are one statement per batch; and the title norms are refreshed once at the end.
Other backends (Elasticsearch) keep their own `add_bulk`, which is already one request per batch.

Guard: `bulk_index_writer` answers None, and upstream's path applies, unless the index is upstream's SQLite or
PostgreSQL one and its entries have the columns written here; a model whose text fields are not all plain columns
is read through upstream's `get_value`. `tests/alumni/test_import_index.py` checks that the entries written here
equal upstream's, on the database the tests run on. Remove this module when upstream indexes a batch with one
statement and one title-norm refresh.
"""

from __future__ import annotations

import copy
import operator
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence

from django.core.exceptions import FieldDoesNotExist
from django.db import connections, router
from django.db.models.sql.subqueries import InsertQuery
from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from modelsearch.utils import get_content_type_pk

SENTINEL = "\x01modelsearch-slot-{}\x01"  # stands for a person's text while a vector's SQL is compiled
PLACEHOLDER = re.compile(r"%%|%s")  # a parameter's placeholder in compiled SQL, or an escaped percent sign
VECTOR_FIELDS = ("title", "autocomplete", "body")
PLAIN_TEXT_FIELDS = ("title_text", "body_text")
MAX_ROWS = 5_000  # entries in one INSERT


def indexed_objects(model, ids: Sequence):
    """The indexed objects among `ids`, loading only the columns the index reads when it reads only columns."""
    queryset = model.get_indexed_objects().filter(pk__in=ids).order_by()
    names = {model._meta.pk.name}
    for search_field in model.get_search_fields():
        try:
            field = model._meta.get_field(search_field.field_name)
        except FieldDoesNotExist:
            return queryset  # a method or property: it may read anything
        if isinstance(search_field, RelatedFields) or not field.concrete:
            return queryset
        names.add(field.name)
    return queryset.only(*names)


def plain_search_fields(model) -> list | None:
    """The model's search fields, each text field reading its column directly (what upstream's `get_value` returns
    for a plain column), or None when one is not a plain column (a relation, a method, a field with its own
    searchable content) and upstream's reading must stay."""
    fields = []
    for search_field in model.get_search_fields():
        if isinstance(search_field, RelatedFields):
            return None
        if isinstance(search_field, SearchField | AutocompleteField):
            try:
                field = search_field.get_field(model)
            except FieldDoesNotExist:
                return None
            if not field.concrete or field.is_relation or hasattr(field, "get_searchable_content"):
                return None
            search_field = copy.copy(search_field)
            search_field.get_value = operator.attrgetter(field.attname)
        fields.append(search_field)
    return fields


def _reading_columns(indexer_class, search_fields):
    """Upstream's indexer class, given the search fields to read (from `plain_search_fields`)."""
    if search_fields is None:
        return indexer_class

    class PlainColumnsIndexer(indexer_class):
        def __init__(self, obj, backend):
            super().__init__(obj, backend)
            self.search_fields = search_fields

    return PlainColumnsIndexer


def bulk_index_writer(backend, model) -> BulkIndexWriter | None:
    """A writer for `model`'s entries in `backend`'s index, or None where upstream's `add_bulk` must do it."""
    index = backend.get_index_for_model(model)
    entries = getattr(index, "entries", None)
    if entries is None:
        return None
    columns = {field.name for field in entries.model._meta.concrete_fields}
    if type(index).__name__ == "SQLiteIndex" and {"content_type", "object_id", *VECTOR_FIELDS} <= columns:
        from modelsearch.backends.database.sqlite.sqlite import ObjectIndexer, SQLiteIndex

        if isinstance(index, SQLiteIndex):
            return SQLiteIndexWriter(backend, index, model, ObjectIndexer)
    if type(index).__name__ == "PostgresIndex" and {*VECTOR_FIELDS, *PLAIN_TEXT_FIELDS} <= columns:
        from modelsearch.backends.database.postgres.postgres import ObjectIndexer, PostgresIndex

        if isinstance(index, PostgresIndex):
            return PostgresIndexWriter(backend, index, model, ObjectIndexer)
    return None


def _between_placeholders(sql: str) -> list[str]:
    """The pieces of `sql` between its parameters' placeholders (one more than there are placeholders)."""
    pieces, start = [], 0
    for match in PLACEHOLDER.finditer(sql):
        if match.group() == "%s":
            pieces.append(sql[start : match.start()])
            start = match.end()
    return [*pieces, sql[start:]]


class BulkIndexWriter(ABC):
    """What both database backends' writers share; each writes its own entry rows (`add`)."""

    def __init__(self, backend, index, model, indexer_class):
        self.backend = backend
        self.index = index
        self.model = model
        self.entry_model = index.entries.model
        self.connection = connections[router.db_for_write(self.entry_model)]
        self.content_type_id = get_content_type_pk(model)
        self.indexer_class = _reading_columns(indexer_class, plain_search_fields(model))
        self.table = self.connection.ops.quote_name(self.entry_model._meta.db_table)
        self.changed = False

    @abstractmethod
    def add(self, objects: Sequence) -> None:
        """Write these objects' index entries in bulk (SQLiteIndexWriter, PostgresIndexWriter)."""

    def remove(self, ids: Iterable) -> None:
        """Take these objects (by primary key) out of the index, in one statement."""
        object_ids = [str(pk) for pk in ids]
        if object_ids:
            self.changed = True
            self.index.entries.filter(content_type_id=self.content_type_id, object_id__in=object_ids)._raw_delete(
                using=self.connection.alias
            )

    def finish(self) -> None:
        """Upstream's title norms, refreshed once for the whole import instead of after every batch."""
        if self.changed:
            self.index._refresh_title_norms()


class SQLiteIndexWriter(BulkIndexWriter):
    """Entries replaced in two statements per batch; FTS5's triggers keep the full-text table in step."""

    def add(self, objects: Sequence) -> None:
        if not objects:
            return
        self.changed = True
        rows = []
        for obj in objects:
            indexer = self.indexer_class(obj, self.backend)
            rows.append((self.content_type_id, indexer.id, indexer.title, indexer.autocomplete, indexer.body, 1.0))
        self.remove(obj.pk for obj in objects)
        quote = self.connection.ops.quote_name
        columns = ", ".join(quote(name) for name in ("content_type_id", "object_id", *VECTOR_FIELDS, "title_norm"))
        with self.connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {self.table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s)", rows)  # noqa: S608 - names from the model


class PostgresIndexWriter(BulkIndexWriter):
    """Upstream's INSERT ... ON CONFLICT, with each vector's SQL compiled once per shape (its weights) instead of
    once per person."""

    def __init__(self, *args):
        super().__init__(*args)
        self.compiler = InsertQuery(self.entry_model).get_compiler(connection=self.connection)
        self.templates: dict[tuple, tuple[str, list, list[int]]] = {}
        indexer_class = self.indexer_class

        class TextsIndexer(indexer_class):
            """Upstream's indexer, stopping where it would build the vector: the (text, weight) pairs it would
            build it from, as `as_vector` filters them."""

            def as_vector(self, texts, for_autocomplete=False):
                pairs = ((text.strip(), weight) for text, weight in texts)
                return for_autocomplete, tuple((text, weight) for text, weight in pairs if text)

        self.texts_indexer_class = TextsIndexer

    def _template(self, field_name: str, for_autocomplete: bool, weights: tuple) -> tuple[str, list, list[int]]:
        """The vector's SQL for these weights, its parameters, and the positions among them of the texts."""
        key = (field_name, for_autocomplete, weights)
        if key not in self.templates:
            self.templates[key] = self._compile(field_name, for_autocomplete, weights)
        return self.templates[key]

    def _compile(self, field_name: str, for_autocomplete: bool, weights: tuple) -> tuple[str, list, list[int]]:
        sentinels = [SENTINEL.format(n) for n in range(len(weights))]
        upstream = self._bare_indexer().as_vector(
            list(zip(sentinels, weights, strict=True)), for_autocomplete=for_autocomplete
        )
        value = self.compiler.prepare_value(self.entry_model._meta.get_field(field_name), upstream)
        sql, params = value.as_sql(self.compiler, self.connection)
        params = list(params)
        slots = []
        for sentinel in sentinels:
            found = [position for position, param in enumerate(params) if param == sentinel]
            if len(found) != 1:
                raise RuntimeError(f"The search vector's SQL changed shape upstream: {sql}")
            slots.append(found[0])
        return sql, params, slots

    def _bare_indexer(self):
        """An upstream indexer with the backend's configuration and no object: `as_vector` needs only that."""
        indexer = self.indexer_class.__new__(self.indexer_class)
        indexer.config = self.backend.config
        indexer.autocomplete_config = self.backend.autocomplete_config
        return indexer

    def add(self, objects: Sequence) -> None:
        """One INSERT ... SELECT FROM UNNEST per shape of vectors: the texts go as a few arrays, never as a VALUES
        list of hundreds of thousands of parameters (which psycopg splits and PostgreSQL parses, slower than the
        vectors themselves)."""
        by_shape: dict[tuple, list[list]] = {}
        for obj in objects:
            indexer = self.texts_indexer_class(obj, self.backend)
            shape, texts = [], []
            for field_name in VECTOR_FIELDS:
                for_autocomplete, pairs = getattr(indexer, field_name)
                shape.append((field_name, for_autocomplete, tuple(weight for _text, weight in pairs)))
                texts += [text for text, _weight in pairs]
            by_shape.setdefault(tuple(shape), []).append(
                [str(indexer.id), *texts, indexer.title_text, indexer.body_text]
            )
        for shape, rows in by_shape.items():
            for start in range(0, len(rows), MAX_ROWS):
                self._write(shape, rows[start : start + MAX_ROWS])

    def _write(self, shape: tuple, rows: list[list]) -> None:
        """Insert (or replace) the entries of `rows`, all of one `shape`: each row is the object id, the texts of
        its three vectors in order, and its title and body text."""
        self.changed = True
        vectors, params, column = [], [], 1
        for field_name, for_autocomplete, weights in shape:
            sql, vector_params, slots = self._template(field_name, for_autocomplete, weights)
            parts = _between_placeholders(sql)
            if len(parts) != len(vector_params) + 1:
                raise RuntimeError(f"The search vector's SQL changed shape upstream: {sql}")
            pieces = [parts[0]]
            for position, param in enumerate(vector_params):
                if position in slots:
                    pieces.append(f"u.t{column + slots.index(position)}")
                else:
                    pieces.append("%s")
                    params.append(param)
                pieces.append(parts[position + 1])
            vectors.append("".join(pieces))
            column += len(slots)
        names = ["object_id", *(f"t{n}" for n in range(1, column)), "title_text", "body_text"]
        arrays = ", ".join(["%s::text[]"] * len(names))
        columns = list(zip(*rows, strict=True))
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {self.table} (content_type_id, object_id, title, autocomplete, body, title_norm, "  # noqa: S608 - names from the model
                f"title_text, body_text) SELECT %s, u.object_id, {', '.join(vectors)}, 1.0, u.title_text, "
                f"u.body_text FROM UNNEST({arrays}) AS u({', '.join(names)}) "
                "ON CONFLICT (content_type_id, object_id) DO UPDATE SET title = EXCLUDED.title, title_norm = 1.0, "
                "autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body, title_text = EXCLUDED.title_text, "
                "body_text = EXCLUDED.body_text",
                [self.content_type_id, *params, *(list(values) for values in columns)],
            )
