"""The search index's databases: one module each, holding all of that database's SQL.

Each backend module offers the same names: ``write_documents``, ``empty``,
``finish_rebuild`` and ``analyze`` (the index), ``matching_ids`` and
``all_matching_ids`` (the search), and what ``articles.reader.related`` needs
(``MATERIALIZED``, ``FENCE``, ``HAS_KEYS_TABLE``; ``ranked_from_keys`` where the
keys table exists).
"""

from django.db import connection

from . import postgres, sqlite


def current():
    """The backend of the database in use: PostgreSQL's, or SQLite's FTS5 for any other."""
    return postgres if connection.vendor == "postgresql" else sqlite
