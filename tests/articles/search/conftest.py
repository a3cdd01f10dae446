import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings

from articles.models import Article, Issue, Page
from articles.search import dictionary

SEEDS = sorted(Path(settings.BASE_DIR).glob("seeds/pages/*.txt"))
HEADLINE = re.compile(r"^#*\s*(.{2,40}?)\s*$")


def seed_articles():
    """The seed pages cut into articles: a short line without final punctuation is a headline."""
    pages = []
    for path in SEEDS:
        articles, current = [], None
        for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            block = block.strip()
            if not block:
                continue
            if len(block) <= 40 and block[-1] not in "。!?;)”":
                current = {"title": block.lstrip("#").strip(), "body": []}
                articles.append(current)
            elif current is None:
                current = {"title": block[:20], "body": [block]}
                articles.append(current)
            else:
                current["body"].append(block)
        pages.append(articles)
    return pages


@pytest.fixture
def seeded_archive(seed_paper):
    """Three published issues, one per seed page, every block of text an article."""
    dictionary.ensure_current()
    created = []
    for n, articles in enumerate(seed_articles()):
        issue = Issue.objects.create(
            number=3100 + n,
            date=datetime.date(2022, 11, 4) + datetime.timedelta(weeks=n),
            status=Issue.Status.PUBLISHED,
        )
        page = Page.objects.create(issue=issue, number=3, name="科协之窗")
        for position, a in enumerate(articles):
            created.append(
                Article.objects.create(
                    page=page,
                    position=position,
                    title=a["title"][:300],
                    body="\n\n".join(a["body"]),
                    status=Article.Status.PUBLISHED,
                )
            )
    return created


@pytest.fixture
def issue(db):
    return Issue.objects.create(
        number=3200, date=datetime.date(2024, 3, 1), status=Issue.Status.PUBLISHED
    )


@pytest.fixture
def page(issue):
    return Page.objects.create(issue=issue, number=1, name="要闻")


@pytest.fixture
def publish(page):
    """Write a published article on the published page."""

    def make(title, body="", **fields):
        fields.setdefault("status", Article.Status.PUBLISHED)
        return Article.objects.create(
            page=fields.pop("page", page), title=title, body=body, **fields
        )

    return make
