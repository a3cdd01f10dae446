from django import template
from django.urls import reverse

from jobs.failures import open_failures

register = template.Library()


@register.inclusion_tag("admin/jobs/failed_tasks_link.html", takes_context=True)
def failed_tasks_link(context):
    """The desk's link to the background tasks that failed and have not succeeded since."""
    user = context["request"].user
    if not user.has_perm("jobs.view_taskfailure"):
        return {"shown": False}
    return {
        "shown": True,
        "count": open_failures().count(),
        "url": reverse("admin:jobs_taskfailure_changelist") + "?open=1",
    }
