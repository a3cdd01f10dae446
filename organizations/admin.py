from django.contrib import admin

from articles.desk.batching import ChangesBatchedAdmin

from .models import Organization, Person


@admin.register(Organization)
class OrganizationAdmin(ChangesBatchedAdmin, admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "level", "parent", "region"]
    list_filter = ["kind", "level", "province"]
    search_fields = ["name", "short_name", "aliases", "region"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["short_name"]}
    list_select_related = ["parent"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "aliases", "slug"]}),
        ("归属", {"fields": ["kind", "level", "parent", "region", "province"]}),
        ("简介", {"fields": ["description"], "classes": ["collapse"]}),
    ]


@admin.register(Person)
class PersonAdmin(ChangesBatchedAdmin, admin.ModelAdmin):
    list_display = ["name", "is_staff_reporter", "organization", "pinyin"]
    list_filter = ["is_staff_reporter"]
    search_fields = ["name", "aliases", "pinyin"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]
    readonly_fields = ["pinyin"]
