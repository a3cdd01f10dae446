from django.contrib import admin
from django.contrib.admin import actions
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from .second_factor import has_second_factor, second_factor_satisfied


def safe_next(request, default):
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def delete_selected(modeladmin, request, queryset):
    """Django's bulk delete, with each deleted object in the audit log (Django logs a bulk
    deletion without the post_save signal the audit log listens to)."""
    from .audit import record_deletions

    before = {obj.pk: str(obj) for obj in queryset}
    response = actions.delete_selected(modeladmin, request, queryset)
    left = set(queryset.model._default_manager.filter(pk__in=before).values_list("pk", flat=True))
    gone = {pk: text for pk, text in before.items() if pk not in left}
    if len(gone) > 1:
        record_deletions(queryset.model, gone)
    return response


delete_selected.allowed_permissions = actions.delete_selected.allowed_permissions
delete_selected.short_description = actions.delete_selected.short_description


class DeskAdminSite(admin.AdminSite):
    """The desk: the admin, opened only after the second factor for those who need one."""

    def __init__(self, name="admin"):
        super().__init__(name)
        self._actions = {"delete_selected": delete_selected}
        self._global_actions = self._actions.copy()

    def has_permission(self, request):
        return super().has_permission(request) and second_factor_satisfied(request)

    def login(self, request, extra_context=None):
        user = request.user
        if user.is_active and user.is_staff and not second_factor_satisfied(request):
            # The password is right; the code is next (or enrolment, the first time).
            step = "accounts:verify" if has_second_factor(user) else "accounts:setup"
            target = safe_next(request, reverse("admin:index"))
            return redirect(f"{reverse(step)}?{urlencode({REDIRECT_FIELD_NAME: target})}")
        return super().login(request, extra_context)
