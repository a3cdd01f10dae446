from django.urls import path

from . import feeds, views

app_name = "organizations"

urlpatterns = [
    path("people/<int:pk>/", views.person, name="person"),
    path("<str:slug>/", views.organization, name="organization"),
    path("<str:slug>/rss/", feeds.OrganizationFeed(), name="feed_rss"),
    path("<str:slug>/atom/", feeds.OrganizationAtomFeed(), name="feed_atom"),
]
