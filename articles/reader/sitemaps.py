"""sitemap.xml sections and the news sitemap (articles of the last two days)."""

import datetime

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from articles.models import Article, Column, Issue
from organizations.models import Organization


class IssueSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Issue.objects.published().only("id", "number", "updated_at").order_by("-date")

    def lastmod(self, item):
        return item.updated_at


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000  # URLs a page of sitemap-articles.xml (about 0.5 s to render)

    def items(self):
        return Article.objects.published().only("id", "updated_at").order_by("-id")

    def lastmod(self, item):
        return item.updated_at


class ColumnSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Column.objects.only("id", "slug")


class OrganizationSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Organization.objects.only("id", "slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "issues": IssueSitemap,
    "articles": ArticleSitemap,
    "columns": ColumnSitemap,
    "organizations": OrganizationSitemap,
}


def news_sitemap(request):
    """Google News sitemap: articles of issues published in the last two days."""
    since = timezone.now() - datetime.timedelta(days=2)
    articles = list(
        Article.objects.published()
        .filter(
            Q(page__issue__published_at__gte=since)
            | Q(page__issue__published_at__isnull=True, page__issue__date__gte=since.date())
        )
        .select_related("page__issue")
        .only("id", "title", "published_at", "page__issue__published_at", "page__issue__date")
        .order_by("-page__issue__date", "page__number", "position")[:1000]
    )
    context = {"articles": articles, "publication": settings.NEWSPAPER_NAME}
    return render(request, "articles/news_sitemap.xml", context, content_type="application/xml")
