"""What the desk, the composition screen and the article form show from planning.

Tags, so that the articles app never imports planning (as with the reports' tags).
"""

from django import template
from django.db.models import Q
from django.utils import timezone

from articles import workflow
from articles.models import Issue

from .. import fill
from ..models import Notification, Slot

register = template.Library()
INBOX_ROWS = 8
UNREAD_SCAN = 100  # "99+" beyond: the desk never counts a whole backlog


@register.inclusion_tag("planning/_desk.html", takes_context=True)
def desk_planning(context, next_issue):
    """The inbox, the user's own slots and, for editors, slots overdue or unassigned
    in issues not yet published (two statements)."""
    user = context["request"].user
    today = timezone.localdate()
    unread = list(
        Notification.objects.filter(recipient=user, read_at__isnull=True)
        .select_related("article")
        .order_by("-created_at", "-id")[:UNREAD_SCAN]
    )
    editor = workflow.is_editor(user)
    wanted = Q(assignee=user)
    if editor:
        wanted |= Q(assignee__isnull=True) | Q(due_date__lt=today)
    open_slots = list(
        Slot.objects.open()
        .filter(page__issue__status__in=[Issue.Status.DRAFT, Issue.Status.SCHEDULED])
        .filter(wanted)
        .select_related("page__issue", "assignee")
        .order_by("due_date", "page__issue__date", "page__number", "id")[:200]
    )
    return {
        "request": context["request"],
        "unread": unread[:INBOX_ROWS],
        "unread_count": len(unread) if len(unread) < UNREAD_SCAN else f"{UNREAD_SCAN - 1}+",
        "mine": [s for s in open_slots if s.assignee_id == user.pk],
        "overdue": [s for s in open_slots if editor and s.is_overdue(today)],
        "unassigned": [s for s in open_slots if editor and s.assignee_id is None],
        "editor": editor,
        "next_issue": next_issue,
        "today": today,
    }


@register.simple_tag
def issue_plan(issue, pages):
    """Fill per page and the checklist for the composition screen (see planning.fill)."""
    return fill.plan_issue(issue, pages)


@register.simple_tag
def page_fill(plan, page):
    return plan.for_page(page)


@register.inclusion_tag("planning/_editor.html", takes_context=True)
def article_editor(context, article):
    """The article form's live preview, character count and browser-kept draft."""
    slot = getattr(article, "slot", None) if article is not None else None
    return {
        "article": article,
        "slot": slot,
        "user_id": context["request"].user.pk,
    }
