"""PostgreSQL: every statement of the search index, the search and the related-articles keys.

The index (see ``articles.search.index`` for what goes in) is ``SearchDocument``'s
table: ``vector`` and ``title_vector`` tsvectors written as literals with explicit
positions and weights under GIN indexes, and ``text``, every field reduced as for
matching, joined by a space. The related-articles keys are ``RelatedKeys``'s table,
one integer array per published article under a GIN index, written with the index.
The migrations that create the indexes take their definitions from here.

Every match is found through the GIN index. The index is asked for the rarest grams
of the terms only (no phrase operator, see ``candidate_tsquery``), and the
candidates it returns are confirmed with ``strpos`` on the stored reduced text
(``confirm``): reading a row's 1.5 KB text is far cheaper than the phrase recheck,
which unpacks its ~10 KB vector, and ANDing many common posting lists costs the
index more than the extra candidates. Only as many candidates are confirmed as a
page, the ranked window or the capped count needs, newest year first.

Ranking is bounded, so a common word never ranks its whole match set (ranking
every match of a word in two thirds of 100,000 articles took 724 ms). The
ranked window is: the newest ``TITLE_WINDOW`` articles matching in the title
(title vector, its own GIN index) and the newest ``BODY_WINDOW`` matches of all;
within it, title matches come first, then ``ts_rank`` over the title vector, then
how early in the text the terms occur (``body_lead``), then the newer issue.
Past the window, the remaining matches follow newest first. The trade-off: an
old article that matches only in its body, however often, is not lifted above
the newest ``BODY_WINDOW`` matches; it stays in the results (the count and the
later pages are exact), only lower. Queries with
fewer matches than the window are ranked completely.
"""

import datetime
import itertools
import time

from django.db import connection, transaction

from articles.models import Article, Issue, Page, RelatedKeys, SearchDocument
from newsroom.segment import gram_query

from .reads import reading

DOCUMENTS = SearchDocument._meta.db_table
KEYS = RelatedKeys._meta.db_table

# Created by migrations 0005 and 0009, dropped and rebuilt by ``rebuild``.
DOCUMENT_INDEXES = [
    ("articles_search_vector_gin", "USING gin (vector)"),
    ("articles_search_title_gin", "USING gin (title_vector)"),
    ("articles_search_date", "(issue_date DESC, article_id DESC)"),
]
KEYS_INDEXES = [
    ("articles_related_keys_gin", "USING gin (keys)"),
    ("articles_related_keys_date", "(issue_date DESC, article_id)"),
]
# Set on ``vector`` by migration 0008: ANALYZE then keeps ~7,000 common lexemes with
# their frequencies (instead of ~1,000), which ``_plan`` reads.
VECTOR_STATISTICS = 1000


def create_indexes(table, indexes):
    return [f"CREATE INDEX {name} ON {table} {definition}" for name, definition in indexes]


# The link-table ranking of ``articles.reader.related``: CTEs computed once, and the fence
# that keeps a subquery's ORDER BY from being flattened away.
MATERIALIZED = "MATERIALIZED"
FENCE = "OFFSET 0"
HAS_KEYS_TABLE = True

# -- Writing the index -----------------------------------------------------------


def _insert(cursor, table, columns, casts, rows):
    """Write rows to a table: COPY for a batch, INSERT for a few."""
    if len(rows) > 50:
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    elif rows:
        values = ", ".join(f"%s{cast}" for cast in casts)
        cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({values})", rows)


def write_documents(documents, ids):
    """Delete the rows of ``ids``, then write the documents and their related keys."""
    with connection.cursor() as cursor:
        if ids:
            cursor.execute(f"DELETE FROM {DOCUMENTS} WHERE article_id = ANY(%s)", [ids])
            cursor.execute(f"DELETE FROM {KEYS} WHERE article_id = ANY(%s)", [ids])
        _insert(
            cursor,
            DOCUMENTS,
            ("article_id", "issue_date", "title_vector", "vector", "text"),
            ("", "", "::tsvector", "::tsvector", ""),
            [(d.article_id, d.issue_date, d.title_vector, d.vector, d.text) for d in documents],
        )
        _insert(
            cursor,
            KEYS,
            ("article_id", "issue_date", "keys"),
            ("", "", "::integer[]"),
            [(d.article_id, d.issue_date, list(d.related_keys)) for d in documents],
        )


def empty(cursor):
    """The start of a rebuild: no rows, and no GIN indexes to update row by row."""
    cursor.execute(f"DELETE FROM {DOCUMENTS}")
    cursor.execute(f"DELETE FROM {KEYS}")
    # Building the GIN indexes once at the end is much faster than row by row.
    for name, _ in DOCUMENT_INDEXES:
        cursor.execute(f"DROP INDEX IF EXISTS {name}")


def finish_rebuild():
    """The end of a rebuild, in its transaction: the indexes ``empty`` dropped."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for sql in create_indexes(DOCUMENTS, DOCUMENT_INDEXES):
            cursor.execute(sql)


def analyze():
    """After a rebuild is committed: fresh statistics for the planner and ``_plan``."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {DOCUMENTS}")
        cursor.execute(f"ANALYZE {KEYS}")


# -- tsqueries ---------------------------------------------------------------------

TITLE_WINDOW = 200
BODY_WINDOW = 300


def _lexeme(value):
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery(query, *, with_filters=True):
    """The exact tsquery: each term as a phrase of bigrams (used on the small title vector)."""
    parts = []
    for term in query.terms:
        options = [" <-> ".join(_lexeme(g) for g in gram_query(v)) for v in term.variants]
        if term.word:
            options.append(_lexeme(term.word))
        parts.append("(" + " | ".join(f"({o})" for o in options) + ")")
    if with_filters:
        parts.extend(_lexeme(t) for t in query.filters)
    return " & ".join(parts)


# The GIN lookup of a query is a few of its rarest lexemes, not all of them: ANDing
# many common posting lists costs the index more than confirming extra candidates
# with strpos (at 200,000 articles the ten bigrams of 学习贯彻党的二十大精神 and a
# year token took 71 ms in the index, four of them 20 ms; three single-gram terms
# measured faster than two plus a strpos check of the third). Rarity comes from the
# column statistics (pg_stats.most_common_elems: with the statistics target of
# ``VECTOR_STATISTICS``, ANALYZE keeps the ~7,000 most common lexemes with their
# frequencies; a lexeme not listed is in fewer than about 7% of the articles).
GIN_TERMS = 3
COMMON_GRAMS = 1  # common grams of a term variant in the lookup when it has no rare one
STATS_TTL = 300  # seconds a process keeps the lexeme frequencies
_stats = {"frequencies": {}, "documents": 0.0, "loaded": None}

# Set for the search's transaction only.
PLANNER_SETTINGS = (
    "SELECT set_config('enable_seqscan', 'off', true), "
    "set_config('max_parallel_workers_per_gather', '0', true)"
)
STATS_SQL = (
    "(SELECT most_common_elems::text::text[] FROM pg_stats "
    f"WHERE tablename = '{DOCUMENTS}' AND attname = 'vector' LIMIT 1), "
    "(SELECT most_common_elem_freqs FROM pg_stats "
    f"WHERE tablename = '{DOCUMENTS}' AND attname = 'vector' LIMIT 1), "
    f"(SELECT reltuples FROM pg_class WHERE relname = '{DOCUMENTS}')"
)


def _stats_stale():
    loaded = _stats["loaded"]
    return loaded is None or time.monotonic() - loaded > STATS_TTL


def _store_stats(elements, frequencies, documents=None):
    _stats["frequencies"] = dict(zip(elements or [], frequencies or [], strict=False))
    _stats["documents"] = max(0.0, float(documents or 0))
    _stats["loaded"] = time.monotonic()


def _plan(query):
    """(GIN tsquery parts, indexes of the terms ``confirm`` must check).

    Per variant of a term: its rare grams (not among the common lexemes: short
    posting lists, cheap to AND), or else its ``COMMON_GRAMS`` rarest grams. Terms
    with rare grams all go to the index; common ones only up to ``GIN_TERMS`` terms,
    rarest first. A one- or two-character term in the index is exact (its gram is a
    lexeme); every other term is confirmed on the stored text.
    """
    frequencies = _stats["frequencies"]
    choices = []
    for i, term in enumerate(query.terms):
        pieces, estimate, exact = [], 0.0, True
        for variant in term.variants:
            grams = list(dict.fromkeys(gram_query(variant)))
            rare = [g for g in grams if g not in frequencies]
            if not rare:
                rare = sorted(grams, key=frequencies.__getitem__)[:COMMON_GRAMS]
                estimate = max(estimate, frequencies[rare[0]])
            pieces.append(" & ".join(_lexeme(g) for g in rare))
            exact = exact and len(grams) == 1
        choices.append((estimate, i, "(" + " | ".join(f"({p})" for p in pieces) + ")", exact))
    choices.sort()
    chosen = [c for n, c in enumerate(choices) if c[0] == 0.0 or n < GIN_TERMS]
    parts = [piece for _, _, piece, _ in sorted(chosen, key=lambda c: c[1])]
    exact = {i for _, i, _, is_exact in chosen if is_exact}
    return parts, [i for i in range(len(query.terms)) if i not in exact]


def candidate_tsquery(query, *, with_filters=True):
    """The GIN lookup: the rarest gram of the rarest terms, and the filter tokens.

    Every document holding the terms literally holds these lexemes, so this finds a
    superset of the matches, without a phrase operator (no recheck of the vector);
    ``confirm`` then keeps only the literal matches.
    """
    parts, _ = _plan(query)
    if with_filters:
        parts.extend(_lexeme(t) for t in query.filters)
    return " & ".join(parts)


def confirm(query, alias="text"):
    """(SQL condition, params): the candidate's reduced text holds every term literally.

    ``strpos`` on the stored ``text`` (fields joined by a space that no term holds),
    so a term spanning two fields is not a match, as with the phrase check. Empty
    when every term is found exactly by the index.
    """
    _, confirmed = _plan(query)
    clauses, params = [], {}
    for i in confirmed:
        options = []
        for j, variant in enumerate(query.terms[i].variants):
            params[f"n{i}_{j}"] = variant
            options.append(f"strpos({alias}, %(n{i}_{j})s) > 0")
        clauses.append("(" + " OR ".join(options) + ")")
    return " AND ".join(clauses), params


def body_lead(query, alias="text"):
    """(SQL expression, params): how early in the text every term has occurred.

    The ranking signal past the title (smaller is better: the terms are in the lead
    paragraph, or close together early on). ``strpos`` stops at the first
    occurrence, so this is cheap; run on the ranked window only.
    """
    parts, params = [], {}
    for i, term in enumerate(query.terms):
        options = []
        for j, variant in enumerate(term.variants):
            key = f"h{i}_{j}"
            params[key] = variant
            options.append(f"NULLIF(strpos({alias}, %({key})s), 0)")
        parts.append(f"LEAST({', '.join(options)})")
    return (f"GREATEST({', '.join(parts)})" if parts else "0"), params


# -- Year buckets --------------------------------------------------------------------

# Every document carries its year as a token (``_y<year>``), so ``q & _y2024`` is a
# GIN lookup bounded by one year's articles however common ``q`` is (GIN skips
# through the long posting list of ``q`` using the short one of the year). The
# searches that need only the newest matches (the capped count, the ranked window,
# the first pages by date) ask the buckets newest first in one ``UNION ALL ...
# LIMIT``: PostgreSQL runs the branches in order and stops once the limit is
# reached, so a common term reads one or two years, not all its matches. The newest
# ``YEAR_BUCKETS`` years are a bucket each, older years go in buckets of 8, 16, 32
# and 64 years (``q & (_y1990 | _y1991 | ...)``), so a term that is rare in recent
# years never builds the bitmap of all its matches in a 60-year archive. The last
# branch is everything outside the bucketed years, so nothing is missed. A branch
# that is never reached costs nothing.
YEAR_BUCKETS = 8
OLDER_BUCKETS = (8, 16, 32, 64)


# The title window's buckets are wider (4 years, 12 years, the rest): a query's
# title matches are often few, and every bucket costs a lookup even when empty.
TITLE_BUCKETS = (4,)

# The leading year buckets kept for a common query hold this many times what it needs.
ENOUGH = 4


def _year_range(sizes=None):
    """The year buckets, newest first: lists of consecutive years, newest first."""
    newest = datetime.date.today().year + 1
    if sizes is not None:
        buckets = [list(range(newest, newest - sizes[0], -1))]
        sizes = sizes[1:]
    else:
        buckets = [[year] for year in range(newest, newest - YEAR_BUCKETS, -1)]
        sizes = OLDER_BUCKETS
    for size in sizes:
        top = buckets[-1][-1] - 1
        buckets.append(list(range(top, top - size, -1)))
    return buckets


def _expected_per_document(query):
    """The share of documents expected to match ``query``, or 0 when it is not known.

    Known only when every term is one index gram (one or two characters) and every
    gram and filter token is among the common lexemes of the statistics; then the
    terms are taken as independent. Any longer or rarer term answers 0 (unknown).
    """
    frequencies = _stats["frequencies"]
    share = 1.0
    for term in query.terms:
        grams = {g for v in term.variants for g in gram_query(v)}
        if len(grams) != 1 or not all(len(gram_query(v)) == 1 for v in term.variants):
            return 0.0
        frequency = frequencies.get(grams.pop())
        if frequency is None:
            return 0.0
        share *= frequency
    for token in query.filters:
        if token not in frequencies:
            return 0.0
        share *= frequencies[token]
    return share


def _enough_buckets(buckets, query, limit):
    """The leading buckets expected to hold ``ENOUGH`` times ``limit`` matches, or all.

    A common one- or two-character query (科, 科协) has its newest ``limit`` matches in
    the newest year; the branches after that one are never run, but PostgreSQL plans
    each (about 0.35 ms apiece). The years left out are still searched, by the last
    branch, which only runs if the estimate was wrong.
    """
    share = _expected_per_document(query)
    documents = _stats["documents"]
    if not share or not documents:
        return buckets
    frequencies, expected = _stats["frequencies"], 0.0
    for n, years in enumerate(buckets):
        expected += sum(frequencies.get(f"_y{year}", 0.0) for year in years) * documents * share
        if expected >= ENOUGH * limit:
            return buckets[: n + 1]
    return buckets


def _bucketed(
    select, condition, match, params, order="", extra="", prefix="m", sizes=None, enough=None
):
    """SQL and params: ``select ... where condition`` over the year buckets, newest first.

    ``condition`` holds ``%(m)s`` for the tsquery; each branch substitutes ``match``
    ANDed with its years' tokens, the last branch the bare query outside those years.
    ``select`` may hold ``{where}`` where the branch's condition goes (default: at its end).
    ``enough``: (query, limit) to keep only the buckets expected to hold the limit.
    """
    buckets = _year_range(sizes)
    if enough is not None:
        buckets = _enough_buckets(buckets, *enough)
    branches, values = [], dict(params)
    if "{where}" not in select:
        select = select + " WHERE {where}"

    def branch(where):
        return "(" + select.replace("{where}", where) + f"{order}{extra})"

    for i, years in enumerate(buckets):
        tokens = " | ".join(_lexeme(f"_y{year}") for year in years)
        values[f"{prefix}{i}"] = f"({match}) & ({tokens})"
        branches.append(branch(condition.replace("%(m)s", f"%({prefix}{i})s")))
    values[f"{prefix}_lo"] = f"{buckets[-1][-1]}-01-01"
    values[f"{prefix}_hi"] = f"{buckets[0][0] + 1}-01-01"
    values[f"{prefix}_rest"] = match
    rest = condition.replace("%(m)s", f"%({prefix}_rest)s")
    branches.append(
        branch(
            f"{rest} AND (issue_date < %({prefix}_lo)s::date"
            f" OR issue_date >= %({prefix}_hi)s::date)"
        )
    )
    return " UNION ALL ".join(branches), values


# -- The search statement ----------------------------------------------------------


def _newest_sql(query, limit_param, limit=None):
    """(SQL, params) of the newest confirmed matches, ``article_id, issue_date``, newest first.

    ``limit``, when known, lets a common query plan only the year buckets it needs.

    Per year bucket: the GIN candidates sorted by date, then confirmed one by one
    until the limit (``OFFSET 0`` keeps the check above the sort), so ``strpos``
    runs on about ``limit`` texts, however many candidates the bucket has.
    """
    where, params = confirm(query, "c.text")
    order = " ORDER BY issue_date DESC, article_id DESC"
    if not where:
        return _bucketed(
            f"SELECT article_id, issue_date FROM {DOCUMENTS}",
            "vector @@ %(m)s::tsquery",
            candidate_tsquery(query),
            params,
            order,
            f" LIMIT %({limit_param})s",
            enough=(query, limit) if limit else None,
        )
    select = (
        "SELECT article_id, issue_date FROM ("
        f"SELECT article_id, issue_date, text FROM {DOCUMENTS} WHERE {{where}}"
        + order
        + f" OFFSET 0) c WHERE {where} LIMIT %({limit_param})s"
    )
    return _bucketed(
        select,
        "vector @@ %(m)s::tsquery",
        candidate_tsquery(query),
        params,
    )


def _title_sql(query):
    """(SQL, params) of the newest ``TITLE_WINDOW`` articles matching in the title."""
    title = tsquery(query, with_filters=False)
    # Title matches: the title vector is small and stored inline, and its phrase
    # check is exact; the title group is part of ``text`` and ``vector`` too, and the
    # title vector holds the filter tokens, so a title match is a match. Bucketed by
    # year like the body matches (a common word is in the title of tens of thousands
    # of articles, and only the newest ``TITLE_WINDOW`` are wanted): each bucket is one
    # title-index lookup of the terms' rare grams and the years' tokens.
    return _bucketed(
        f"SELECT article_id, issue_date FROM {DOCUMENTS}",
        "title_vector @@ %(m)s::tsquery AND title_vector @@ %(title)s::tsquery",
        candidate_tsquery(query),
        {"title": title},
        " ORDER BY issue_date DESC, article_id DESC",
        " LIMIT %(title_window)s",
        prefix="t",
        sizes=TITLE_BUCKETS,
    )


def answer_sql(query, newest, need):
    """(SQL, params) of one statement answering a search: one row of (capped count,
    the ranked window's first ``need`` ids, and the ids of the newest ``newest``
    matches when the window is shorter than ``need``, else NULL).

    The newest matches are read once, newest year first, and serve three ends: their
    number is the capped count, the first ``BODY_WINDOW`` of them join the title
    matches in the ranked window, and the rest follow the window in date order. One
    statement is one parse, one plan and one round trip (each bucketed statement
    costs PostgreSQL a few milliseconds to parse and plan); only the ids a page needs
    travel back (parsing 1,500 ids of an array literal cost about a millisecond).
    """
    newest_sql, values = _newest_sql(query, "newest", newest)
    values.update(newest=newest, need=need)
    newest_ids = "ARRAY(SELECT article_id FROM matches ORDER BY issue_date DESC, article_id DESC)"
    if query.sort == "date" or not query.terms:
        sql = (
            f"WITH matches AS MATERIALIZED ({newest_sql} LIMIT %(newest)s) "
            "SELECT (SELECT count(*) FROM matches), ARRAY[]::bigint[], "
            f"({newest_ids})[1:%(need)s]"
        )
        return sql, values
    title_sql, title_values = _title_sql(query)
    lead, lead_values = body_lead(query, "d.text")
    values.update(title_values, **lead_values)
    values.update(title_window=TITLE_WINDOW, body_window=BODY_WINDOW)
    sql = f"""
        WITH matches AS MATERIALIZED ({newest_sql} LIMIT %(newest)s),
        candidates AS (
            (SELECT article_id FROM ({title_sql}) t LIMIT %(title_window)s)
            UNION
            (SELECT article_id FROM matches
             ORDER BY issue_date DESC, article_id DESC LIMIT %(body_window)s)
        ),
        ranked AS MATERIALIZED (
            SELECT ARRAY(
                SELECT d.article_id
                FROM {DOCUMENTS} d JOIN candidates USING (article_id)
                ORDER BY d.title_vector @@ %(title)s::tsquery DESC,
                         ts_rank(d.title_vector, %(title)s::tsquery) DESC,
                         {lead} ASC NULLS LAST,
                         d.issue_date DESC, d.article_id DESC
            ) AS ids
        )
        SELECT (SELECT count(*) FROM matches),
               CASE WHEN cardinality(ids) >= %(need)s THEN ids[1:%(need)s] ELSE ids END,
               CASE WHEN cardinality(ids) >= %(need)s THEN NULL ELSE {newest_ids} END
        FROM ranked
    """
    return sql, values


def matching_ids(query, offset, limit, cap):
    """(count up to ``cap`` + 1, ids of this slice) in one statement, in one transaction."""
    db = reading()
    with transaction.atomic(using=db.alias), db.cursor() as cursor:
        # A sequential scan would unpack every row's vector; the GIN index is always cheaper.
        # Parallel workers would run the year buckets side by side (no early stop).
        # The lexeme frequencies ride on the same statement when they are due.
        stale = _stats_stale()
        cursor.execute(PLANNER_SETTINGS + (", " + STATS_SQL if stale else ""))
        if stale:
            _store_stats(*cursor.fetchone()[2:])
        # The count stops at cap + 1; the last listed page may reach a little further.
        if offset >= cap:
            offset = limit = 0
        newest = max(cap + 1, offset + limit)
        cursor.execute(*answer_sql(query, newest, offset + limit))
        found, window, matches = cursor.fetchone()
    count = min(found, cap + 1)
    if not found:
        return 0, []
    if matches is None:  # the page lies within the ranked window
        return count, window[offset : offset + limit]
    seen = set(window)
    ordered = window + [pk for pk in matches if pk not in seen]
    return count, ordered[offset : offset + limit]


def all_matching_ids(query):
    """Every match, unranked (for checks and benchmarks)."""
    where, params = confirm(query)
    with reading().cursor() as cursor:
        cursor.execute(
            f"SELECT article_id FROM {DOCUMENTS} "
            "WHERE vector @@ %(m)s::tsquery" + (f" AND {where}" if where else ""),
            {"m": candidate_tsquery(query), **params},
        )
        return {r[0] for r in cursor.fetchall()}


# -- Related articles from the keys table ----------------------------------------------

KEYS_SQL = """
SELECT r.article_id, a.title, a.kicker, a.page_id, p.number, p.name, i.id, i.number
FROM (
    SELECT * FROM ({branches}) b (article_id, issue_date, st, so)
    ORDER BY st DESC, so DESC, issue_date DESC, article_id LIMIT %(limit)s
) r
JOIN {article} a ON a.id = r.article_id
JOIN {page} p ON p.id = a.page_id JOIN {issue} i ON i.id = p.issue_id
-- The table holds published articles only (it is written with the search index);
-- checked again on the few rows shown, as every reader query does.
WHERE a.status = %(published)s AND i.status = %(issue_published)s
ORDER BY r.st DESC, r.so DESC, r.issue_date DESC, r.article_id
"""


def _any_pair(keys, params, prefix):
    """SQL: the row holds two of ``keys`` (one GIN lookup per pair); '' for fewer than two."""
    clauses = []
    for n, pair in enumerate(itertools.combinations(keys, 2)):
        params[f"{prefix}{n}"] = list(pair)
        clauses.append(f"keys @> %({prefix}{n})s::integer[]")
    return " OR ".join(clauses)


def ranked_from_keys(article, tag_ids, org_ids, limit):
    """Rows of the related articles, ranked from the keys table (see ``articles.reader.related``)."""
    keys = [*tag_ids, *(-pk for pk in org_ids)]
    params = {
        "pk": article.pk,
        "limit": limit,
        "tags": list(tag_ids),
        "orgs": keys[len(tag_ids) :],
        "published": Article.Status.PUBLISHED,
        "issue_published": Issue.Status.PUBLISHED,
    }

    def count(ids, prefix):
        terms = []
        for n, key in enumerate(ids):
            params[f"{prefix}{n}"] = [key]
            terms.append(f"(keys @> %({prefix}{n})s::integer[])::int")
        return " + ".join(terms) or "0"

    branches = []
    pairs = _any_pair(keys, params, "p")
    if pairs:
        # Two keys or more in common: every such article, scored.
        st, so = count(tag_ids, "t"), count(params["orgs"], "o")
        branches.append(
            f"(SELECT article_id, issue_date, {st}, {so} FROM {KEYS} "
            f"WHERE ({pairs}) AND article_id <> %(pk)s)"
        )
    # Exactly one key in common: scored (1, 0) or (0, 1), so only the newest count.
    for mine, theirs, score, prefix in (
        ("tags", "orgs", "1, 0", "tp"),
        ("orgs", "tags", "0, 1", "op"),
    ):
        if not params[mine]:
            continue
        conditions = [f"keys && %({mine})s::integer[]"]
        if params[theirs]:
            conditions.append(f"NOT keys && %({theirs})s::integer[]")
        two = _any_pair(params[mine], params, prefix)
        if two:
            conditions.append(f"NOT ({two})")
        branches.append(
            f"(SELECT article_id, issue_date, {score} FROM {KEYS} "
            f"WHERE {' AND '.join(conditions)} AND article_id <> %(pk)s "
            "ORDER BY issue_date DESC, article_id LIMIT %(limit)s)"
        )
    sql = KEYS_SQL.format(
        branches=" UNION ALL ".join(branches),
        article=Article._meta.db_table,
        page=Page._meta.db_table,
        issue=Issue._meta.db_table,
    )
    with reading().cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
