"""Planning a story and filing it: a slot (稿位) becomes the article in its place."""

import reversion
from django.core.exceptions import PermissionDenied
from django.db.models import Max

from articles import changes, compose
from articles.models import Article

from . import notify
from .models import Slot


def can_plan(user):
    return user.has_perm(compose.ARRANGE)


def can_file(user, slot):
    """The assignee files their slot; an editor may file any (and write it themselves)."""
    if not user.has_perm("articles.add_article"):
        return False
    return slot.assignee_id == user.pk or can_plan(user)


def save_slot(slot, user, previous_assignee_id=None):
    """Save a slot an editor planned or changed; a new assignee is told."""
    if not can_plan(user):
        raise PermissionDenied("只有编辑和主编可以规划版面、派稿。")
    if slot.pk is None:
        slot.created_by = user
    slot.save()
    if slot.assignee_id and slot.assignee_id != previous_assignee_id:
        notify.slot_assigned(slot, user)
    return slot


def file_slot(slot, user):
    """Create the slot's article: a draft with the working title, on the slot's page and
    column run (last in print order), written by the assignee. Filing twice returns
    the article filed the first time."""
    if not can_file(user, slot):
        raise PermissionDenied("这个稿位没有派给您;请联系编辑。")
    with changes.batch():
        slot = Slot.objects.select_for_update().select_related("page").get(pk=slot.pk)
        if slot.article_id is not None:
            return slot.article
        last = Article.objects.filter(page=slot.page).aggregate(n=Max("position"))["n"] or 0
        with reversion.create_revision():
            reversion.set_user(user)
            reversion.set_comment(f"由稿位“{slot.working_title}”建稿")
            article = Article.objects.create(
                title=slot.working_title,
                page=slot.page,
                column_run=slot.column_run,
                position=last + 1,
                author=slot.assignee or user,
                last_edited_by=user,
            )
        Slot.objects.filter(pk=slot.pk).update(article=article)
    return article
