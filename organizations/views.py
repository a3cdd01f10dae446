"""Organisation and person pages of the reader site."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from articles import filters
from articles.caching import public_page
from articles.models import ColumnRunSponsor, Issue
from articles.views import listing_queryset, render_listing, sponsored_pages

from .models import Organization, Person


def sponsored_columns(organization, limit=12):
    return list(
        ColumnRunSponsor.objects.filter(
            organization=organization,
            column_run__page__issue__status=Issue.Status.PUBLISHED,
        )
        .select_related("column_run__column", "column_run__page__issue")
        .order_by("-column_run__page__issue__date", "column_run__page__number")[:limit]
    )


@public_page
def organization(request, slug):
    found = get_object_or_404(Organization.objects.select_related("parent"), slug=slug)
    qs = listing_queryset().filter(Q(credits__organization=found) | Q(organizations=found))
    fs = filters.OrganizationArticleFilter(
        request.GET or None, queryset=qs, request=request, organization=found
    )
    context = {
        "organization": found,
        "members": list(found.members.only("id", "name", "short_name", "slug")),
        "sponsored_pages": sponsored_pages(found),
        "sponsored_columns": sponsored_columns(found),
        "kind": "组织",
        "feeds": True,
    }
    return render_listing(
        request,
        "organizations/organization.html",
        fs,
        context,
        canonical=found.get_absolute_url(),
        heading=found.name,
        search_field=("organization", found.slug, "在该组织中搜索"),
    )


@public_page
def person(request, pk):
    found = get_object_or_404(Person.objects.select_related("organization"), pk=pk)
    qs = listing_queryset().filter(credits__person=found)
    fs = filters.PersonArticleFilter(request.GET or None, queryset=qs, request=request)
    return render_listing(
        request,
        "organizations/person.html",
        fs,
        {"person": found, "kind": "人员"},
        canonical=found.get_absolute_url(),
        heading=found.name,
    )
