"""The organisation page's contributions per year (public: published articles only)."""

from django import template
from django.db.models import Count
from django.db.models.functions import ExtractYear

from reports.models import Contribution

register = template.Library()
BAR_WIDTH, BAR_GAP, HEIGHT = 22, 8, 60


@register.inclusion_tag("reports/_contributions.html")
def contributions_per_year(organization):
    """Articles the unit or its members signed, per year of publication (one statement)."""
    years = list(
        Contribution.objects.filter(unit=organization, published=True, credited=True)
        .order_by()
        .annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("year")
    )
    top = max((y["n"] for y in years), default=0) or 1
    for i, y in enumerate(years):
        y["height"] = max(1, round(y["n"] * HEIGHT / top))
        y["x"] = i * (BAR_WIDTH + BAR_GAP)
        y["y"] = HEIGHT - y["height"] + 14
    return {
        "organization": organization,
        "years": years,
        "total": sum(y["n"] for y in years),
        "width": max(1, len(years) * (BAR_WIDTH + BAR_GAP)),
        "bar_width": BAR_WIDTH,
        "height": HEIGHT + 30,
    }
