from django.urls import path

from newsroom import converters  # noqa: F401  (registers id and key)

from . import feeds, views

app_name = "organizations"

urlpatterns = [
    path("people/<id:pk>/", views.person, name="person"),
    path("<key:slug>/", views.organization, name="organization"),
    path("<key:slug>/rss/", feeds.OrganizationFeed(), name="feed_rss"),
    path("<key:slug>/atom/", feeds.OrganizationAtomFeed(), name="feed_atom"),
]
