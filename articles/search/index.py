"""The search index: one row per published article, kept current on every path.

What is indexed (see ``newsroom.segment``): every field is reduced to its
letters and digits; each character (unigram) and each pair of consecutive
characters (bigram) is indexed at its position, beside the jieba search-mode
words of three or more characters. A query term of one character is a unigram
lookup, of n characters a phrase of n-1 consecutive bigrams: any literal
substring is an index lookup, whatever jieba made of the text.

Weights: kicker and title A, subtitle B, section headings, captions, credits and
organisation names C, body D. The title group also gets a vector of its own, so
"matches in the title" is an index lookup too.

Filters are indexed as tokens no query can produce (``_c<column>``,
``_o<organisation>``, ``_y<year>``, ``_i<issue number>``), so a filtered search
is one index lookup; on PostgreSQL they are in the title vector too.

PostgreSQL (``backends.postgres``): ``vector`` and ``title_vector`` tsvectors
built here as literals with explicit positions and weights (the ``simple``
configuration is never asked to parse Han text) and ``text``: every field reduced
as for matching (``match_chars``: half-width, lower case, letters and digits
only), fields joined by a space, which no reduced field and no query holds. The
search asks the GIN index for a query's rarest grams and confirms the candidates
with ``strpos`` on ``text`` -- far cheaper than the phrase check, which unpacks
the whole vector. Traditional characters are stored as printed: the query side
asks for both forms. SQLite (``backends.sqlite``): an FTS5 table with the same
tokens as space-separated columns. Only published articles in published issues
are in the index; anything else is removed by ``reindex_articles``. This module
builds the documents; the backends write them.

Known limits: PostgreSQL keeps positions up to 16,383 and 256 positions per
lexeme; matching does not depend on them any more (candidates are confirmed on
``text``), only the title phrase check of the ranking does.
"""

import bisect
import contextlib
import multiprocessing
import threading
from collections import defaultdict, deque
from dataclasses import dataclass

from django.db import connection, transaction

from articles.models import Article, Credit, Section, TaggedArticle
from newsroom.segment import (
    MAX_POSITION,
    bigrams,
    get_segmenter,
    match_chars,
    reduce_with_offsets,
)

from . import backends, dictionary
from .backends.postgres import DOCUMENT_INDEXES as PG_INDEXES  # noqa: F401  (public name)

MAX_POSITIONS_PER_LEXEME = 256
FIELD_GAP = 2

_state = threading.local()


@dataclass
class Source:
    """What one article contributes to the index, read from the database."""

    id: int
    issue_date: object
    issue_number: int
    column_id: int | None
    kicker: str
    title: str
    subtitle: str
    body: str
    captions: str
    headings: list
    section_bodies: list
    credits: list
    organization_names: list
    organization_ids: list
    tag_ids: list = ()
    mentioned_ids: list = ()  # organisations mentioned (``Article.organizations``)


@dataclass
class Document:
    article_id: int
    issue_date: object
    title_vector: str  # PostgreSQL tsvector literal
    vector: str
    columns: dict  # SQLite FTS5 columns
    text: str = ""  # PostgreSQL: the reduced fields, space-separated
    related_keys: list = ()  # PostgreSQL: tag ids, and mentioned organisations' ids negated


class _Tokens:
    """Lexemes with positions and weights, for one vector."""

    def __init__(self):
        self.positions = defaultdict(list)  # lexeme -> ["12A", "13A", ...] ascending
        self.bare = set()
        self.grams = []  # bigram stream (SQLite phrase column)
        self.texts = []  # reduced fields (PostgreSQL ``text``)
        self.extra = []  # unigrams and words (SQLite)
        self.next_position = 1

    def add_field(self, text, weight, segmenter):
        chars, offsets = reduce_with_offsets(text)
        if not chars:
            return
        self.texts.append(chars)
        base = self.next_position
        suffix = "" if weight == "D" else weight
        labels = [f"{min(base + i, MAX_POSITION)}{suffix}" for i in range(len(chars))]
        positions = self.positions
        for ch, label in zip(chars, labels, strict=True):
            positions[ch].append(label)
        grams = bigrams(chars)
        for gram, label in zip(grams, labels, strict=False):
            positions[gram].append(label)
        self.grams.extend(grams)
        self.extra.extend(chars)
        for word, offset in segmenter.index_words(text):
            if len(word) < 3:
                continue  # one- and two-character words are unigrams and bigrams already
            reduced = match_chars(word)
            if len(reduced) < 3:
                continue
            i = min(bisect.bisect_left(offsets, offset), len(labels) - 1)
            positions[reduced].append(labels[i])
            self.extra.append(reduced)
        self.next_position = base + len(chars) + FIELD_GAP

    def tsvector(self):
        parts = [
            f"{quote_lexeme(lexeme)}:{','.join(labels[:MAX_POSITIONS_PER_LEXEME])}"
            for lexeme, labels in self.positions.items()
        ]
        parts.extend(quote_lexeme(lexeme) for lexeme in self.bare)
        return " ".join(parts)

    def copy(self):
        other = _Tokens()
        other.positions = defaultdict(list, {k: list(v) for k, v in self.positions.items()})
        other.next_position = self.next_position
        other.texts = list(self.texts)
        return other


def quote_lexeme(lexeme):
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def filter_tokens(source):
    tokens = {f"_y{source.issue_date.year}", f"_i{source.issue_number}"}
    if source.column_id:
        tokens.add(f"_c{source.column_id}")
    tokens.update(f"_o{pk}" for pk in source.organization_ids)
    return sorted(tokens)


def related_keys(source):
    """The keys ``articles.reader.related`` ranks by: tag ids, and mentioned organisations' ids negated."""
    return sorted({*source.tag_ids, *(-pk for pk in source.mentioned_ids)})


def build_document(source, segmenter=None, postgres=None):
    """The index entry of one article (pure: no database)."""
    segmenter = segmenter or get_segmenter()
    if postgres is None:
        postgres = backends.current() is backends.postgres
    title = _Tokens()
    title.add_field(source.kicker, "A", segmenter)
    title.add_field(source.title, "A", segmenter)
    title.add_field(source.subtitle, "B", segmenter)
    everything = title.copy()
    body = _Tokens()
    for text, weight in [
        (source.body, "D"),
        *[(h, "C") for h in source.headings],
        *[(b, "D") for b in source.section_bodies],
        (source.captions, "C"),
        *[(c, "C") for c in source.credits],
        *[(n, "C") for n in source.organization_names],
    ]:
        (everything if postgres else body).add_field(text, weight, segmenter)
    meta = filter_tokens(source)
    everything.bare.update(meta)
    if postgres:
        # The title vector carries the filter tokens too, so the newest title matches
        # are one title-index lookup per year bucket (see ``backends.postgres``).
        title.bare.update(meta)
        return Document(
            article_id=source.id,
            issue_date=source.issue_date,
            title_vector=title.tsvector(),
            vector=everything.tsvector(),
            columns={},
            text=" ".join(everything.texts),
            related_keys=related_keys(source),
        )
    return Document(
        article_id=source.id,
        issue_date=source.issue_date,
        title_vector="",
        vector="",
        columns={
            "title_grams": " ".join(title.grams),
            "title_extra": " ".join(title.extra),
            "body_grams": " ".join(body.grams),
            "body_extra": " ".join(body.extra),
            "meta": " ".join(meta),
        },
    )


def load_sources(article_ids):
    """Read the indexed fields of the published articles among ``article_ids``."""
    rows = list(
        Article.objects.published()
        .filter(pk__in=article_ids)
        .values_list(
            "id",
            "page__issue__date",
            "page__issue__number",
            "column_run__column_id",
            "kicker",
            "title",
            "subtitle",
            "body",
            "captions",
        )
    )
    if not rows:
        return []
    ids = [r[0] for r in rows]
    headings, section_bodies = defaultdict(list), defaultdict(list)
    for article_id, heading, body in Section.objects.filter(article_id__in=ids).values_list(
        "article_id", "heading", "body"
    ):
        headings[article_id].append(heading)
        section_bodies[article_id].append(body)
    credits, org_ids, org_names = defaultdict(list), defaultdict(set), defaultdict(list)
    for article_id, role, person, org_id, org_name, org_short in Credit.objects.filter(
        article_id__in=ids
    ).values_list(
        "article_id",
        "role",
        "person__name",
        "organization_id",
        "organization__name",
        "organization__short_name",
    ):
        credits[article_id].append(" ".join(x for x in (role, person, org_short or org_name) if x))
        if org_id:
            org_ids[article_id].add(org_id)
            org_names[article_id].extend(n for n in (org_name, org_short) if n)
    through = Article.organizations.through
    mentioned = defaultdict(list)
    for article_id, org_id, name, short in through.objects.filter(article_id__in=ids).values_list(
        "article_id", "organization_id", "organization__name", "organization__short_name"
    ):
        org_ids[article_id].add(org_id)
        mentioned[article_id].append(org_id)
        org_names[article_id].extend(n for n in (name, short) if n)
    tag_ids = defaultdict(list)
    for article_id, tag_id in TaggedArticle.objects.filter(content_object_id__in=ids).values_list(
        "content_object_id", "tag_id"
    ):
        tag_ids[article_id].append(tag_id)
    return [
        Source(
            id=r[0],
            issue_date=r[1],
            issue_number=r[2],
            column_id=r[3],
            kicker=r[4],
            title=r[5],
            subtitle=r[6],
            body=r[7],
            captions=r[8],
            headings=headings[r[0]],
            section_bodies=section_bodies[r[0]],
            credits=credits[r[0]],
            organization_names=list(dict.fromkeys(org_names[r[0]])),
            organization_ids=sorted(org_ids[r[0]]),
            tag_ids=tag_ids[r[0]],
            mentioned_ids=mentioned[r[0]],
        )
        for r in rows
    ]


def write_documents(documents, remove_ids=()):
    """Replace the index rows of ``remove_ids`` and of the documents' articles."""
    ids = list({*remove_ids, *(d.article_id for d in documents)})
    backends.current().write_documents(documents, ids)


def reindex_articles(article_ids):
    """Bring the index up to date for these articles (idempotent).

    Published articles in published issues are (re)written, all others removed.
    Safe inside the caller's transaction; inside ``deferred()`` the work waits
    until the block ends.
    """
    ids = sorted({int(pk) for pk in article_ids if pk is not None})
    if not ids:
        return 0
    pending = getattr(_state, "pending", None)
    if pending is not None:
        pending.update(ids)
        return 0
    dictionary.ensure_current()
    written = 0
    with transaction.atomic():
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            documents = [build_document(s) for s in load_sources(chunk)]
            write_documents(documents, remove_ids=chunk)
            written += len(documents)
    return written


def remove_articles(article_ids):
    ids = [int(pk) for pk in article_ids]
    if ids:
        write_documents([], remove_ids=ids)


@contextlib.contextmanager
def deferred():
    """Collect reindexing requested in the block and do it once at its end."""
    outer = getattr(_state, "pending", None)
    if outer is not None:
        yield
        return
    _state.pending = set()
    try:
        yield
        ids = _state.pending
    finally:
        _state.pending = None
    reindex_articles(ids)


def is_deferred():
    return getattr(_state, "pending", None) is not None


def _build_batch(sources, postgres):
    return [build_document(s, postgres=postgres) for s in sources]


def rebuild(batch_size=2000, processes=1, progress=None):
    """Rebuild the whole index from the published articles; returns the count indexed.

    Segmentation runs in ``processes`` worker processes when more than one is
    asked for (jieba then loads once in each); the database is written here.
    """
    dictionary.ensure_current()
    get_segmenter().index_words("预热")  # load jieba before forking: the workers share it
    ids = list(Article.objects.published().order_by("pk").values_list("pk", flat=True))
    backend = backends.current()
    with transaction.atomic():
        with connection.cursor() as cursor:
            backend.empty(cursor)
        written = 0
        pool = None
        if processes > 1:
            pool = multiprocessing.get_context("fork").Pool(processes)
        in_flight = deque()
        postgres = backend is backends.postgres

        def write(documents):
            nonlocal written
            write_documents(documents)
            written += len(documents)
            if progress:
                progress(len(documents))

        try:
            for start in range(0, len(ids), batch_size):
                sources = load_sources(ids[start : start + batch_size])
                if pool is None:
                    write(_build_batch(sources, postgres))
                    continue
                in_flight.append(pool.apply_async(_build_batch, (sources, postgres)))
                while len(in_flight) > processes * 2:
                    write(in_flight.popleft().get())
            while in_flight:
                write(in_flight.popleft().get())
        finally:
            if pool:
                pool.close()
                pool.join()
        backend.finish_rebuild()
    backend.analyze()
    return written
