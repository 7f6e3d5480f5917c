"""Indexes for the site search's queries on PostgreSQL (SQLite keeps its own: nothing to do there).

- Pages: Wagtail's database backend (modelsearch) matches `(title || body) @@ query`, an expression its own GIN
  indexes (title alone, body alone) cannot answer, so every search read and joined every page's entry (10,000
  pages: 30-40 ms a kind, 0.4 s without statistics). A GIN index on the same expression finds the matches.
- People: the search's name matches are read from the name words with their copied listing and sort key
  (search.kinds.AlumniKind); covering those columns makes that an index-only range (0.5 s -> 40 ms for "Maria
  Popescu" among 200,000 people, count and first page).
"""

from django.db import migrations

INDEXES = {
    "search_indexentry_document_gin": ("wagtailsearch", "IndexEntry", "USING gin ((title || body))"),
    "search_nameword_listing": ("alumni", "NameWord", "(word) INCLUDE (alumnus_id, listed, sort_key)"),
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (app_label, model_name, definition) in INDEXES.items():
        table = schema_editor.quote_name(apps.get_model(app_label, model_name)._meta.db_table)
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} {definition}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields"), ("alumni", "0007_name_word_mirror")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
