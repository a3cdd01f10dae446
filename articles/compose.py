"""Composing an issue page by page: printed order, moves between pages and columns,
and starting a new issue from the previous one's structure."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Prefetch

from . import changes
from .models import (
    Article,
    ColumnRun,
    ColumnRunSponsor,
    Issue,
    Page,
    PageSponsor,
)

ARRANGE = "articles.arrange_issue"


def check_arrange(user):
    if not user.has_perm(ARRANGE):
        raise PermissionDenied("您没有编排版面的权限,只有编辑和主编可以调整文章顺序和版面。")


def issue_layout(issue):
    """The issue's pages in order, each with sponsors, column runs and articles in print order.

    A fixed number of queries however large the issue is.
    """
    pages = list(
        issue.pages.order_by("number").prefetch_related(
            Prefetch(
                "sponsorships",
                queryset=PageSponsor.objects.select_related("organization").order_by("order", "id"),
            ),
            Prefetch(
                "column_runs",
                queryset=ColumnRun.objects.select_related("column")
                .prefetch_related(
                    Prefetch(
                        "sponsorships",
                        queryset=ColumnRunSponsor.objects.select_related("organization"),
                    )
                )
                .order_by("order", "id"),
            ),
            Prefetch(
                "articles",
                queryset=Article.objects.select_related("author", "column_run__column").order_by(
                    "position", "id"
                ),
            ),
        )
    )
    for page in pages:
        page.blocks = blocks(page.articles.all())
    return pages


def blocks(articles):
    """Consecutive articles of the same column run: what the page prints under one header."""
    out = []
    for article in articles:
        if out and out[-1]["column_run_id"] == article.column_run_id:
            out[-1]["articles"].append(article)
        else:
            out.append(
                {
                    "column_run_id": article.column_run_id,
                    "column_run": article.column_run,
                    "articles": [article],
                }
            )
    return out


def _renumber(page_id, order_ids):
    """Give the articles of a page positions 1..n in the given order, bumping each
    changed article's version so an open edit form cannot silently undo the move."""
    current = dict(Article.objects.filter(page_id=page_id).values_list("pk", "position"))
    moved = []
    for position, pk in enumerate(order_ids, start=1):
        if current.get(pk) != position:
            Article.objects.filter(pk=pk).update(position=position, version=F("version") + 1)
            moved.append(pk)
    changes.articles_changed(moved)


def _print_order(page_id):
    return list(
        Article.objects.filter(page_id=page_id)
        .order_by("position", "id")
        .values_list("pk", flat=True)
    )


def shift(article, direction, user):
    """Move an article one place up (-1) or down (+1) within its page."""
    check_arrange(user)
    if article.page_id is None:
        raise ValidationError("这篇文章还没有放到任何版上,请先用“移到”选择版面。")
    with changes.batch():
        order = _print_order(article.page_id)
        i = order.index(article.pk)
        j = i + direction
        if not 0 <= j < len(order):
            raise ValidationError("这篇文章已经在本版最前面或最后面了。")
        order[i], order[j] = order[j], order[i]
        _renumber(article.page_id, order)


def move(article, user, *, page, column_run=None, position=None):
    """Move an article to ``page`` (and ``column_run``), at ``position`` (1-based) or last."""
    check_arrange(user)
    if column_run is not None and column_run.page_id != page.pk:
        raise ValidationError(
            f"栏目“{column_run.column or '未定栏目'}”不在{page.label}上,请先选版面再选该版的栏目。"
        )
    if article.page_id and page.issue_id != article.page.issue_id:
        raise ValidationError("只能在同一期内移动文章;要换到其他期,请在文章编辑页修改版面。")
    with changes.batch():
        old_page_id = article.page_id
        Article.objects.filter(pk=article.pk).update(
            page=page, column_run=column_run, version=F("version") + 1, last_edited_by=user
        )
        changes.articles_changed([article.pk])
        order = [pk for pk in _print_order(page.pk) if pk != article.pk]
        at = len(order) if position is None else max(0, min(position - 1, len(order)))
        order.insert(at, article.pk)
        _renumber(page.pk, order)
        if old_page_id and old_page_id != page.pk:
            _renumber(old_page_id, _print_order(old_page_id))


def start_from_previous(*, number, date, user, previous=None, total_number=None):
    """A new draft issue with the previous issue's pages, page names, sponsors and column
    runs (with their co-sponsors); no articles."""
    check_arrange(user)
    if not user.has_perm("articles.add_issue"):
        raise PermissionDenied("您没有新建一期的权限。")
    previous = previous or Issue.objects.order_by("-date", "-number").first()
    if previous is None:
        raise ValidationError("还没有任何一期可以沿用,请直接新建一期。")
    if Issue.objects.filter(number=number).exists():
        raise ValidationError(f"第{number}期已经存在,请换一个期号。")
    with changes.batch():
        issue = Issue.objects.create(number=number, total_number=total_number, date=date)
        for old_page in previous.pages.order_by("number").prefetch_related(
            "sponsorships", "column_runs__sponsorships"
        ):
            page = Page.objects.create(
                issue=issue,
                number=old_page.number,
                name=old_page.name,
                sponsors_unordered=old_page.sponsors_unordered,
            )
            PageSponsor.objects.bulk_create(
                PageSponsor(page=page, organization_id=s.organization_id, order=s.order)
                for s in old_page.sponsorships.all()
            )
            for old_run in old_page.column_runs.all():
                run = ColumnRun.objects.create(
                    page=page, column_id=old_run.column_id, order=old_run.order
                )
                ColumnRunSponsor.objects.bulk_create(
                    ColumnRunSponsor(
                        column_run=run, organization_id=s.organization_id, order=s.order
                    )
                    for s in old_run.sponsorships.all()
                )
    return issue
