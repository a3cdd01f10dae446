"""RSS 2.0 and Atom feeds of published articles: the whole paper and each column."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from articles.models import Article, Column, Credit

FEED_SIZE = 30


def feed_queryset():
    return (
        Article.objects.published()
        .select_related("page__issue", "column_run__column")
        .prefetch_related(
            Prefetch("credits", queryset=Credit.objects.select_related("person", "organization")),
        )
        .with_tag_list()
        .order_by("-page__issue__date", "-page__issue__number", "page__number", "position", "id")
    )


class ArticleFeed(Feed):
    """What every article feed shares; subclasses choose the items and the title."""

    feed_type = Rss201rev2Feed
    language = "zh-CN"

    def item_title(self, item):
        return f"{item.kicker} {item.title}".strip() if item.kicker else item.title

    def item_description(self, item):
        paragraphs = item.paragraphs
        lead = "".join(f"<p>{escape(p)}</p>" for p in paragraphs[:2])
        return f"<p>{escape(item.subtitle)}</p>{lead}" if item.subtitle else lead

    def item_pubdate(self, item):
        if item.published_at:
            return item.published_at
        issue = item.page.issue
        return issue.published_at or issue.print_time()

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return " ".join(f"{c.role} {c.name}".strip() for c in item.credits.all()) or None

    def item_categories(self, item):
        categories = [t.name for t in item.tag_list]
        if item.column_run_id and item.column_run.column_id:
            categories.insert(0, item.column_run.column.name)
        return categories


class LatestArticlesFeed(ArticleFeed):
    description = "四川科协报最新发布的报道。"

    def title(self):
        return settings.NEWSPAPER_NAME

    def link(self):
        return reverse("articles:home")

    def items(self):
        return feed_queryset()[:FEED_SIZE]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description


class ColumnFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Column, slug=slug)

    def title(self, obj):
        return f"{settings.NEWSPAPER_NAME} · {obj.name}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return obj.description or f"{settings.NEWSPAPER_NAME}“{obj.name}”栏目的最新报道。"

    def items(self, obj):
        return feed_queryset().filter(column_run__column=obj)[:FEED_SIZE]


class ColumnAtomFeed(ColumnFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)
