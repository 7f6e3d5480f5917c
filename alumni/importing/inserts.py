"""Bulk writes for large imports: rows as plain tuples, COPY on PostgreSQL and one `executemany` elsewhere.

`bulk_create` and `bulk_update` compile SQL for every value of every object, which costs more than the writes
themselves at 100,000 rows; here each statement is built once per table and the values go to the driver as they
are. Like `bulk_create`: no `save()`, no signals, and no ids on the rows either.
"""

from collections.abc import Iterable, Sequence

from django.db import connections, models, router

# Values of these field types go to the database driver as they are, on SQLite and PostgreSQL alike.
_PLAIN_FIELD_TYPES = frozenset(
    {
        "CharField",
        "TextField",
        "EmailField",
        "URLField",
        "SlugField",
        "BooleanField",
        "SmallIntegerField",
        "PositiveSmallIntegerField",
        "IntegerField",
        "PositiveIntegerField",
        "BigIntegerField",
        "ForeignKey",
    }
)


def writable_fields(model) -> list:
    """The columns an insert fills: not the id, and not the generated columns, which the database computes."""
    return [field for field in model._meta.concrete_fields if not field.primary_key and not field.generated]


def is_plain(field) -> bool:
    return field.get_internal_type() in _PLAIN_FIELD_TYPES


class TableRows:
    """New rows of one model as lists in the column order of `writable_fields`, starting from every column's
    default (`auto_now` and `auto_now_add` columns at `now`), already prepared for the database."""

    def __init__(self, model, *, now=None):
        self.model = model
        self.connection = connections[router.db_for_write(model)]
        self.fields = writable_fields(model)
        self.position = {field.attname: position for position, field in enumerate(self.fields)}
        self._template = [self._default(field, now) for field in self.fields]
        self._prepare = {field.attname: field for field in self.fields if not is_plain(field)}

    def _default(self, field, now):
        value = now if (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)) else None
        if value is None:
            value = field.get_default()
        if value is None:
            return None
        return value if is_plain(field) else field.get_db_prep_save(value, self.connection)

    def prepare(self, attname: str, value):
        """A value for the column `attname` (fields that are not plain, such as dates, through their field)."""
        field = self._prepare.get(attname)
        if field is None or value is None:
            return value
        return field.get_db_prep_save(value, self.connection)

    def new(self, values: dict) -> list:
        """A row with `values` (attname -> value, already prepared) over the defaults."""
        row = self._template.copy()
        position = self.position
        for attname, value in values.items():
            row[position[attname]] = value
        return row

    def insert(self, rows: Sequence[Sequence]) -> None:
        insert_rows(self.model, [field.column for field in self.fields], rows, connection=self.connection)


def insert_rows(model, columns: Sequence[str], rows: Sequence[Sequence], *, connection=None) -> None:
    """Insert `rows` (values in the order of `columns`, prepared for the database) into the model's table."""
    if not rows:
        return
    connection = connection or connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    column_list = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams the rows in one command: several times the speed of a pipelined executemany.
            with cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({column_list}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608 - names from the model
        cursor.executemany(sql, rows)


def update_rows(model, columns: Sequence[str], rows: Iterable[Sequence], *, connection=None) -> None:
    """Update existing rows: each row holds the values of `columns` and then the primary key."""
    connection = connection or connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(model._meta.pk.column)} = %s"  # noqa: S608 - names from the model
    rows = list(rows)
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)


class AnyOf(models.Lookup):
    """`field__any_of=values`: `field__in=values` with the values as one array parameter on PostgreSQL
    (`= ANY(%s)`); psycopg splits a statement of thousands of placeholders on the client and PostgreSQL parses each
    of them, which costs more than the lookup itself. Elsewhere the same as `__in`."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self):
        if hasattr(self.rhs, "resolve_expression"):
            raise TypeError("any_of takes values, not a query or an expression: use __in for those.")
        return list(self.rhs)  # read once: a generator would be spent by the first compilation

    def as_sql(self, compiler, connection):
        if connection.vendor != "postgresql":
            return compiler.compile(self.lhs.get_lookup("in")(self.lhs, self.rhs))
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*lhs_params, list(self.rhs)]
