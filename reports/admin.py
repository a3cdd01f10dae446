from django.contrib import admin

from .models import SponsorshipAgreement


@admin.register(SponsorshipAgreement)
class SponsorshipAgreementAdmin(admin.ModelAdmin):
    list_display = ["organization", "subject", "start", "end", "insertions"]
    list_filter = ["column"]
    search_fields = ["organization__name", "organization__short_name", "page_name"]
    autocomplete_fields = ["organization"]
    date_hierarchy = "start"
