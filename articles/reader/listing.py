"""The reader site's listings: articles newest first, a page of 20 at a time.

Shared by every listing page (columns, tags, series, organisations, people): the
paginator that counts a long listing only as far as the asked page needs, and the
render of a filtered listing with its Chinese messages for pages that do not exist.
"""

import re

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.functional import cached_property

PER_PAGE = 20
# A listing counts its articles exactly up to this many; past it the page says "more than".
COUNT_CAP = 1000
PAGE_NUMBER = re.compile(r"[0-9]+")
LISTING_ORDER = ("-page__issue__date", "-page__issue__number", "page__number", "position", "id")


def absolute(request, path):
    return request.build_absolute_uri(path)


class ListingPaginator(Paginator):
    """A paginator that counts a long listing only as far as the asked page needs.

    Counting every article of a listing that spans the archive (tens of thousands,
    each checked against its page and issue) costs more than showing a page of it.
    The count stops after ``cap`` articles, or after the asked page if that is
    further: below that the total is exact (``exact``); above it ``count`` is a lower
    bound, the page says "more than", and there is always a next page.

    ``dense`` is the same listing written so that the database walks the archive in
    listing order (cheap when the listing holds many articles, ruinous when it holds
    few): it is used for the page's articles only when the count was not exact.
    ``counted`` is the same set of articles as primary keys, written to be counted
    cheaply (for example as disjoint parts the database can stop reading early).
    """

    def __init__(self, object_list, per_page, *, number=1, cap=None, dense=None, counted=None):
        super().__init__(object_list, per_page)
        self.limit = max(COUNT_CAP if cap is None else cap, number * per_page) + 1
        self.dense = dense
        self.counted = counted

    @cached_property
    def count(self):
        if self.counted is not None:
            return self.counted[: self.limit].count()
        return self.object_list.order_by().values("pk")[: self.limit].count()

    @property
    def exact(self):
        return self.count < self.limit

    @property
    def at_least(self):
        return self.limit - 1

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        source = self.object_list if self.exact or self.dense is None else self.dense
        return self._get_page(source[bottom:top], number, self)


def paginate(request, queryset, dense=None, counted=None):
    """A page of a listing, or (None, message, status) when ?page= is not a page we have."""
    raw = request.GET.get("page", "1")
    # ASCII digits only: str.isdigit() also accepts "²" and "١" (int() then fails),
    # and int() refuses more than 4,300 digits.
    digits = raw.lstrip("0") if PAGE_NUMBER.fullmatch(raw) else ""
    if not digits:
        return None, "页码应为正整数,例如 ?page=2。", 400
    if len(digits) > 6:
        paginator = ListingPaginator(queryset, PER_PAGE, number=10**7)
        return None, f"没有这一页:这里共有 {paginator.num_pages} 页。", 404
    number = int(digits)
    paginator = ListingPaginator(queryset, PER_PAGE, number=number, dense=dense, counted=counted)
    if number > paginator.num_pages:
        return None, f"没有第 {number} 页:这里共有 {paginator.num_pages} 页。", 404
    return paginator.page(number), "", 200


def narrowed(filterset):
    """Whether the reader chose a filter (an unknown parameter such as ?utm_source= is none)."""
    return filterset.is_bound and any(
        value not in (None, "", [], ()) for value in filterset.form.cleaned_data.values()
    )


def render_listing(
    request,
    template,
    filterset,
    context,
    *,
    canonical,
    heading,
    search_field=None,
    dense=None,
    counted=None,
):
    """A filtered, paginated listing. ``dense`` and ``counted``, if given, are the view's
    unfiltered listing written for walking the archive in listing order and for counting
    (see ``ListingPaginator``); a narrowed listing uses neither."""
    if filterset.is_bound and not filterset.is_valid():
        page_obj, message, status = None, filterset.error_message(), 400
    else:
        if narrowed(filterset):
            # Walked and counted from its own conditions (a year, a tag...).
            dense = counted = None
        elif dense is not None:
            dense = dense.order_by(*LISTING_ORDER)
        page_obj, message, status = paginate(
            request, filterset.qs.order_by(*LISTING_ORDER), dense=dense, counted=counted
        )
    query = request.GET.copy()
    query.pop("page", None)
    context.update(
        {
            "filter": filterset,
            "page_obj": page_obj,
            "articles": list(page_obj.object_list) if page_obj else [],
            "message": message,
            "query": query.urlencode(),
            "canonical": absolute(request, canonical),
            "heading": heading,
            "search_field": search_field,
        }
    )
    return render(request, template, context, status=status)
