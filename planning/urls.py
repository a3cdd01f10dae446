"""Mounted under /admin/ before the admin site (newsroom/urls.py)."""

from django.urls import path

from newsroom import converters  # noqa: F401  (registers the id converter)

from . import views

app_name = "planning"

urlpatterns = [
    path("plan/<id:pk>/", views.plan, name="plan"),
    path("plan/slot/<id:pk>/", views.slot, name="slot"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<id:pk>/", views.open_notification, name="open"),
    path("inbox/settings/", views.preferences, name="preferences"),
]
