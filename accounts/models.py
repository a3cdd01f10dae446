from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEventQuerySet(models.QuerySet):
    def older_than(self, days):
        return self.filter(at__lt=timezone.now() - timedelta(days=days))

    def prune(self, days):
        """Delete entries older than ``days`` (never fewer than the retention period)."""
        if days < settings.AUDIT_RETENTION_DAYS:
            raise ValueError(f"审计日志至少保留 {settings.AUDIT_RETENTION_DAYS} 天。")
        # delete() and update() refuse (append-only); the retention command alone deletes,
        # in one statement.
        expired = self.older_than(days)
        return expired._raw_delete(expired.db)

    def delete(self):
        raise PermissionError("审计日志只能追加,不能删除;过期条目由 prune_audit_log 清理。")

    def update(self, **kwargs):
        raise PermissionError("审计日志只能追加,不能修改。")


class AuditEvent(models.Model):
    """One security-relevant act: who, when, from where, what. Never edited, never deleted
    through the app; ``prune_audit_log`` removes entries past the retention period."""

    class Action(models.TextChoices):
        LOGIN = "login", "登录成功"
        LOGIN_FAILED = "login_failed", "登录失败"
        LOCKED_OUT = "locked_out", "登录被锁定"
        LOGOUT = "logout", "退出登录"
        SESSION_EXPIRED = "session_expired", "闲置超时退出"
        OTP_VERIFIED = "otp_verified", "双重验证通过"
        OTP_FAILED = "otp_failed", "双重验证失败"
        OTP_ENROLLED = "otp_enrolled", "启用双重验证"
        RECOVERY_CODES = "recovery_codes", "重新生成恢复码"
        PASSWORD_CHANGED = "password_changed", "修改密码"
        USER_CHANGED = "user_changed", "用户变更"
        GROUP_CHANGED = "group_changed", "角色与权限变更"
        PUBLISHING = "publishing", "发布、定时与撤回"
        IMPORT = "import", "导入旧版面"
        ADDITION = "addition", "新增"
        CHANGE = "change", "修改"
        DELETION = "deletion", "删除"
        EXPORT = "export", "导出"

    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        # The entry outlives the account (username keeps the name) and is never rewritten.
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField(
        "用户名",
        max_length=150,
        blank=True,
        help_text="操作人或尝试登录的用户名;账号删除后仍然保留。",
    )
    ip_address = models.GenericIPAddressField("来源地址", null=True, blank=True)
    action = models.CharField("事件", max_length=20, choices=Action.choices, db_index=True)
    target = models.CharField("对象", max_length=255, blank=True)
    detail = models.TextField("说明", blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["username", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username or '系统'} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise PermissionError("审计日志只能追加,不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计日志只能追加,不能删除;过期条目由 prune_audit_log 清理。")
