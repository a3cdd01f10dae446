"""Related articles: the published articles sharing the most tags, then the most
mentioned organisations, with the newest first among equals.

Two ways to the same ranking (``tests/articles/test_reader_scale.py`` checks both
against a ranking done by hand):

* PostgreSQL: ``articles_related_keys`` holds, for every indexed (published)
  article, its issue date and its tags and mentioned organisations as one integer
  array (tags positive, organisations negative) under a GIN index; it is written
  with the search index (``articles.search.index``), and ranked by
  ``articles.search.backends.postgres.ranked_from_keys``. Only a few groups need every
  member ranked: the articles sharing two keys or more are GIN intersections
  (hundreds of rows, each scored), and the articles sharing exactly one tag or
  exactly one organisation are ranked by date alone, so only their newest few are
  read, newest first from the date index. Scoring every article that shares any
  key (tens of thousands when a tag is common) took a median of 47 ms (p95 108 ms)
  at 200,000 articles; this takes 5 ms (p95 15 ms; the slowest are articles with
  four keys, six pairs).
* Elsewhere (SQLite, or an article with more than ``MAX_KEYS`` keys): one query
  scoring from the link tables (``_ranked_from_links``).
"""

from articles.models import Article, Issue, Page, TaggedArticle
from articles.search import backends
from articles.search.backends.reads import reading

# More keys than this and the pairs of keys (one GIN lookup each) cost more than
# scoring from the link tables.
MAX_KEYS = 8

RELATED_SQL = """
WITH shared AS {materialized} (
    SELECT x.article_id, SUM(x.t) AS st, SUM(x.o) AS so FROM (
        SELECT content_object_id AS article_id, 1 AS t, 0 AS o FROM {tagged}
        WHERE tag_id IN (SELECT tag_id FROM {tagged} WHERE content_object_id = %(pk)s)
        UNION ALL
        SELECT article_id, 0 AS t, 1 AS o FROM {mentions}
        WHERE organization_id IN (SELECT organization_id FROM {mentions} WHERE article_id = %(pk)s)
    ) x
    WHERE x.article_id <> %(pk)s
    GROUP BY x.article_id
),
ranked AS {materialized} (
    SELECT article_id, st, so FROM shared ORDER BY st DESC, so DESC LIMIT %(prefix)s
),
cut_in_prefix AS {materialized} (
    SELECT r.st, r.so FROM (
        SELECT article_id, st, so FROM ranked ORDER BY st DESC, so DESC {fence}
    ) r
    WHERE EXISTS (
        SELECT 1 FROM {article} a
        JOIN {page} p ON p.id = a.page_id JOIN {issue} i ON i.id = p.issue_id
        WHERE a.id = r.article_id AND a.status = %(published)s AND i.status = %(issue_published)s
    )
    ORDER BY r.st DESC, r.so DESC LIMIT 1 OFFSET %(offset)s
),
cut AS {materialized} (
    SELECT st, so FROM cut_in_prefix
    UNION ALL
    SELECT * FROM (
        SELECT r.st, r.so FROM (
            SELECT article_id, st, so FROM shared ORDER BY st DESC, so DESC {fence}
        ) r
        WHERE NOT EXISTS (SELECT 1 FROM cut_in_prefix)
        AND (SELECT COUNT(*) FROM ranked) >= %(prefix)s
        AND EXISTS (
            SELECT 1 FROM {article} a
            JOIN {page} p ON p.id = a.page_id JOIN {issue} i ON i.id = p.issue_id
            WHERE a.id = r.article_id AND a.status = %(published)s
            AND i.status = %(issue_published)s
        )
        ORDER BY r.st DESC, r.so DESC LIMIT 1 OFFSET %(offset)s
    ) slow
),
recent AS {materialized} (
    SELECT a.id, a.title, a.kicker, a.page_id, p.number AS page_number, p.name AS page_name,
           i.id AS issue_id, i.number AS issue_number, i.date AS issue_date
    FROM (
        SELECT id, number, date FROM {issue} WHERE status = %(issue_published)s
        ORDER BY date DESC LIMIT %(window)s
    ) i
    JOIN {page} p ON p.issue_id = i.id JOIN {article} a ON a.page_id = p.id
    WHERE a.status = %(published)s AND i.date > (
        SELECT MIN(date) FROM (
            SELECT date FROM {issue} WHERE status = %(issue_published)s
            ORDER BY date DESC LIMIT %(window)s
        ) d
    )
),
in_window AS {materialized} (
    SELECT s.st, s.so, w.* FROM shared s JOIN recent w ON w.id = s.article_id
    WHERE s.st = (SELECT st FROM cut) AND s.so = (SELECT so FROM cut)
),
candidates AS (
    SELECT s.st, s.so, a.id, a.title, a.kicker, a.page_id, p.number AS page_number,
           p.name AS page_name, i.id AS issue_id, i.number AS issue_number, i.date AS issue_date
    FROM shared s JOIN {article} a ON a.id = s.article_id
    JOIN {page} p ON p.id = a.page_id JOIN {issue} i ON i.id = p.issue_id
    WHERE a.status = %(published)s AND i.status = %(issue_published)s AND (
        NOT EXISTS (SELECT 1 FROM cut)
        OR s.st > (SELECT st FROM cut)
        OR (s.st = (SELECT st FROM cut) AND s.so > (SELECT so FROM cut))
        OR (s.st = (SELECT st FROM cut) AND s.so = (SELECT so FROM cut)
            AND (SELECT COUNT(*) FROM in_window) < %(limit)s)
    )
    UNION ALL
    SELECT st, so, id, title, kicker, page_id, page_number, page_name, issue_id, issue_number,
           issue_date
    FROM in_window WHERE (SELECT COUNT(*) FROM in_window) >= %(limit)s
)
SELECT id, title, kicker, page_id, page_number, page_name, issue_id, issue_number
FROM candidates ORDER BY st DESC, so DESC, issue_date DESC, id LIMIT %(limit)s
"""

# Issues searched first for the newest articles of the last group of equally related ones.
RELATED_WINDOW = 50
# Best-scored candidates checked for being published before sorting every candidate.
RELATED_PREFIX = 64


def _ranked_from_links(article, limit):
    """Published articles sharing the most tags, then the most mentioned organisations, newest first.

    One query, bounded at the archive's size. Scores come from the two link tables
    alone; the sixth published score is looked for among the ``RELATED_PREFIX`` best
    (all candidates are sorted only if too few of those are published), and only the
    articles scored at or above it are joined to their pages and issues. The last group of equally scored articles (often thousands:
    everything sharing one common tag) is ordered by date among the newest
    ``RELATED_WINDOW`` issues when it has enough articles there, and in full
    otherwise, so the result is the same as ranking every candidate.
    """
    backend = backends.current()
    sql = RELATED_SQL.format(
        materialized=backend.MATERIALIZED,
        fence=backend.FENCE,
        tagged=TaggedArticle._meta.db_table,
        mentions=Article.organizations.through._meta.db_table,
        article=Article._meta.db_table,
        page=Page._meta.db_table,
        issue=Issue._meta.db_table,
    )
    params = {
        "pk": article.pk,
        "published": Article.Status.PUBLISHED,
        "issue_published": Issue.Status.PUBLISHED,
        "offset": limit - 1,
        "window": RELATED_WINDOW,
        "prefix": max(RELATED_PREFIX, limit),
        "limit": limit,
    }
    with reading().cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def related_articles(article, tag_ids, org_ids, limit=6):
    """Published articles sharing the most tags, then the most mentioned organisations,
    newest first among equals (then by id); one query.

    Returned as unsaved ``Article`` objects carrying what the template shows: title,
    kicker, page (number, name) and issue (number).
    """
    if not tag_ids and not org_ids:
        return []
    backend = backends.current()
    if backend.HAS_KEYS_TABLE and len(tag_ids) + len(org_ids) <= MAX_KEYS:
        rows = backend.ranked_from_keys(article, list(tag_ids), list(org_ids), limit)
    else:
        rows = _ranked_from_links(article, limit)
    related = []
    for pk, title, kicker, page_id, page_number, page_name, issue_id, issue_number in rows:
        issue = Issue(id=issue_id, number=issue_number)
        page = Page(id=page_id, number=page_number, name=page_name, issue=issue)
        related.append(Article(id=pk, title=title, kicker=kicker, page=page))
    return related
