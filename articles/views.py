"""The public reader site (数字报): issues by date, pages by number, articles in printed order.

Only published articles in published issues are ever shown. Every page makes a
fixed number of queries, and anonymous pages are cached (see ``caching``).
"""

import calendar
import datetime
import re

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property

from organizations.models import Organization

from . import filters
from .caching import public_page
from .models import (
    Article,
    Column,
    Credit,
    Issue,
    Page,
    PageSponsor,
    Section,
    Series,
    Tag,
    TaggedArticle,
)
from .related import related_articles

PER_PAGE = 20
# A listing counts its articles exactly up to this many; past it the page says "more than".
COUNT_CAP = 1000
PAGE_NUMBER = re.compile(r"[0-9]+")
LISTING_ORDER = ("-page__issue__date", "-page__issue__number", "page__number", "position", "id")


def published_in_page_order():
    return (
        Article.objects.filter(status=Article.Status.PUBLISHED)
        .select_related("column_run__column", "series")
        .order_by("position", "id")
    )


def pages_with_articles(issue):
    return issue.pages.order_by("number").prefetch_related(
        Prefetch("articles", queryset=published_in_page_order(), to_attr="published_articles")
    )


def listing_queryset():
    return (
        Article.objects.published()
        .select_related("page__issue", "column_run__column", "series")
        .with_tag_list()
    )


def neighbour_issues(issue):
    published = Issue.objects.published().only("id", "number", "date")
    previous = (
        published.filter(Q(date__lt=issue.date) | Q(date=issue.date, number__lt=issue.number))
        .order_by("-date", "-number")
        .first()
    )
    following = (
        published.filter(Q(date__gt=issue.date) | Q(date=issue.date, number__gt=issue.number))
        .order_by("date", "number")
        .first()
    )
    return previous, following


def absolute(request, path):
    return request.build_absolute_uri(path)


@public_page
def home(request):
    issue = Issue.objects.published().order_by("-date", "-number").first()
    context = {
        "issue": issue,
        "pages": list(pages_with_articles(issue)) if issue else [],
        "columns": list(Column.objects.only("id", "name", "slug", "pinyin")),
        "recent_issues": list(
            Issue.objects.published().only("id", "number", "date").order_by("-date", "-number")[1:9]
        ),
        "canonical": absolute(request, reverse("articles:home")),
    }
    return render(request, "articles/home.html", context)


@public_page
def issue(request, number):
    issue = get_object_or_404(Issue.objects.published(), number=number)
    previous, following = neighbour_issues(issue)
    context = {
        "issue": issue,
        "pages": list(pages_with_articles(issue)),
        "previous_issue": previous,
        "next_issue": following,
        "canonical": absolute(request, issue.get_absolute_url()),
    }
    return render(request, "articles/issue.html", context)


@public_page
def page(request, number, page):
    printed = get_object_or_404(
        Page.objects.select_related("issue").filter(issue__status=Issue.Status.PUBLISHED),
        issue__number=number,
        number=page,
    )
    siblings = list(printed.issue.pages.only("id", "number", "name", "issue_id").order_by("number"))
    index = next(i for i, p in enumerate(siblings) if p.pk == printed.pk)
    articles = list(published_in_page_order().filter(page=printed).with_tag_list())
    for p in siblings:
        p.issue = printed.issue
    context = {
        "issue": printed.issue,
        "page": printed,
        "pages": siblings,
        "articles": articles,
        "sponsors": list(printed.sponsorships.select_related("organization")),
        "previous_page": siblings[index - 1] if index > 0 else None,
        "next_page": siblings[index + 1] if index + 1 < len(siblings) else None,
        "canonical": absolute(request, printed.get_absolute_url()),
    }
    return render(request, "articles/page.html", context)


def _published_datetime(article):
    if article.published_at:
        return article.published_at
    issue = article.issue
    if issue is not None:
        if issue.published_at:
            return issue.published_at
        return datetime.datetime.combine(
            issue.date, datetime.time(6, 0), tzinfo=timezone.get_current_timezone()
        )
    return article.created_at


def article_jsonld(request, article, credits, tags, canonical):
    authors = []
    for credit in credits:
        if credit.person_id:
            authors.append(
                {
                    "@type": "Person",
                    "name": credit.person.name,
                    "url": absolute(request, credit.person.get_absolute_url()),
                }
            )
        else:
            authors.append(
                {
                    "@type": "Organization",
                    "name": credit.organization.display_name,
                    "url": absolute(request, credit.organization.get_absolute_url()),
                }
            )
    publisher = {
        "@type": "Organization",
        "name": settings.NEWSPAPER_NAME,
        "url": absolute(request, reverse("articles:home")),
    }
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": _published_datetime(article).isoformat(),
        "dateModified": article.updated_at.isoformat(),
        "author": authors or [publisher],
        "publisher": publisher,
        "mainEntityOfPage": canonical,
        "url": canonical,
        "inLanguage": "zh-CN",
    }
    if article.subtitle:
        data["alternativeHeadline"] = article.subtitle
    if article.column:
        data["articleSection"] = article.column.name
    if tags:
        data["keywords"] = [t.name for t in tags]
    return data


def render_article(request, article, *, preview=False):
    """The reader's article page for any article; ``preview`` marks an unpublished draft."""
    credits = list(Credit.objects.filter(article=article).select_related("person", "organization"))
    sections = list(Section.objects.filter(article=article).order_by("order", "id"))
    tags = list(Tag.objects.filter(tagged_articles__content_object=article).order_by("name"))
    mentioned = list(
        Organization.objects.filter(mentioned_in=article).only("id", "name", "short_name", "slug")
    )
    printed = article.page if article.page_id else None
    previous_article = next_article = None
    if printed is not None:
        siblings = list(
            Article.objects.published().filter(page=printed).only("id", "title", "position")
        )
        ids = [a.pk for a in siblings]
        if article.pk in ids:
            index = ids.index(article.pk)
            previous_article = siblings[index - 1] if index > 0 else None
            next_article = siblings[index + 1] if index + 1 < len(siblings) else None
    related = related_articles(article, [t.pk for t in tags], [o.pk for o in mentioned])
    canonical = absolute(request, article.get_absolute_url())
    paragraphs = article.paragraphs
    context = {
        "article": article,
        "issue": printed.issue if printed else None,
        "page": printed,
        "column": article.column,
        "credits": credits,
        "sections": sections,
        "tags": tags,
        "mentioned": mentioned,
        "previous_article": previous_article,
        "next_article": next_article,
        "related": related,
        "preview": preview,
        "canonical": canonical,
        "description": (paragraphs[0] if paragraphs else article.title)[:120],
        "published": _published_datetime(article),
        "jsonld": article_jsonld(request, article, credits, tags, canonical),
    }
    response = render(request, "articles/article.html", context)
    if preview:
        response.never_cache = True
        response["X-Robots-Tag"] = "noindex"
        add_never_cache_headers(response)
    return response


@public_page
def article(request, pk):
    found = get_object_or_404(
        Article.objects.published().select_related("page__issue", "column_run__column", "series"),
        pk=pk,
    )
    return render_article(request, found)


class DateForm(forms.Form):
    date = forms.DateField(
        label="出版日期",
        input_formats=["%Y-%m-%d"],
        error_messages={
            "invalid": "日期格式应为 年-月-日,例如 2022-11-18,请重新填写。",
            "required": "请填写出版日期。",
        },
    )


def _month_calendar(year, month, issues):
    by_date = {}
    for i in issues:
        by_date.setdefault(i.date, []).append(i)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append(
            [
                {"date": day, "in_month": day.month == month, "issues": by_date.get(day, [])}
                for day in week
            ]
        )
    return weeks


@public_page
def archive(request, year=None, month=None):
    """往期回顾: issues by year and month, a month calendar, and a date picker."""
    published = Issue.objects.published().only("id", "number", "date")
    message = ""
    status = 200
    form = DateForm(request.GET or None)
    if "date" in request.GET:
        if form.is_valid():
            chosen = form.cleaned_data["date"]
            found = published.filter(date=chosen).order_by("number").first()
            if found:
                return redirect(found)
            message = f"{chosen:%Y年%-m月%-d日}没有出版报纸,请在下面的日历中选择有报纸的日期。"
            year, month = chosen.year, chosen.month
        else:
            message = "".join(form.errors["date"])
        status = 404 if form.is_valid() else 400
    months = list(published.dates("date", "month", order="DESC"))
    if year is None:
        if months:
            year, month = months[0].year, months[0].month
        else:
            today = timezone.localdate()
            year, month = today.year, today.month
    if not (1950 <= year <= 2100 and 1 <= month <= 12):
        raise Http404("没有这个月份:年份应在 1950 到 2100 之间,月份在 1 到 12 之间。")
    issues = list(published.filter(date__year=year, date__month=month).order_by("date", "number"))
    years = {}
    for m in months:
        years.setdefault(m.year, []).append(m)
    first = datetime.date(year, month, 1)
    context = {
        "years": years,
        "year": year,
        "month": month,
        "issues": issues,
        "weeks": _month_calendar(year, month, issues),
        "previous_month": (first - datetime.timedelta(days=1)).replace(day=1),
        "next_month": (first + datetime.timedelta(days=32)).replace(day=1),
        "form": form,
        "message": message,
        "canonical": absolute(
            request, reverse("articles:archive_month", kwargs={"year": year, "month": month})
        ),
    }
    return render(request, "articles/archive.html", context, status=status)


@public_page
def column_list(request):
    context = {
        "columns": list(Column.objects.all()),
        "canonical": absolute(request, reverse("articles:column_list")),
    }
    return render(request, "articles/column_list.html", context)


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


@public_page
def column(request, slug):
    found = get_object_or_404(Column, slug=slug)
    qs = listing_queryset().filter(column_run__column=found)
    fs = filters.ColumnArticleFilter(request.GET or None, queryset=qs, request=request)
    return render_listing(
        request,
        "articles/listing.html",
        fs,
        {"column": found, "kind": "栏目", "feeds": True},
        canonical=found.get_absolute_url(),
        heading=found.name,
        search_field=("column", found.slug, "在本栏目中搜索"),
    )


@public_page
def tag(request, slug):
    found = get_object_or_404(Tag, slug=slug)
    qs = listing_queryset().filter(
        pk__in=TaggedArticle.objects.filter(tag=found).values("content_object_id")
    )
    fs = filters.TagArticleFilter(request.GET or None, queryset=qs, request=request)
    return render_listing(
        request,
        "articles/listing.html",
        fs,
        {"tag": found, "kind": "标签"},
        canonical=found.get_absolute_url(),
        heading=f"标签:{found.name}",
    )


@public_page
def series(request, slug):
    found = get_object_or_404(Series, slug=slug)
    qs = listing_queryset().filter(series=found)
    fs = filters.SeriesArticleFilter(request.GET or None, queryset=qs, request=request)
    return render_listing(
        request,
        "articles/listing.html",
        fs,
        {"series": found, "kind": "专题"},
        canonical=found.get_absolute_url(),
        heading=f"专题:{found.name}",
    )


def sponsored_pages(organization, limit=12):
    return list(
        PageSponsor.objects.filter(
            organization=organization, page__issue__status=Issue.Status.PUBLISHED
        )
        .select_related("page__issue")
        .order_by("-page__issue__date", "page__number")[:limit]
    )
