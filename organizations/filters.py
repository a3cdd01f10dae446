"""The filters of the organisation and person listings (declared next to their views)."""

import django_filters

from articles.reader.filters import ReaderArticleFilter, mentioning, signed_by


class OrganizationArticleFilter(ReaderArticleFilter):
    RELATION_CHOICES = [("reported", "本单位署名的报道"), ("mentioned", "提及本单位的报道")]

    omit = ("organization",)

    relation = django_filters.ChoiceFilter(
        label="关系",
        choices=RELATION_CHOICES,
        empty_label="全部",
        method="filter_relation",
        error_messages={"invalid_choice": "关系只能选“署名”或“提及”,请重新选择。"},
    )

    def filter_relation(self, queryset, name, value):
        org = self.request_organization
        if value == "reported":
            return queryset.filter(pk__in=signed_by(org))
        if value == "mentioned":
            return queryset.filter(pk__in=mentioning(org))
        return queryset

    def __init__(self, *args, organization=None, **kwargs):
        self.request_organization = organization
        super().__init__(*args, **kwargs)


class PersonArticleFilter(ReaderArticleFilter):
    pass
