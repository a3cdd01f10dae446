"""An issue to plan, the three roles, and the mail each of them receives."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from articles.models import Article, Column, ColumnRun, Issue, Page
from articles.search import index


def make_user(username, role, **extra):
    user = User.objects.create_user(username, is_staff=True, **extra)  # no password: fast
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def staff(db):
    """小通 (通讯员, in 泸州), 王编辑, 李主编 and a second correspondent 小县 (in a county)."""
    return {
        "通讯员": make_user("xiaotong", "通讯员", first_name="小通", email="xt@example.cn"),
        "县通讯员": make_user("xiaoxian", "通讯员", first_name="小县", email="xx@example.cn"),
        "编辑": make_user(
            "wangbj", "编辑", last_name="王", first_name="编辑", email="w@example.cn"
        ),
        "主编": make_user("lizb", "主编", last_name="李", first_name="主编", email="l@example.cn"),
    }


@pytest.fixture
def issue(seed_paper):
    """Issue 3110 a week from now: 第1版 要闻 with a 科协动态 column run, 第2版 科协之窗."""
    issue = Issue.objects.create(number=3110, date=timezone.localdate() + datetime.timedelta(7))
    p1 = Page.objects.create(issue=issue, number=1, name="要闻")
    Page.objects.create(issue=issue, number=2, name="科协之窗")
    ColumnRun.objects.create(page=p1, column=Column.objects.get(name="科协动态"), order=1)
    return issue


def place(page, *titles, status=Article.Status.APPROVED, run=None, author=None, body=""):
    start = page.articles.count()
    return [
        Article.objects.create(
            title=t,
            body=body,
            page=page,
            position=start + i,
            status=status,
            column_run=run,
            author=author,
        )
        for i, t in enumerate(titles, start=1)
    ]


@pytest.fixture
def reindexed(monkeypatch):
    """The ids the change seam hands to the search index, one list per pass."""
    calls = []
    write = index.reindex_articles

    def listening(ids):
        calls.append(sorted(ids))
        return write(ids)

    monkeypatch.setattr(index, "reindex_articles", listening)
    return calls
