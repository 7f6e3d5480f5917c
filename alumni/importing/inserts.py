"""A bulk insert for large imports: one parameterised INSERT run with `executemany`."""

from django.db import connections, router

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


def insert_rows(model, objects: list) -> None:
    """`bulk_create` without its per-value SQL compilation, which costs more than the insert itself.

    One parameterised INSERT run with `executemany` for the whole list; only fields that need conversion
    (dates, JSON) go through the field's own preparation. Like `bulk_create`: no `save()`, no signals, and here
    no ids on the objects either.
    """
    if not objects:
        return
    connection = connections[router.db_for_write(model)]
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    plain = [field.get_internal_type() in _PLAIN_FIELD_TYPES for field in fields]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the model, values as parameters
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    rows = [
        tuple(
            getattr(obj, field.attname) if is_plain else field.get_db_prep_save(field.pre_save(obj, True), connection)
            for field, is_plain in zip(fields, plain, strict=True)
        )
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
