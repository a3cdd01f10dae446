"""Photos on the article's form, the facsimile and its areas on the page's form.

The inlines are added to ``ArticleAdmin`` and ``PageAdmin`` (articles/admin.py), whose
requests ``ChangesBatchedAdmin`` already runs in one batch of the change seam.
"""

from django.contrib import admin
from django.core.files.storage import default_storage
from django.utils.html import format_html

from articles import workflow
from articles.desk.batching import ChangesBatchedAdmin
from articles.models import Article

from .forms import ArticleAreaForm, FacsimileForm, PhotoForm, PhotoFormSet
from .models import ArticleArea, Facsimile, Photo


def preview(name, width, alt=""):
    if not name:
        return "—"
    return format_html(
        '<img src="{}" width="{}" alt="{}" class="photos-preview">',
        default_storage.url(name),
        width,
        alt,
    )


class PhotoInline(admin.StackedInline):
    model = Photo
    form = PhotoForm
    formset = PhotoFormSet
    extra = 0
    fields = ["picture", "order", "upload", "caption", "alt", "role", "person", "organization"]
    readonly_fields = ["picture"]
    autocomplete_fields = ["person", "organization"]
    template = "admin/photos/photo/inline.html"
    classes = ["photos-inline"]

    class Media:
        js = ["photos/admin-photos.js"]
        css = {"all": ["photos/admin.css"]}

    @admin.display(description="图片")
    def picture(self, photo):
        if not photo.image:
            return "(等待配图:这是导入时的图片说明)" if photo.pk else "—"
        small = photo.renditions[0]["name"] if photo.renditions else photo.image.name
        return preview(small, 160, photo.alt)


class FacsimileInline(admin.StackedInline):
    model = Facsimile
    form = FacsimileForm
    extra = 0
    max_num = 1
    fields = ["current", "upload", "propose", "illustrative"]
    readonly_fields = ["current"]
    classes = ["facsimile-inline"]

    @admin.display(description="当前版面图")
    def current(self, facsimile):
        if not facsimile.pk:
            return "—"
        link = (
            format_html(
                ' <a href="{}">下载 PDF</a> <button type="submit" name="_repropose" value="1"'
                ' class="button">按 PDF 文字层重新定位区域(先保存本页的修改)</button>',
                facsimile.pdf.url,
            )
            if facsimile.pdf
            else ""
        )
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}版面图" class="facsimile-editor-image"'
            " data-facsimile>{}",
            facsimile.image.url,
            480,
            round(480 * facsimile.height / facsimile.width),
            facsimile.page.label,
            link,
        )


class ArticleAreaInline(admin.TabularInline):
    model = ArticleArea
    form = ArticleAreaForm
    extra = 0
    fields = ["article", "x", "y", "w", "h", "polygon", "proposed"]
    classes = ["area-inline"]
    verbose_name_plural = "文章区域(在版面图上拖动画框,或直接填 0 到 1 的比例)"

    class Media:
        js = ["photos/admin-areas.js"]
        css = {"all": ["photos/admin.css"]}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":
            object_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Article.objects.filter(page_id=object_id).order_by("position")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Photo)
class PhotoAdmin(ChangesBatchedAdmin, admin.ModelAdmin):
    list_display = ["__str__", "article", "order", "role", "has_picture", "has_alt"]
    list_select_related = ["article"]
    search_fields = ["caption", "alt", "article__title"]
    autocomplete_fields = ["article", "person", "organization"]
    form = PhotoForm

    @admin.display(description="有图", boolean=True)
    def has_picture(self, photo):
        return bool(photo.image)

    @admin.display(description="有替代文字", boolean=True)
    def has_alt(self, photo):
        return bool(photo.alt)

    def get_fields(self, request, obj=None):
        return ["article", *PhotoForm.Meta.fields]

    # A 通讯员 works only with the photos of the drafts they may edit, as on the article's
    # form: others' photos are neither listed, shown, changed nor deleted, and a photo
    # cannot be added to another's draft by posting its id.
    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if workflow.is_editor(request.user):
            return qs
        return qs.filter(article__author=request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj.article))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj.article))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article" and not workflow.is_editor(request.user):
            editable = [Article.Status.DRAFT, Article.Status.RETURNED]
            kwargs["queryset"] = Article.objects.filter(author=request.user, status__in=editable)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Facsimile)
class FacsimileAdmin(ChangesBatchedAdmin, admin.ModelAdmin):
    list_display = ["page", "source", "width", "height", "illustrative", "created_at"]
    list_select_related = ["page__issue"]
    list_filter = ["source", "illustrative"]

    def has_add_permission(self, request):
        return False  # a facsimile is uploaded on its page's form

    def has_change_permission(self, request, obj=None):
        return False
