"""SQLite: every statement of the search index and the search, on an FTS5 table.

The index (see ``articles.search.index`` for what goes in) is an FTS5 table whose
columns hold the same tokens as PostgreSQL's vectors, space-separated: the title
group's and the body's bigram streams (phrase queries), their unigrams and words,
and the filter tokens. Migration 0005 creates it from the statements here. The
embedded database serves small archives: it ranks every match, and related
articles are ranked from the link tables (there is no keys table).
"""

from django.db import connection

from newsroom.segment import gram_query

from .reads import reading

# A virtual table Django has no model for.
FTS = "articles_search_fts"

# Run by migration 0005 (and reversed by ``DROP_INDEX``).
CREATE_INDEX = [
    """
    CREATE VIRTUAL TABLE articles_search_fts USING fts5(
        issue_date UNINDEXED, title_grams, title_extra, body_grams, body_extra, meta,
        tokenize = "unicode61 remove_diacritics 0 tokenchars '_'"
    )
    """,
    # Deleting an article removes its entry, whatever path deleted it.
    """
    CREATE TRIGGER articles_search_fts_article_deleted AFTER DELETE ON articles_article
    BEGIN DELETE FROM articles_search_fts WHERE rowid = old.id; END
    """,
]
DROP_INDEX = [
    "DROP TRIGGER IF EXISTS articles_search_fts_article_deleted",
    "DROP TABLE IF EXISTS articles_search_fts",
]

# The link-table ranking of ``articles.reader.related``: SQLite has no MATERIALIZED, and
# keeps a subquery's ORDER BY only under a LIMIT.
MATERIALIZED = ""
FENCE = "LIMIT -1 OFFSET 0"
HAS_KEYS_TABLE = False


# -- Writing the index -----------------------------------------------------------


def write_documents(documents, ids):
    """Delete the rows of ``ids``, then write the documents."""
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            placeholders = ",".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {FTS} WHERE rowid IN ({placeholders})", chunk)
        if documents:
            cursor.executemany(
                f"INSERT INTO {FTS} "
                "(rowid, issue_date, title_grams, title_extra, body_grams, body_extra, meta) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [
                    (
                        d.article_id,
                        d.issue_date.isoformat(),
                        d.columns["title_grams"],
                        d.columns["title_extra"],
                        d.columns["body_grams"],
                        d.columns["body_extra"],
                        d.columns["meta"],
                    )
                    for d in documents
                ],
            )


def empty(cursor):
    """The start of a rebuild."""
    cursor.execute(f"DELETE FROM {FTS}")


def finish_rebuild():
    """The end of a rebuild: FTS5 keeps its index current row by row."""


def analyze():
    """After a rebuild: FTS5 needs no statistics."""


# -- The search ----------------------------------------------------------------------


def _fts_phrase(tokens):
    return '"' + " ".join(t.replace('"', '""') for t in tokens) + '"'


def fts_query(query, *, title_only=False, with_filters=True):
    grams = "{title_grams}" if title_only else "{title_grams body_grams}"
    extra = "{title_extra}" if title_only else "{title_extra body_extra}"
    parts = []
    for term in query.terms:
        options = []
        for v in term.variants:
            if len(v) == 1:
                options.append(f"{extra} : {_fts_phrase([v])}")
            else:
                options.append(f"{grams} : {_fts_phrase(gram_query(v))}")
        if term.word:
            options.append(f"{extra} : {_fts_phrase([term.word])}")
        parts.append("(" + " OR ".join(options) + ")")
    if with_filters:
        parts.extend(f"meta : {_fts_phrase([t])}" for t in query.filters)
    return " AND ".join(parts)


def _ids(cursor, query, offset, limit):
    match = fts_query(query)
    if query.sort == "date" or not query.terms:
        cursor.execute(
            f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s "
            "ORDER BY issue_date DESC, rowid DESC LIMIT %s OFFSET %s",
            [match, limit, offset],
        )
    else:
        # The embedded database ranks every match: it serves small archives.
        cursor.execute(
            f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s "
            f"ORDER BY rowid IN (SELECT rowid FROM {FTS} "
            f"                   WHERE {FTS} MATCH %s) DESC, "
            f"bm25({FTS}, 0, 10.0, 10.0, 1.0, 1.0, 0), "
            "issue_date DESC, rowid DESC LIMIT %s OFFSET %s",
            [match, fts_query(query, title_only=True, with_filters=False), limit, offset],
        )
    return [r[0] for r in cursor.fetchall()]


def _count(cursor, query):
    cursor.execute(f"SELECT count(*) FROM {FTS} WHERE {FTS} MATCH %s", [fts_query(query)])
    return cursor.fetchone()[0]


def matching_ids(query, offset, limit, cap):
    """(count up to ``cap`` + 1, ids of this slice): a page past ``cap`` lists nothing."""
    with reading().cursor() as cursor:
        count = min(_count(cursor, query), cap + 1)
        return count, _ids(cursor, query, offset, limit) if offset < cap else []


def all_matching_ids(query):
    """Every match, unranked (for checks and benchmarks)."""
    with reading().cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s", [fts_query(query)])
        return {r[0] for r in cursor.fetchall()}
