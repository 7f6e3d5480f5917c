"""The search backend of config/settings/base.py: Wagtail's database backend as upstream chooses it, with
search/sqlite_ranking.py's relevance ordering where upstream chose its SQLite FTS5 backend."""

from django.db import connection
from modelsearch.backends.database import SearchBackend as database_backend


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    backend = database_backend(params)
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        if type(backend) is SQLiteSearchBackend:
            from search.sqlite_ranking import RankedSQLiteSearchBackend

            return RankedSQLiteSearchBackend(params)
    return backend
