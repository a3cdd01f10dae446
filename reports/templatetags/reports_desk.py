"""What the desk and the article form show from the reports: agreements running behind
and 相似稿件. Tags, so that the articles app never imports the reports."""

from django import template
from django.db.models import Q

from articles import workflow
from reports import ledger
from reports.models import SimilarPair

register = template.Library()


def _similar(pairs, article_id):
    return [
        {"article": p.other(article_id), "similarity": round(p.similarity * 100)} for p in pairs
    ]


@register.inclusion_tag("admin/reports/_similar.html")
def similar_articles(article):
    """相似稿件 of one article, most similar first (one statement)."""
    pairs = (
        SimilarPair.objects.of(article.pk)
        .select_related("article__page__issue", "similar__page__issue")
        .order_by("-similarity")[:20]
    )
    return {"article": article, "similar": _similar(pairs, article.pk)}


@register.inclusion_tag("admin/reports/_desk.html", takes_context=True)
def desk_reports(context, waiting, next_issue):
    """For editors: agreements behind schedule, and 相似稿件 of what waits for review or is
    placed in the next issue (two statements)."""
    user = context["request"].user
    if not workflow.is_editor(user):
        return {"editor": False}
    ids = [a.pk for a in waiting]
    mine = Q(article_id__in=ids) | Q(similar_id__in=ids)
    if next_issue is not None:
        mine |= Q(article__page__issue=next_issue) | Q(similar__page__issue=next_issue)
    pairs = list(
        SimilarPair.objects.filter(mine)
        .select_related("article__page__issue", "similar__page__issue")
        .order_by("-similarity")[:30]
    )
    watched = set(ids)
    if next_issue is not None:
        watched |= {
            p.article_id
            for p in pairs
            if p.article.page and p.article.page.issue_id == next_issue.pk
        } | {
            p.similar_id
            for p in pairs
            if p.similar.page and p.similar.page.issue_id == next_issue.pk
        }
    rows = []
    for p in pairs:
        here, there = (p.article, p.similar) if p.article_id in watched else (p.similar, p.article)
        rows.append({"article": here, "other": there, "similarity": round(p.similarity * 100)})
    return {"editor": True, "behind": ledger.behind(), "reprints": rows}
