"""The audit log's writers: one ``record`` call, and the receivers that call it.

Who and from where come from the request being served (``AuditContextMiddleware`` keeps
it in a context variable), so a receiver deep in a save still knows the desk user and
their address. Publishing, scheduling and withdrawing already write Django ``LogEntry``
rows (articles/publishing.py); every admin addition, change and deletion does too; both
arrive here through ``post_save`` of ``LogEntry``.
"""

import contextvars
import json

from axes.signals import user_locked_out
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from articles.models import PageImport

from .client import client_ip
from .models import AuditEvent

Action = AuditEvent.Action
_request = contextvars.ContextVar("audit_request", default=None)


class AuditContextMiddleware:
    """Remember the request being served, for receivers that only get a model instance."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


def record(action, *, request=None, user=None, username="", target="", detail=""):
    request = request if request is not None else _request.get()
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        if candidate is not None and candidate.is_authenticated:
            user = candidate
    return AuditEvent.objects.create(
        action=action,
        actor=user,
        username=(user.get_username() if user is not None else username)[:150],
        ip_address=client_ip(request) if request is not None else None,
        target=str(target)[:255],
        detail=detail,
    )


# --------------------------------------------------------------------------- logins


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs):
    if request is not None and getattr(request, "audit_quiet_login", False):
        return
    record(Action.LOGIN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None and not getattr(request, "audit_session_expired", False):
        record(Action.LOGOUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username") or "")
    locked = request is not None and getattr(request, "axes_locked_out", False)
    record(
        Action.LOGIN_FAILED,
        request=request,
        username=username,
        detail="账号在此地址已锁定,密码未核对" if locked else "用户名或密码错误",
    )


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def _locked_out(sender, request, username, ip_address, **kwargs):
    record(
        Action.LOCKED_OUT,
        request=request,
        username=username or "",
        detail=f"连续登录失败,{ip_address} 上的这个账号被锁定",
    )


# ------------------------------------------------------------------ users and roles


User = get_user_model()


@receiver(pre_save, sender=User, dispatch_uid="audit_password_change")
def _password_changed(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    if update_fields is not None and "password" not in update_fields:
        return
    old = sender._default_manager.filter(pk=instance.pk).values_list("password", flat=True).first()
    if old is not None and old != instance.password:
        record(Action.PASSWORD_CHANGED, target=instance.get_username())


def _names(model, pks):
    if model is None or not pks:
        return ""
    if model._meta.label == "auth.Permission":
        rows = model.objects.filter(pk__in=pks).select_related("content_type")
        return "、".join(f"{p.content_type.app_label}.{p.codename}" for p in rows)
    return "、".join(str(o) for o in model.objects.filter(pk__in=pks))


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="audit_user_groups")
@receiver(m2m_changed, sender=User.user_permissions.through, dispatch_uid="audit_user_perms")
@receiver(m2m_changed, sender=Group.permissions.through, dispatch_uid="audit_group_perms")
def _roles_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    verb = {"post_add": "加入", "post_remove": "移除", "pre_clear": "清空"}[action]
    if action == "pre_clear":
        field = {
            User.groups.through: "groups",
            User.user_permissions.through: "user_permissions",
            Group.permissions.through: "permissions",
        }[sender]
        related = getattr(instance, field, None) if not reverse else None
        pk_set = set(related.values_list("pk", flat=True)) if related is not None else set()
    what = "角色" if model is Group else "权限"
    record(
        Action.GROUP_CHANGED,
        target=str(instance),
        detail=f"{verb}{what}:{_names(model, pk_set)}",
    )


# ------------------------------------------------ desk changes, publishing, imports


PUBLISHING_WORDS = ("发布", "撤回")


@receiver(post_save, sender=LogEntry, dispatch_uid="audit_log_entry")
def _log_entry(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    label = instance.content_type.model_class()._meta.label if instance.content_type else ""
    message = instance.get_change_message() if instance.change_message else ""
    if label == "articles.Issue" and any(w in instance.change_message for w in PUBLISHING_WORDS):
        action = Action.PUBLISHING
        message = instance.change_message
    elif label in ("auth.User", "auth.Group") and instance.action_flag != DELETION:
        action = Action.USER_CHANGED if label == "auth.User" else Action.GROUP_CHANGED
    else:
        action = {ADDITION: Action.ADDITION, CHANGE: Action.CHANGE, DELETION: Action.DELETION}[
            instance.action_flag
        ]
    record(
        action,
        user=instance.user,
        target=f"{label} #{instance.object_id} {instance.object_repr}",
        detail=message,
    )


def record_deletions(model, deleted):
    """Several objects deleted at once by the admin's action (logged without post_save)."""
    for pk, text in deleted.items():
        record(Action.DELETION, target=f"{model._meta.label} #{pk} {text}", detail="批量删除")


@receiver(post_save, sender=PageImport, dispatch_uid="audit_page_import")
def _page_imported(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    page = instance.page
    record(
        Action.IMPORT,
        user=instance.imported_by,
        target=f"第{page.issue.number}期第{page.number}版",
        detail=json.dumps(
            {"文件名": instance.source_name, "编码": instance.encoding}, ensure_ascii=False
        ),
    )
