"""Who is told what: submitted stories reach the editors, returned, approved and published
ones their author, assignments their writer; each person chooses inbox and email."""

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from articles import publishing, workflow
from articles.models import Article
from planning.models import Notification, NotificationPreference, Slot

from .conftest import place

pytestmark = pytest.mark.django_db
S = Article.Status
K = Notification.Kind


def inbox(user):
    return list(
        Notification.objects.filter(recipient=user).values_list("kind", flat=True).order_by("id")
    )


@pytest.fixture
def story(issue, staff):
    return place(
        issue.pages.get(number=1),
        "泸州市科协开展科普活动",
        status=S.DRAFT,
        author=staff["通讯员"],
        body="本报讯 近日,泸州市科协开展科普活动。",
    )[0]


def test_a_submitted_story_reaches_every_editor_but_not_its_author(
    staff, story, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(story, "submit", staff["通讯员"])
    assert inbox(staff["编辑"]) == [K.SUBMITTED] and inbox(staff["主编"]) == [K.SUBMITTED]
    assert inbox(staff["通讯员"]) == [] and inbox(staff["县通讯员"]) == []
    note = Notification.objects.get(recipient=staff["编辑"])
    assert note.text.startswith("小通(xiaotong) 提交了《泸州市科协开展科普活动》(第1版:要闻)")
    assert sorted(m.to[0] for m in mail.outbox) == ["l@example.cn", "w@example.cn"]
    assert reverse("admin:articles_article_change", args=[story.pk]) in mail.outbox[0].body


def test_returned_approved_and_published_reach_the_author_with_the_comment(
    staff, story, issue, django_capture_on_commit_callbacks
):
    editor, chief, author = staff["编辑"], staff["主编"], staff["通讯员"]
    workflow.apply(story, "submit", author)
    workflow.apply(story, "return", editor, "请补上活动日期。")
    returned = Notification.objects.get(recipient=author, kind=K.RETURNED)
    assert returned.comment == "请补上活动日期。" and "王编辑(wangbj)" in returned.text
    workflow.apply(story, "submit", author)
    workflow.apply(story, "approve", editor)
    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish_issue(issue, chief)
    assert inbox(author) == [K.RETURNED, K.APPROVED, K.PUBLISHED]
    published = Notification.objects.get(recipient=author, kind=K.PUBLISHED)
    assert "《泸州市科协开展科普活动》已随第3110期" in published.text
    assert published.article == story and published.actor == chief
    # The editors heard of the two submissions, never of the author's other steps.
    assert inbox(editor) == [K.SUBMITTED, K.SUBMITTED]


def test_publishing_tells_each_author_once_however_many_stories(staff, issue):
    p1 = issue.pages.get(number=1)
    place(p1, "甲", "乙", "丙", author=staff["通讯员"])
    place(p1, "丁", author=staff["县通讯员"])
    publishing.publish_issue(issue, staff["主编"])
    mine = Notification.objects.get(recipient=staff["通讯员"])
    assert mine.text.startswith("您的稿件《甲》、《乙》、《丙》已随第3110期")
    assert mine.article is None
    assert Notification.objects.get(recipient=staff["县通讯员"]).article.title == "丁"


def test_an_archive_import_published_directly_tells_nobody(staff, issue):
    from articles.models import ArticleTransition

    (article,) = place(issue.pages.get(number=1), "存档稿", status=S.PUBLISHED)
    article.author = staff["通讯员"]
    article.save()
    ArticleTransition.objects.bulk_create(
        [ArticleTransition(article=article, from_status=S.DRAFT, to_status=S.PUBLISHED)]
    )
    issue.status = issue.Status.PUBLISHED
    issue.published_at = issue.print_time()
    issue.save(update_fields=["status", "published_at"])
    assert not Notification.objects.exists()


def test_the_planner_hears_when_their_slot_is_submitted_and_the_writer_when_returned(
    client, staff, issue
):
    from planning import slots

    # A correspondent-planner is not a real role; an editor plans, and a chief writes.
    slot = Slot.objects.create(
        page=issue.pages.get(number=1),
        working_title="约稿",
        assignee=staff["主编"],
        created_by=staff["编辑"],
    )
    article = slots.file_slot(slot, staff["主编"])
    article.author = staff["通讯员"]  # written up by a correspondent in the end
    article.save()
    workflow.apply(article, "submit", staff["通讯员"])
    assert inbox(staff["编辑"]) == [K.SUBMITTED]  # once, though planner and reviewer
    workflow.apply(article, "return", staff["编辑"], "再短一些。")
    assert inbox(staff["主编"]) == [K.SUBMITTED, K.RETURNED]  # the slot's writer too


def test_preferences_choose_inbox_and_email_separately(
    client, staff, story, django_capture_on_commit_callbacks
):
    client.force_login(staff["编辑"])
    url = reverse("planning:preferences")
    form = client.get(url).content.decode()
    assert 'name="submitted_email"' in form and "checked" in form
    data = {f"{k}_{c}": "on" for k in K.values for c in ("inbox", "email")}
    del data["submitted_email"]  # 王编辑: submissions in the inbox only
    assert client.post(url, data).status_code == 302
    client.force_login(staff["主编"])
    data = {f"{k}_{c}": "on" for k in K.values for c in ("inbox", "email")}
    del data["submitted_inbox"]  # 李主编: by email only
    client.post(url, data)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(story, "submit", staff["通讯员"])
    assert [m.to for m in mail.outbox] == [["l@example.cn"]]
    assert Notification.objects.get(recipient=staff["编辑"]).read_at is None
    emailed = Notification.objects.get(recipient=staff["主编"])
    assert emailed.emailed and emailed.read_at is not None  # a record, not an unread item
    assert not NotificationPreference.objects.filter(user=staff["通讯员"]).exists()


def test_a_user_who_turns_a_kind_off_gets_nothing_of_it(staff, story):
    NotificationPreference.objects.create(
        user=staff["编辑"], kind=K.SUBMITTED, inbox=False, email=False
    )
    workflow.apply(story, "submit", staff["通讯员"])
    assert inbox(staff["编辑"]) == [] and inbox(staff["主编"]) == [K.SUBMITTED]


def test_a_transition_rolled_back_sends_nothing(staff, story, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            workflow.apply(story, "submit", staff["通讯员"])
            raise RuntimeError("the request failed after the transition")
    assert not Notification.objects.exists() and mail.outbox == []


def test_a_mail_server_down_never_breaks_the_transition(
    staff, story, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.planning.test_notifications.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(story, "submit", staff["通讯员"])
    assert Article.objects.get(pk=story.pk).status == S.SUBMITTED
    assert Notification.objects.filter(kind=K.SUBMITTED).count() == 2


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp down")


def test_the_inbox_lists_opens_and_marks_read(client, staff, story, django_assert_num_queries):
    workflow.apply(story, "submit", staff["通讯员"])
    workflow.apply(story, "return", staff["编辑"], "请补上活动日期。")
    author = staff["通讯员"]
    for _ in range(5):
        Notification.objects.create(recipient=author, kind=K.APPROVED, text="旧通知")
    client.force_login(author)
    # session, user, the paginator's count, the unread count, the admin menu's two
    # permission reads, the page of notifications
    with django_assert_num_queries(7):
        page = client.get(reverse("planning:inbox")).content.decode()
    assert "未读 6 条" in page and "请补上活动日期。" in page
    note = Notification.objects.get(recipient=author, kind=K.RETURNED)
    response = client.post(reverse("planning:open", args=[note.pk]))
    assert response["Location"] == reverse("admin:articles_article_change", args=[story.pk])
    note.refresh_from_db()
    assert note.read_at is not None
    client.post(reverse("planning:inbox"), {"op": "read-all"})
    assert not Notification.objects.filter(recipient=author).unread().exists()
    # Someone else's notification is not there for them.
    other = Notification.objects.get(recipient=staff["编辑"])
    assert client.post(reverse("planning:open", args=[other.pk])).status_code == 404
    assert Notification.objects.get(pk=other.pk).read_at is None


def test_the_desk_shows_the_unread_inbox(client, staff, story):
    workflow.apply(story, "submit", staff["通讯员"])
    client.force_login(staff["编辑"])
    page = client.get(reverse("admin:articles_article_desk")).content.decode()
    box = page.split('id="inbox"', 1)[1].split("</ul>", 1)[0]
    assert "未读 1" in box and "提交了《泸州市科协开展科普活动》" in box
