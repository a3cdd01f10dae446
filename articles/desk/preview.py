"""Signed, expiring preview links: a draft seen exactly as readers will see it.

Without a valid link an unpublished article does not exist for readers (404).
"""

from django.core import signing
from django.http import Http404
from django.urls import path, reverse

from articles.models import Article
from articles.reader.views import render_article
from newsroom import converters  # noqa: F401  (registers id and key)

SALT = "articles.preview"
MAX_AGE = 3 * 24 * 3600  # three days


def make_token(article):
    return signing.TimestampSigner(salt=SALT).sign(str(article.pk))


def preview_url(article):
    return reverse("article_preview", kwargs={"token": make_token(article)})


def preview(request, token):
    try:
        pk = signing.TimestampSigner(salt=SALT).unsign(token, max_age=MAX_AGE)
    except signing.SignatureExpired as exc:
        raise Http404("预览链接已过期(有效期 3 天),请向编辑索取新的链接。") from exc
    except (signing.BadSignature, ValueError) as exc:
        # ValueError: a value signed with this salt but without a timestamp.
        raise Http404("预览链接无效,请核对链接是否完整。") from exc
    article = (
        Article.objects.select_related("page__issue", "column_run__column", "series")
        .filter(pk=pk)
        .first()
    )
    if article is None:
        raise Http404("这篇稿件已不存在。")
    return render_article(request, article, preview=True)


urlpatterns = [path("<key:token>/", preview, name="article_preview")]
