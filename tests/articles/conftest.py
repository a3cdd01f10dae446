"""A small published paper for the reader-site tests, and a clean page cache per test."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.utils import timezone

from articles.models import (
    Article,
    Column,
    ColumnRun,
    ColumnRunSponsor,
    Credit,
    Issue,
    Page,
    PageSponsor,
    Section,
    Series,
)
from organizations.models import Organization, Person

PUBLISHED = Article.Status.PUBLISHED


@pytest.fixture(autouse=True)
def empty_page_cache():
    cache.clear()
    yield
    cache.clear()


def make_article(page, position, title, *, status=PUBLISHED, column_run=None, **extra):
    return Article.objects.create(
        page=page,
        position=position,
        title=title,
        status=status,
        column_run=column_run,
        body=extra.pop("body", f"本报讯 {title}。\n\n第二段:活动取得良好效果。"),
        **extra,
    )


def enrich(article, *, tags, people=(), orgs=(), mentions=(), sections=0, captions=""):
    """Give an article the tags, byline, roundup sections and mentions a real one has."""
    article.tags.add(*tags)
    order = 0
    for person in people:
        Credit.objects.create(article=article, person=person, role="本报记者", order=order)
        order += 1
    for org in orgs:
        Credit.objects.create(article=article, organization=org, order=order)
        order += 1
    article.organizations.add(*mentions)
    for i in range(sections):
        Section.objects.create(
            article=article,
            heading=f"第{i + 1}地科协",
            body="开展科普活动。\n\n效果良好。",
            order=i,
        )
    if captions:
        article.captions = captions
        article.save()
    return article


def add_published_articles(page, count, *, start, paper):
    """More published articles on a page, each with tags, credits, sections and mentions."""
    made = []
    for i in range(count):
        a = make_article(page, start + i, f"增补报道{start + i}", kicker="成都市科协")
        enrich(
            a,
            tags=[f"增补标签{start + i}", "科普"],
            people=[paper.reporter],
            orgs=[paper.luzhou],
            mentions=[paper.chengdu],
            sections=2,
        )
        made.append(a)
    return made


@pytest.fixture
def reader_paper(db):
    return build_reader_paper()


def build_reader_paper():
    province = Organization.objects.create(
        name="四川省科学技术协会", short_name="省科协", slug="四川省科协", level="province"
    )
    chengdu = Organization.objects.create(
        name="成都市科学技术协会", short_name="成都市科协", parent=province, level="city"
    )
    luzhou = Organization.objects.create(
        name="泸州市科学技术协会", short_name="泸州市科协", parent=province, level="city"
    )
    reporter = Person.objects.create(name="张跃鸣", is_staff_reporter=True)
    helper = Person.objects.create(name="刘茂", organization=luzhou)
    column = Column.objects.create(name="地方科协", pinyin="DI FANG KE XIE")
    series = Series.objects.create(name="认真学习宣传贯彻党的二十大精神")

    now = timezone.now()
    latest = Issue.objects.create(
        number=3109, date=datetime.date(2022, 11, 18), status="published", published_at=now
    )
    earlier = Issue.objects.create(
        number=3108,
        date=datetime.date(2022, 11, 11),
        status="published",
        published_at=now - datetime.timedelta(days=7),
    )
    hidden_issues = {
        status: Issue.objects.create(
            number=3200 + n, date=datetime.date(2022, 12, n + 1), status=status
        )
        for n, status in enumerate(["draft", "scheduled", "withdrawn"])
    }

    front = Page.objects.create(issue=latest, number=1, name="要闻")
    window = Page.objects.create(issue=latest, number=3, name="科协之窗", sponsors_unordered=True)
    for order, org in enumerate([chengdu, luzhou]):
        PageSponsor.objects.create(page=window, organization=org, order=order)
    run = ColumnRun.objects.create(page=window, column=column)
    ColumnRunSponsor.objects.create(column_run=run, organization=province)

    lead = make_article(
        front,
        1,
        "全省科协系统认真学习贯彻党的二十大精神",
        kicker="凝心聚力",
        subtitle="各地科协掀起学习热潮",
        series=series,
    )
    enrich(
        lead,
        tags=["二十大", "科普"],
        people=[reporter, helper],
        orgs=[luzhou],
        mentions=[chengdu, luzhou],
        sections=3,
        captions="调研现场。\n学习会现场。",
    )
    second = make_article(front, 2, "省科协召开定点帮扶乡城县工作对接会")
    enrich(second, tags=["乡村振兴", "科普"], people=[reporter], mentions=[province])
    third = make_article(front, 3, "名山区科协 以科普为抓手 打好防汛减灾“主动仗”")
    enrich(third, tags=["防汛减灾"], orgs=[chengdu])

    draft = make_article(front, 4, "草稿:尚未审定的稿件", status="draft")
    submitted = make_article(front, 5, "待审:已提交的稿件", status="submitted")
    withdrawn = make_article(front, 6, "撤下:已撤下的稿件", status="withdrawn")
    for hidden in (draft, submitted, withdrawn):
        enrich(
            hidden, tags=["科普", "二十大"], people=[reporter], orgs=[chengdu], mentions=[chengdu]
        )
        hidden.column_run = run
        hidden.series = series
        hidden.save()

    local1 = make_article(
        window, 1, "成都市科协 调研邛崃市特色科普广场项目", column_run=run, kicker="成都市科协"
    )
    enrich(local1, tags=["科普"], orgs=[chengdu], mentions=[chengdu])
    local2 = make_article(window, 2, "泸州市科协 开展科技志愿服务", column_run=run)
    enrich(local2, tags=["科普", "志愿服务"], orgs=[luzhou], people=[helper])

    old_page = Page.objects.create(issue=earlier, number=1, name="要闻")
    old = make_article(old_page, 1, "上一期:省科协部署科普月活动")
    enrich(old, tags=["科普", "二十大"], people=[reporter], mentions=[chengdu])

    unpublished_issue_articles = []
    for status, hidden_issue in hidden_issues.items():
        p = Page.objects.create(issue=hidden_issue, number=1, name="要闻")
        r = ColumnRun.objects.create(page=p, column=column)
        a = make_article(p, 1, f"未发布的一期({status})里的文章", column_run=r, series=series)
        enrich(a, tags=["科普", "二十大"], people=[reporter], orgs=[chengdu], mentions=[chengdu])
        PageSponsor.objects.create(page=p, organization=chengdu)
        ColumnRunSponsor.objects.create(column_run=r, organization=chengdu)
        unpublished_issue_articles.append(a)

    return SimpleNamespace(
        province=province,
        chengdu=chengdu,
        luzhou=luzhou,
        reporter=reporter,
        helper=helper,
        column=column,
        series=series,
        latest=latest,
        earlier=earlier,
        hidden_issues=hidden_issues,
        front=front,
        window=window,
        run=run,
        lead=lead,
        second=second,
        third=third,
        local1=local1,
        local2=local2,
        old=old,
        hidden_articles=[draft, submitted, withdrawn],
        unpublished_issue_articles=unpublished_issue_articles,
    )
