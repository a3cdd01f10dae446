"""信息报送统计: what each unit contributed in a period, against the previous period
(环比) and the same period a year earlier (同比)."""

import calendar
import datetime
import re
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear, TruncMonth
from django.utils import timezone

from articles.models import Article, ArticleTransition, Issue
from organizations.models import Organization

from .models import Contribution, MonthlyArticles, MonthlyTotal

MAX_YEARS = 20
FIRST_YEAR, LAST_YEAR = 1900, 2199  # the years a period may name (a comparison reaches one back)
YEAR = re.compile(r"(\d{4})")
MONTH = re.compile(r"(\d{4})-(\d{1,2})")
QUARTER = re.compile(r"(\d{4})-?[Qq]([1-4])")


class BadRequest(ValueError):
    """A request the page cannot answer; the message says why, in Chinese."""


@dataclass
class Period:
    kind: str  # year, quarter, month, range, all
    start: datetime.date
    end: datetime.date
    label: str

    @property
    def days(self):
        return (self.end - self.start).days + 1

    @property
    def whole_months(self):
        """Whether the period is made of whole calendar months (the monthly totals answer)."""
        if self.kind == "all":
            return True
        last = calendar.monthrange(self.end.year, self.end.month)[1]
        return self.start.day == 1 and self.end.day == last

    def previous(self):
        """环比: the period just before (the previous month, quarter or year, or as many days)."""
        if self.kind == "all":
            return None
        if self.kind == "year":
            return year_period(self.start.year - 1)
        if self.kind == "quarter":
            q = (self.start.month - 1) // 3 + 1
            y, q = (self.start.year, q - 1) if q > 1 else (self.start.year - 1, 4)
            return quarter_period(y, q)
        if self.kind == "month":
            y, m = (
                (self.start.year, self.start.month - 1)
                if self.start.month > 1
                else (self.start.year - 1, 12)
            )
            return month_period(y, m)
        end = self.start - datetime.timedelta(days=1)
        start = end - datetime.timedelta(days=self.days - 1)
        return Period("range", start, end, f"{start:%Y-%m-%d}至{end:%Y-%m-%d}")

    def last_year(self):
        """同比: the same dates a year earlier (29 February becomes the 28th)."""
        if self.kind == "all":
            return None
        start, end = year_earlier(self.start), year_earlier(self.end)
        if self.kind == "month":
            return month_period(start.year, start.month)
        if self.kind == "quarter":
            return quarter_period(start.year, (start.month - 1) // 3 + 1)
        if self.kind == "year":
            return year_period(start.year)
        if self.end.month == 2 and self.end.day == 29:
            end = datetime.date(end.year, 2, 28)
        return Period("range", start, end, f"{start:%Y-%m-%d}至{end:%Y-%m-%d}")


def year_earlier(day):
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def year_period(y):
    return Period("year", datetime.date(y, 1, 1), datetime.date(y, 12, 31), f"{y}年")


def quarter_period(y, q):
    start = datetime.date(y, 3 * q - 2, 1)
    last = 3 * q
    return Period(
        "quarter",
        start,
        datetime.date(y, last, calendar.monthrange(y, last)[1]),
        f"{y}年第{'一二三四'[q - 1]}季度",
    )


def month_period(y, m):
    return Period(
        "month",
        datetime.date(y, m, 1),
        datetime.date(y, m, calendar.monthrange(y, m)[1]),
        f"{y}年{m}月",
    )


def _date(value, name):
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise BadRequest(f"{name}“{value[:20]}”不是日期,请写成 2025-03-01 这样的格式。") from None


def parse_period(params, default_year):
    """The period a request asks for: ``period`` = 2025, 2025-03, 2025Q1 or all, or a
    ``start`` and ``end`` date. Raises ``BadRequest`` with the reason in Chinese."""
    start, end = params.get("start", "").strip(), params.get("end", "").strip()
    text = params.get("period", "").strip()
    if start or end or text == "range":
        if not (start and end):
            raise BadRequest("统计期间不完整:请同时填写开始日期和结束日期。")
        first, last = _date(start, "开始日期"), _date(end, "结束日期")
        if first > last:
            raise BadRequest(
                f"统计期间颠倒了:开始日期 {first:%Y-%m-%d} 晚于结束日期 {last:%Y-%m-%d}。"
            )
        if (last - first).days >= MAX_YEARS * 366:
            raise BadRequest(
                f"统计期间太长:最长 {MAX_YEARS} 年。要看全部档案,请选“全部”(period=all)。"
            )
        return _in_range(Period("range", first, last, f"{first:%Y-%m-%d}至{last:%Y-%m-%d}"))
    if not text:
        return year_period(default_year)
    if text == "all":
        return Period("all", datetime.date(1, 1, 1), datetime.date(9999, 12, 31), "全部档案")
    period = None
    try:
        if m := QUARTER.fullmatch(text):
            period = quarter_period(int(m[1]), int(m[2]))
        elif m := MONTH.fullmatch(text):
            period = month_period(int(m[1]), int(m[2]))
        elif m := YEAR.fullmatch(text):
            period = year_period(int(m[1]))
    except ValueError:
        pass
    if period is not None:
        return _in_range(period)
    raise BadRequest(
        f"无法识别统计期间“{text[:20]}”:请写年份(2025)、月份(2025-03)、季度(2025Q1)、"
        "all(全部),或给出 start 和 end 两个日期。"
    )


def _in_range(period):
    if not (FIRST_YEAR <= period.start.year and period.end.year <= LAST_YEAR):
        raise BadRequest(f"统计期间超出范围:只能统计 {FIRST_YEAR} 年至 {LAST_YEAR} 年之间的期间。")
    return period


def parse_organization(params):
    value = params.get("organization", "").strip()
    if not value:
        return None
    found = Organization.objects.filter(slug=value).first()
    if found is None and value.isdigit() and len(value) < 18:
        found = Organization.objects.filter(pk=int(value)).first()
    if found is None:
        raise BadRequest(f"没有这个组织:“{value[:40]}”。请从统计表中的单位名称进入。")
    return found


def default_year():
    latest = Issue.objects.published().order_by("-date").values_list("date", flat=True).first()
    return (latest or timezone.localdate()).year


def change(now, before):
    """A change in percent, or None when there is nothing to compare with."""
    if before is None or not before:
        return None
    return round((now - before) * 100 / before, 1)


@dataclass
class Row:
    organization: Organization
    depth: int = 0
    submitted: int = 0
    returned: int = 0
    published: int = 0
    mentioned: int = 0
    characters: int = 0
    photos: int = 0
    previous: int | None = None
    last_year: int | None = None
    rank: int | None = None

    @property
    def month_on_month(self):
        return change(self.published, self.previous)

    @property
    def year_on_year(self):
        return change(self.published, self.last_year)


COLUMNS = [
    ("rank", "市州排名"),
    ("name", "单位"),
    ("submitted", "投稿"),
    ("returned", "退回"),
    ("published", "刊发(署名)"),
    ("mentioned", "提及"),
    ("characters", "字数"),
    ("photos", "图片"),
    ("previous", "上期刊发"),
    ("month_on_month", "环比%"),
    ("last_year", "去年同期刊发"),
    ("year_on_year", "同比%"),
]


@dataclass
class Report:
    period: Period
    rollup: bool
    organization: Organization | None
    rows: list = field(default_factory=list)
    ranking: list = field(default_factory=list)
    trend: list = field(default_factory=list)
    by_page: list = field(default_factory=list)
    by_column: list = field(default_factory=list)

    def table(self):
        """The table as exported: a header and one list of values per row."""
        body = []
        for row in self.rows:
            values = []
            for key, _ in COLUMNS:
                if key == "name":
                    values.append(row.organization.name)
                else:
                    values.append(getattr(row, key))
            body.append(values)
        return [label for _, label in COLUMNS], body


def _between(prefix, period):
    return Q(**{f"{prefix}__gte": period.start, f"{prefix}__lte": period.end})


def build(period, *, rollup=True, organization=None):
    """The report: one statement for the figures of three periods, one for the workflow's
    submissions and returns, one for the trend (and two for one unit's pages and columns)."""
    orgs = {
        o.pk: o
        for o in Organization.objects.only(
            "id", "name", "short_name", "slug", "level", "kind", "parent_id"
        )
    }
    parents = {pk: o.parent_id for pk, o in orgs.items()}

    def depth(pk):
        d, seen = 0, {pk}
        while parents.get(pk) is not None and parents[pk] not in seen:
            pk = parents[pk]
            seen.add(pk)
            d += 1
        return d

    previous, last_year = period.previous(), period.last_year()
    window = [period] + [p for p in (previous, last_year) if p]
    cur = _between("date", period)
    figures = {}
    if all(p.whole_months for p in window):
        rows = _monthly_figures(period, previous, last_year)
    else:
        rows = _figures(period, previous, last_year, window)
    for values in rows:
        figures[values["unit_id"]] = values

    tz = timezone.get_current_timezone()
    workflow = {}
    if period.kind != "all":
        since = datetime.datetime.combine(period.start, datetime.time(), tzinfo=tz)
        until = datetime.datetime.combine(
            period.end + datetime.timedelta(days=1), datetime.time(), tzinfo=tz
        )
        moves = ArticleTransition.objects.filter(created_at__gte=since, created_at__lt=until)
    else:
        moves = ArticleTransition.objects.all()
    moves = moves.filter(to_status__in=[Article.Status.SUBMITTED, Article.Status.RETURNED])
    for values in (
        Contribution.objects.filter(Q(credited=True) | Q(own_credited=True))
        .filter(article__transitions__in=moves)
        .order_by()
        .values("unit_id")
        .annotate(
            submitted=Count(
                "article",
                distinct=True,
                filter=Q(credited=True, article__transitions__to_status=Article.Status.SUBMITTED),
            ),
            own_submitted=Count(
                "article",
                distinct=True,
                filter=Q(
                    own_credited=True, article__transitions__to_status=Article.Status.SUBMITTED
                ),
            ),
            returned=Count(
                "article",
                distinct=True,
                filter=Q(credited=True, article__transitions__to_status=Article.Status.RETURNED),
            ),
            own_returned=Count(
                "article",
                distinct=True,
                filter=Q(
                    own_credited=True, article__transitions__to_status=Article.Status.RETURNED
                ),
            ),
        )
    ):
        workflow[values["unit_id"]] = values

    def row_for(pk, own):
        prefix = "own_" if own else ""
        f = figures.get(pk, {})
        w = workflow.get(pk, {})
        return Row(
            organization=orgs[pk],
            depth=depth(pk),
            submitted=w.get(prefix + "submitted", 0),
            returned=w.get(prefix + "returned", 0),
            published=f.get(prefix + "published", 0),
            mentioned=f.get(prefix + "mentioned", 0),
            characters=f.get(prefix + "characters_sum") or 0,
            photos=f.get(prefix + "photos_sum") or 0,
            previous=f.get(prefix + "previous", 0) if previous else None,
            last_year=f.get(prefix + "last_year", 0) if last_year else None,
        )

    cities = [
        pk
        for pk, o in orgs.items()
        if o.level == Organization.Level.CITY and o.kind == Organization.Kind.KEXIE
    ]
    ranking = sorted(
        (row_for(pk, own=False) for pk in cities),
        key=lambda r: (-r.published, -r.characters, r.organization.name),
    )
    rank_of = {}
    for i, row in enumerate(ranking):
        same = i and ranking[i - 1].published == row.published
        row.rank = ranking[i - 1].rank if same else i + 1
        rank_of[row.organization.pk] = row.rank

    if organization is not None:
        shown = {organization.pk} | {pk for pk in orgs if _under(pk, organization.pk, parents)}
    elif rollup:
        # Members below a city fold into it; the rest stand on their own.
        shown = {pk for pk in orgs if depth(pk) <= 1}
    else:
        shown = set(orgs)
    rows = []
    for pk in shown:
        row = row_for(pk, own=not rollup)
        if not (row.published or row.mentioned or row.submitted or row.returned) and (
            pk not in rank_of and pk != getattr(organization, "pk", None)
        ):
            continue
        row.rank = rank_of.get(pk)
        rows.append(row)
    rows.sort(key=lambda r: (-r.published, -r.mentioned, r.organization.name))

    report = Report(
        period=period, rollup=rollup, organization=organization, rows=rows, ranking=ranking
    )
    report.trend = trend(period, organization, rollup)
    if organization is not None:
        mine = Contribution.objects.filter(
            cur,
            published=True,
            unit=organization,
            **{"credited" if rollup else "own_credited": True},
        ).order_by()
        report.by_page = list(
            mine.values("page_name").annotate(n=Count("pk")).order_by("-n", "page_name")
        )
        report.by_column = list(
            mine.values("column__name").annotate(n=Count("pk")).order_by("-n", "column__name")
        )
    return report


def _figures(period, previous, last_year, window):
    """Each unit's figures for the period and its comparisons, from the contribution rows."""
    qs = Contribution.objects.filter(published=True)
    if period.kind != "all":
        qs = qs.filter(date__gte=min(p.start for p in window), date__lte=max(p.end for p in window))
    cur = _between("date", period)
    c_roll, c_own = Q(credited=True), Q(own_credited=True)
    aggregates = {
        "published": Count("pk", filter=cur & c_roll),
        "own_published": Count("pk", filter=cur & c_own),
        "mentioned": Count("pk", filter=cur & Q(mentioned=True, credited=False)),
        "own_mentioned": Count("pk", filter=cur & Q(own_mentioned=True, own_credited=False)),
        "characters_sum": Sum("characters", filter=cur & c_roll),
        "own_characters_sum": Sum("characters", filter=cur & c_own),
        "photos_sum": Sum("photos", filter=cur & c_roll),
        "own_photos_sum": Sum("photos", filter=cur & c_own),
    }
    if previous:
        aggregates["previous"] = Count("pk", filter=_between("date", previous) & c_roll)
        aggregates["own_previous"] = Count("pk", filter=_between("date", previous) & c_own)
    if last_year:
        aggregates["last_year"] = Count("pk", filter=_between("date", last_year) & c_roll)
        aggregates["own_last_year"] = Count("pk", filter=_between("date", last_year) & c_own)
    return qs.order_by().values("unit_id").annotate(**aggregates)


def _monthly_figures(period, previous, last_year):
    """The same figures for whole months, summed from the monthly totals (a few rows a
    unit and month instead of every article's)."""
    qs = MonthlyTotal.objects.all()
    if period.kind != "all":
        window = [p for p in (period, previous, last_year) if p]
        qs = qs.filter(
            month__gte=min(p.start for p in window), month__lte=max(p.end for p in window)
        )
    cur = _between("month", period) if period.kind != "all" else Q()

    def total(field, when):
        return Coalesce(Sum(field, filter=when), 0) if when else Coalesce(Sum(field), 0)

    aggregates = {
        "published": total("published", cur),
        "own_published": total("own_published", cur),
        "mentioned": total("mentioned", cur),
        "own_mentioned": total("own_mentioned", cur),
        "characters_sum": total("characters", cur),
        "own_characters_sum": total("own_characters", cur),
        "photos_sum": total("photos", cur),
        "own_photos_sum": total("own_photos", cur),
    }
    if previous:
        aggregates["previous"] = total("published", _between("month", previous))
        aggregates["own_previous"] = total("own_published", _between("month", previous))
    if last_year:
        aggregates["last_year"] = total("published", _between("month", last_year))
        aggregates["own_last_year"] = total("own_published", _between("month", last_year))
    # The sums are named apart from the columns they sum (an annotation may not shadow one).
    rows = (
        qs.order_by().values("unit_id").annotate(**{f"sum_{k}": v for k, v in aggregates.items()})
    )
    return [{"unit_id": row["unit_id"], **{k: row[f"sum_{k}"] for k in aggregates}} for row in rows]


def _under(pk, ancestor, parents):
    seen = set()
    while parents.get(pk) is not None and pk not in seen:
        seen.add(pk)
        pk = parents[pk]
        if pk == ancestor:
            return True
    return False


def trend(period, organization, rollup):
    """Published articles per month (per year beyond three years): of one unit, or of the
    paper (each article once)."""
    by_year = period.kind == "all" or period.days > 3 * 366
    if period.whole_months:
        if organization is not None:
            qs = MonthlyTotal.objects.filter(unit=organization)
            counted = Sum("published" if rollup else "own_published")
        else:
            qs = MonthlyArticles.objects.all()
            counted = Sum("published")
        if period.kind != "all":
            qs = qs.filter(_between("month", period))
        bucket = ExtractYear("month") if by_year else F("month")
    else:
        bucket = ExtractYear("date") if by_year else TruncMonth("date")
        if organization is not None:
            qs = Contribution.objects.filter(
                published=True,
                unit=organization,
                **{"credited" if rollup else "own_credited": True},
            )
            counted = Count("pk")
        else:
            qs = Contribution.objects.filter(published=True, credited=True)
            counted = Count("article", distinct=True)
        qs = qs.filter(_between("date", period))
    points = qs.order_by().annotate(bucket=bucket).values("bucket").annotate(n=counted)
    out = []
    for p in sorted(points, key=lambda p: p["bucket"]):
        if not p["n"]:
            continue  # a month whose articles all left (withdrawn, unpublished)
        b = p["bucket"]
        label = f"{b}年" if by_year else f"{b:%Y-%m}"
        out.append({"label": label, "value": p["n"]})
    return out
