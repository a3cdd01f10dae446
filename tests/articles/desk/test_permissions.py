"""Each role against each transition, through the admin's own screens and actions.

The server decides: a refused step changes nothing and says why, whatever the page showed.
"""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.urls import reverse

from articles.models import Article, ArticleTransition, Issue
from tests.conftest import change_form_data

pytestmark = pytest.mark.django_db
S = Article.Status


def messages_of(response):
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def transition_view(client, article, name, comment="请补充活动时间和参加人数。"):
    url = reverse("admin:articles_article_transition", args=[article.pk, name])
    return client.post(url, {"comment": comment}, follow=True)


def bulk_action(client, article, action, comment="请补充活动时间和参加人数。"):
    data = {"action": action, ACTION_CHECKBOX_NAME: [article.pk], "confirm": "1"}
    data["comment"] = comment
    return client.post(reverse("admin:articles_article_changelist"), data, follow=True)


def compose_post(client, issue, **data):
    url = reverse("admin:articles_issue_compose", args=[issue.pk])
    return client.post(url, data, follow=True)


# (what is tried, starting state of the article, how, the roles allowed)
ARTICLE_STEPS = [
    ("submit", S.DRAFT, S.SUBMITTED, {"通讯员", "编辑", "主编"}),
    ("approve", S.SUBMITTED, S.APPROVED, {"编辑", "主编"}),
    ("return", S.SUBMITTED, S.RETURNED, {"编辑", "主编"}),
    ("withdraw", S.PUBLISHED, S.WITHDRAWN, {"主编"}),
]
ROLES = ["通讯员", "编辑", "主编"]


@pytest.mark.parametrize("via", ["screen", "bulk action"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("step", ARTICLE_STEPS, ids=[s[0] for s in ARTICLE_STEPS])
def test_each_role_may_move_an_article_only_where_its_role_allows(
    client, staff, article, role, step, via
):
    name, start, target, allowed_roles = step
    Article.objects.filter(pk=article.pk).update(status=start)
    article.refresh_from_db()
    client.force_login(staff[role])
    if via == "screen":
        response = transition_view(client, article, name)
    else:
        response = bulk_action(client, article, f"{name}_selected")
    article.refresh_from_db()
    if role in allowed_roles:
        assert article.status == target, messages_of(response)
        log = ArticleTransition.objects.get(article=article)
        assert (log.from_status, log.to_status, log.user) == (start, target, staff[role])
    else:
        assert article.status == start
        assert not ArticleTransition.objects.filter(article=article).exists()
        assert response.status_code in (200, 403, 404)
        if response.status_code == 200 and via == "bulk action":
            assert "未能" in messages_of(response) or "权限" in response.content.decode()


@pytest.mark.parametrize(("whose", "allowed"), [("own", True), ("an editor's", False)])
def test_a_correspondent_submits_only_their_own_copy(client, staff, article, whose, allowed):
    article.author = staff["通讯员"] if whose == "own" else staff["编辑"]
    article.save()
    client.force_login(staff["通讯员"])
    transition_view(client, article, "submit")
    article.refresh_from_db()
    assert (article.status == S.SUBMITTED) == allowed


def test_returning_without_a_comment_is_refused_with_a_reason(client, staff, article):
    Article.objects.filter(pk=article.pk).update(status=S.SUBMITTED)
    client.force_login(staff["编辑"])
    response = transition_view(client, article, "return", comment="  ")
    article.refresh_from_db()
    assert article.status == S.SUBMITTED
    assert "必须填写意见" in response.content.decode()


def test_a_bulk_action_reports_each_refused_article_and_why(client, staff, article, issue):
    other = Article.objects.create(title="已审定的稿件", status=S.APPROVED, page=article.page)
    Article.objects.filter(pk=article.pk).update(status=S.SUBMITTED)
    client.force_login(staff["编辑"])
    data = {"action": "approve_selected", ACTION_CHECKBOX_NAME: [article.pk, other.pk]}
    response = client.post(reverse("admin:articles_article_changelist"), data, follow=True)
    text = messages_of(response)
    assert "已审定 1 篇" in text
    assert "《已审定的稿件》未能审定" in text and "已审定" in text
    article.refresh_from_db()
    assert article.status == S.APPROVED


def test_a_bulk_action_never_overwrites_a_newer_version(staff, article):
    """The action's rows were read, then someone saved: that article is refused."""
    from articles import workflow

    stale = Article.objects.get(pk=article.pk)
    Article.objects.filter(pk=article.pk).update(version=stale.version + 1)
    done, refused = workflow.apply_many([stale], "submit", staff["通讯员"])
    assert not done and "保存被拒绝" in refused[0][1]
    article.refresh_from_db()
    assert article.status == S.DRAFT


ISSUE_STEPS = ["publish", "schedule", "withdraw"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("op", ISSUE_STEPS)
def test_only_the_chief_publishes_schedules_and_withdraws_an_issue(
    client, staff, issue, article, role, op
):
    Article.objects.filter(pk=article.pk).update(status=S.APPROVED)
    if op == "withdraw":
        Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.PUBLISHED)
    before = Issue.objects.get(pk=issue.pk).status
    client.force_login(staff[role])
    response = compose_post(client, issue, op=op)
    issue.refresh_from_db()
    expected = {
        "publish": Issue.Status.PUBLISHED,
        "schedule": Issue.Status.SCHEDULED,
        "withdraw": Issue.Status.WITHDRAWN,
    }[op]
    if role == "主编":
        assert issue.status == expected, messages_of(response)
    else:
        assert issue.status == before
        assert "只有主编" in messages_of(response)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("op", ["down", "move"])
def test_only_editors_and_the_chief_arrange_pages(client, staff, issue, article, role, op):
    second = Article.objects.create(title="第二篇", page=article.page, position=2)
    page2 = issue.pages.get(number=2)
    client.force_login(staff[role])
    response = compose_post(client, issue, op=op, article=article.pk, target=f"page:{page2.pk}")
    article.refresh_from_db()
    moved = article.page_id == page2.pk if op == "move" else article.position == 2
    assert moved == (role != "通讯员"), messages_of(response)
    if role == "通讯员":
        assert "没有编排版面的权限" in messages_of(response)
    second.refresh_from_db()


@pytest.mark.parametrize(
    ("role", "whose", "status", "allowed"),
    [
        ("通讯员", "own", S.DRAFT, True),
        ("通讯员", "own", S.RETURNED, True),
        ("通讯员", "own", S.SUBMITTED, False),
        ("通讯员", "other", S.DRAFT, False),
        ("编辑", "other", S.SUBMITTED, True),
        ("主编", "other", S.APPROVED, True),
    ],
)
def test_who_may_edit_an_article(client, staff, article, role, whose, status, allowed):

    owner = staff["通讯员"] if whose == "own" else staff["编辑"]
    Article.objects.filter(pk=article.pk).update(status=status, author=owner)
    client.force_login(staff["主编"])
    data = change_form_data(client.get(reverse("admin:articles_article_change", args=[article.pk])))
    client.force_login(staff[role])
    data["title"] = "改过的标题"
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    article.refresh_from_db()
    assert (article.title == "改过的标题") == allowed
    if not allowed:
        assert response.status_code in (403, 302, 200)
