"""Read-only JSON API: search, one article, one issue. Only published content."""

from django.http import JsonResponse

from accounts.ratelimit import rate_limited
from articles.models import Article, Issue
from organizations.models import Organization
from photos import reader as photo_reader

from . import dictionary, query
from .filters import SearchFilter

MAX_PAGE_SIZE = 100


def error(message, status=400):
    return JsonResponse(
        {"error": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def positive_int(value, default, maximum, name):
    if value in (None, ""):
        return default, None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None, f"{name}必须是整数。"
    if not 1 <= number <= maximum:
        return None, f"{name}必须在 1 到 {maximum} 之间。"
    return number, None


def article_json(article, snippet=None):
    data = {
        "id": article.pk,
        "title": article.title,
        "url": article.get_absolute_url(),
        "issue": article.page.issue.number if article.page_id else None,
        "page": article.page.number if article.page_id else None,
        "column": article.column_run.column.name
        if article.column_run_id and article.column_run.column_id
        else None,
    }
    if snippet is not None:
        data["snippet"] = str(snippet)
    return data


@rate_limited("api")
def search(request):
    dictionary.ensure_current()
    page, problem = positive_int(request.GET.get("page"), 1, 10_000, "page(页码)")
    if problem:
        return error(problem)
    size, problem = positive_int(
        request.GET.get("page_size"), 20, MAX_PAGE_SIZE, "page_size(每页条数)"
    )
    if problem:
        return error(problem)
    filters = SearchFilter(request.GET, queryset=Organization.objects.none())
    if not filters.is_valid():
        return error(";".join(filters.error_messages()))
    parsed = filters.apply(query.parse(request.GET.get("q", "")))
    if parsed.is_empty:
        return JsonResponse(
            {"count": 0, "results": [], "notices": parsed.notices or ["请输入检索词。"]},
            json_dumps_params={"ensure_ascii": False},
        )
    results = query.search(parsed, page=page, page_size=size)
    return JsonResponse(
        {
            "count": results.shown_count,
            "count_is_capped": results.count_is_capped,
            "page": page,
            "page_size": size,
            "notices": [*parsed.notices, *filter(None, [results.beyond_message])],
            "results": [article_json(h.article, h.snippet) for h in results.hits],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@rate_limited("api")
def article(request, pk):
    found = (
        Article.objects.published()
        .select_related("page__issue", "column_run__column")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        return error("没有这篇已发布的文章。", status=404)
    data = article_json(found)
    data.update({"kicker": found.kicker, "subtitle": found.subtitle, "body": found.body})
    data.update(article_details(found))
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def article_details(article):
    """Byline, roundup sections, captions, tags, organisations and photos of one article."""
    credits = article.credits.select_related("person", "organization").order_by("order", "id")
    return {
        "credits": [
            {
                "role": c.role,
                "name": c.name,
                "printed_name": c.printed_name,
                "kind": "person" if c.person_id else "organization",
                "url": c.credited.get_absolute_url(),
            }
            for c in credits
        ],
        "sections": [
            {"heading": s.heading, "body": s.body} for s in article.sections.order_by("order", "id")
        ],
        "captions": article.caption_list,
        "tags": [t.name for t in article.tags.order_by("name")],
        "organizations": [
            {"name": o.display_name, "url": o.get_absolute_url()}
            for o in article.organizations.order_by("name")
        ],
        "photos": [photo_reader.photo_json(p) for p in photo_reader.pictured_photos(article)],
    }


@rate_limited("api")
def issue(request, number):
    found = Issue.objects.published().filter(number=number).first()
    if found is None:
        return error("没有这一期已发布的报纸。", status=404)
    articles = (
        Article.objects.published()
        .filter(page__issue=found)
        .select_related("page__issue", "column_run__column")
        .in_print_order()
    )
    return JsonResponse(
        {
            "number": found.number,
            "date": found.date.isoformat(),
            "url": found.get_absolute_url(),
            "articles": [article_json(a) for a in articles],
            "pages": photo_reader.issue_pages_json(found, [a.pk for a in articles]),
        },
        json_dumps_params={"ensure_ascii": False},
    )
