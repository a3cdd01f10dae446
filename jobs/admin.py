from celery import current_app
from django.contrib import admin, messages

from .models import TaskFailure


class OpenFilter(admin.SimpleListFilter):
    title = "状态"
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("1", "待处理"), ("0", "已恢复")]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(resolved_at=None)
        if self.value() == "0":
            return queryset.exclude(resolved_at=None)
        return queryset


@admin.register(TaskFailure)
class TaskFailureAdmin(admin.ModelAdmin):
    list_display = ["task", "error", "count", "first_failed_at", "last_failed_at", "resolved_at"]
    list_filter = [OpenFilter, "task"]
    search_fields = ["task", "error"]
    readonly_fields = [f.name for f in TaskFailure._meta.fields]
    actions = ["queue_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="重新排队运行所选任务", permissions=["view"])
    def queue_again(self, request, queryset):
        names = sorted({failure.task for failure in queryset})
        for name in names:
            current_app.tasks[name].delay()
        self.message_user(request, f"已重新排队:{'、'.join(names)}。", messages.SUCCESS)
