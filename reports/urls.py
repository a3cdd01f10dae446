"""Mounted under /admin/ before the admin site (newsroom/urls.py)."""

from django.urls import path

from newsroom import converters  # noqa: F401  (registers the id converter)

from . import views

app_name = "reports"

urlpatterns = [
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/reprints/", views.reprints, name="reprints"),
    path("sponsors/", views.sponsors, name="sponsors"),
    path("sponsors/<id:pk>/statement/", views.statement, name="statement"),
]
