"""What a search result shows: the article with its page, issue and column, and a snippet."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.models import Article, Column, ColumnRun, Issue, Page
from newsroom.segment import reduce_with_offsets

from .backends.reads import reading

RESULTS_SQL = f"""
SELECT a.id, a.title, a.kicker, a.subtitle, a.body, p.id, p.number, p.name,
       i.id, i.number, i.date, r.id, c.id, c.name, c.slug
FROM {Article._meta.db_table} a
JOIN {Page._meta.db_table} p ON p.id = a.page_id
JOIN {Issue._meta.db_table} i ON i.id = p.issue_id
LEFT JOIN {ColumnRun._meta.db_table} r ON r.id = a.column_run_id
LEFT JOIN {Column._meta.db_table} c ON c.id = r.column_id
WHERE a.id IN ({{ids}}) AND a.status = %s AND i.status = %s
"""


def load_results(ids):
    """{id: article} with what a result shows: title, kicker, subtitle, body (for the
    snippet), page and issue, column. One query; unsaved instances built from its rows
    (the ORM's select_related took twice as long as the query for a page of 20)."""
    if not ids:
        return {}
    db = reading()
    with db.cursor() as cursor:
        cursor.execute(
            RESULTS_SQL.format(ids=", ".join(["%s"] * len(ids))),
            [*ids, Article.Status.PUBLISHED, Issue.Status.PUBLISHED],
        )
        rows = cursor.fetchall()

    def loaded(model, **values):
        # As loaded from ``db`` (from_db): instances without a database would ask the
        # router for a write database when related objects are attached to them, and
        # that would pin a reader's request to the primary.
        # from_db takes a subset of the fields in the model's own field order
        names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
        return model.from_db(db.alias, names, [values[name] for name in names])

    found = {}
    for pk, title, kicker, subtitle, body, page_id, *rest in rows:
        page_number, page_name, issue_id, issue_number, issue_date = rest[:5]
        run_id, column_id, column_name, column_slug = rest[5:]
        issue = loaded(Issue, id=issue_id, number=issue_number, date=issue_date)
        page = loaded(Page, id=page_id, number=page_number, name=page_name, issue_id=issue_id)
        page.issue = issue
        run = None
        if run_id is not None:
            run = loaded(ColumnRun, id=run_id, column_id=column_id)
            if column_id is not None:
                run.column = loaded(Column, id=column_id, name=column_name, slug=column_slug)
            else:
                run.column = None
        article = loaded(
            Article,
            id=pk,
            title=title,
            kicker=kicker,
            subtitle=subtitle,
            body=body,
            page_id=page_id,
            column_run_id=run_id,
            status=Article.Status.PUBLISHED,
        )
        article.page = page
        article.column_run = run
        found[pk] = article
    return found


def _spans(text, query, limit=50):
    """(start, end) in ``text`` of the terms' matches (ignoring punctuation), sorted."""
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
