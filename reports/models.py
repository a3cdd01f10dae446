"""What the reports read: contributions per article and unit, reprint fingerprints,
and the sponsorship agreements of the 协办 units.

``Contribution`` and ``Fingerprint`` are derived from articles and kept current by
``reports.follow`` through the change seam (``articles.changes.follow_articles``);
``manage.py rebuild_reports`` writes them again from scratch.
"""

from django.db import models
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from articles.models import Article, Column, ColumnRunSponsor, Issue, PageSponsor
from organizations.models import Organization


class Contribution(models.Model):
    """One article counted for one unit (信息报送): the unit credited or mentioned it,
    or one of its members did (a county association's article counts for its city)."""

    article = models.ForeignKey(
        Article, verbose_name="文章", on_delete=models.CASCADE, related_name="contributions"
    )
    unit = models.ForeignKey(
        Organization, verbose_name="单位", on_delete=models.CASCADE, related_name="contributions"
    )
    credited = models.BooleanField("署名(含下级)", default=False)
    mentioned = models.BooleanField("提及(含下级)", default=False)
    own_credited = models.BooleanField("本单位署名", default=False)
    own_mentioned = models.BooleanField("本单位提及", default=False)
    published = models.BooleanField(
        "已刊发", default=False, help_text="文章已发布,且所在的期已发布。"
    )
    date = models.DateField("出版日期", null=True, blank=True)
    page_number = models.PositiveSmallIntegerField("版次", null=True, blank=True)
    page_name = models.CharField("版名", max_length=40, blank=True)
    column = models.ForeignKey(
        Column, verbose_name="栏目", null=True, blank=True, on_delete=models.SET_NULL
    )
    characters = models.PositiveIntegerField("字数", default=0)
    photos = models.PositiveSmallIntegerField("图片", default=0)

    class Meta:
        verbose_name = "报送记录"
        verbose_name_plural = "报送记录"
        ordering = ["-date", "article"]
        constraints = [
            models.UniqueConstraint(fields=["article", "unit"], name="contribution_once"),
        ]
        indexes = [models.Index(fields=["published", "date"], name="contribution_published")]

    def __str__(self):
        return f"{self.unit} · {self.article}"


class MonthlyTotal(models.Model):
    """One unit's published contributions in one month, summed from its ``Contribution``
    rows by ``reports.derive`` as it writes them: the statistics of whole months (a year,
    a quarter, the whole archive) read these instead of every article's rows."""

    unit = models.ForeignKey(
        Organization, verbose_name="单位", on_delete=models.CASCADE, related_name="monthly_totals"
    )
    month = models.DateField("月份", help_text="该月的第一天。")
    published = models.IntegerField("刊发(署名,含下级)", default=0)
    own_published = models.IntegerField("刊发(本单位署名)", default=0)
    mentioned = models.IntegerField("提及未署名(含下级)", default=0)
    own_mentioned = models.IntegerField("提及未署名(本单位)", default=0)
    characters = models.BigIntegerField("字数(署名,含下级)", default=0)
    own_characters = models.BigIntegerField("字数(本单位署名)", default=0)
    photos = models.IntegerField("图片(署名,含下级)", default=0)
    own_photos = models.IntegerField("图片(本单位署名)", default=0)

    class Meta:
        verbose_name = "报送月度汇总"
        verbose_name_plural = "报送月度汇总"
        ordering = ["month", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="monthly_total_once"),
        ]
        indexes = [models.Index(fields=["month"], name="monthly_total_month")]

    def __str__(self):
        return f"{self.unit_id} {self.month:%Y-%m}"


class MonthlyArticles(models.Model):
    """The paper's published articles credited to any unit in one month, each counted once
    (an article credited to two cities is one article of the paper's trend)."""

    month = models.DateField("月份", unique=True, help_text="该月的第一天。")
    published = models.IntegerField("刊发篇数", default=0)

    class Meta:
        verbose_name = "月度刊发篇数"
        verbose_name_plural = "月度刊发篇数"
        ordering = ["month"]

    def __str__(self):
        return f"{self.month:%Y-%m}:{self.published}"


class Fingerprint(models.Model):
    """An article's MinHash signature over character shingles (see ``reports.reprints``)."""

    article = models.OneToOneField(
        Article,
        verbose_name="文章",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="fingerprint",
    )
    signature = models.BinaryField("签名")

    class Meta:
        verbose_name = "稿件指纹"
        verbose_name_plural = "稿件指纹"

    def __str__(self):
        return f"指纹:{self.article_id}"


class FingerprintBand(models.Model):
    """One LSH band of a signature: articles sharing a key are compared, nothing else is."""

    article = models.ForeignKey(
        Article, verbose_name="文章", on_delete=models.CASCADE, related_name="fingerprint_bands"
    )
    key = models.BigIntegerField("键")

    class Meta:
        verbose_name = "指纹分段"
        verbose_name_plural = "指纹分段"
        indexes = [models.Index(fields=["key"], name="fingerprint_band_key")]

    def __str__(self):
        return f"{self.article_id}:{self.key}"


class SimilarPairQuerySet(models.QuerySet):
    def of(self, article_id):
        return self.filter(Q(article_id=article_id) | Q(similar_id=article_id))

    def across_issues(self):
        """Pairs printed (or placed) in two different issues: reprints."""
        return self.exclude(article__page__issue=models.F("similar__page__issue")).exclude(
            Q(article__page__isnull=True) | Q(similar__page__isnull=True)
        )


class SimilarPair(models.Model):
    """Two articles whose texts are near-duplicates; ``article`` is the one with the lower id."""

    article = models.ForeignKey(
        Article, verbose_name="文章", on_delete=models.CASCADE, related_name="similar_as_first"
    )
    similar = models.ForeignKey(
        Article, verbose_name="相似稿件", on_delete=models.CASCADE, related_name="similar_as_second"
    )
    similarity = models.FloatField("相似度", help_text="字符片段集合的 Jaccard 相似度估计。")

    objects = SimilarPairQuerySet.as_manager()

    class Meta:
        verbose_name = "相似稿件"
        verbose_name_plural = "相似稿件"
        ordering = ["-similarity", "article"]
        constraints = [
            models.UniqueConstraint(fields=["article", "similar"], name="similar_pair_once"),
            models.CheckConstraint(
                condition=Q(article__lt=models.F("similar")), name="similar_pair_ordered"
            ),
        ]
        indexes = [models.Index(fields=["similar"], name="similar_pair_second")]

    def __str__(self):
        return f"{self.article_id} ≈ {self.similar_id}({self.similarity:.0%})"

    def other(self, article_id):
        return self.similar if self.article_id == article_id else self.article


class SponsorshipAgreementQuerySet(models.QuerySet):
    def with_printed(self):
        """Each agreement with ``printed``: insertions in published issues within its period,
        on the agreed pages (any page, or pages of the agreed name) or in the agreed column.
        One statement whatever the number of agreements."""
        published = Issue.Status.PUBLISHED
        pages = (
            PageSponsor.objects.filter(
                organization=OuterRef("organization"),
                page__issue__status=published,
                page__issue__date__gte=OuterRef("start"),
                page__issue__date__lte=OuterRef("end"),
                page__name=Coalesce(NullIf(OuterRef("page_name"), Value("")), "page__name"),
            )
            .order_by()
            .values("organization")
            .annotate(n=Count("pk"))
            .values("n")
        )
        columns = (
            ColumnRunSponsor.objects.filter(
                organization=OuterRef("organization"),
                column_run__column=OuterRef("column"),
                column_run__page__issue__status=published,
                column_run__page__issue__date__gte=OuterRef("start"),
                column_run__page__issue__date__lte=OuterRef("end"),
            )
            .order_by()
            .values("organization")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            printed=Case(
                When(
                    column__isnull=True,
                    then=Coalesce(Subquery(pages, output_field=IntegerField()), 0),
                ),
                default=Coalesce(Subquery(columns, output_field=IntegerField()), 0),
                output_field=IntegerField(),
            )
        )

    def active(self, today=None):
        today = today or timezone.localdate()
        return self.filter(start__lte=today, end__gte=today)


class SponsorshipAgreement(models.Model):
    """协办协议: a unit co-sponsors pages or a column for a period, so many insertions."""

    organization = models.ForeignKey(
        Organization,
        verbose_name="协办单位",
        on_delete=models.PROTECT,
        related_name="sponsorship_agreements",
    )
    start = models.DateField("开始日期")
    end = models.DateField("结束日期")
    page_name = models.CharField(
        "协办版面",
        max_length=40,
        blank=True,
        help_text="版名,例如“科协之窗”;留空表示任何一版的“本版协办单位”都算。选了栏目则按栏目计。",
    )
    column = models.ForeignKey(
        Column,
        verbose_name="协办栏目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sponsorship_agreements",
        help_text="栏目协办的协议选栏目;版面协办的协议留空。",
    )
    insertions = models.PositiveIntegerField("约定刊出次数")
    note = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = SponsorshipAgreementQuerySet.as_manager()

    class Meta:
        verbose_name = "协办协议"
        verbose_name_plural = "协办协议"
        ordering = ["organization__name", "-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="agreement_period_ordered",
                violation_error_message="结束日期不能早于开始日期。",
            ),
            models.CheckConstraint(
                condition=Q(insertions__gt=0),
                name="agreement_insertions_positive",
                violation_error_message="约定刊出次数至少为 1。",
            ),
        ]

    def __str__(self):
        return f"{self.organization.display_name} {self.start:%Y-%m-%d}至{self.end:%Y-%m-%d} {self.subject}"

    @property
    def subject(self):
        if self.column_id:
            return f"栏目“{self.column.name}”"
        return f"“{self.page_name}”版" if self.page_name else "版面"

    def expected_by(self, today=None):
        """Insertions that should have been printed by ``today``, pro rata over the period."""
        today = today or timezone.localdate()
        if today < self.start:
            return 0
        if today >= self.end:
            return self.insertions
        elapsed = (today - self.start).days + 1
        return self.insertions * elapsed // ((self.end - self.start).days + 1)

    def is_behind(self, today=None):
        """Fewer printed (``with_printed()``) than due: by more than one insertion while the
        agreement runs (an issue's slack), by any once it has ended."""
        today = today or timezone.localdate()
        slack = 0 if today > self.end else 1
        return self.printed < self.expected_by(today) - slack
