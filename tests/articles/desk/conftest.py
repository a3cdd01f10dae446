import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from articles.models import Article, Column, ColumnRun, Issue, Page
from articles.search import index

ROLES = ["通讯员", "编辑", "主编"]


@pytest.fixture
def reindexed(monkeypatch):
    """The ids the change seam hands to the search index, one list per pass (the index
    is still written: this only listens)."""
    calls = []
    write = index.reindex_articles

    def listening(ids):
        calls.append(sorted(ids))
        return write(ids)

    monkeypatch.setattr(index, "reindex_articles", listening)
    return calls


def make_user(username, role, **extra):
    user = User.objects.create_user(username, is_staff=True, **extra)  # no password: fast
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def staff(db):
    """One user per role: the correspondent 小通, the editor 王编辑 and the chief 李主编."""
    return {
        "通讯员": make_user("xiaotong", "通讯员", first_name="小通"),
        "编辑": make_user("wangbj", "编辑", last_name="王", first_name="编辑"),
        "主编": make_user("lizb", "主编", last_name="李", first_name="主编"),
    }


@pytest.fixture
def issue(seed_paper):
    """Issue 3109 a week from now, two pages, the first with a 科协动态 column run."""
    issue = Issue.objects.create(number=3109, date=timezone.localdate() + datetime.timedelta(7))
    p1 = Page.objects.create(issue=issue, number=1, name="要闻")
    Page.objects.create(issue=issue, number=2, name="科协之窗")
    column = Column.objects.get(name="科协动态")
    ColumnRun.objects.create(page=p1, column=column, order=1)
    return issue


@pytest.fixture
def article(issue, staff):
    """The correspondent's draft on page 1."""
    return Article.objects.create(
        title="泸州市科协开展科普活动",
        body="本报讯 近日,泸州市科协开展科普活动。\n\n活动吸引了众多群众。",
        page=issue.pages.get(number=1),
        position=1,
        author=staff["通讯员"],
    )
