"""The reader's search page at /search/."""

from django.shortcuts import render

from accounts.ratelimit import rate_limited
from newsroom.text import pinyin_key
from organizations.models import Organization

from . import dictionary, query
from .filters import SearchFilter

PAGE_SIZE = 20


def page_number(value):
    try:
        number = int(value or 1)
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= 10_000 else None


def nearest_organizations(words, limit=5):
    """Organisations sharing the most characters (or pinyin) with the query's words."""
    wanted = set("".join(words))
    wanted_pinyin = {pinyin_key(w) for w in words}
    scored = []
    for org in Organization.objects.only("name", "short_name", "aliases", "slug"):
        names = org.all_names()
        shared = max(len(wanted & set(n)) for n in names)
        if any(pinyin_key(n) in wanted_pinyin for n in names):
            shared += 10
        if shared >= 2:
            scored.append((-shared, org.name, org))
    return [org for *_, org in sorted(scored)[:limit]]


@rate_limited("search")
def search(request):
    dictionary.ensure_current()
    filters = SearchFilter(request.GET, queryset=Organization.objects.none())
    errors = [] if filters.is_valid() else filters.error_messages()
    parsed = query.parse(request.GET.get("q", ""))
    number = page_number(request.GET.get("page"))
    if number is None:
        errors.append("页码必须是 1 到 10000 之间的整数。")
        number = 1
    results = term_hits = suggestions = None
    if not errors:
        filters.apply(parsed)
        if not parsed.is_empty:
            results = query.search(parsed, page=number, page_size=PAGE_SIZE)
            if not results.count and parsed.terms:
                term_hits = query.term_hits(parsed)
                suggestions = nearest_organizations(parsed.words)
    return render(
        request,
        "articles/search/search.html",
        {
            "q": request.GET.get("q", "")[: query.MAX_QUERY_CHARS],
            "query": parsed,
            "filters": filters,
            "errors": errors,
            "results": results,
            "term_hits": term_hits,
            "suggestions": suggestions,
        },
        status=200,
    )
