"""The search filters: column, organisation, year, issue, sort. Validated, in Chinese."""

import django_filters
from django import forms

from articles.models import Column
from articles.reader.filters import WholeNumberFilter
from organizations.models import Organization


class SearchFilter(django_filters.FilterSet):
    """Checks the reader's filters; ``apply`` puts them on a parsed query.

    The filters are index tokens (see ``articles.search.index``), so the
    FilterSet validates and resolves them rather than filtering a queryset.
    """

    column = django_filters.ModelChoiceFilter(
        queryset=Column.objects.all(),
        to_field_name="slug",
        label="栏目",
        method="keep",
        error_messages={"invalid_choice": "没有这个栏目。"},
    )
    organization = django_filters.ModelChoiceFilter(
        queryset=Organization.objects.all(),
        to_field_name="slug",
        label="组织",
        method="keep",
        error_messages={"invalid_choice": "没有这个组织。"},
    )
    year = WholeNumberFilter(
        label="年份",
        method="keep",
        min_value=1950,
        max_value=2100,
        error_messages={
            "invalid": "年份必须是四位数字。",
            "min_value": "年份不能早于 1950 年。",
            "max_value": "年份不能晚于 2100 年。",
        },
    )
    issue = WholeNumberFilter(
        label="期号",
        method="keep",
        min_value=1,
        max_value=10_000_000,
        error_messages={
            "invalid": "期号必须是正整数。",
            "min_value": "期号必须是正整数。",
            "max_value": "期号太大。",
        },
    )
    sort = django_filters.ChoiceFilter(
        label="排序",
        method="keep",
        choices=[("relevance", "按相关度"), ("date", "按日期")],
        empty_label="按相关度",
        widget=forms.Select,
        error_messages={"invalid_choice": "排序只能按相关度或按日期。"},
    )

    def keep(self, queryset, name, value):
        return queryset

    def apply(self, query):
        data = self.form.cleaned_data
        query.column_id = data["column"].pk if data.get("column") else None
        query.organization_id = data["organization"].pk if data.get("organization") else None
        query.year = int(data["year"]) if data.get("year") else None
        query.issue_number = int(data["issue"]) if data.get("issue") else None
        query.sort = data.get("sort") or "relevance"
        return query

    def error_messages(self):
        return [str(e) for errors in self.form.errors.values() for e in errors]
