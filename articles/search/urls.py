"""Chinese full-text search: jieba segmentation + indexed character bigrams."""

from django.urls import path

from newsroom import converters  # noqa: F401  (registers id and key)

from . import api, views

urlpatterns = [
    path("search/", views.search, name="search"),
    path("api/search", api.search, name="api-search"),
    path("api/articles/<id:pk>", api.article, name="api-article"),
    path("api/issues/<id:number>", api.issue, name="api-issue"),
]
