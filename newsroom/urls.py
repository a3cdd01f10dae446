from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from articles.sitemaps import SITEMAPS, news_sitemap

admin.site.site_header = "科协报编辑部"
admin.site.site_title = "科协报编辑部"
admin.site.index_title = "编辑工作台"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("preview/", include("articles.preview")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("sitemap-news.xml", news_sitemap, name="news_sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots",
    ),
    path("", include("articles.search.urls")),
    path("organizations/", include("organizations.urls")),
    path("", include("articles.urls")),
]
