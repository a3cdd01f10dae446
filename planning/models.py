"""版面规划 and the desk's notifications.

A slot (稿位) is a story planned for a page (版) and column run of an issue before it is
written: a working title, who writes it, by when and how long. Filing the slot creates
the article in its place. Page capacity is kept per page name (版名), so that every
issue's 要闻 is measured against the same size.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from articles.models import Article, ColumnRun, Page

DEFAULT_PAGE_CHARACTERS = 6000
DEFAULT_PHOTO_CHARACTERS = 400


class PageCapacity(models.Model):
    """How many characters a page of this name holds, and how much a photo takes of it."""

    page_name = models.CharField(
        "版名", max_length=40, unique=True, help_text="与版的版名一致,例如“要闻”“科协之窗”。"
    )
    characters = models.PositiveIntegerField(
        "容量(字)",
        default=DEFAULT_PAGE_CHARACTERS,
        help_text="这个版排满时大约能容纳的字数(不含空格和换行)。",
    )
    photo_characters = models.PositiveIntegerField(
        "每张图片折合字数",
        default=DEFAULT_PHOTO_CHARACTERS,
        help_text="一张图片在版面上大约占多少字的位置。",
    )

    class Meta:
        verbose_name = "版面容量"
        verbose_name_plural = "版面容量"
        ordering = ["page_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(characters__gt=0), name="page_capacity_positive"
            ),
        ]

    def __str__(self):
        return f"{self.page_name}:{self.characters} 字"


class SlotQuerySet(models.QuerySet):
    def open(self):
        """Planned and not yet filed."""
        return self.filter(article__isnull=True)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.open().filter(due_date__lt=today)

    def unassigned(self):
        return self.open().filter(assignee__isnull=True)

    def of_issue(self, issue):
        return self.filter(page__issue=issue)


class Slot(models.Model):
    """稿位: a story planned for a page and column run, before it is written."""

    page = models.ForeignKey(
        Page, verbose_name="版", on_delete=models.CASCADE, related_name="slots"
    )
    column_run = models.ForeignKey(
        ColumnRun,
        verbose_name="栏目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="slots",
        help_text="可留空:不属于某个栏目。",
    )
    working_title = models.CharField(
        "暂定标题", max_length=200, help_text="写稿时可以改,成稿后以文章标题为准。"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撰稿人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="planning_slots",
        help_text="通讯员或编辑;留空表示还没派给谁。",
    )
    due_date = models.DateField("截稿日期", null=True, blank=True)
    expected_length = models.PositiveIntegerField(
        "预计字数", default=800, help_text="占版面的大致字数,用来估算版面是否排得下。"
    )
    note = models.TextField(
        "约稿说明", blank=True, help_text="写给撰稿人的要求:角度、采访对象、配图。"
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)
    article = models.OneToOneField(
        Article,
        verbose_name="成稿",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="slot",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="规划人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = SlotQuerySet.as_manager()

    class Meta:
        verbose_name = "稿位"
        verbose_name_plural = "稿位(版面规划)"
        ordering = ["page__issue", "page__number", "order", "id"]
        indexes = [models.Index(fields=["due_date"], name="slot_due_date")]

    def __str__(self):
        return f"{self.page.label} · {self.working_title}"

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return self.article_id is None and self.due_date is not None and self.due_date < today


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One message in a user's inbox on the desk (and, if they chose, by email)."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "稿件提交待审"
        RETURNED = "returned", "稿件被退回"
        APPROVED = "approved", "稿件已审定"
        PUBLISHED = "published", "稿件已发布"
        ASSIGNED = "assigned", "派稿"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="收件人",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    article = models.ForeignKey(
        Article,
        verbose_name="稿件",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    slot = models.ForeignKey(
        Slot, verbose_name="稿位", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.CharField("内容", max_length=400)
    comment = models.TextField("意见", blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    emailed = models.BooleanField("已发邮件", default=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_inbox")]

    def __str__(self):
        return self.text


class NotificationPreference(models.Model):
    """Whether a user gets one kind of notification in the inbox and by email.

    No row means both: a user only ever turns kinds off.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField("类型", max_length=20, choices=Notification.Kind.choices)
    inbox = models.BooleanField("工作台收件箱", default=True)
    email = models.BooleanField("电子邮件", default=True)

    class Meta:
        verbose_name = "通知设置"
        verbose_name_plural = "通知设置"
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()}"
