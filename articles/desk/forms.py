"""Forms of the editorial desk: the article form with its version guard, and the small
forms of the composition, publishing and import screens."""

from django import forms
from django.conf import settings
from django.utils import timezone

from articles.importer.decode import DecodeError, decode_bytes
from articles.importer.parse.webpage import webpage_text
from articles.models import Article, ColumnRun, Issue, Page
from articles.workflow import conflict_message

# Issue.number and total_number are PositiveIntegerFields: PostgreSQL's integer column
# refuses anything larger (a DataError, a 500), so the forms refuse it first.
MAX_ISSUE_NUMBER = 2_147_483_647
MAX_PAGE_NUMBER = 64  # no printed issue has more pages


class VersionGuardMixin:
    """A hidden ``expected_version``: the version the editor loaded.

    If someone saved in between, the form is refused with a message naming them, and is
    re-rendered with this editor's text intact. The hidden field then carries the
    current version, so saving again is a deliberate choice made after reading the
    message. The compare-and-swap that makes this safe happens in the admin's save.
    """

    def add_version_field(self):
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def check_version(self):
        if not self.instance.pk:
            return
        expected = self.cleaned_data.get("expected_version")
        if expected is None:
            self.add_error(None, "表单缺少版本号,请刷新页面后重新修改。")
            return
        current = Article.objects.filter(pk=self.instance.pk).values_list("version", flat=True)
        current = current.first()
        if current is not None and current != expected:
            self.add_error(None, conflict_message(self.instance.pk, expected))
            self.data = self.data.copy()
            self.data[self.add_prefix("expected_version")] = current


class ArticleForm(VersionGuardMixin, forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = [
            "kicker",
            "title",
            "subtitle",
            "body",
            "captions",
            "page",
            "column_run",
            "position",
            "series",
            "tags",
            "organizations",
            "author",
            "source_text",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field()

    def clean(self):
        cleaned = super().clean()
        self.check_version()
        page, run = cleaned.get("page"), cleaned.get("column_run")
        if run is not None and page is not None and run.page_id != page.pk:
            self.add_error("column_run", "所选栏目刊出不在所选的版上,请选该版上的栏目或留空。")
        return cleaned


class ArticleInlineForm(ArticleForm):
    """An article edited as a row on its page's form: same version guard."""


def bounded_number(label, maximum, example, required=True):
    """A whole number from 1 to ``maximum`` whose every error names the field in Chinese.

    The model's check constraints (number > 0) would otherwise answer "约束
    “issue_number_positive” 是无效的", and the upper bound would depend on the database
    (SQLite stores what PostgreSQL refuses).
    """
    message = f"{label}应为 1 到 {maximum} 之间的整数,例如 {example},请重新填写。"
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=maximum,
        required=required,
        error_messages={
            "required": f"请填写{label},例如 {example}。",
            "invalid": message,
            "min_value": message,
            "max_value": message,
        },
    )


class IssueForm(forms.ModelForm):
    number = bounded_number("期号", MAX_ISSUE_NUMBER, 3109)
    total_number = bounded_number("总期号", MAX_ISSUE_NUMBER, 3109, required=False)

    class Meta:
        model = Issue
        fields = ["number", "total_number", "date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("number", "total_number"):
            self.fields[name].help_text = Issue._meta.get_field(name).help_text

    def clean_number(self):
        number = self.cleaned_data["number"]
        if Issue.objects.filter(number=number).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"第{number}期已经存在,请换一个期号。")
        return number


class PageForm(forms.ModelForm):
    number = bounded_number("版次", MAX_PAGE_NUMBER, 3)

    class Meta:
        model = Page
        fields = ["issue", "number", "name", "sponsors_unordered", "editor_note"]


class CommentForm(forms.Form):
    comment = forms.CharField(
        label="意见",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="退回和撤下必须写明原因;其他操作可留空。",
    )


class MoveForm(forms.Form):
    """Move an article to a page, or to a column run on a page, at a position."""

    target = forms.ChoiceField(label="移到")
    position = forms.IntegerField(
        label="第几篇",
        required=False,
        min_value=1,
        max_value=999,  # Article.position is a small integer
        help_text="留空则放在该版最后。",
        error_messages={
            "invalid": "第几篇应为 1 到 999 之间的整数;留空则放在该版最后。",
            "min_value": "第几篇应为 1 到 999 之间的整数;留空则放在该版最后。",
            "max_value": "第几篇应为 1 到 999 之间的整数;留空则放在该版最后。",
        },
    )

    def __init__(self, *args, issue, pages=None, **kwargs):
        super().__init__(*args, **kwargs)
        pages = pages if pages is not None else issue.pages.order_by("number")
        choices = []
        for page in pages:
            choices.append((f"page:{page.pk}", f"{page.label}(不属栏目)"))
            for run in page.column_runs.all():
                name = run.column.name if run.column_id else "未定栏目"
                choices.append((f"run:{run.pk}", f"{page.label} · {name}"))
        self.fields["target"].choices = choices
        self.issue = issue

    def clean_target(self):
        kind, _, pk = self.cleaned_data["target"].partition(":")
        if kind == "run":
            run = (
                ColumnRun.objects.select_related("page")
                .filter(pk=pk, page__issue=self.issue)
                .first()
            )
            if run is None:
                raise forms.ValidationError("所选栏目不在本期,请刷新页面后重选。")
            return run.page, run
        page = Page.objects.filter(pk=pk, issue=self.issue).first()
        if page is None:
            raise forms.ValidationError("所选的版不在本期,请刷新页面后重选。")
        return page, None


class StartFromPreviousForm(forms.Form):
    previous = forms.ModelChoiceField(
        label="沿用哪一期的版面结构",
        queryset=Issue.objects.order_by("-date", "-number"),
        help_text="新一期会复制它的版、版名、栏目刊出和协办单位,不复制文章。",
    )
    number = bounded_number("新一期期号", MAX_ISSUE_NUMBER, 3110)
    total_number = bounded_number("总期号", MAX_ISSUE_NUMBER, 3110, required=False)
    date = forms.DateField(label="出版日期", help_text="格式:2024-11-22。")

    def clean_number(self):
        number = self.cleaned_data["number"]
        if Issue.objects.filter(number=number).exists():
            raise forms.ValidationError(f"第{number}期已经存在,请换一个期号。")
        return number

    def clean_total_number(self):
        total = self.cleaned_data.get("total_number")
        if total and Issue.objects.filter(total_number=total).exists():
            raise forms.ValidationError(f"总第{total}期已经存在,请核对总期号或留空。")
        return total


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label="发布时间",
        required=False,
        help_text="格式:2024-11-22 06:00。留空则在出版日期当天 6 点(见报时间)发布。",
    )

    def clean_publish_at(self):
        value = self.cleaned_data.get("publish_at")
        if value and value < timezone.now():
            raise forms.ValidationError("定时发布的时间已经过去;要马上发布,请点“立即发布”。")
        return value


class ImportForm(forms.Form):
    """Upload a legacy page file or paste its text, and say where the page belongs."""

    file = forms.FileField(
        label="版面文件",
        required=False,
        help_text=(
            "纯文本(UTF-8、GBK 或 Big5 编码),存档的电子报文章网页(.html/.htm),"
            "或带文字层的版面 PDF(导入版面PDF:同时成为本版的版面图,并自动划出文章区域)。"
        ),
    )
    text = forms.CharField(
        label="或粘贴版面文本",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 90}),
    )
    issue_number = bounded_number("期号", MAX_ISSUE_NUMBER, 3109)
    page_number = bounded_number("版次", MAX_PAGE_NUMBER, 3)
    page_name = forms.CharField(
        label="版名",
        required=False,
        max_length=40,
        error_messages={"max_length": "版名最多 40 个字,请缩短。"},
    )
    date = forms.DateField(
        label="出版日期",
        required=False,
        help_text="新的一期必须填写;格式:2024-11-22。",
        error_messages={"invalid": "出版日期格式应为 年-月-日,例如 2024-11-22,请重新填写。"},
    )

    @staticmethod
    def is_page_pdf(upload):
        head = upload.read(1024)
        upload.seek(0)
        return upload.name.lower().endswith(".pdf") or head.lstrip().startswith(b"%PDF")

    @staticmethod
    def clean_page_pdf(upload, cleaned):
        """导入版面PDF: the PDF is checked and its text layer read as the page's text."""
        from articles.importer.pdf_text import page_text
        from photos import pdf
        from photos.images import ImageRefused

        if upload.size > pdf.max_bytes():
            raise forms.ValidationError(
                f"“{upload.name}”太大({upload.size / 1024 / 1024:.1f} MB),"
                f"版面 PDF 上限 {pdf.max_bytes() // 1024 // 1024} MB。"
            )
        data = upload.read()
        try:
            document, first = pdf.open_pdf(data, upload.name)
        except ImageRefused as exc:
            raise forms.ValidationError(str(exc)) from None
        try:
            pages = len(document)
            text = page_text(pdf.glyphs(first))
        finally:
            first.close()
            document.close()
        if not text.strip():
            raise forms.ValidationError(
                f"“{upload.name}”没有文字层(可能是扫描件),读不出文字。请上传这一版的文本,"
                "再到版的页面上传这个 PDF 作为版面图。"
            )
        if pages > 1:
            cleaned["pdf_note"] = f"这个 PDF 有 {pages} 页,只导入了第 1 页(一个版)。"
        cleaned.update(
            pdf_data=data,
            source_name=upload.name,
            encoding="PDF 文字层",
            markup="",
            source_text=text,
        )

    def clean(self):

        cleaned = super().clean()
        upload, text = cleaned.get("file"), (cleaned.get("text") or "").strip()
        if upload and text:
            raise forms.ValidationError("请只选一种方式:上传文件,或者粘贴文本,不要两样都填。")
        if not upload and not text:
            raise forms.ValidationError("请上传版面文件,或把版面文本粘贴到文本框里。")
        cleaned["pdf_data"] = None
        if upload and self.is_page_pdf(upload):
            self.clean_page_pdf(upload, cleaned)
        elif upload:
            if upload.size > settings.LEGACY_IMPORT_MAX_BYTES:
                limit = settings.LEGACY_IMPORT_MAX_BYTES // 1024
                raise forms.ValidationError(
                    f"文件太大({upload.size // 1024} KB),上限 {limit} KB;请确认是一个版的文本。"
                )
            try:
                decoded = decode_bytes(upload.read(), upload.name)
            except DecodeError as exc:
                raise forms.ValidationError(str(exc)) from exc
            cleaned["source_name"] = upload.name
            cleaned["encoding"] = decoded.encoding
            if upload.name.lower().endswith((".html", ".htm")):
                cleaned["markup"] = decoded.text
                cleaned["source_text"], _ = webpage_text(decoded.text)
            else:
                cleaned["markup"] = ""
                cleaned["source_text"] = decoded.text
        else:
            size = len(cleaned["text"].encode("utf-8"))
            if size > settings.LEGACY_IMPORT_MAX_BYTES:
                limit = settings.LEGACY_IMPORT_MAX_BYTES // 1024
                raise forms.ValidationError(
                    f"粘贴的文本太长({size // 1024} KB),上限 {limit} KB;请确认只粘贴了一个版的文本。"
                )
            cleaned["source_text"] = cleaned["text"]
            cleaned["markup"] = ""
            cleaned["source_name"] = "粘贴的文本"
            cleaned["encoding"] = "utf-8"
        number = cleaned.get("issue_number")
        if number and not cleaned.get("date") and not Issue.objects.filter(number=number).exists():
            self.add_error("date", f"第{number}期还不存在,新建一期需要填写出版日期。")
        return cleaned
