"""One FilterSet per reader listing: narrow by year, month, column, organisation or tag."""

import django_filters
from django import forms
from django.db.models import Q

from articles.models import Article, Column, Credit, TaggedArticle
from organizations.models import Organization

MONTH_CHOICES = [(str(m), f"{m}月") for m in range(1, 13)]


class WholeNumberFilter(django_filters.NumberFilter):
    """A NumberFilter of whole numbers: "2022.5", "1e3" and "NaN" are refused, not rounded."""

    field_class = forms.IntegerField


def signed_by(organization):
    return Credit.objects.filter(organization=organization).order_by().values("article_id")


def mentioning(organization):
    return Article.organizations.through.objects.filter(organization=organization).values(
        "article_id"
    )


class ReaderArticleFilter(django_filters.FilterSet):
    """Filters shared by every listing; each listing drops the one its page already fixes."""

    omit = ()

    year = WholeNumberFilter(
        field_name="page__issue__date__year",
        label="年份",
        min_value=1950,
        max_value=2100,
        error_messages={
            "invalid": "年份应为四位数字,例如 2022。",
            "min_value": "年份不能早于 1950 年,请重新填写。",
            "max_value": "年份不能晚于 2100 年,请重新填写。",
        },
    )
    month = django_filters.ChoiceFilter(
        field_name="page__issue__date__month",
        label="月份",
        choices=MONTH_CHOICES,
        empty_label="全部月份",
        error_messages={"invalid_choice": "月份应为 1 到 12 之间的数字,请重新选择。"},
    )
    column = django_filters.ModelChoiceFilter(
        field_name="column_run__column",
        label="栏目",
        queryset=Column.objects.only("id", "name", "slug"),
        to_field_name="slug",
        empty_label="全部栏目",
        error_messages={"invalid_choice": "没有这个栏目,请从列表中选择。"},
    )
    organization = django_filters.ModelChoiceFilter(
        label="组织",
        queryset=Organization.objects.only("id", "name", "short_name", "slug"),
        to_field_name="slug",
        method="filter_organization",
        empty_label="全部组织",
        error_messages={"invalid_choice": "没有这个组织,请从列表中选择。"},
    )
    tag = django_filters.CharFilter(
        label="标签",
        method="filter_tag",
        max_length=100,
        error_messages={"max_length": "标签最长 100 个字,请缩短后再试。"},
    )

    class Meta:
        model = Article
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.omit:
            self.filters.pop(name, None)
        if "organization" in self.form.fields:
            self.form.fields["organization"].label_from_instance = lambda o: o.display_name

    # Filters over bylines, mentions and tags select article ids in a subquery rather
    # than joining the link tables: each article is listed once without DISTINCT (which
    # over whole article rows cost a sort of every match of a long listing).

    def filter_organization(self, queryset, name, value):
        return queryset.filter(
            Q(pk__in=signed_by(value)) | Q(pk__in=mentioning(value)),
        )

    def filter_tag(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        tagged = TaggedArticle.objects.filter(Q(tag__slug=value) | Q(tag__name=value))
        return queryset.filter(pk__in=tagged.values("content_object_id"))

    def error_message(self):
        """One Chinese sentence naming each wrong value, for the top of the listing."""
        if self.is_bound and not self.form.is_valid():
            parts = []
            for field, errors in self.form.errors.items():
                label = self.form.fields[field].label if field in self.form.fields else field
                parts.append(f"{label}:{''.join(errors)}")
            return "筛选条件有误 —— " + ";".join(parts)
        return ""


class ColumnArticleFilter(ReaderArticleFilter):
    omit = ("column",)


class TagArticleFilter(ReaderArticleFilter):
    omit = ("tag",)


class SeriesArticleFilter(ReaderArticleFilter):
    pass
