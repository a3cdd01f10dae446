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

Matching, ranking and counting are the database's (``backends``: PostgreSQL
confirms GIN candidates on the stored text and ranks a bounded window of the
newest matches, SQLite ranks every FTS5 match). Both count up to ``COUNT_CAP``
and list results as far as they count. What a result shows is loaded by
``results``.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from newsroom.segment import get_segmenter, match_chars, to_simplified

from . import backends
from .backends.postgres import PLANNER_SETTINGS, answer_sql  # noqa: F401  (bench/run.py's names)
from .results import load_results, snippet

MAX_QUERY_CHARS = 100
MAX_TERMS = 8
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


# -- Searching -------------------------------------------------------------------


def matching_ids(query, offset=0, limit=20):
    """(count, ids of this slice, in ranked or date order) for a parsed query."""
    if query.is_empty:
        return 0, []
    # Results are listed as far as they are counted (COUNT_CAP), so a page number
    # however large never reads more than the first COUNT_CAP + one page of matches.
    return backends.current().matching_ids(query, offset, limit, COUNT_CAP)


def all_matching_ids(query):
    """Every match, unranked (for checks and benchmarks)."""
    if query.is_empty:
        return set()
    return backends.current().all_matching_ids(query)


def term_hits(query):
    """For each term alone, whether anything matches it (for the no-result page)."""
    hits = []
    for term in query.terms:
        single = Query(raw=term.text, terms=[term])
        count, _ = matching_ids(single, limit=1)
        hits.append((term.text, count))
    return hits


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
