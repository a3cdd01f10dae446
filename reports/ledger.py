"""The sponsor ledger (协办台账): insertions printed for each 协办 unit against its agreements."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count

from articles.models import ColumnRunSponsor, Issue, PageSponsor
from photos.reader import facsimile_of

from .models import SponsorshipAgreement

PUBLISHED = Issue.Status.PUBLISHED


@dataclass
class Insertion:
    """One printed insertion: a unit named under 本版协办单位 or 栏目协办."""

    kind: str  # 版面协办 / 栏目协办
    issue: Issue
    page: object
    column: object = None

    @property
    def facsimile(self):
        """The page's 版面图, selected with it, or None."""
        return facsimile_of(self.page)


def printed_counts(period):
    """Per unit: (page insertions, column insertions) in published issues of the period,
    two grouped statements."""
    pages = (
        PageSponsor.objects.filter(
            page__issue__status=PUBLISHED,
            page__issue__date__gte=period.start,
            page__issue__date__lte=period.end,
        )
        .order_by()
        .values("organization_id")
        .annotate(n=Count("pk"))
    )
    columns = (
        ColumnRunSponsor.objects.filter(
            column_run__page__issue__status=PUBLISHED,
            column_run__page__issue__date__gte=period.start,
            column_run__page__issue__date__lte=period.end,
        )
        .order_by()
        .values("organization_id")
        .annotate(n=Count("pk"))
    )
    counts = defaultdict(lambda: [0, 0])
    for row in pages:
        counts[row["organization_id"]][0] = row["n"]
    for row in columns:
        counts[row["organization_id"]][1] = row["n"]
    return counts


def insertions(organization, period):
    """Each insertion printed for the unit in the period, in print order, with the page's
    facsimile where there is one: two statements (the PDF's text layer is not read)."""
    found = [
        Insertion("版面协办", s.page.issue, s.page)
        for s in PageSponsor.objects.filter(
            organization=organization,
            page__issue__status=PUBLISHED,
            page__issue__date__gte=period.start,
            page__issue__date__lte=period.end,
        )
        .select_related("page__issue", "page__facsimile")
        .defer("page__facsimile__text_layer")
    ]
    found += [
        Insertion("栏目协办", s.column_run.page.issue, s.column_run.page, s.column_run.column)
        for s in ColumnRunSponsor.objects.filter(
            organization=organization,
            column_run__page__issue__status=PUBLISHED,
            column_run__page__issue__date__gte=period.start,
            column_run__page__issue__date__lte=period.end,
        )
        .select_related(
            "column_run__page__issue", "column_run__page__facsimile", "column_run__column"
        )
        .defer("column_run__page__facsimile__text_layer")
    ]
    found.sort(key=lambda i: (i.issue.date, i.issue.number, i.page.number, i.kind))
    return found


def behind(today=None):
    """Running agreements with fewer insertions printed than due: one statement."""
    running = (
        SponsorshipAgreement.objects.active(today)
        .with_printed()
        .select_related("organization", "column")
    )
    return [a for a in running if a.is_behind(today)]
