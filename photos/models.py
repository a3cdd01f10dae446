"""Photos of articles, page facsimiles (版面图) and the article areas drawn on them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from articles.models import Article, Page
from organizations.models import Organization, Person


class PhotoQuerySet(models.QuerySet):
    def pictured(self):
        """Photos with a picture (a slot from an imported caption waits for one)."""
        return self.exclude(image="")

    def missing_alt(self):
        return self.pictured().filter(alt="")


class Photo(models.Model):
    """A photo printed with an article, in order, with its caption and credit."""

    class Role(models.TextChoices):
        PHOTOGRAPHER = "摄影", "摄影"
        PROVIDER = "供图", "供图"

    article = models.ForeignKey(
        Article, verbose_name="文章", on_delete=models.CASCADE, related_name="photos"
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)
    caption = models.TextField("图片说明", blank=True)
    alt = models.CharField(
        "替代文字",
        max_length=300,
        blank=True,
        help_text="给看不到图片的读者(读屏软件)描述画面内容;有图片的稿件审定前必须填写。",
    )
    person = models.ForeignKey(
        Person,
        verbose_name="摄影/供图人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="photos",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name="供图单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="photos",
    )
    role = models.CharField("署名身份", max_length=4, choices=Role.choices, blank=True)
    image = models.FileField(
        "图片", max_length=200, blank=True, editable=False, help_text="去除 EXIF 后的原图。"
    )
    width = models.PositiveIntegerField("宽(像素)", null=True, blank=True, editable=False)
    height = models.PositiveIntegerField("高(像素)", null=True, blank=True, editable=False)
    renditions = models.JSONField("尺寸版本", default=list, blank=True, editable=False)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        verbose_name = "图片"
        verbose_name_plural = "图片"
        ordering = ["article", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~(Q(person__isnull=False) & Q(organization__isnull=False)),
                name="photo_credit_one_target",
                violation_error_message="图片署名只能指向一位人员或一个单位。",
            ),
        ]

    def __str__(self):
        return self.caption[:40] or self.alt[:40] or f"图片 {self.pk}"

    @property
    def credited(self):
        return self.person or self.organization

    @property
    def credit_text(self):
        """As printed under the picture: 张三 摄 / 泸州市科协 供图."""
        who = self.credited
        if who is None:
            return ""
        name = who.name if self.person_id else who.display_name
        return f"{name} {self.role or '摄'}".strip()

    def file_names(self):
        return [self.image.name, *(r["name"] for r in self.renditions)] if self.image else []

    def srcset(self, fmt):
        from django.core.files.storage import default_storage

        return ", ".join(
            f"{default_storage.url(r['name'])} {r['width']}w"
            for r in self.renditions
            if r["format"] == fmt
        )

    def largest(self, fmt="jpg"):
        found = [r for r in self.renditions if r["format"] == fmt]
        return found[-1] if found else None

    def url(self, rendition):
        from django.core.files.storage import default_storage

        return default_storage.url(rendition["name"])


class Facsimile(models.Model):
    """版面图: the printed page as an image, from a PDF (kept for download) or an image."""

    class Source(models.TextChoices):
        PDF = "pdf", "PDF"
        IMAGE = "image", "图片"

    page = models.OneToOneField(
        Page, verbose_name="版", on_delete=models.CASCADE, related_name="facsimile"
    )
    source = models.CharField("来源", max_length=10, choices=Source.choices)
    pdf = models.FileField("版面PDF", max_length=200, blank=True, editable=False)
    image = models.FileField("版面图", max_length=200, editable=False)
    width = models.PositiveIntegerField("宽(像素)", editable=False)
    height = models.PositiveIntegerField("高(像素)", editable=False)
    thumbnail = models.FileField("缩略图", max_length=200, editable=False)
    thumbnail_width = models.PositiveIntegerField("缩略图宽", editable=False)
    thumbnail_height = models.PositiveIntegerField("缩略图高", editable=False)
    text_layer = models.TextField(
        "PDF 文字层", blank=True, editable=False, help_text="PDF 自带的文字,用来自动定位文章区域。"
    )
    illustrative = models.BooleanField(
        "示意版面", default=False, help_text="由文字排出的示意图,不是印刷版面的扫描或 PDF。"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "版面图"
        verbose_name_plural = "版面图"
        ordering = ["page"]

    def __str__(self):
        return f"{self.page} 版面图"

    def file_names(self):
        return [n for n in (self.pdf.name, self.image.name, self.thumbnail.name) if n]


def unit_interval(field):
    return Q(**{f"{field}__gte": 0}) & Q(**{f"{field}__lte": 1})


class ArticleArea(models.Model):
    """An article's area on its page's facsimile, in fractions of the page (0–1).

    A rectangle (x, y from the top left, width, height); a polygon, when drawn, is a
    list of [x, y] points inside it, and the rectangle is its bounding box.
    """

    page = models.ForeignKey(
        Page, verbose_name="版", on_delete=models.CASCADE, related_name="article_areas"
    )
    article = models.ForeignKey(
        Article, verbose_name="文章", on_delete=models.CASCADE, related_name="areas"
    )
    x = models.FloatField("左边距(比例)", help_text="0 到 1:从版面左边算起占版面宽度的比例。")
    y = models.FloatField("上边距(比例)", help_text="0 到 1:从版面顶端算起占版面高度的比例。")
    w = models.FloatField("宽(比例)")
    h = models.FloatField("高(比例)")
    polygon = models.JSONField(
        "多边形", default=list, blank=True, help_text="可选:[[x, y], …],各点也用 0 到 1 的比例。"
    )
    proposed = models.BooleanField(
        "自动定位", default=False, help_text="由 PDF 文字层自动定位,编辑可调整后保存。"
    )

    class Meta:
        verbose_name = "文章区域"
        verbose_name_plural = "文章区域"
        ordering = ["page", "y", "x", "id"]
        constraints = [
            models.CheckConstraint(
                condition=unit_interval("x")
                & unit_interval("y")
                & Q(w__gt=0)
                & Q(h__gt=0)
                & Q(x__lte=1 - models.F("w") + 1e-9)
                & Q(y__lte=1 - models.F("h") + 1e-9),
                name="article_area_inside_page",
                violation_error_message="文章区域超出了版面:位置和大小都应在 0 到 1 之间,且不超出右边和下边。",
            ),
        ]

    def __str__(self):
        return f"{self.article} @ {self.page.label}"

    @property
    def box(self):
        return [round(self.x, 4), round(self.y, 4), round(self.w, 4), round(self.h, 4)]

    def clean(self):
        problems = area_problems(self.x, self.y, self.w, self.h, self.polygon)
        if problems:
            raise ValidationError(problems)
        if self.article_id and self.page_id and self.article.page_id != self.page_id:
            raise ValidationError({"article": "这篇文章不在本版上,不能在本版版面图上画它的区域。"})


def area_problems(x, y, w, h, polygon=()):
    """Chinese reasons why a box (fractions of the page) is not inside the page, or ''."""
    if None in (x, y, w, h):
        return ""
    if not (0 <= x <= 1 and 0 <= y <= 1):
        return f"区域的位置 ({x}, {y}) 在版面之外:左边距和上边距应在 0 到 1 之间。"
    if w <= 0 or h <= 0:
        return "区域的宽和高必须大于 0。"
    if x + w > 1 + 1e-9 or y + h > 1 + 1e-9:
        return f"区域超出了版面:左边距 + 宽 = {x + w:.3f},上边距 + 高 = {y + h:.3f},都不能大于 1。"
    for point in polygon or ():
        if (
            not isinstance(point, list | tuple)
            or len(point) != 2
            or not all(isinstance(v, int | float) and 0 <= v <= 1 for v in point)
        ):
            return f"多边形的点 {point!r} 不对:每个点是 [x, y],都在 0 到 1 之间。"
    return ""
