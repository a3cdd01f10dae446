"""The editors' report screens: 信息报送统计, the sponsor ledger and its statements, reprints."""

from functools import wraps

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from articles import workflow
from organizations.models import Organization

from . import exports, ledger
from . import statistics as stats
from .models import SimilarPair, SponsorshipAgreement

FORMATS = {"html", "csv", "xlsx"}


def editors_only(view):
    """Editors and the chief editor (the review permission); correspondents get a 403."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if not workflow.is_editor(request.user):
            raise PermissionDenied("统计和台账只对编辑和主编开放。")
        return view(request, *args, **kwargs)

    return admin.site.admin_view(checked)


def _page(request, template, title, status=200, **extra):
    return TemplateResponse(
        request,
        template,
        {**admin.site.each_context(request), "title": title, **extra},
        status=status,
    )


def _refused(request, template, title, message):
    return _page(request, template, title, status=400, error=message)


@editors_only
def statistics(request):
    title = "信息报送统计"
    template = "admin/reports/statistics.html"
    fmt = request.GET.get("format", "html").strip().lower() or "html"
    if fmt not in FORMATS:
        return _refused(
            request,
            template,
            title,
            f"不支持的导出格式“{fmt[:20]}”:可选 html(网页)、csv 或 xlsx。",
        )
    try:
        given = request.GET.get("period") or request.GET.get("start") or request.GET.get("end")
        period = stats.parse_period(request.GET, None if given else stats.default_year())
        organization = stats.parse_organization(request.GET)
    except stats.BadRequest as exc:
        return _refused(request, template, title, str(exc))
    rollup = request.GET.get("rollup", "1") != "0"
    report = stats.build(period, rollup=rollup, organization=organization)
    if fmt == "csv":
        return exports.as_csv(report)
    if fmt == "xlsx":
        return exports.as_xlsx(report)
    query = request.GET.copy()
    query.pop("format", None)
    return _page(
        request,
        template,
        f"{title}:{period.label}",
        report=report,
        columns=stats.COLUMNS,
        query=query.urlencode(),
        chart={
            "ranking": [
                {"name": r.organization.display_name, "value": r.published} for r in report.ranking
            ],
            "trend": report.trend,
        },
    )


@editors_only
def sponsors(request):
    template = "admin/reports/sponsors.html"
    try:
        given = request.GET.get("period") or request.GET.get("start") or request.GET.get("end")
        period = stats.parse_period(request.GET, None if given else stats.default_year())
    except stats.BadRequest as exc:
        return _refused(request, template, "协办台账", str(exc))
    counts = ledger.printed_counts(period)
    units = Organization.objects.filter(pk__in=list(counts)).only(
        "id", "name", "short_name", "slug"
    )
    printed = sorted(
        ({"organization": o, "pages": counts[o.pk][0], "columns": counts[o.pk][1]} for o in units),
        key=lambda u: (-(u["pages"] + u["columns"]), u["organization"].name),
    )
    agreements = list(
        SponsorshipAgreement.objects.with_printed().select_related("organization", "column")
    )
    for agreement in agreements:
        agreement.behind = agreement.is_behind()
        agreement.due = agreement.expected_by()
    return _page(
        request,
        template,
        f"协办台账:{period.label}",
        period=period,
        printed=printed,
        agreements=agreements,
    )


@editors_only
def statement(request, pk):
    template = "admin/reports/statement.html"
    organization = get_object_or_404(Organization, pk=pk)
    try:
        given = request.GET.get("period") or request.GET.get("start") or request.GET.get("end")
        period = stats.parse_period(request.GET, None if given else stats.default_year())
    except stats.BadRequest as exc:
        return _refused(request, template, "协办刊出证明", str(exc))
    return _page(
        request,
        template,
        f"协办刊出证明:{organization.name}",
        organization=organization,
        period=period,
        insertions=ledger.insertions(organization, period),
    )


REPRINTS_SHOWN = 200


@editors_only
def reprints(request):
    pairs = (
        SimilarPair.objects.across_issues()
        .select_related("article__page__issue", "similar__page__issue")
        .order_by("-similarity", "-similar_id")[:REPRINTS_SHOWN]
    )
    return _page(
        request,
        "admin/reports/reprints.html",
        "跨期相似稿件(疑似重复刊发)",
        pairs=list(pairs),
        shown=REPRINTS_SHOWN,
    )
