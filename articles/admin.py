import reversion
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from reversion.admin import VersionAdmin
from reversion.models import Version
from taggit.models import Tag as TaggitTag

from photos.admin import ArticleAreaInline, FacsimileInline, PhotoInline

from . import changes, publishing, workflow
from .desk import views as desk_views
from .desk.batching import ChangesBatchedAdmin
from .desk.forms import ArticleForm, ArticleInlineForm, CommentForm, IssueForm, PageForm
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
    SuggestionDismissal,
    Tag,
)

# Every save of an article is a revision that carries its sections and byline.
for _model in (Section, Credit):
    if not reversion.is_registered(_model):
        reversion.register(_model)
if not reversion.is_registered(Article):
    reversion.register(Article, follow=["sections", "credits"])


class RetryOnConflictMixin:
    """If the compare-and-swap in save fails (another save won the race after the form
    was validated), roll everything back and show the form again: its validation then
    sees the newer version and refuses with a message naming the other editor."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        try:
            return super().change_view(request, object_id, form_url, extra_context)
        except workflow.VersionConflict:
            return super().change_view(request, object_id, form_url, extra_context)


class PageInline(admin.TabularInline):
    model = Page
    form = PageForm
    extra = 0
    fields = ["number", "name", "sponsors_unordered"]
    show_change_link = True


@admin.register(Issue)
class IssueAdmin(ChangesBatchedAdmin, admin.ModelAdmin):
    form = IssueForm
    list_display = ["number", "total_number", "date", "status", "publish_at", "compose_link"]
    list_filter = ["status", "date"]
    search_fields = ["number", "total_number"]
    date_hierarchy = "date"
    inlines = [PageInline]
    # The state of an issue changes only through publishing.py, which checks the role.
    readonly_fields = ["status", "publish_at", "published_at", "published_by"]
    actions = ["publish_selected", "withdraw_selected"]

    @admin.display(description="编排")
    def compose_link(self, issue):
        return format_html(
            '<a href="{}">编排本期</a>', reverse("admin:articles_issue_compose", args=[issue.pk])
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/compose/",
                view(lambda r, pk: desk_views.compose(self, r, pk)),
                name="articles_issue_compose",
            ),
            path(
                "start-from-previous/",
                view(lambda r: desk_views.start_from_previous(self, r)),
                name="articles_issue_start_from_previous",
            ),
            *super().get_urls(),
        ]

    @admin.action(description="立即发布所选的期")
    def publish_selected(self, request, queryset):
        for issue in queryset:
            try:
                publishing.publish_issue(issue, request.user)
            except (publishing.PublishRefused, PermissionDenied) as exc:
                self.message_user(request, f"{issue}:{exc}", messages.ERROR)
            else:
                self.message_user(request, f"{issue}已发布。", messages.SUCCESS)

    @admin.action(description="撤回所选的期(读者不再可见,内容保留)")
    def withdraw_selected(self, request, queryset):
        for issue in queryset:
            try:
                publishing.withdraw_issue(issue, request.user)
            except (publishing.PublishRefused, PermissionDenied) as exc:
                self.message_user(request, f"{issue}:{exc}", messages.ERROR)
            else:
                self.message_user(request, f"{issue}已撤回。", messages.SUCCESS)


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


class ArticleInline(admin.TabularInline):
    """The page's articles, edited in place; guarded by the same version check."""

    model = Article
    form = ArticleInlineForm
    extra = 0
    fields = ["title", "column_run", "position", "status", "expected_version"]
    readonly_fields = ["status"]
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Page)
class PageAdmin(RetryOnConflictMixin, ChangesBatchedAdmin, admin.ModelAdmin):
    form = PageForm
    list_display = ["__str__", "issue", "number", "name", "sponsors_unordered"]
    list_filter = ["name", "issue__status"]
    search_fields = ["name", "issue__number"]
    autocomplete_fields = ["issue"]
    list_select_related = ["issue"]
    inlines = [PageSponsorInline, ColumnRunInline, ArticleInline, FacsimileInline]
    inlines += [ArticleAreaInline]  # after the facsimile: areas proposed on upload come first

    def save_formset(self, request, form, formset, change):
        if formset.model is Article:
            for f in formset.forms:
                if f.instance.pk and f.has_changed():
                    if not request.user.has_perm("articles.arrange_issue"):
                        raise PermissionDenied("您没有编排版面的权限。")
                    expected = f.cleaned_data.get("expected_version")
                    f.instance.version = workflow.claim_version(
                        f.instance.pk, expected, request.user
                    )
                    f.instance.last_edited_by = request.user
        super().save_formset(request, form, formset, change)

    def response_change(self, request, obj):
        if request.POST.get("_repropose"):
            return redirect(request.path)  # back to the page, the areas drawn again
        return super().response_change(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if request.POST.get("_repropose") and change:
            # after every inline is saved: the proposals replace the areas just saved
            from photos import store

            proposals, missing = store.propose_page_areas(form.instance)
            if not proposals and not missing:
                messages.warning(request, "本版没有带文字层的版面 PDF,无法自动定位区域。")
                return
            store.save_areas(form.instance, proposals, proposed=True)
            note = f"已按 PDF 文字层重新定位 {len(proposals)} 篇文章的区域。"
            if missing:
                note += "没有找到:" + "、".join(f"《{a.title}》" for a in missing) + "。"
            messages.info(request, note)


class ColumnCreditInline(admin.TabularInline):
    model = ColumnCredit
    extra = 0
    autocomplete_fields = ["person", "organization"]


class ColumnRunSponsorInline(admin.TabularInline):
    model = ColumnRunSponsor
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(ColumnRun)
class ColumnRunAdmin(ChangesBatchedAdmin, admin.ModelAdmin):
    list_display = ["__str__", "page", "column", "order"]
    list_filter = ["column"]
    search_fields = ["column__name", "page__name", "page__issue__number"]
    autocomplete_fields = ["page", "column"]
    list_select_related = ["page__issue", "column"]
    inlines = [ColumnCreditInline, ColumnRunSponsorInline]


@admin.register(Column)
class ColumnAdmin(ChangesBatchedAdmin, admin.ModelAdmin):
    list_display = ["name", "pinyin", "slug"]
    search_fields = ["name", "pinyin"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Series)
class SeriesAdmin(ChangesBatchedAdmin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


# Our Tag replaces taggit's default one; an empty second "标签" list would only confuse editors.
if admin.site.is_registered(TaggitTag):
    admin.site.unregister(TaggitTag)


@admin.register(Tag)
class TagAdmin(ChangesBatchedAdmin, admin.ModelAdmin):
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

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(RetryOnConflictMixin, ChangesBatchedAdmin, VersionAdmin):
    form = ArticleForm
    list_display = [
        "title",
        "page",
        "column_run",
        "position",
        "status",
        "author",
        "last_edited_by",
        "updated_at",
    ]
    list_filter = ["status", "title_pending", "page__issue", "column_run__column", "series"]
    search_fields = ["title", "kicker", "subtitle", "body"]
    autocomplete_fields = ["page", "column_run", "series", "organizations", "author"]
    list_select_related = ["page__issue", "column_run__column", "column_run__page", "author"]
    list_select_related += ["last_edited_by"]
    readonly_fields = ["status", "version", "last_edited_by", "created_at", "updated_at"]
    readonly_fields += ["published_at", "title_pending"]
    inlines = [CreditInline, SectionInline, PhotoInline, TransitionInline]
    actions = ["submit_selected", "approve_selected", "return_selected", "withdraw_selected"]
    change_form_template = "admin/articles/article/change_form.html"

    class Media:
        # Live preview, character count, the draft kept in the browser, paste cleaning
        # (the planning app's static files; the article form works without them).
        js = ["desk/editor.js"]
        css = {"all": ["desk/editor.css"]}

    fieldsets = [
        (
            None,
            {
                "fields": [
                    "kicker",
                    "title",
                    "title_pending",
                    "subtitle",
                    "body",
                    "captions",
                    "expected_version",
                ]
            },
        ),
        ("版面位置", {"fields": ["page", "column_run", "position", "series"]}),
        ("分类", {"fields": ["tags", "organizations"]}),
        ("状态", {"fields": ["status", "author", "version", "last_edited_by", "published_at"]}),
        ("来源", {"fields": ["source_text"], "classes": ["collapse"]}),
    ]

    # -- who sees and edits what: checked here, on every request, not only in the page

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if workflow.is_editor(request.user):
            return qs
        return qs.filter(author=request.user)

    def has_change_permission(self, request, obj=None):
        return workflow.can_edit(request.user, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("articles.arrange_issue"):
            fields += ["page", "column_run", "position", "series", "author"]
        return fields

    def save_model(self, request, obj, form, change):
        if change:
            obj.version = workflow.claim_version(
                obj.pk, form.cleaned_data.get("expected_version"), request.user
            )
        elif not obj.author_id:
            obj.author = request.user
        obj.last_edited_by = request.user
        if change and "title" in form.changed_data:
            obj.title_pending = False  # the editor wrote the headline the copy lacked
        super().save_model(request, obj, form, change)

    # -- views

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "desk/",
                view(lambda r: desk_views.dashboard(self, r)),
                name="articles_article_desk",
            ),
            path(
                "<int:pk>/transition/<str:name>/",
                view(lambda r, pk, name: desk_views.transition(self, r, pk, name)),
                name="articles_article_transition",
            ),
            path(
                "<int:pk>/suggestions/",
                view(lambda r, pk: desk_views.suggest(self, r, pk)),
                name="articles_article_suggestions",
            ),
            *super().get_urls(),
        ]

    def recoverlist_view(self, request, extra_context=None):
        # Deleted articles are anyone's: only editors see and bring them back (reversion
        # lists and restores every deleted version, whoever wrote it).
        if not workflow.is_editor(request.user):
            raise PermissionDenied("只有编辑和主编可以恢复已删除的稿件。")
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not workflow.is_editor(request.user):
            raise PermissionDenied("只有编辑和主编可以恢复已删除的稿件。")
        # A deleted article brought back: reversion saves its rows raw, without signals.
        with changes.batch():
            response = super().recover_view(request, version_id, extra_context)
            if request.method == "POST" and response.status_code == 302:
                version = Version.objects.filter(pk=version_id).first()
                if version is not None:
                    changes.articles_changed([version.object_id])
        return response

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """Instead of reverting in a form: the difference to the current text, and a
        restore button that keeps the article's workflow state and version guard."""
        return desk_views.revision(self, request, int(object_id), int(version_id))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = self.get_object(request, object_id)
        if article is not None:
            extra_context.update(desk_views.article_panel(self, request, article))
        return super().change_view(request, object_id, form_url, extra_context)

    # -- bulk transitions: each article checked on its own, refusals listed

    def _bulk(self, request, queryset, name, comment=""):
        done, refused = workflow.apply_many(list(queryset), name, request.user, comment)
        label = workflow.TRANSITIONS[name].label
        if done:
            self.message_user(request, f"已{label} {len(done)} 篇。", messages.SUCCESS)
        for article, reason in refused:
            self.message_user(request, f"《{article.title}》未能{label}:{reason}", messages.ERROR)

    @admin.action(description="提交所选稿件待审")
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, "submit")

    @admin.action(description="审定所选稿件")
    def approve_selected(self, request, queryset):
        self._bulk(request, queryset, "approve")

    def _with_comment(self, request, queryset, name):
        if "confirm" in request.POST:
            form = CommentForm(request.POST)
            if form.is_valid():
                return self._bulk(request, queryset, name, form.cleaned_data["comment"])
        else:
            form = CommentForm()
        return TemplateResponse(
            request,
            "admin/articles/article/bulk_comment.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": f"{workflow.TRANSITIONS[name].label}:填写意见",
                "articles": queryset,
                "form": form,
                "action": request.POST.get("action"),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description="退回所选稿件(需填写意见)")
    def return_selected(self, request, queryset):
        return self._with_comment(request, queryset, "return")

    @admin.action(description="撤下所选已发布稿件(需填写原因)")
    def withdraw_selected(self, request, queryset):
        return self._with_comment(request, queryset, "withdraw")


@admin.register(ArticleTransition)
class ArticleTransitionAdmin(ChangesBatchedAdmin, admin.ModelAdmin):
    list_display = ["article", "from_status", "to_status", "user", "created_at"]
    list_filter = ["to_status"]
    search_fields = ["article__title", "comment"]
    list_select_related = ["article", "user"]

    def get_queryset(self, request):
        # A 通讯员 sees the steps (and return comments) of their own articles only.
        qs = super().get_queryset(request)
        if workflow.is_editor(request.user):
            return qs
        return qs.filter(article__author=request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SuggestionDismissal)
class SuggestionDismissalAdmin(ChangesBatchedAdmin, admin.ModelAdmin):
    list_display = ["article", "kind", "value", "user", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["article", "user"]

    def has_add_permission(self, request):
        return False


@admin.register(PageImport)
class PageImportAdmin(ChangesBatchedAdmin, admin.ModelAdmin):
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

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "import/",
                view(lambda r: desk_views.import_page(self, r)),
                name="articles_pageimport_import",
            ),
            *super().get_urls(),
        ]
