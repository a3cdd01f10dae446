"""The editors' forms for photos, facsimiles and areas (used by the admin inlines)."""

from django import forms
from django.forms.models import BaseInlineFormSet

from . import images, store
from .images import ImageRefused
from .models import ArticleArea, Facsimile, Photo, area_problems

IMAGE_ACCEPT = "image/jpeg,image/png,image/webp"


def read_upload(upload):
    """The bytes of an upload, refused by size before reading it all."""
    if upload.size > images.max_bytes():
        raise ImageRefused(
            f"“{upload.name}”太大({upload.size / 1024 / 1024:.1f} MB),上限 "
            f"{images.max_bytes() // 1024 // 1024} MB,请压缩后再上传。"
        )
    return upload.read()


class PhotoForm(forms.ModelForm):
    upload = forms.FileField(
        label="图片文件",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
        help_text="JPEG、PNG 或 WebP;上传时去掉 EXIF(含拍摄地点)并生成各种尺寸。",
    )

    class Meta:
        model = Photo
        fields = ["order", "upload", "caption", "alt", "role", "person", "organization"]
        widgets = {"caption": forms.Textarea(attrs={"rows": 2, "cols": 40})}

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        self.processed = None
        if upload:
            try:
                self.processed = images.process(read_upload(upload), upload.name)
            except ImageRefused as exc:
                raise forms.ValidationError(str(exc)) from None
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("person") and cleaned.get("organization"):
            raise forms.ValidationError("图片署名只能选一位人员或一个单位,不要两样都填。")
        return cleaned

    def save(self, commit=True):
        if getattr(self, "processed", None) is not None:
            store.give_picture(self.instance, self.processed)
        return super().save(commit)


class PhotoFormSet(BaseInlineFormSet):
    """The article's photos, plus any number of new ones chosen at once (“一次上传多张”)."""

    def bulk_name(self):
        return f"{self.prefix}-bulk"

    def clean(self):
        super().clean()
        self.bulk = []
        problems = []
        for upload in self.files.getlist(self.bulk_name()) if self.files else []:
            try:
                self.bulk.append(images.process(read_upload(upload), upload.name))
            except ImageRefused as exc:
                problems.append(str(exc))
        if problems:
            raise forms.ValidationError(problems)

    def save(self, commit=True):
        saved = super().save(commit)
        orders = [f.cleaned_data.get("order") or 0 for f in self.forms if f.cleaned_data]
        order = max([0, *orders, *self.instance.photos.values_list("order", flat=True)])
        for processed in getattr(self, "bulk", []):
            order += 1
            photo = Photo(article=self.instance, order=order)
            store.give_picture(photo, processed)
            photo.save()
            saved.append(photo)
        return saved


class FacsimileForm(forms.ModelForm):
    upload = forms.FileField(
        label="版面 PDF 或图片",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf," + IMAGE_ACCEPT}),
        help_text="印刷版面的 PDF(提供下载,并据文字层自动定位文章区域),或版面的 JPEG/PNG/WebP 图片。",
    )
    propose = forms.BooleanField(
        label="按 PDF 文字层自动定位文章区域",
        required=False,
        initial=True,
        help_text="在本版文章的标题和正文所在位置画出区域(覆盖这些文章原有的区域),保存后可调整。",
    )

    class Meta:
        model = Facsimile
        fields = ["upload", "propose", "illustrative"]

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        self.rendered = None
        if upload:
            try:
                data = read_upload(upload)
                self.rendered = (data, upload.name)
                store.check_facsimile(data, upload.name)
            except ImageRefused as exc:
                raise forms.ValidationError({"upload": str(exc)}) from None
        elif not self.instance.pk and self.has_changed():
            raise forms.ValidationError({"upload": "请选择版面 PDF 或图片文件。"})
        return cleaned

    def save(self, commit=True):
        if self.rendered is None:
            return super().save(commit)
        data, name = self.rendered
        page = self.instance.page
        facsimile, layer = store.attach_facsimile(
            page, data, name, illustrative=self.cleaned_data.get("illustrative", False)
        )
        self.instance = facsimile
        if layer is not None and self.cleaned_data.get("propose"):
            proposals, _missing = store.propose_page_areas(page, layer)
            if proposals:
                store.save_areas(page, proposals, proposed=True)
        return facsimile


class ArticleAreaForm(forms.ModelForm):
    class Meta:
        model = ArticleArea
        fields = ["article", "x", "y", "w", "h", "polygon", "proposed"]
        widgets = {
            name: forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1", "size": 6})
            for name in ("x", "y", "w", "h")
        }

    def clean(self):
        cleaned = super().clean()
        problem = area_problems(
            cleaned.get("x"), cleaned.get("y"), cleaned.get("w"), cleaned.get("h"),
            cleaned.get("polygon"),
        )  # fmt: skip
        if problem:
            article = cleaned.get("article")
            raise forms.ValidationError(f"《{article.title}》:{problem}" if article else problem)
        if self.has_changed() and "proposed" not in self.changed_data:
            cleaned["proposed"] = False  # adjusted by the editor
        return cleaned
