from django.contrib import admin

from .models import (
    Article,
    ArticleTransition,
    Column,
    ColumnCredit,
    ColumnRun,
    ColumnRunSponsor,
    Credit,
    Issue,
    Page,
    PageImport,
    PageSponsor,
    Section,
    Series,
    Tag,
)


class PageInline(admin.TabularInline):
    model = Page
    extra = 0
    fields = ["number", "name", "sponsors_unordered"]
    show_change_link = True


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["number", "total_number", "date", "status", "published_at"]
    list_filter = ["status", "date"]
    search_fields = ["number", "total_number"]
    date_hierarchy = "date"
    inlines = [PageInline]
    readonly_fields = ["published_at", "published_by"]


class PageSponsorInline(admin.TabularInline):
    model = PageSponsor
    extra = 0
    autocomplete_fields = ["organization"]


class ColumnRunInline(admin.TabularInline):
    model = ColumnRun
    extra = 0
    fields = ["column", "order"]
    autocomplete_fields = ["column"]
    show_change_link = True


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "issue", "number", "name", "sponsors_unordered"]
    list_filter = ["name", "issue__status"]
    search_fields = ["name", "issue__number"]
    autocomplete_fields = ["issue"]
    list_select_related = ["issue"]
    inlines = [PageSponsorInline, ColumnRunInline]


class ColumnCreditInline(admin.TabularInline):
    model = ColumnCredit
    extra = 0
    autocomplete_fields = ["person", "organization"]


class ColumnRunSponsorInline(admin.TabularInline):
    model = ColumnRunSponsor
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(ColumnRun)
class ColumnRunAdmin(admin.ModelAdmin):
    list_display = ["__str__", "page", "column", "order"]
    list_filter = ["column"]
    search_fields = ["column__name", "page__name", "page__issue__number"]
    autocomplete_fields = ["page", "column"]
    list_select_related = ["page__issue", "column"]
    inlines = [ColumnCreditInline, ColumnRunSponsorInline]


@admin.register(Column)
class ColumnAdmin(admin.ModelAdmin):
    list_display = ["name", "pinyin", "slug"]
    search_fields = ["name", "pinyin"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 0
    autocomplete_fields = ["person", "organization"]


class SectionInline(admin.StackedInline):
    model = Section
    extra = 0
    fields = ["order", "heading", "body"]


class TransitionInline(admin.TabularInline):
    model = ArticleTransition
    extra = 0
    can_delete = False
    fields = ["created_at", "user", "from_status", "to_status", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "kicker", "page", "column_run", "position", "status", "updated_at"]
    list_filter = ["status", "page__issue", "column_run__column", "series"]
    search_fields = ["title", "kicker", "subtitle", "body"]
    autocomplete_fields = ["page", "column_run", "series", "organizations", "author"]
    list_select_related = ["page__issue", "column_run__column"]
    readonly_fields = ["version", "last_edited_by", "created_at", "updated_at", "published_at"]
    inlines = [CreditInline, SectionInline, TransitionInline]
    fieldsets = [
        (None, {"fields": ["kicker", "title", "subtitle", "body", "captions"]}),
        ("版面位置", {"fields": ["page", "column_run", "position", "series"]}),
        ("分类", {"fields": ["tags", "organizations"]}),
        ("状态", {"fields": ["status", "author", "version", "last_edited_by", "published_at"]}),
        ("来源", {"fields": ["source_text"], "classes": ["collapse"]}),
    ]


@admin.register(ArticleTransition)
class ArticleTransitionAdmin(admin.ModelAdmin):
    list_display = ["article", "from_status", "to_status", "user", "created_at"]
    list_filter = ["to_status"]
    search_fields = ["article__title", "comment"]
    list_select_related = ["article", "user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PageImport)
class PageImportAdmin(admin.ModelAdmin):
    list_display = ["source_name", "page", "encoding", "created_at", "replaced_at"]
    list_filter = ["encoding", "replaced_at"]
    search_fields = ["source_name", "page__issue__number"]
    list_select_related = ["page__issue"]
    readonly_fields = [
        "page",
        "source_name",
        "encoding",
        "text",
        "text_sha256",
        "warnings",
        "unplaced",
        "imported_by",
        "created_at",
        "replaced_at",
    ]

    def has_add_permission(self, request):
        return False
