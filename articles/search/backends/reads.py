"""The connection readers' raw queries (search, results, related articles) run on."""

from django.db import connections, router

from articles.models import Article


def reading():
    """The database the router gives this request's reads: the replica when
    ``newsroom.routers`` sends a reader's request there, else the primary. Raw SQL on
    ``django.db.connection`` would always reach the primary."""
    return connections[router.db_for_read(Article)]
