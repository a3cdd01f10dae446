"""A generated paper for the reports: county associations under two cities, articles
credited to units and people over three years, some unpublished, with workflow steps.

The generator keeps its own record (``paper.records``) of what it made; tests count
from that record, never from the reports' tables."""

import datetime
import random
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, User

from articles import changes
from articles.models import (
    Article,
    ArticleTransition,
    Column,
    ColumnRun,
    Credit,
    Issue,
    Page,
)
from organizations.models import Organization, Person


@dataclass
class Record:
    article: Article
    date: datetime.date
    published: bool
    credited: set = field(default_factory=set)  # organisation ids credited (people's too)
    mentioned: set = field(default_factory=set)
    characters: int = 0
    photos: int = 0


def editor(username, role):
    user = User.objects.create_user(username, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def users(db):
    return SimpleNamespace(
        correspondent=editor("tong", "通讯员"),
        editor=editor("bian", "编辑"),
        chief=editor("zhu", "主编"),
    )


@pytest.fixture
def paper(seed_paper):
    return generate_paper()


def generate_paper(seed=7):
    r = random.Random(seed)
    cities = list(Organization.objects.filter(level="city", kind="kexie").order_by("name"))
    chengdu = Organization.objects.get(short_name="成都市科协")
    luzhou = Organization.objects.get(short_name="泸州市科协")
    counties = [
        Organization.objects.create(
            name=f"{name}科学技术协会", short_name=f"{name}科协", level="county", parent=parent
        )
        for name, parent in [
            ("金牛区", chengdu),
            ("武侯区", chengdu),
            ("江阳区", luzhou),
        ]
    ]
    units = cities + counties
    people = [
        Person.objects.create(name=f"通讯员{i}", organization=r.choice(units)) for i in range(6)
    ]
    column = Column.objects.get(name="地方科协")
    records = []
    issue_dates = []
    day = datetime.date(2023, 1, 6)
    while day <= datetime.date(2025, 6, 30):
        issue_dates.append(day)
        day += datetime.timedelta(days=r.choice([14, 21, 28]))
    with changes.batch():
        for n, date in enumerate(issue_dates):
            status = Issue.Status.PUBLISHED if n % 9 else Issue.Status.DRAFT
            issue = Issue.objects.create(number=5000 + n, date=date, status=status)
            for page_number, page_name in [(1, "要闻"), (2, "地方科协")]:
                page = Page.objects.create(issue=issue, number=page_number, name=page_name)
                run = (
                    ColumnRun.objects.create(page=page, column=column) if page_number == 2 else None
                )
                for position in range(r.randint(1, 3)):
                    article_status = r.choice(["published"] * 4 + ["draft", "withdrawn"])
                    body = "。".join(
                        f"第{n}期第{position}篇{'科普' * r.randint(1, 9)}" for _ in range(3)
                    )
                    captions = "\n".join("现场照片" for _ in range(r.randint(0, 2)))
                    article = Article.objects.create(
                        page=page,
                        column_run=run,
                        position=position,
                        title=f"报道{n}-{page_number}-{position}",
                        body=body,
                        captions=captions,
                        status=article_status,
                    )
                    record = Record(
                        article=article,
                        date=date,
                        published=article_status == "published" and status == "published",
                        characters=len(body),
                        photos=len([c for c in captions.splitlines() if c]),
                    )
                    for order, org in enumerate(r.sample(units, r.randint(0, 2))):
                        Credit.objects.create(article=article, organization=org, order=order)
                        record.credited.add(org.pk)
                    if r.random() < 0.4:
                        person = r.choice(people)
                        Credit.objects.create(article=article, person=person, order=5)
                        record.credited.add(person.organization_id)
                    for org in r.sample(units, r.randint(0, 1)):
                        article.organizations.add(org)
                        record.mentioned.add(org.pk)
                    records.append(record)
    return SimpleNamespace(
        cities=cities,
        chengdu=chengdu,
        luzhou=luzhou,
        counties=counties,
        records=records,
        parents=dict(Organization.objects.values_list("id", "parent_id")),
    )


def counts_for(paper, unit_id, start, end, *, rollup=True, kind="credited"):
    """Published articles in [start, end] that credit (or mention without crediting) the
    unit — or, rolled up, the unit or one of its members — counted from the record."""

    def family(org_id):
        chain = [org_id]
        while rollup and paper.parents.get(chain[-1]) is not None:
            chain.append(paper.parents[chain[-1]])
        return set(chain)

    total = 0
    for rec in paper.records:
        if not (rec.published and start <= rec.date <= end):
            continue
        credited = any(unit_id in family(o) for o in rec.credited)
        if kind == "credited":
            total += credited
        else:
            total += not credited and any(unit_id in family(o) for o in rec.mentioned)
    return total


def transition(article, to_status, when, user=None):
    return ArticleTransition.objects.create(
        article=article, from_status="draft", to_status=to_status, user=user, created_at=when
    )
