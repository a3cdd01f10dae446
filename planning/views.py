"""The planning screens (版面规划 of an issue, one slot), the inbox and notification settings.

Mounted under /admin/ (newsroom/urls.py) and wrapped by the admin site: logged-in staff
with the second factor, the desk's CSP.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from articles import compose as composing
from articles.desk.views import posted_id
from articles.models import Issue

from . import fill, slots
from .forms import PreferencesForm, SlotForm
from .models import Notification, Slot


def desk_view(view):
    return admin.site.admin_view(view)


def _page(request, template, title, **extra):
    return TemplateResponse(
        request, template, {**admin.site.each_context(request), "title": title, **extra}
    )


# ------------------------------------------------------------------ 版面规划


@desk_view
def plan(request, pk):
    """An issue's slots page by page with each page's fill, and the form to add a slot."""
    if not request.user.has_perm("articles.view_issue"):
        raise PermissionDenied("您没有查看版面规划的权限。")
    issue = get_object_or_404(Issue, pk=pk)
    can_plan = slots.can_plan(request.user)
    form = SlotForm(request.POST or None, issue=issue)
    if request.method == "POST":
        if not can_plan:
            raise PermissionDenied("只有编辑和主编可以规划版面、派稿。")
        if form.is_valid():
            slot = slots.save_slot(form.save(commit=False), request.user)
            messages.success(request, f"已添加稿位“{slot.working_title}”({slot.page.label})。")
            return redirect("planning:plan", issue.pk)
    pages = composing.issue_layout(issue)
    return _page(
        request,
        "planning/plan.html",
        f"版面规划:{issue}",
        issue=issue,
        plan=fill.plan_issue(issue, pages),
        layout=pages,
        form=form,
        can_plan=can_plan,
        today=timezone.localdate(),
    )


@desk_view
def slot(request, pk):
    """One slot: its editor changes or deletes it; its writer files it (建稿)."""
    slot = get_object_or_404(
        Slot.objects.select_related("page__issue", "column_run__column", "assignee", "article"),
        pk=pk,
    )
    issue = slot.page.issue
    user = request.user
    can_plan = slots.can_plan(user)
    if not (can_plan or slot.assignee_id == user.pk):
        raise PermissionDenied("这个稿位没有派给您。")
    form = SlotForm(request.POST or None, instance=slot, issue=issue) if can_plan else None
    if request.method == "POST":
        op = request.POST.get("op")
        if op == "file":
            article = slots.file_slot(slot, user)
            messages.success(request, f"已建稿《{article.title}》,请开始写稿;写完后提交待审。")
            return redirect("admin:articles_article_change", article.pk)
        if not can_plan:
            raise PermissionDenied("只有编辑和主编可以修改稿位。")
        if op == "delete":
            slot.delete()
            messages.success(request, f"已删去稿位“{slot.working_title}”。")
            return redirect("planning:plan", issue.pk)
        previous = Slot.objects.filter(pk=slot.pk).values_list("assignee_id", flat=True).first()
        if form.is_valid():
            slots.save_slot(form.save(commit=False), user, previous_assignee_id=previous)
            messages.success(request, "稿位已保存。")
            return redirect("planning:plan", issue.pk)
    return _page(
        request,
        "planning/slot.html",
        f"稿位:{slot.working_title}",
        slot=slot,
        issue=issue,
        form=form,
        can_plan=can_plan,
        can_file=slots.can_file(user, slot) and slot.article_id is None,
    )


# ------------------------------------------------------------------ inbox


@desk_view
def inbox(request):
    notes = Notification.objects.filter(recipient=request.user).select_related(
        "article", "slot", "actor"
    )
    if request.method == "POST":
        op = request.POST.get("op")
        if op == "read-all":
            notes.unread().update(read_at=timezone.now())
            messages.success(request, "已全部标为已读。")
        elif op == "read":
            pk = posted_id(request.POST.get("notification"))
            notes.filter(pk=pk, read_at__isnull=True).update(read_at=timezone.now())
        else:
            messages.error(request, "未知的操作,请刷新页面后重试。")
        return redirect("planning:inbox")
    page = Paginator(notes.order_by("-created_at", "-id"), 30).get_page(request.GET.get("page"))
    return _page(
        request,
        "planning/inbox.html",
        "我的通知",
        notes=page,
        unread=notes.unread().count(),
    )


@desk_view
def open_notification(request, pk):
    """Mark one notification read (POST) and go to what it is about."""
    note = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if request.method == "POST" and note.read_at is None:
        Notification.objects.filter(pk=note.pk).update(read_at=timezone.now())
    if note.article_id:
        return redirect("admin:articles_article_change", note.article_id)
    if note.slot_id:
        return redirect("planning:slot", note.slot_id)
    return redirect("planning:inbox")


@desk_view
def preferences(request):
    form = PreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "通知设置已保存。")
        return redirect("planning:preferences")
    return _page(
        request,
        "planning/preferences.html",
        "通知设置",
        form=form,
        has_email=bool(request.user.email),
        inbox_url=reverse("planning:inbox"),
    )
