"""Who hears of what: routing a story's transitions and assignments to the people concerned.

- submitted: the editors (whoever may review), and the editor who planned the slot;
- returned: the author (with the comment), and the slot's assignee if someone else;
- approved and published: the author;
- assigned: the slot's new assignee.

Nobody is told of their own action. Each recipient's preferences (``NotificationPreference``)
decide the inbox and the email separately; mail leaves when the transaction commits, so
a rolled-back transition sends nothing.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from articles import workflow

from .models import Notification, NotificationPreference

log = logging.getLogger(__name__)
K = Notification.Kind
TRANSITION_KINDS = {
    "submitted": K.SUBMITTED,
    "returned": K.RETURNED,
    "approved": K.APPROVED,
    "published": K.PUBLISHED,
}


def reviewers():
    """Active users who may review (编辑, 主编, or the permission given directly)."""
    review = Permission.objects.filter(
        codename="review_article", content_type__app_label="articles"
    )
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__permissions__in=review) | Q(user_permissions__in=review))
        .distinct()
    )


def transition_recipients(article, kind):
    slot = getattr(article, "slot", None)
    if kind == K.SUBMITTED:
        people = list(reviewers())
        if slot is not None and slot.created_by_id:
            people.append(slot.created_by)
        return people
    people = [article.author] if article.author_id else []
    if kind == K.RETURNED and slot is not None and slot.assignee_id:
        people.append(slot.assignee)
    return people


def transition_text(article, kind, actor):
    who = workflow.display_name(actor) if actor else "系统"
    place = f"({article.page.label})" if article.page_id else ""
    return {
        K.SUBMITTED: f"{who} 提交了《{article.title}》{place},等待审稿。",
        K.RETURNED: f"《{article.title}》被 {who} 退回修改。",
        K.APPROVED: f"《{article.title}》已由 {who} 审定。",
        K.PUBLISHED: f"《{article.title}》已随{article.page.issue if article.page_id else '本期'}发布。",
    }[kind][:400]


def article_changed_state(article, to_status, actor, comment=""):
    """A transition was logged: tell the people concerned."""
    kind = TRANSITION_KINDS.get(to_status)
    if kind is None:
        return []
    return deliver(
        transition_recipients(article, kind),
        kind,
        transition_text(article, kind, actor),
        actor=actor,
        article=article,
        comment=comment,
    )


def slot_assigned(slot, actor):
    """The slot has a new assignee: tell them what, for which page and by when."""
    if slot.assignee_id is None:
        return []
    due = f",截稿 {slot.due_date:%m月%d日}" if slot.due_date else ""
    text = (
        f"{workflow.display_name(actor) if actor else '编辑部'} 约您写《{slot.working_title}》"
        f"({slot.page.issue} {slot.page.label},约 {slot.expected_length} 字{due})。"
    )
    return deliver(
        [slot.assignee], K.ASSIGNED, text[:400], actor=actor, slot=slot, comment=slot.note
    )


def deliver(people, kind, text, *, actor=None, article=None, slot=None, comment=""):
    """Inbox rows now, emails on commit, each as the recipient chose. Returns the rows."""
    unique = {}
    for person in people:
        if person is not None and person.is_active and (actor is None or person.pk != actor.pk):
            unique[person.pk] = person
    if not unique:
        return []
    prefs = {
        p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=unique, kind=kind)
    }
    rows, mails = [], []
    for pk, person in unique.items():
        pref = prefs.get(pk)
        inbox = pref.inbox if pref else True
        email = (pref.email if pref else True) and bool(person.email)
        if not (inbox or email):
            continue
        note = Notification(
            recipient=person,
            kind=kind,
            article=article,
            slot=slot,
            actor=actor,
            text=text,
            comment=comment or "",
            emailed=email,
            # Email only: the row is kept as the record of what was sent, already read.
            read_at=None if inbox else timezone.now(),
        )
        rows.append(note)
        if email:
            mails.append(_mail(person, kind, text, comment, article, slot))
    Notification.objects.bulk_create(rows)
    if mails:
        transaction.on_commit(lambda: _send(mails))
    return rows


def _mail(person, kind, text, comment, article, slot):
    lines = [text]
    if comment:
        lines += ["", f"意见/说明:{comment}"]
    if article is not None:
        lines += ["", f"稿件:{reverse('admin:articles_article_change', args=[article.pk])}"]
    lines += [
        "",
        f"收件箱:{reverse('planning:inbox')};不想收到这类邮件,可在通知设置中关闭:"
        f"{reverse('planning:preferences')}",
    ]
    subject = f"[{settings.NEWSPAPER_NAME}编辑部] {Notification.Kind(kind).label}:{text[:60]}"
    return EmailMessage(subject, "\n".join(lines), to=[person.email])


def _send(mails):
    try:
        get_connection().send_messages(mails)
    except Exception:  # a mail server down must never undo or break the desk's work
        log.exception("通知邮件未能发出(%d 封)", len(mails))
