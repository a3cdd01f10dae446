from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from . import slots
from .models import Notification, PageCapacity, Slot


@admin.register(PageCapacity)
class PageCapacityAdmin(admin.ModelAdmin):
    list_display = ["page_name", "characters", "photo_characters"]
    search_fields = ["page_name"]


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    list_display = [
        "working_title",
        "page",
        "column_run",
        "assignee",
        "due_date",
        "expected_length",
        "filed",
    ]
    list_filter = ["page__issue", "due_date"]
    search_fields = ["working_title", "note", "assignee__username", "assignee__first_name"]
    list_select_related = ["page__issue", "column_run__column", "column_run__page", "assignee"]
    autocomplete_fields = ["page", "column_run"]
    readonly_fields = ["article", "created_by", "created_at", "updated_at"]

    @admin.display(description="成稿")
    def filed(self, slot):
        if slot.article_id is None:
            return "—"
        url = reverse("admin:articles_article_change", args=[slot.article_id])
        return format_html('<a href="{}">已建稿</a>', url)

    def save_model(self, request, obj, form, change):
        previous = form.initial.get("assignee") if change else None
        slots.save_slot(obj, request.user, previous_assignee_id=previous)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """What was sent to whom (for the chief checking a complaint); nobody edits it."""

    list_display = ["created_at", "recipient", "kind", "text", "read_at", "emailed"]
    list_filter = ["kind", "emailed"]
    search_fields = ["text", "recipient__username"]
    list_select_related = ["recipient"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
