"""The printed paper: issues (期), pages (版), columns (栏目) and articles."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from newsroom.text import unicode_slug
from organizations.models import Organization, Person

PRINT_TIME = datetime.time(6, 0)  # the printed issue reaches readers in the morning


def split_paragraphs(text):
    return [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]


class Tag(TagBase):
    """A taggit tag whose slug keeps Han characters and is never empty."""

    name = models.CharField("名称", max_length=100, unique=True)
    slug = models.SlugField("网址标识", max_length=100, unique=True, allow_unicode=True)

    class Meta:
        verbose_name = "标签"
        verbose_name_plural = "标签"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(slug=""), name="tag_slug_not_empty"),
            models.CheckConstraint(condition=~models.Q(name=""), name="tag_name_not_empty"),
        ]

    def slugify(self, tag, i=None):
        slug = unicode_slug(tag)
        return f"{slug}-{i}" if i is not None else slug

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})


class IssueQuerySet(models.QuerySet):
    def next_to_print(self, today=None):
        """The issue the desk is working on: the earliest draft or scheduled issue dated
        from a week ago on (an old draft left from an archive import is not "next"), or
        failing that the latest draft or scheduled issue."""
        today = today or timezone.localdate()
        pending = self.filter(status__in=[Issue.Status.DRAFT, Issue.Status.SCHEDULED])
        return (
            pending.filter(date__gte=today - datetime.timedelta(days=7))
            .order_by("date", "number")
            .first()
            or pending.order_by("-date", "-number").first()
        )

    def published(self):
        return self.filter(status=Issue.Status.PUBLISHED)

    def due_for_publication(self, now=None):
        now = now or timezone.now()
        return self.filter(status=Issue.Status.SCHEDULED, publish_at__lte=now)


class Issue(models.Model):
    """期: one printed edition of the paper."""

    class Status(models.TextChoices):
        DRAFT = "draft", "编辑中"
        SCHEDULED = "scheduled", "定时发布"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已撤回"

    number = models.PositiveIntegerField(
        "期号", unique=True, help_text="本年度或本报的期号,例如 3109。"
    )
    total_number = models.PositiveIntegerField(
        "总期号", null=True, blank=True, unique=True, help_text="报头上的“总第N期”,没有可留空。"
    )
    date = models.DateField("出版日期")
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    publish_at = models.DateTimeField(
        "定时发布时间", null=True, blank=True, help_text="状态为“定时发布”时,到此时间自动发布。"
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = "期"
        verbose_name_plural = "期"
        ordering = ["-date", "-number"]
        indexes = [models.Index(fields=["status", "-date"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(number__gt=0), name="issue_number_positive"),
        ]

    def __str__(self):
        return f"第{self.number}期({self.date:%Y年%-m月%-d日})"

    def get_absolute_url(self):
        return reverse("articles:issue", kwargs={"number": self.number})

    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def print_time(self):
        """When the printed issue reached readers: its date, 06:00 local time.

        The publication time of archive articles, and of an issue's articles in feeds
        and JSON-LD when nothing later is recorded.
        """
        return datetime.datetime.combine(
            self.date, PRINT_TIME, tzinfo=timezone.get_current_timezone()
        )


class Page(models.Model):
    """版: a numbered, named page of an issue."""

    issue = models.ForeignKey(
        Issue, verbose_name="期", on_delete=models.CASCADE, related_name="pages"
    )
    number = models.PositiveSmallIntegerField("版次")
    name = models.CharField("版名", max_length=40, blank=True, help_text="例如“要闻”“科协之窗”。")
    sponsors = models.ManyToManyField(
        Organization,
        verbose_name="本版协办单位",
        through="PageSponsor",
        related_name="sponsored_pages",
        blank=True,
    )
    sponsors_unordered = models.BooleanField(
        "排名不分先后", default=False, help_text="协办单位名单注明“排名不分先后”。"
    )
    editor_note = models.TextField("编辑备注", blank=True)

    class Meta:
        verbose_name = "版"
        verbose_name_plural = "版"
        ordering = ["issue", "number"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "number"], name="page_number_unique_in_issue"),
            models.CheckConstraint(condition=models.Q(number__gt=0), name="page_number_positive"),
        ]

    def __str__(self):
        label = f"第{self.number}版"
        return f"{self.issue} {label}:{self.name}" if self.name else f"{self.issue} {label}"

    def get_absolute_url(self):
        return reverse("articles:page", kwargs={"number": self.issue.number, "page": self.number})

    @property
    def label(self):
        return f"第{self.number}版:{self.name}" if self.name else f"第{self.number}版"


class PageSponsorQuerySet(models.QuerySet):
    def printed_for(self, organization, limit=12):
        """The pages the organisation co-sponsored (本版协办) in published issues, newest first."""
        return (
            self.filter(organization=organization, page__issue__status=Issue.Status.PUBLISHED)
            .select_related("page__issue")
            .order_by("-page__issue__date", "page__number")[:limit]
        )


class PageSponsor(models.Model):
    page = models.ForeignKey(
        Page, verbose_name="版", on_delete=models.CASCADE, related_name="sponsorships"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name="协办单位",
        on_delete=models.PROTECT,
        related_name="page_sponsorships",
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)

    objects = PageSponsorQuerySet.as_manager()

    class Meta:
        verbose_name = "本版协办单位"
        verbose_name_plural = "本版协办单位"
        ordering = ["page", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["page", "organization"], name="page_sponsor_once"),
        ]

    def __str__(self):
        return str(self.organization)


class Column(models.Model):
    """栏目: a recurring named section inside a page."""

    name = models.CharField("栏目名", max_length=40, unique=True)
    pinyin = models.CharField(
        "拼音标识", max_length=80, blank=True, help_text="版面上的拼音,例如 DI FANG KE XIE。"
    )
    slug = models.SlugField("网址标识", max_length=80, unique=True, allow_unicode=True)
    description = models.TextField("简介", blank=True)

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(slug=""), name="column_slug_not_empty"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unicode_slug(self.name, fallback_prefix="column")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:column", kwargs={"slug": self.slug})


class ColumnRun(models.Model):
    """A column's appearance on one page of one issue, with its compilers and co-sponsors."""

    page = models.ForeignKey(
        Page, verbose_name="版", on_delete=models.CASCADE, related_name="column_runs"
    )
    column = models.ForeignKey(
        Column,
        verbose_name="栏目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="runs",
        help_text="留空表示版面上看不出属于哪个栏目(例如只有“本栏目组稿”一行)。",
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)
    sponsors = models.ManyToManyField(
        Organization,
        verbose_name="栏目协办",
        through="ColumnRunSponsor",
        related_name="sponsored_column_runs",
        blank=True,
    )

    class Meta:
        verbose_name = "栏目刊出"
        verbose_name_plural = "栏目刊出"
        ordering = ["page", "order", "id"]

    def __str__(self):
        return f"{self.page.label} · {self.column or '(未定栏目)'}"


class ColumnRunSponsorQuerySet(models.QuerySet):
    def printed_for(self, organization, limit=12):
        """The column runs the organisation co-sponsored (栏目协办) in published issues."""
        return (
            self.filter(
                organization=organization,
                column_run__page__issue__status=Issue.Status.PUBLISHED,
            )
            .select_related("column_run__column", "column_run__page__issue")
            .order_by("-column_run__page__issue__date", "column_run__page__number")[:limit]
        )


class ColumnRunSponsor(models.Model):
    column_run = models.ForeignKey(
        ColumnRun, verbose_name="栏目刊出", on_delete=models.CASCADE, related_name="sponsorships"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name="栏目协办单位",
        on_delete=models.PROTECT,
        related_name="column_sponsorships",
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)

    objects = ColumnRunSponsorQuerySet.as_manager()

    class Meta:
        verbose_name = "栏目协办"
        verbose_name_plural = "栏目协办"
        ordering = ["column_run", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["column_run", "organization"], name="column_sponsor_once"
            ),
        ]

    def __str__(self):
        return str(self.organization)


class CreditBase(models.Model):
    """One entry of a byline: exactly one person or one organisation, with a role."""

    ROLE_SUGGESTIONS = ["本报记者", "记者", "通讯员", "供稿", "摄影", "编辑", "组稿"]

    person = models.ForeignKey(
        Person,
        verbose_name="人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="%(class)ss",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name="组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="%(class)ss",
    )
    role = models.CharField(
        "身份",
        max_length=20,
        blank=True,
        help_text="本报记者、记者、通讯员、供稿、摄影……版面未注明则留空。",
    )
    printed_name = models.CharField(
        "版面署名",
        max_length=60,
        blank=True,
        help_text="版面上印的写法,可能与人员姓名不同(同音字)。",
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        abstract = True
        ordering = ["order", "id"]

    def __str__(self):
        who = self.person or self.organization
        return f"{self.role} {who}".strip()

    @property
    def credited(self):
        return self.person or self.organization

    @property
    def name(self):
        return self.person.name if self.person_id else self.organization.display_name


def exactly_one_of_person_or_organization(name):
    return models.CheckConstraint(
        condition=(
            models.Q(person__isnull=False, organization__isnull=True)
            | models.Q(person__isnull=True, organization__isnull=False)
        ),
        name=name,
        violation_error_message="署名必须且只能指向一位人员或一个组织。",
    )


class ColumnCredit(CreditBase):
    """本栏目组稿: a compiler credited for a whole column run."""

    column_run = models.ForeignKey(
        ColumnRun, verbose_name="栏目刊出", on_delete=models.CASCADE, related_name="credits"
    )

    class Meta(CreditBase.Meta):
        verbose_name = "本栏目组稿"
        verbose_name_plural = "本栏目组稿"
        constraints = [exactly_one_of_person_or_organization("column_credit_one_target")]


class Series(models.Model):
    """专题: a banner printed over a group of articles, spanning issues."""

    name = models.CharField("专题名称", max_length=120, unique=True)
    slug = models.SlugField("网址标识", max_length=120, unique=True, allow_unicode=True)
    description = models.TextField("简介", blank=True)

    class Meta:
        verbose_name = "专题"
        verbose_name_plural = "专题"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(slug=""), name="series_slug_not_empty"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unicode_slug(self.name, fallback_prefix="series")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:series", kwargs={"slug": self.slug})


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="tagged_items"
    )
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_articles")

    class Meta:
        verbose_name = "文章标签"
        verbose_name_plural = "文章标签"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="article_tag_once"),
        ]


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: published articles in published issues."""
        return self.filter(
            status=Article.Status.PUBLISHED,
            page__issue__status=Issue.Status.PUBLISHED,
        )

    def in_print_order(self):
        return self.order_by("page__issue__date", "page__number", "position", "id")

    def published_in_print_order(self):
        """A page's published articles as printed (the page's issue is the caller's check)."""
        return (
            self.filter(status=Article.Status.PUBLISHED)
            .select_related("column_run__column", "series")
            .order_by("position", "id")
        )

    def listing(self):
        """What readers may see, with what a listing row shows (issue, page, column, tags)."""
        return (
            self.published()
            .select_related("page__issue", "column_run__column", "series")
            .with_tag_list()
        )

    def with_tag_list(self):
        """Each article's tags in one query, read through ``Article.tag_list``.

        taggit's own prefetch (``prefetch_related("tags")``) builds a manager and a
        queryset per article, which costs more than the query itself on a page of 20.
        """
        return self.prefetch_related(
            models.Prefetch(
                "tagged_items",
                queryset=TaggedArticle.objects.select_related("tag").order_by("tag__name"),
                to_attr="tag_links",
            )
        )

    def waiting_for_review(self):
        return self.filter(status=Article.Status.SUBMITTED)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待审"
        RETURNED = "returned", "退回修改"
        APPROVED = "approved", "已审定"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已撤下"

    kicker = models.CharField(
        "引题", max_length=200, blank=True, help_text="标题上方的短行:口号或报道单位。"
    )
    title = models.CharField("标题", max_length=300)
    title_pending = models.BooleanField(
        "标题待补",
        default=False,
        help_text="导入的原稿缺少标题,现在的标题是正文第一句;改好标题后保存,这个标记会自动取消。",
    )
    subtitle = models.CharField("副题", max_length=300, blank=True)
    body = models.TextField("正文", blank=True, help_text="段落之间空一行。“本报讯”留在正文开头。")
    captions = models.TextField("图片说明", blank=True, help_text="每行一条图片说明。")
    page = models.ForeignKey(
        Page,
        verbose_name="版",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    column_run = models.ForeignKey(
        ColumnRun,
        verbose_name="栏目刊出",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    position = models.PositiveSmallIntegerField("版内顺序", default=0)
    series = models.ForeignKey(
        Series,
        verbose_name="专题",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    tags = TaggableManager(
        "标签", through=TaggedArticle, blank=True, help_text="用逗号、顿号或空格分隔。"
    )
    organizations = models.ManyToManyField(
        Organization, verbose_name="提及的组织", blank=True, related_name="mentioned_in"
    )
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField("版本号", default=1, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撰稿账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authored_articles",
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="最后修改人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    source_text = models.TextField(
        "来源文本", blank=True, help_text="导入时这篇文章在旧版面文本中的原文。"
    )
    page_import = models.ForeignKey(
        "PageImport",
        verbose_name="导入批次",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        editable=False,
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "文章"
        verbose_name_plural = "文章"
        ordering = ["page__issue", "page__number", "position", "id"]
        indexes = [
            models.Index(fields=["page", "position"]),
            models.Index(fields=["status", "-published_at"]),
        ]
        permissions = [
            ("submit_article", "可以提交文章待审"),
            ("review_article", "可以审稿(退回、审定)"),
            ("publish_issue", "可以发布和撤回一期报纸"),
            ("arrange_issue", "可以编排版面"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:article", kwargs={"pk": self.pk})

    @property
    def tag_list(self):
        """The article's tags by name: prefetched by ``with_tag_list()``, else one query."""
        links = getattr(self, "tag_links", None)
        if links is not None:
            return [link.tag for link in links]
        return list(self.tags.order_by("name"))

    @property
    def paragraphs(self):
        return split_paragraphs(self.body)

    @property
    def caption_list(self):
        return [c.strip() for c in (self.captions or "").splitlines() if c.strip()]

    @property
    def issue(self):
        return self.page.issue if self.page_id else None

    @property
    def column(self):
        return self.column_run.column if self.column_run_id else None

    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.page_id is not None
            and self.page.issue.status == Issue.Status.PUBLISHED
        )


class Section(models.Model):
    """A roundup section (综述): a sub-heading and its paragraphs inside one article."""

    article = models.ForeignKey(
        Article, verbose_name="文章", on_delete=models.CASCADE, related_name="sections"
    )
    heading = models.CharField("小标题", max_length=200)
    body = models.TextField("正文", blank=True, help_text="段落之间空一行。")
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "综述小节"
        verbose_name_plural = "综述小节"
        ordering = ["article", "order", "id"]

    def __str__(self):
        return self.heading

    @property
    def paragraphs(self):
        return split_paragraphs(self.body)


class Credit(CreditBase):
    """署名: an article's byline entry."""

    article = models.ForeignKey(
        Article, verbose_name="文章", on_delete=models.CASCADE, related_name="credits"
    )

    class Meta(CreditBase.Meta):
        verbose_name = "署名"
        verbose_name_plural = "署名"
        constraints = [exactly_one_of_person_or_organization("credit_one_target")]


class ArticleTransition(models.Model):
    """One step of an article's editorial workflow: who, when, from what to what, and why."""

    article = models.ForeignKey(
        Article, verbose_name="文章", on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField("原状态", max_length=20, choices=Article.Status.choices)
    to_status = models.CharField("新状态", max_length=20, choices=Article.Status.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.TextField("意见", blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "流转记录"
        verbose_name_plural = "流转记录"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.article}:{self.get_from_status_display()} → {self.get_to_status_display()}"


class PageImport(models.Model):
    """One legacy page text imported into a page: the original text is kept with the page."""

    page = models.ForeignKey(
        Page, verbose_name="版", on_delete=models.CASCADE, related_name="imports"
    )
    source_name = models.CharField("文件名", max_length=255)
    encoding = models.CharField("编码", max_length=20)
    text = models.TextField("原始文本")
    text_sha256 = models.CharField("文本摘要", max_length=64, db_index=True)
    warnings = models.JSONField("警告", default=list, blank=True)
    unplaced = models.JSONField("未归位片段", default=list, blank=True)
    metadata = models.JSONField(
        "网页信息",
        default=dict,
        blank=True,
        help_text="旧电子报网页上印出的发布时间、作者、点击数等,只作记录,不进正文。",
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("导入时间", auto_now_add=True)
    replaced_at = models.DateTimeField(
        "被替换时间",
        null=True,
        blank=True,
        help_text="重新导入替换后,原来的文章仍保留,可从这里找回。",
    )

    class Meta:
        verbose_name = "版面导入"
        verbose_name_plural = "版面导入"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.page} ← {self.source_name}"


class SuggestionDismissal(models.Model):
    """An editor declined a suggested tag or organisation for an article: never offer it again."""

    class Kind(models.TextChoices):
        TAG = "tag", "标签"
        ORGANIZATION = "organization", "组织"

    article = models.ForeignKey(
        Article, verbose_name="文章", on_delete=models.CASCADE, related_name="dismissed_suggestions"
    )
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    value = models.CharField("内容", max_length=120, help_text="标签名,或组织的编号。")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "不采用的建议"
        verbose_name_plural = "不采用的建议"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "kind", "value"], name="suggestion_dismissed_once"
            ),
        ]

    def __str__(self):
        return f"{self.article}:{self.get_kind_display()} {self.value}"


# The search tables' models live with the search code; importing them here registers
# them with the app (their Meta says app_label "articles"). Placed last: they refer to
# Article, which is defined by now.
from articles.search.models import RelatedKeys, SearchDocument  # noqa: E402, F401
