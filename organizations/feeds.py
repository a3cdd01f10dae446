"""RSS 2.0 and Atom feeds of what an organisation reported or was mentioned in."""

from django.conf import settings
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from articles.reader.feeds import FEED_SIZE, ArticleFeed, feed_queryset

from .models import Organization


class OrganizationFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Organization, slug=slug)

    def title(self, obj):
        return f"{settings.NEWSPAPER_NAME} · {obj.display_name}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return f"{settings.NEWSPAPER_NAME}上{obj.name}署名或被提及的报道。"

    def items(self, obj):
        return (
            feed_queryset()
            .filter(Q(credits__organization=obj) | Q(organizations=obj))
            .distinct()[:FEED_SIZE]
        )


class OrganizationAtomFeed(OrganizationFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)
