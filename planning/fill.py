"""How full each page of an issue is, and the checklist before the chief signs it off.

A page's fill is the characters of its articles (kicker, title, subtitle, body, captions
and roundup sections, whitespace not counted) plus its photos at the page name's
``photo_characters`` each, against the page name's capacity; slots not yet filed are
shown beside it as what is still planned. A fixed number of queries for a whole issue.
"""

import re
from dataclasses import dataclass, field

from django.urls import reverse

from articles.models import Article, Section
from photos.models import ArticleArea, Facsimile, Photo

from .models import DEFAULT_PAGE_CHARACTERS, DEFAULT_PHOTO_CHARACTERS, PageCapacity, Slot

WHITESPACE = re.compile(r"\s+")
READY = {Article.Status.APPROVED, Article.Status.PUBLISHED, Article.Status.WITHDRAWN}


def characters(*texts):
    """Characters as the page prints them: whitespace and line breaks do not count."""
    return sum(len(WHITESPACE.sub("", t or "")) for t in texts)


def article_characters(article, section_chars=0):
    fields = (article.kicker, article.title, article.subtitle, article.body, article.captions)
    return characters(*fields) + section_chars


@dataclass
class PageFill:
    page: object
    capacity: int
    photo_characters: int
    text: int = 0
    photos: int = 0
    planned: int = 0
    slots: list = field(default_factory=list)

    @property
    def used(self):
        return self.text + self.photos * self.photo_characters

    @property
    def percent(self):
        return round(100 * self.used / self.capacity) if self.capacity else 0

    @property
    def planned_percent(self):
        return round(100 * (self.used + self.planned) / self.capacity) if self.capacity else 0

    @property
    def high(self):
        """Where the meter turns from "room left" to "full"."""
        return round(self.capacity * 0.9)

    @property
    def state(self):
        if not self.used:
            return "empty"
        if self.percent > 105:
            return "over"
        if self.percent >= 90:
            return "full"
        return "partial"

    @property
    def label(self):
        return {"empty": "空版", "partial": "未满", "full": "已满", "over": "超版"}[self.state]


@dataclass
class CheckItem:
    label: str
    problems: list  # (text, url)

    @property
    def ok(self):
        return not self.problems


@dataclass
class IssuePlan:
    issue: object
    pages: dict
    checklist: list
    open_slots: list

    @property
    def ready(self):
        return all(item.ok for item in self.checklist)

    @property
    def todo(self):
        return sum(not item.ok for item in self.checklist)

    def for_page(self, page):
        return self.pages.get(page.pk)


def plan_issue(issue, pages):
    """Fill per page and the checklist, for pages laid out by ``compose.issue_layout``
    (their articles already loaded). Six queries whatever the issue's size."""
    names = {p.name for p in pages}
    capacities = {c.page_name: c for c in PageCapacity.objects.filter(page_name__in=names)}
    section_chars = {}
    for article_id, heading, body in Section.objects.filter(article__page__issue=issue).values_list(
        "article_id", "heading", "body"
    ):
        section_chars[article_id] = section_chars.get(article_id, 0) + characters(heading, body)
    photos = list(
        Photo.objects.filter(article__page__issue=issue)
        .order_by()
        .values("article_id", "article__page_id", "alt", "image", "article__title")
    )
    facsimiles = set(Facsimile.objects.filter(page__issue=issue).values_list("page_id", flat=True))
    with_area = set(
        ArticleArea.objects.filter(page__issue=issue).values_list("article_id", flat=True)
    )
    slots = list(
        Slot.objects.of_issue(issue)
        .select_related("assignee", "column_run__column", "article")
        .order_by("page__number", "order", "id")
    )

    fills = {}
    for page in pages:
        capacity = capacities.get(page.name)
        fill = PageFill(
            page=page,
            capacity=capacity.characters if capacity else DEFAULT_PAGE_CHARACTERS,
            photo_characters=(capacity.photo_characters if capacity else DEFAULT_PHOTO_CHARACTERS),
        )
        for article in page.articles.all():
            fill.text += article_characters(article, section_chars.get(article.pk, 0))
        fills[page.pk] = fill
    for photo in photos:
        fill = fills.get(photo["article__page_id"])
        if fill is not None:
            fill.photos += 1
    for slot in slots:
        fill = fills.get(slot.page_id)
        if fill is not None:
            fill.slots.append(slot)
            if slot.article_id is None:
                fill.planned += slot.expected_length

    checklist = _checklist(issue, pages, photos, facsimiles, with_area, slots)
    return IssuePlan(
        issue=issue,
        pages=fills,
        checklist=checklist,
        open_slots=[s for s in slots if s.article_id is None],
    )


def _article_url(pk, anchor=""):
    return reverse("admin:articles_article_change", args=[pk]) + anchor


def _page_url(pk, anchor=""):
    return reverse("admin:articles_page_change", args=[pk]) + anchor


def _checklist(issue, pages, photos, facsimiles, with_area, slots):
    placed = [(page, a) for page in pages for a in page.articles.all()]
    not_ready = [
        (f"{page.label}《{a.title}》({a.get_status_display()})", _article_url(a.pk))
        for page, a in placed
        if a.status not in READY
    ]
    no_alt = [
        (
            f"《{p['article__title']}》有图片缺替代文字",
            _article_url(p["article_id"], "#photos-group"),
        )
        for p in photos
        if p["image"] and not p["alt"]
    ]
    waiting_picture = [
        (
            f"《{p['article__title']}》有图片说明还没有配图",
            _article_url(p["article_id"], "#photos-group"),
        )
        for p in photos
        if not p["image"]
    ]
    no_facsimile = [
        (f"{page.label}还没有版面图", _page_url(page.pk, "#facsimile-group"))
        for page in pages
        if page.pk not in facsimiles
    ]
    no_area = [
        (f"{page.label}《{a.title}》在版面图上没有区域", _page_url(page.pk, "#article_areas-group"))
        for page, a in placed
        if page.pk in facsimiles and a.pk not in with_area and a.status != Article.Status.WITHDRAWN
    ]
    labels = {page.pk: page.label for page in pages}
    open_slots = [
        (
            f"{labels.get(s.page_id, '')}稿位“{s.working_title}”还没有成稿",
            reverse("planning:slot", args=[s.pk]),
        )
        for s in slots
        if s.article_id is None
    ]
    empty_pages = [
        (
            f"{page.label}还没有文章",
            reverse("admin:articles_issue_compose", args=[issue.pk]) + f"#page-{page.number}",
        )
        for page in pages
        if not page.articles.all()
    ]
    return [
        CheckItem("每个版都有文章", empty_pages),
        CheckItem("版上的文章都已审定", not_ready),
        CheckItem("规划的稿位都已成稿(或已删去)", open_slots),
        CheckItem("图片都有替代文字", _unique(no_alt)),
        CheckItem("图片说明都已配图", _unique(waiting_picture)),
        CheckItem("每个版都有版面图", no_facsimile),
        CheckItem("文章都在版面图上画了区域", no_area),
    ]


def _unique(items):
    return list(dict.fromkeys(items))
