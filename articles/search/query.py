"""Reading a reader's query and answering it from the index.

Query kinds and the index lookups they become (see ``index`` for what is stored):

* one character (科): the unigram lexeme;
* n >= 2 characters (科协, 天府科技云, 2024, AI): the phrase of its n-1 bigrams
  (``'天府' <-> '府科' <-> '科技' <-> '技云'`` on PostgreSQL, an FTS5 phrase on
  SQLite), OR the whole jieba word where one was indexed (for ranking);
* several words (泸州市科协 科普): every word must match (AND). Unquoted text is
  split with jieba's precise mode, so 泸州市科协科普 is the two words too;
* a quoted phrase ("科普示范县", “…”, 「…」): one phrase, not split;
* traditional characters: converted to simplified (OpenCC); the original is kept
  as an alternative so text printed in traditional characters is found too;
* filters (column, organisation, year, issue): index tokens ANDed in.

Every match is found through the GIN (or FTS5) index. On PostgreSQL the index is
asked for the rarest grams of the terms only (no phrase operator, see
``candidate_tsquery``), and the candidates it returns are confirmed with
``strpos`` on the stored reduced text (``confirm``): reading a row's 1.5 KB text
is far cheaper than the phrase recheck, which unpacks its ~10 KB vector, and
ANDing many common posting lists costs the index more than the extra candidates.
Only as many candidates are confirmed as a page, the ranked window or the capped
count needs, newest year first.

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

import re
import unicodedata
from dataclasses import dataclass, field

from django.db import connection, transaction

from newsroom.segment import get_segmenter, gram_query, match_chars, to_simplified

MAX_QUERY_CHARS = 100
MAX_TERMS = 8
TITLE_WINDOW = 200
BODY_WINDOW = 300
# Counting stops here ("1000 篇以上"), as search engines do: counting every match of a
# phrase means checking every candidate row.
COUNT_CAP = 1000

_QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」|『([^』]*)』')


@dataclass
class Term:
    text: str  # as the reader typed it (for display)
    variants: list  # match_chars-reduced forms, simplified first
    phrase: bool = False
    word: str = ""  # a whole jieba word indexed as one lexeme (ranking only)


@dataclass
class Query:
    raw: str
    terms: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    column_id: int | None = None
    organization_id: int | None = None
    year: int | None = None
    issue_number: int | None = None
    sort: str = "relevance"

    @property
    def filters(self):
        tokens = []
        if self.column_id:
            tokens.append(f"_c{self.column_id}")
        if self.organization_id:
            tokens.append(f"_o{self.organization_id}")
        if self.year:
            tokens.append(f"_y{self.year}")
        if self.issue_number:
            tokens.append(f"_i{self.issue_number}")
        return tokens

    @property
    def is_empty(self):
        return not self.terms and not self.filters

    @property
    def words(self):
        return [t.text for t in self.terms]


def clean(raw):
    """Drop what no text holds: control characters, NUL, lone surrogates, U+FFFD."""
    out = []
    for ch in raw or "":
        category = unicodedata.category(ch)
        if category in {"Cc", "Cs", "Co", "Cn"} or ch == "\ufffd":
            out.append(" ")
        elif category == "Cf":
            continue
        else:
            out.append(ch)
    return re.sub(r"\s+", " ", "".join(out)).strip()


def parse(raw, *, segmenter=None):
    """The reader's text as terms, with notices when it had to be shortened."""
    segmenter = segmenter or get_segmenter()
    query = Query(raw=raw or "")
    text = clean(raw)
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        query.notices.append(f"检索词过长,只按前 {MAX_QUERY_CHARS} 个字检索。")
    terms = []
    position = 0
    for m in _QUOTED.finditer(text):
        terms.extend(_plain_terms(text[position : m.start()], segmenter))
        phrase = next(g for g in m.groups() if g is not None)
        terms.extend(_phrase_term(phrase))
        position = m.end()
    terms.extend(_plain_terms(text[position:].replace('"', " "), segmenter))
    unique, seen = [], set()
    for term in terms:
        key = tuple(term.variants)
        if key not in seen:
            seen.add(key)
            unique.append(term)
    if len(unique) > MAX_TERMS:
        unique = unique[:MAX_TERMS]
        query.notices.append(f"检索词过多,只按前 {MAX_TERMS} 个词检索。")
    query.terms = unique
    if text and not unique:
        query.notices.append("检索词里没有可检索的文字(标点和符号不参与检索)。")
    return query


def _variants(original):
    simplified = to_simplified(original)
    forms = [match_chars(simplified), match_chars(original)]
    return [f for i, f in enumerate(forms) if f and f not in forms[:i]]


def _phrase_term(phrase):
    variants = _variants(phrase)
    return [Term(text=phrase.strip(), variants=variants, phrase=True)] if variants else []


def _plain_terms(text, segmenter):
    terms = []
    for chunk in text.split():
        simplified = to_simplified(chunk)
        if len(simplified) != len(chunk):
            terms.extend(_phrase_term(chunk))  # conversion changed lengths: keep it whole
            continue
        for word in segmenter.query_spans(simplified):
            start, end = word
            original = chunk[start:end]
            variants = _variants(original)
            if variants:
                reduced = variants[0]
                terms.append(
                    Term(
                        text=original,
                        variants=variants,
                        word=reduced if len(reduced) >= 3 else "",
                    )
                )
    return terms


# -- PostgreSQL ----------------------------------------------------------------


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
# column statistics (pg_stats.most_common_elems: with the statistics target of 1000
# set by migration 0008, ANALYZE keeps the ~7,000 most common lexemes with their
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
    "WHERE tablename = 'articles_search_document' AND attname = 'vector' LIMIT 1), "
    "(SELECT most_common_elem_freqs FROM pg_stats "
    "WHERE tablename = 'articles_search_document' AND attname = 'vector' LIMIT 1), "
    "(SELECT reltuples FROM pg_class WHERE relname = 'articles_search_document')"
)


def _stats_stale():
    import time

    loaded = _stats["loaded"]
    return loaded is None or time.monotonic() - loaded > STATS_TTL


def _store_stats(elements, frequencies, documents=None):
    import time

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


# Year buckets: every document carries its year as a token (``_y<year>``), so
# ``q & _y2024`` is a GIN lookup bounded by one year's articles however common ``q``
# is (GIN skips through the long posting list of ``q`` using the short one of the
# year). The searches that need only the newest matches (the capped count, the
# ranked window, the first pages by date) ask the buckets newest first in one
# ``UNION ALL ... LIMIT``: PostgreSQL runs the branches in order and stops once the
# limit is reached, so a common term reads one or two years, not all its matches.
# The newest ``YEAR_BUCKETS`` years are a bucket each, older years go in buckets of
# 8, 16, 32 and 64 years (``q & (_y1990 | _y1991 | ...)``), so a term that is rare
# in recent years never builds the bitmap of all its matches in a 60-year archive.
# The last branch is everything outside the bucketed years, so nothing is missed.
# A branch that is never reached costs nothing.
YEAR_BUCKETS = 8
OLDER_BUCKETS = (8, 16, 32, 64)


# The title window's buckets are wider (4 years, 12 years, the rest): a query's
# title matches are often few, and every bucket costs a lookup even when empty.
TITLE_BUCKETS = (4,)


def _year_range(sizes=None):
    """The year buckets, newest first: lists of consecutive years, newest first."""
    import datetime

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


# The leading year buckets kept for a common query hold this many times what it needs.
ENOUGH = 4


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
            "SELECT article_id, issue_date FROM articles_search_document",
            "vector @@ %(m)s::tsquery",
            candidate_tsquery(query),
            params,
            order,
            f" LIMIT %({limit_param})s",
            enough=(query, limit) if limit else None,
        )
    select = (
        "SELECT article_id, issue_date FROM ("
        "SELECT article_id, issue_date, text FROM articles_search_document WHERE {where}"
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
        "SELECT article_id, issue_date FROM articles_search_document",
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
                FROM articles_search_document d JOIN candidates USING (article_id)
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


# -- SQLite FTS5 ---------------------------------------------------------------


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


def _sqlite_ids(cursor, query, offset, limit):
    match = fts_query(query)
    if query.sort == "date" or not query.terms:
        cursor.execute(
            "SELECT rowid FROM articles_search_fts WHERE articles_search_fts MATCH %s "
            "ORDER BY issue_date DESC, rowid DESC LIMIT %s OFFSET %s",
            [match, limit, offset],
        )
    else:
        # The embedded database ranks every match: it serves small archives.
        cursor.execute(
            "SELECT rowid FROM articles_search_fts WHERE articles_search_fts MATCH %s "
            "ORDER BY rowid IN (SELECT rowid FROM articles_search_fts "
            "                   WHERE articles_search_fts MATCH %s) DESC, "
            "bm25(articles_search_fts, 0, 10.0, 10.0, 1.0, 1.0, 0), "
            "issue_date DESC, rowid DESC LIMIT %s OFFSET %s",
            [match, fts_query(query, title_only=True, with_filters=False), limit, offset],
        )
    return [r[0] for r in cursor.fetchall()]


def _sqlite_count(cursor, query):
    cursor.execute(
        "SELECT count(*) FROM articles_search_fts WHERE articles_search_fts MATCH %s",
        [fts_query(query)],
    )
    return cursor.fetchone()[0]


# -- Both ----------------------------------------------------------------------


def matching_ids(query, offset=0, limit=20):
    """(count, ids of this slice, in ranked or date order) for a parsed query."""
    if query.is_empty:
        return 0, []
    # Results are listed as far as they are counted (COUNT_CAP), so a page number
    # however large never reads more than the first COUNT_CAP + one page of matches.
    listed = offset < COUNT_CAP
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            count = min(_sqlite_count(cursor, query), COUNT_CAP + 1)
            return count, _sqlite_ids(cursor, query, offset, limit) if listed else []
    with transaction.atomic(), connection.cursor() as cursor:
        # A sequential scan would unpack every row's vector; the GIN index is always cheaper.
        # Parallel workers would run the year buckets side by side (no early stop).
        # The lexeme frequencies ride on the same statement when they are due.
        stale = _stats_stale()
        cursor.execute(PLANNER_SETTINGS + (", " + STATS_SQL if stale else ""))
        if stale:
            _store_stats(*cursor.fetchone()[2:])
        return _pg_matching_ids(cursor, query, offset, limit)


def _pg_matching_ids(cursor, query, offset, limit):
    # The count stops at COUNT_CAP + 1; the last listed page may reach a little further.
    if offset >= COUNT_CAP:
        offset = limit = 0
    newest = max(COUNT_CAP + 1, offset + limit)
    cursor.execute(*answer_sql(query, newest, offset + limit))
    found, window, matches = cursor.fetchone()
    count = min(found, COUNT_CAP + 1)
    if not found:
        return 0, []
    if matches is None:  # the page lies within the ranked window
        return count, window[offset : offset + limit]
    seen = set(window)
    ordered = window + [pk for pk in matches if pk not in seen]
    return count, ordered[offset : offset + limit]


def all_matching_ids(query):
    """Every match, unranked (for checks and benchmarks)."""
    if query.is_empty:
        return set()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            where, params = confirm(query)
            cursor.execute(
                "SELECT article_id FROM articles_search_document "
                "WHERE vector @@ %(m)s::tsquery" + (f" AND {where}" if where else ""),
                {"m": candidate_tsquery(query), **params},
            )
        else:
            cursor.execute(
                "SELECT rowid FROM articles_search_fts WHERE articles_search_fts MATCH %s",
                [fts_query(query)],
            )
        return {r[0] for r in cursor.fetchall()}


def term_hits(query):
    """For each term alone, whether anything matches it (for the no-result page)."""
    hits = []
    for term in query.terms:
        single = Query(raw=term.text, terms=[term])
        count, _ = matching_ids(single, limit=1)
        hits.append((term.text, count))
    return hits


# -- Results -------------------------------------------------------------------


@dataclass
class Hit:
    article: object
    snippet: str  # safe HTML: escaped text with <mark> around matches


@dataclass
class Results:
    query: Query
    count: int
    hits: list
    page: int
    page_size: int

    @property
    def num_pages(self):
        return max(1, -(-min(self.count, COUNT_CAP) // self.page_size))

    @property
    def count_is_capped(self):
        return self.count > COUNT_CAP

    @property
    def shown_count(self):
        return min(self.count, COUNT_CAP)

    @property
    def has_next(self):
        return self.page < self.num_pages

    @property
    def beyond_last_page(self):
        return bool(self.count) and self.page > self.num_pages

    @property
    def beyond_message(self):
        """Why a page past the last one is empty, and what to do."""
        if not self.beyond_last_page:
            return ""
        message = f"没有第 {self.page} 页:结果共 {self.num_pages} 页"
        if self.count_is_capped:
            message += f"(只列出前 {COUNT_CAP} 篇,请加上检索词或筛选条件缩小范围)"
        return message + "。"

    @property
    def has_previous(self):
        return self.page > 1


RESULTS_SQL = """
SELECT a.id, a.title, a.kicker, a.subtitle, a.body, p.id, p.number, p.name,
       i.id, i.number, i.date, r.id, c.id, c.name, c.slug
FROM articles_article a
JOIN articles_page p ON p.id = a.page_id
JOIN articles_issue i ON i.id = p.issue_id
LEFT JOIN articles_columnrun r ON r.id = a.column_run_id
LEFT JOIN articles_column c ON c.id = r.column_id
WHERE a.id IN ({ids}) AND a.status = %s AND i.status = %s
"""


def load_results(ids):
    """{id: article} with what a result shows: title, kicker, subtitle, body (for the
    snippet), page and issue, column. One query; unsaved instances built from its rows
    (the ORM's select_related took twice as long as the query for a page of 20)."""
    from articles.models import Article, Column, ColumnRun, Issue, Page

    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            RESULTS_SQL.format(ids=", ".join(["%s"] * len(ids))),
            [*ids, Article.Status.PUBLISHED, Issue.Status.PUBLISHED],
        )
        rows = cursor.fetchall()
    found = {}
    for pk, title, kicker, subtitle, body, page_id, *rest in rows:
        page_number, page_name, issue_id, issue_number, issue_date = rest[:5]
        run_id, column_id, column_name, column_slug = rest[5:]
        issue = Issue(id=issue_id, number=issue_number, date=issue_date)
        page = Page(id=page_id, number=page_number, name=page_name, issue=issue)
        run = None
        if run_id is not None:
            column = Column(id=column_id, name=column_name, slug=column_slug)
            run = ColumnRun(id=run_id, column=column if column_id is not None else None)
        found[pk] = Article(
            id=pk,
            title=title,
            kicker=kicker,
            subtitle=subtitle,
            body=body,
            page=page,
            column_run=run,
            status=Article.Status.PUBLISHED,
        )
    return found


def search(query, page=1, page_size=20):
    """One page of results: count, articles (issue, page and column loaded) and snippets."""
    offset = (page - 1) * page_size
    count, ids = matching_ids(query, offset=offset, limit=page_size)
    articles = load_results(ids)
    hits = [
        Hit(article=articles[pk], snippet=snippet(articles[pk], query))
        for pk in ids
        if pk in articles
    ]
    return Results(query=query, count=count, hits=hits, page=page, page_size=page_size)


def _spans(text, query, limit=50):
    """(start, end) in ``text`` of the terms' matches (ignoring punctuation), sorted."""
    from newsroom.segment import reduce_with_offsets

    chars, offsets = reduce_with_offsets(text)
    spans = []
    for term in query.terms:
        for variant in term.variants:
            start = chars.find(variant)
            while start != -1 and len(spans) < limit:
                end = start + len(variant) - 1
                if end < len(offsets):
                    spans.append((offsets[start], offsets[end] + 1))
                start = chars.find(variant, start + len(variant))
    spans.sort()
    return spans


def snippet(article, query, width=120):
    """An escaped excerpt of the article around the first match, matches in <mark>.

    The first literal occurrence is found with ``str.find`` on the lower-cased body
    and only the excerpt is reduced to place the marks; the whole body is reduced
    only when no term occurs literally (a match across punctuation or a line break,
    full-width letters).
    """
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    text = " ".join((article.body or "").split()) or article.title
    folded = text.lower()
    found = [
        position
        for term in query.terms
        for variant in term.variants
        if (position := folded.find(variant)) != -1
    ]
    if found and len(folded) == len(text):
        begin = max(0, min(found) - width // 3)
        spans = [(s + begin, e + begin) for s, e in _spans(text[begin : begin + width], query)]
    else:
        spans = _spans(text, query)
        begin = max(0, spans[0][0] - width // 3) if spans else 0
    end = min(len(text), begin + width)
    out, cursor = [], begin
    for s, e in spans:
        if s < cursor or s >= end:
            continue
        e = min(e, end)
        out.append(escape(text[cursor:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    out.append(escape(text[cursor:end]))
    prefix = "…" if begin > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + "".join(out).replace("</mark><mark>", "") + suffix)
