"""Chinese full-text search: jieba segmentation + indexed character bigrams."""

from django.urls import path

from . import api, views

urlpatterns = [
    path("search/", views.search, name="search"),
    path("api/search", api.search, name="api-search"),
    path("api/articles/<int:pk>", api.article, name="api-article"),
    path("api/issues/<int:number>", api.issue, name="api-issue"),
]
