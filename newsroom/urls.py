import re

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import include, path
from django.views.generic import TemplateView

from articles.reader.sitemaps import SITEMAPS, news_sitemap
from newsroom import converters  # noqa: F401  (registers the id and key path converters)

admin.site.site_header = "科协报编辑部"
admin.site.site_title = "科协报编辑部"
admin.site.index_title = "编辑工作台"

urlpatterns = [
    # 信息报送统计 and the sponsor ledger (/admin/statistics/, /admin/sponsors/), before the admin.
    path("admin/", include("reports.urls")),
    # 版面规划, the inbox and notification settings (/admin/plan/, /admin/inbox/).
    path("admin/", include("planning.urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("preview/", include("articles.desk.preview")),
    # sitemap.xml is an index of the sections, each in pages of at most 5,000 URLs: the
    # archive's 200,000 articles are far beyond one sitemap's 50,000
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-news.xml", news_sitemap, name="news_sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots",
    ),
    path("", include("articles.search.urls")),
    path("organizations/", include("organizations.urls")),
    path("", include("articles.reader.urls")),
]
# Uploaded photos and facsimiles: Django serves them only with debug on (`make run`);
# in production the front server or the bucket does (static() is empty without DEBUG).
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)


# ------------------------------------------------------------------ error pages
# Django's own error pages are in English and do not say what to do. Ours say it in
# Chinese; a view's own Chinese reason (Http404("预览链接已过期……")) is shown as is,
# Django's English ones ("No Column matches the given query.") are not.

HAN = re.compile(r"[\u4e00-\u9fff]")
NOT_FOUND = (
    "找不到这个页面:网址可能有误,或者内容已经撤下。请检查网址,或从首页、往期回顾和搜索查找。"
)
BAD_REQUEST = "请求的格式不对,无法处理。请检查网址,或回到首页重新操作。"
FORBIDDEN = "您没有权限进行这个操作。如需权限,请联系主编。"
CSRF_FAILED = (
    "表单已过期或不是从本站页面提交的:为了防止跨站请求伪造,这次操作没有执行,也没有保存任何内容。"
    "请回到上一页刷新后重新提交;如果仍然出现,请重新登录。"
)


def _reason(exception, default):
    message = exception.args[0] if exception is not None and exception.args else ""
    return message if isinstance(message, str) and HAN.search(message) else default


def _error(request, status, title, message):
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": message}, status=status, json_dumps_params={"ensure_ascii": False}
        )
    return render(request, "error.html", {"title": title, "message": message}, status=status)


def page_not_found(request, exception=None):
    return _error(request, 404, "找不到这个页面", _reason(exception, NOT_FOUND))


def bad_request(request, exception=None):
    return _error(request, 400, "请求有误", _reason(exception, BAD_REQUEST))


def permission_denied(request, exception=None):
    return _error(request, 403, "没有权限", _reason(exception, FORBIDDEN))


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: Django's own page is in English."""
    return _error(request, 403, "操作未执行", CSRF_FAILED)


handler404 = page_not_found
handler400 = bad_request
handler403 = permission_denied
