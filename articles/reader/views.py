"""The public reader site (数字报): issues by date, pages by number, articles in printed order.

Only published articles in published issues are ever shown. Every page makes a
fixed number of queries, and anonymous pages are cached (see ``caching``).
"""

import calendar
import datetime

from django import forms
from django.conf import settings
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from articles.models import (
    Article,
    Column,
    Credit,
    Issue,
    Page,
    Section,
    Series,
    Tag,
    TaggedArticle,
)
from organizations.models import Organization
from photos import reader as photo_reader

from . import filters
from .cache import public_page
from .listing import absolute, render_listing
from .related import related_articles


def pages_with_articles(issue):
    return (
        issue.pages.select_related("facsimile")
        .order_by("number")
        .prefetch_related(
            Prefetch(
                "articles",
                queryset=Article.objects.published_in_print_order(),
                to_attr="published_articles",
            )
        )
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
        Page.objects.select_related("issue", "facsimile").filter(
            issue__status=Issue.Status.PUBLISHED
        ),
        issue__number=number,
        number=page,
    )
    siblings = list(printed.issue.pages.only("id", "number", "name", "issue_id").order_by("number"))
    index = next(i for i, p in enumerate(siblings) if p.pk == printed.pk)
    articles = list(Article.objects.published_in_print_order().filter(page=printed).with_tag_list())
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
        **photo_reader.page_extras(printed, articles),
    }
    return render(request, "articles/page.html", context)


def _published_datetime(article):
    if article.published_at:
        return article.published_at
    issue = article.issue
    if issue is not None:
        if issue.published_at:
            return issue.published_at
        return issue.print_time()
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
    context.update(photo_reader.article_extras(request, article, context["jsonld"], canonical))
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


@public_page
def column(request, slug):
    found = get_object_or_404(Column, slug=slug)
    qs = Article.objects.listing().filter(column_run__column=found)
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
    qs = Article.objects.listing().filter(
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
    qs = Article.objects.listing().filter(series=found)
    fs = filters.SeriesArticleFilter(request.GET or None, queryset=qs, request=request)
    return render_listing(
        request,
        "articles/listing.html",
        fs,
        {"series": found, "kind": "专题"},
        canonical=found.get_absolute_url(),
        heading=f"专题:{found.name}",
    )
