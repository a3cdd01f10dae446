"""The desk's own admin screens: composing an issue, the dashboard, transitions with a
comment, revisions (difference and restore), suggestions, and the page import."""

import datetime
import difflib
import re

import reversion
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from reversion.models import Version

from articles import changes, publishing, workflow
from articles import compose as composing
from articles.importer.load import ImportRefused
from articles.importer.load import import_page as load_page
from articles.importer.parse import parse_page
from articles.importer.parse.webpage import parse_webpage
from articles.models import Article, Issue, Page, SuggestionDismissal
from organizations.models import Organization
from photos.images import ImageRefused

from . import pending as pending_files
from . import suggestions
from .forms import (
    CommentForm,
    ImportForm,
    MoveForm,
    ScheduleForm,
    StartFromPreviousForm,
)
from .preview import preview_url

IMPORT_SESSION_KEY = "articles:pending_import"
ID = re.compile(r"[1-9][0-9]{0,17}")  # a row id as posted by our own forms
SUGGESTED_TAG = re.compile(r"[^\x00-\x1f\x7f]{1,100}")  # Tag.name is 100 characters


def posted_id(value):
    """A row id posted by a form, or None: "abc", "²" and 5,000 digits are not ids."""
    return int(value) if isinstance(value, str) and ID.fullmatch(value) else None


def context(model_admin, request, title, **extra):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        **extra,
    }


# ------------------------------------------------------------------ composition


def compose(model_admin, request, pk):
    if not request.user.has_perm("articles.view_issue"):
        raise PermissionDenied
    issue = get_object_or_404(Issue.objects.select_related("published_by"), pk=pk)
    here = reverse("admin:articles_issue_compose", args=[issue.pk])
    if request.method == "POST":
        try:
            compose_action(request, issue)
        except (PermissionDenied, ValidationError, publishing.PublishRefused) as exc:
            text = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
            messages.error(request, text or "您没有这个操作的权限。")
        return redirect(here)
    pages = composing.issue_layout(issue)
    for layout_page in pages:
        for block in layout_page.blocks:
            for article in block["articles"]:
                # The move select opens on where the article is now.
                article.move_target = (
                    f"run:{article.column_run_id}"
                    if article.column_run_id
                    else f"page:{article.page_id}"
                )
    return TemplateResponse(
        request,
        "admin/articles/issue/compose.html",
        context(
            model_admin,
            request,
            f"编排{issue}",
            issue=issue,
            pages=pages,
            move_form=MoveForm(issue=issue, pages=pages),
            schedule_form=ScheduleForm(),
            can_arrange=request.user.has_perm("articles.arrange_issue"),
            can_publish=request.user.has_perm("articles.publish_issue"),
        ),
    )


def compose_action(request, issue):
    op = request.POST.get("op")
    user = request.user
    if op in ("up", "down", "move"):
        pk = posted_id(request.POST.get("article"))
        article = Article.objects.filter(pk=pk, page__issue=issue).first() if pk else None
        if article is None:
            raise ValidationError("找不到这篇文章,或它已不在本期;请刷新页面。")
        if op == "move":
            form = MoveForm(request.POST, issue=issue)
            if not form.is_valid():
                raise ValidationError(" ".join(e for errs in form.errors.values() for e in errs))
            page, run = form.cleaned_data["target"]
            composing.move(
                article, user, page=page, column_run=run, position=form.cleaned_data["position"]
            )
            messages.success(request, f"《{article.title}》已移到{page.label}。")
        else:
            composing.shift(article, -1 if op == "up" else 1, user)
    elif op == "publish":
        ids = publishing.publish_issue(issue, user)
        messages.success(request, f"{issue}已发布,共 {len(ids)} 篇文章。")
    elif op == "schedule":
        form = ScheduleForm(request.POST)
        if not form.is_valid():
            raise ValidationError(" ".join(form.errors["publish_at"]))
        issue = publishing.schedule_issue(issue, user, form.cleaned_data["publish_at"])
        when = timezone.localtime(issue.publish_at)
        messages.success(request, f"{issue}将于 {when:%Y-%m-%d %H:%M} 自动发布。")
    elif op == "withdraw":
        publishing.withdraw_issue(issue, user)
        messages.success(request, f"{issue}已撤回,读者不再可见;内容全部保留。")
    else:
        raise ValidationError("未知的操作,请刷新页面后重试。")


def start_from_previous(model_admin, request):
    if not request.user.has_perm("articles.arrange_issue"):
        raise PermissionDenied
    form = StartFromPreviousForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            issue = composing.start_from_previous(
                number=data["number"],
                total_number=data["total_number"],
                date=data["date"],
                previous=data["previous"],
                user=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已按{data['previous']}的版面结构新建{issue}。")
            return redirect("admin:articles_issue_compose", issue.pk)
    return TemplateResponse(
        request,
        "admin/articles/issue/start_from_previous.html",
        context(model_admin, request, "沿用上一期的版面新建一期", form=form),
    )


# ---------------------------------------------------------------------- the desk


def dashboard(model_admin, request):
    user = request.user
    waiting = (
        Article.objects.waiting_for_review()
        .select_related("page__issue", "author")
        .order_by("updated_at")
    )
    returned = Article.objects.filter(status=Article.Status.RETURNED).select_related(
        "author", "page__issue"
    )
    if not workflow.is_editor(user):
        waiting = waiting.filter(author=user)
        returned = returned.filter(author=user)
    next_issue = Issue.objects.next_to_print()
    pages = []
    if next_issue is not None:
        pages = next_issue.pages.order_by("number").annotate(
            total=Count("articles"),
            approved=Count(
                "articles",
                filter=Q(articles__status__in=[Article.Status.APPROVED, Article.Status.PUBLISHED]),
            ),
            submitted=Count("articles", filter=Q(articles__status=Article.Status.SUBMITTED)),
        )
    return TemplateResponse(
        request,
        "admin/articles/desk.html",
        context(
            model_admin,
            request,
            "编辑部工作台",
            waiting=waiting,
            returned=returned,
            next_issue=next_issue,
            pages=pages,
        ),
    )


# ------------------------------------------------------------------ transitions


def transition(model_admin, request, pk, name):
    article = get_object_or_404(model_admin.get_queryset(request), pk=pk)
    t = workflow.TRANSITIONS.get(name)
    if t is None:
        raise Http404("没有这种操作。")
    form = CommentForm(request.POST or None)
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    if request.method == "POST" and form.is_valid():
        try:
            workflow.apply(article, name, request.user, form.cleaned_data["comment"])
        except workflow.TransitionRefused as exc:
            messages.error(request, f"《{article.title}》未能{t.label}:{exc}")
            if t.comment_required and not form.cleaned_data["comment"].strip():
                form.add_error("comment", str(exc))
            else:
                return redirect(change_url)
        else:
            messages.success(request, f"《{article.title}》已{t.label}。")
            return redirect(change_url)
    return TemplateResponse(
        request,
        "admin/articles/article/transition.html",
        context(
            model_admin,
            request,
            f"{t.label}:{article.title}",
            article=article,
            transition=t,
            form=form,
            refusal=workflow.refusal(article, name, request.user, comment="-"),
        ),
    )


def article_panel(model_admin, request, article):
    """Extra context for the article's change form: transitions, preview, suggestions."""
    return {
        "transitions": workflow.available(article, request.user),
        "preview_url": preview_url(article),
        "suggested_tags": suggestions.suggest_tags(article),
        "suggested_organizations": suggestions.suggest_organizations(article),
        "can_edit": workflow.can_edit(request.user, article),
    }


def suggest(model_admin, request, pk):
    article = get_object_or_404(model_admin.get_queryset(request), pk=pk)
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    if request.method != "POST":
        return redirect(change_url)
    if not workflow.can_edit(request.user, article):
        raise PermissionDenied("您不能修改这篇稿件。")
    kind, value, op = (request.POST.get(k, "") for k in ("kind", "value", "op"))
    if kind not in SuggestionDismissal.Kind.values or not value or op not in ("accept", "dismiss"):
        messages.error(request, "建议操作的参数不完整,请刷新页面后重试。")
        return redirect(change_url)
    if kind == SuggestionDismissal.Kind.TAG and not SUGGESTED_TAG.fullmatch(value):
        messages.error(request, "标签应为 1 到 100 个字,不含控制字符;请刷新页面后重试。")
        return redirect(change_url)
    if kind == SuggestionDismissal.Kind.ORGANIZATION and not (
        ID.fullmatch(value) and Organization.objects.filter(pk=int(value)).exists()
    ):
        messages.error(request, "组织编号不对,或这个组织已不存在;请刷新页面后重试。")
        return redirect(change_url)
    if op == "accept":
        suggestions.accept(article, kind, value, request.user)
        messages.success(request, "已采用建议。")
    else:
        suggestions.dismiss(article, kind, value, request.user)
        messages.info(request, "已不再建议这一项。")
    return redirect(change_url)


# -------------------------------------------------------------------- revisions

COMPARED_FIELDS = [
    ("kicker", "引题"),
    ("title", "标题"),
    ("subtitle", "副题"),
    ("body", "正文"),
    ("captions", "图片说明"),
]
KEPT_ON_RESTORE = [
    "status",
    "page_id",
    "column_run_id",
    "position",
    "published_at",
    "author_id",
    "page_import_id",
]


def char_diff(old, new):
    """Inline difference of two Chinese texts, character by character."""
    out = []
    matcher = difflib.SequenceMatcher(None, old or "", new or "", autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape(old[a1:a2]))
            continue
        if a2 > a1:
            out.append(f"<del>{escape(old[a1:a2])}</del>")
        if b2 > b1:
            out.append(f"<ins>{escape(new[b1:b2])}</ins>")
    return mark_safe("".join(out))


def revision_text(version):
    data = dict(version.field_dict)
    for v in version.revision.version_set.all():
        if v.content_type.model == "section":
            section = v.field_dict
            data.setdefault("sections", []).append(
                (section.get("order", 0), f"{section['heading']}\n{section['body']}")
            )
    data["sections"] = "\n\n".join(t for _, t in sorted(data.get("sections", [])))
    return data


def revision(model_admin, request, pk, version_id):
    article = get_object_or_404(model_admin.get_queryset(request), pk=pk)
    versions = list(Version.objects.get_for_object(article).select_related("revision__user"))
    version = next((v for v in versions if v.pk == version_id), None)
    if version is None:
        raise Http404("找不到这一版本。")
    against_id = request.GET.get("against")
    against = next((v for v in versions if str(v.pk) == against_id), None)
    if request.method == "POST":
        if not workflow.can_edit(request.user, article):
            raise PermissionDenied("您不能修改这篇稿件,无法恢复旧版本。")
        try:
            expected = int(request.POST.get("expected_version", ""))
        except ValueError:
            expected = -1
        try:
            restore(article, version, request.user, expected)
        except workflow.VersionConflict as exc:
            messages.error(request, str(exc))
        else:
            when = timezone.localtime(version.revision.date_created)
            messages.success(request, f"已恢复到 {when:%Y-%m-%d %H:%M:%S} 的版本。")
            return redirect("admin:articles_article_change", article.pk)
        article.refresh_from_db()
    old = revision_text(version)
    if against is not None:
        new, new_label = revision_text(against), "所选版本"
    else:
        new = {f: getattr(article, f) for f, _ in COMPARED_FIELDS}
        new["sections"] = "\n\n".join(
            f"{s.heading}\n{s.body}" for s in article.sections.order_by("order", "id")
        )
        new_label = "当前版本"
    rows = [
        (
            label,
            char_diff(old.get(f) or "", new.get(f) or ""),
            (old.get(f) or "") != (new.get(f) or ""),
        )
        for f, label in [*COMPARED_FIELDS, ("sections", "综述小节")]
    ]
    return TemplateResponse(
        request,
        "admin/articles/article/revision_compare.html",
        context(
            model_admin,
            request,
            f"版本比较:{article.title}",
            article=article,
            version=version,
            against=against,
            new_label=new_label,
            versions=versions,
            rows=rows,
            can_edit=workflow.can_edit(request.user, article),
        ),
    )


def restore(article, version, user, expected):
    """Bring back an earlier revision's text, sections and byline as a new save.

    The article's workflow state and placement stay as they are now: restoring text
    must not undo an approval or a move made since.
    """
    with changes.batch():
        kept = Article.objects.filter(pk=article.pk).values(*KEPT_ON_RESTORE).first()
        new_version = workflow.claim_version(article.pk, expected, user)
        version.revision.revert(delete=True)
        Article.objects.filter(pk=article.pk).update(
            **kept, version=new_version, last_edited_by=user, updated_at=timezone.now()
        )
        with reversion.create_revision():
            reversion.set_user(user)
            when = timezone.localtime(version.revision.date_created)
            reversion.set_comment(f"恢复到 {when:%Y-%m-%d %H:%M:%S} 的版本")
            reversion.add_to_revision(Article.objects.get(pk=article.pk))
        # The revert wrote raw rows (no signal is announced for them): say so here.
        changes.articles_changed([article.pk])


# ----------------------------------------------------------------------- import


def import_preview(model_admin, request, pending, parsed):
    existing = Page.objects.filter(
        issue__number=pending["issue_number"], number=pending["page_number"]
    ).first()
    return TemplateResponse(
        request,
        "admin/articles/pageimport/preview.html",
        context(
            model_admin,
            request,
            "核对解析结果",
            parsed=parsed,
            pending=pending,
            existing=existing,
            located=located_in_pdf(pending, parsed),
        ),
    )


def located_in_pdf(pending, parsed):
    """For a page PDF: the indexes of the parsed articles whose areas its text layer gives."""
    if not pending.get("pdf"):
        return None
    from photos import pdf

    data = pending_files.take(pending["pdf"])
    if data is None:
        return None
    document, first = pdf.open_pdf(data, pending["source_name"])
    try:
        layer = pdf.text_layer(first)
    finally:
        first.close()
        document.close()
    return set(pdf.propose_areas(layer, parsed.articles))


def attach_page_pdf(page, data, name):
    """导入版面PDF's second half, in the import's transaction: the PDF becomes the page's
    facsimile and the areas its text layer gives are proposed; returns a sentence."""
    from photos import store

    _facsimile, layer = store.attach_facsimile(page, data, name)
    proposals, missing = store.propose_page_areas(page, layer)
    store.save_areas(page, proposals, proposed=True)
    sentence = f"版面图已设置;自动划出 {len(proposals)} 篇文章的区域,请在版的页面核对。"
    if missing:
        sentence += "没有在 PDF 里找到:" + "、".join(f"《{a.title}》" for a in missing) + "。"
    return sentence


def parsed_import(pending):
    """The parse of a pending import: a saved e-paper page from its markup (its title
    hierarchy), anything else from its text."""
    if pending.get("markup"):
        return parse_webpage(pending["markup"])[1]
    return parse_page(pending["text"])


def import_page(model_admin, request):

    if not request.user.has_perm("articles.add_pageimport"):
        raise PermissionDenied("您没有导入版面的权限。")
    pending = request.session.get(IMPORT_SESSION_KEY)
    if request.method == "POST" and request.POST.get("op") == "cancel":
        pending_files.discard((request.session.pop(IMPORT_SESSION_KEY, None) or {}).get("pdf"))
        messages.info(request, "已取消导入,没有写入任何内容。")
        return redirect("admin:articles_pageimport_import")
    if request.method == "POST" and request.POST.get("op") == "confirm":
        if not pending:
            messages.error(request, "没有待确认的导入(可能已确认或已过期),请重新上传。")
            return redirect("admin:articles_pageimport_import")
        pdf_data = None
        if pending.get("pdf"):
            pdf_data = pending_files.take(pending["pdf"])
            if pdf_data is None:
                request.session.pop(IMPORT_SESSION_KEY, None)
                messages.error(
                    request, "待导入的版面 PDF 已过期或已被取走,没有写入任何内容;请重新上传。"
                )
                return redirect("admin:articles_pageimport_import")
        try:
            with transaction.atomic():
                # Two confirms of one preview (a double click) wait for each other on the
                # issue's row; the second then finds the first's import: "unchanged".
                list(Issue.objects.select_for_update().filter(number=pending["issue_number"]))
                result = load_page(
                    pending["text"],
                    source_name=pending["source_name"],
                    encoding=pending["encoding"],
                    issue_number=pending["issue_number"],
                    page_number=pending["page_number"],
                    page_name=pending["page_name"] or None,
                    date=datetime.date.fromisoformat(pending["date"]) if pending["date"] else None,
                    replace=request.POST.get("replace") == "1",
                    user=request.user,
                    parsed=parsed_import(pending),
                )
                facsimile_note = ""
                if pdf_data is not None:
                    facsimile_note = attach_page_pdf(result.page, pdf_data, pending["source_name"])
        except (ImportRefused, ImageRefused) as exc:
            # Nothing was written; the preview stays, so "replace" can still be chosen.
            messages.error(request, str(exc))
            return import_preview(model_admin, request, pending, parsed_import(pending))
        request.session.pop(IMPORT_SESSION_KEY, None)
        pending_files.discard(pending.get("pdf"))
        messages.success(request, result.summary)
        if pdf_data is not None:
            messages.success(request, facsimile_note)
            return redirect("admin:articles_page_change", result.page.pk)
        url = reverse("admin:articles_article_changelist")
        return redirect(f"{url}?page__id__exact={result.page.pk}")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        pending = {"text": data["source_text"], "markup": data["markup"]}
        parsed = parsed_import(pending)
        if parsed.articles:
            pending_files.discard((request.session.get(IMPORT_SESSION_KEY) or {}).get("pdf"))
            pending = {
                **pending,
                "pdf": pending_files.keep(data["pdf_data"]) if data["pdf_data"] else None,
                "pdf_note": data.get("pdf_note", ""),
                "source_name": data["source_name"],
                "encoding": data["encoding"],
                "issue_number": data["issue_number"],
                "page_number": data["page_number"],
                "page_name": data["page_name"],
                "date": data["date"].isoformat() if data["date"] else "",
            }
            request.session[IMPORT_SESSION_KEY] = pending
            return import_preview(model_admin, request, pending, parsed)
        form.add_error(
            None,
            "没有解析出任何文章:版面文本应有单独一行的标题,标题下是正文段落,"
            "段落之间空一行。请确认上传或粘贴的是一个版的文本。",
        )
    return TemplateResponse(
        request,
        "admin/articles/pageimport/import.html",
        context(model_admin, request, "导入旧版面(文本、电子报网页或版面PDF)", form=form),
    )
