"""The editorial workflow of an article: state is data, transitions check and log.

draft → submitted → approved → published, with returned (back to the author with a
comment) and withdrawn (unpublished, kept). Every transition checks the acting
user's permission on the server and writes an ``ArticleTransition``.

Publishing an article happens with its issue (see ``articles.publishing``).
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import changes
from .models import Article, ArticleTransition

S = Article.Status


class TransitionRefused(Exception):
    """A transition the user may not perform, or not from the article's current state."""


class VersionConflict(Exception):
    """Someone saved the article after the acting user loaded it."""

    def __init__(self, article_pk, expected):
        self.article_pk = article_pk
        self.expected = expected
        super().__init__(conflict_message(article_pk, expected))


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset
    target: str
    permission: str
    comment_required: bool = False
    own_only: bool = False  # without review_article, only the article's author may do it


TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "submit",
            "提交待审",
            frozenset({S.DRAFT, S.RETURNED}),
            S.SUBMITTED,
            "articles.submit_article",
            own_only=True,
        ),
        Transition(
            "return",
            "退回修改",
            frozenset({S.SUBMITTED, S.APPROVED}),
            S.RETURNED,
            "articles.review_article",
            comment_required=True,
        ),
        Transition(
            "approve", "审定", frozenset({S.SUBMITTED}), S.APPROVED, "articles.review_article"
        ),
        Transition(
            "withdraw",
            "撤下",
            frozenset({S.PUBLISHED}),
            S.WITHDRAWN,
            "articles.publish_issue",
            comment_required=True,
        ),
        Transition(
            "redraft",
            "重新编辑",
            frozenset({S.WITHDRAWN}),
            S.DRAFT,
            "articles.review_article",
        ),
    ]
}


def is_editor(user):
    return user.has_perm("articles.review_article")


def can_edit(user, article):
    """Editors edit any article; a correspondent only their own draft or returned article."""
    if not user.has_perm("articles.change_article"):
        return False
    if article is None or is_editor(user):
        return True
    return article.author_id == user.pk and article.status in (S.DRAFT, S.RETURNED)


def refusal(article, name, user, comment=""):
    """Why ``user`` may not perform transition ``name`` on ``article`` now, or None."""
    t = TRANSITIONS.get(name)
    if t is None:
        return f"没有“{name}”这种操作。"
    if not user.has_perm(t.permission):
        return f"您没有“{t.label}”的权限,请联系主编分配角色。"
    if t.own_only and not is_editor(user) and article.author_id != user.pk:
        return f"只能{t.label}自己撰写的稿件,这篇的撰稿人是其他人。"
    if article.status not in t.sources:
        allowed = "、".join(S(s).label for s in sorted(t.sources))
        return (
            f"这篇稿件现在是“{article.get_status_display()}”,只有“{allowed}”的稿件才能{t.label}。"
        )
    if t.target == S.APPROVED and article.title_pending:
        return "这篇稿件的标题是导入时用正文第一句临时拟的(标题待补),请先改好标题并保存,再审定。"
    if t.target == S.APPROVED and article.photos.missing_alt().exists():
        return "这篇稿件有图片还没填替代文字(给看不到图片的读者的画面描述),请在图片栏逐张填写后再审定。"
    if t.comment_required and not (comment or "").strip():
        return f"{t.label}必须填写意见,告诉撰稿人要改什么或为什么。"
    return None


def available(article, user):
    """The transitions ``user`` may perform on ``article`` (comment not yet considered)."""
    return [t for t in TRANSITIONS.values() if refusal(article, t.name, user, comment="-") is None]


def apply(article, name, user, comment="", *, now=None):
    """Perform transition ``name``; raise ``TransitionRefused`` (Chinese reason) if not allowed.

    The row is updated only if it still has the version and state the check saw, so a
    newer save or another transition is never silently overwritten.
    """
    reason = refusal(article, name, user, comment)
    if reason:
        raise TransitionRefused(reason)
    t = TRANSITIONS[name]
    now = now or timezone.now()
    with transaction.atomic():
        updated = Article.objects.filter(
            pk=article.pk, version=article.version, status=article.status
        ).update(status=t.target, version=F("version") + 1, last_edited_by=user, updated_at=now)
        if not updated:
            raise TransitionRefused(conflict_message(article.pk, article.version))
        ArticleTransition.objects.create(
            article=article,
            from_status=article.status,
            to_status=t.target,
            user=user,
            comment=(comment or "").strip(),
            created_at=now,
        )
        changes.articles_changed([article.pk])
    article.status = t.target
    article.version += 1
    article.last_edited_by = user
    return article


def apply_many(articles, name, user, comment=""):
    """Apply a transition to each article separately: returns (done, [(article, reason)])."""
    done, refused = [], []
    with changes.batch():
        for article in articles:
            try:
                with transaction.atomic():
                    apply(article, name, user, comment)
            except TransitionRefused as exc:
                refused.append((article, str(exc)))
            else:
                done.append(article)
    return done, refused


def claim_version(article_pk, expected, user):
    """Compare-and-swap the article's version; raise ``VersionConflict`` if it moved on.

    Call inside the transaction that saves the article: on PostgreSQL the updated row
    stays locked until that transaction ends, so no second save can slip in between.
    """
    updated = Article.objects.filter(pk=article_pk, version=expected).update(
        version=expected + 1, last_edited_by=user
    )
    if not updated:
        raise VersionConflict(article_pk, expected)
    return expected + 1


def conflict_message(article_pk, expected):
    current = Article.objects.filter(pk=article_pk).select_related("last_edited_by").first()
    if current is None:
        return "这篇稿件已被删除,您的修改无法保存。请复制您的文字后另建稿件。"
    who = display_name(current.last_edited_by) if current.last_edited_by_id else "其他人"
    when = timezone.localtime(current.updated_at).strftime("%Y-%m-%d %H:%M:%S")
    return (
        f"保存被拒绝:{who} 在 {when} 保存了这篇稿件(现为第 {current.version} 版),"
        f"而您是在第 {expected} 版上修改的。您的文字仍在表单中,没有丢失;"
        f"请对照最新版本核对后再保存。"
    )


def display_name(user):
    if user is None:
        return "其他人"
    full = f"{user.last_name}{user.first_name}".strip()
    return f"{full}({user.username})" if full else user.username
