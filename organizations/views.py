"""Organisation and person pages of the reader site."""

from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404

from articles.models import Article, ColumnRunSponsor, Credit, PageSponsor
from articles.reader.cache import public_page
from articles.reader.listing import render_listing

from . import filters
from .models import Organization, Person


@public_page
def organization(request, slug):
    found = get_object_or_404(Organization.objects.select_related("parent"), slug=slug)
    # Articles it signed or is mentioned in, as one set of ids: each article once, no
    # DISTINCT over joined rows, and counted from the two link tables.
    signed = Credit.objects.filter(organization=found).order_by().values("article_id")
    mentioned = Article.organizations.through.objects.filter(organization=found).values(
        "article_id"
    )
    qs = Article.objects.listing().filter(pk__in=signed.union(mentioned))
    # Counted as two disjoint parts, signed and mentioned-but-not-signed, so that a count
    # capped at COUNT_CAP stops inside the first part instead of building the whole union.
    published = Article.objects.published().order_by()
    counted = (
        published.filter(pk__in=signed)
        .values("pk")
        .union(
            published.filter(pk__in=mentioned.exclude(article_id__in=signed)).values("pk"),
            all=True,
        )
    )
    # The same articles for a long listing: walk the archive newest first, checking each.
    dense = Article.objects.listing().filter(
        Exists(Credit.objects.filter(article=OuterRef("pk"), organization=found))
        | Exists(
            Article.organizations.through.objects.filter(article=OuterRef("pk"), organization=found)
        )
    )
    fs = filters.OrganizationArticleFilter(
        request.GET or None, queryset=qs, request=request, organization=found
    )
    context = {
        "organization": found,
        # parent_id too: the reverse manager reads it on each member to attach ``found``
        # (a deferred parent_id cost one query per member).
        "members": list(found.members.only("id", "name", "short_name", "slug", "parent_id")),
        "sponsored_pages": list(PageSponsor.objects.printed_for(found)),
        "sponsored_columns": list(ColumnRunSponsor.objects.printed_for(found)),
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
        dense=dense,
        counted=counted,
    )


@public_page
def person(request, pk):
    found = get_object_or_404(Person.objects.select_related("organization"), pk=pk)
    qs = Article.objects.listing().filter(
        pk__in=Credit.objects.filter(person=found).order_by().values("article_id")
    )
    fs = filters.PersonArticleFilter(request.GET or None, queryset=qs, request=request)
    return render_listing(
        request,
        "organizations/person.html",
        fs,
        {"person": found, "kind": "人员"},
        canonical=found.get_absolute_url(),
        heading=found.name,
    )
