import csv

from django.contrib import admin
from django.http import StreamingHttpResponse
from django.urls import path
from django.utils import timezone

from .audit import record
from .models import AuditEvent


class UsernameFilter(admin.SimpleListFilter):
    title = "用户名"
    parameter_name = "username"

    def lookups(self, request, model_admin):
        names = AuditEvent.objects.exclude(username="").values_list("username", flat=True)
        return [(n, n) for n in names.distinct().order_by("username")[:200]]

    def queryset(self, request, queryset):
        return queryset.filter(username=self.value()) if self.value() else queryset


class _Echo:
    def write(self, value):
        return value


def _cell(value):
    # A cell starting with = + - @ would be a formula in a spreadsheet (CSV injection).
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: no one adds, edits or deletes an entry here."""

    list_display = ["at", "username", "ip_address", "action", "target", "detail"]
    list_filter = ["action", "at", UsernameFilter]
    search_fields = ["username", "ip_address", "target", "detail"]
    date_hierarchy = "at"
    list_per_page = 100
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        export = self.admin_site.admin_view(self.export_csv)
        return [path("export/", export, name="accounts_auditevent_export"), *super().get_urls()]

    def export_csv(self, request):
        """The entries the list shows (same filters and search), as CSV for Excel."""
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        rows = changelist.get_queryset(request).order_by("at", "pk")
        record(
            AuditEvent.Action.EXPORT,
            request=request,
            target="审计日志",
            detail=f"{rows.count()} 条,条件:{request.GET.urlencode() or '全部'}",
        )
        writer = csv.writer(_Echo())

        def lines():
            yield "\ufeff"  # Excel reads UTF-8 only with a BOM
            yield writer.writerow(["时间", "用户名", "来源地址", "事件", "对象", "说明"])
            for e in rows.iterator():
                yield writer.writerow(
                    [
                        timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
                        *map(_cell, (e.username, e.ip_address, e.get_action_display())),
                        *map(_cell, (e.target, e.detail)),
                    ]
                )

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
        return response
