from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "科协报编辑部"
admin.site.site_title = "科协报编辑部"
admin.site.index_title = "编辑工作台"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("preview/", include("articles.preview")),
    path("", include("articles.search.urls")),
    path("organizations/", include("organizations.urls")),
    path("", include("articles.urls")),
]
