"""Tags and organisations suggested for an article, from its own text.

Tags: jieba words weighted TF-IDF, where the IDF comes from the paper's own newest
published articles (so 科协, printed everywhere, weighs little), cached for a day.
Organisations: every full name, short name and alias found in the text.
An editor accepts or dismisses each; dismissals are stored and never offered again.
"""

import math
import re
from collections import Counter

import jieba
from django.core.cache import cache
from django.db.models import F

from articles import changes
from articles.models import Article, SuggestionDismissal
from organizations.models import Organization

IDF_CACHE_KEY = "articles:suggestions:idf"
WORD = re.compile(r"^[\u4e00-\u9fff]{2,8}$")
STOPWORDS = frozenset(
    "我们 他们 进一步 开展 工作 活动 进行 近日 本报讯 以及 通过 同时 相关 有关 方面 "
    "一是 二是 三是 四是 表示 指出 强调 要求 推动 加强 提升 持续 积极 深入 不断 有效 "
    "全面 充分 实现 发展 建设 服务 组织 单位 一行 情况 参加 出席 主持 现场".split()
)


def words(text):
    return [w for w in jieba.lcut(text or "") if WORD.match(w) and w not in STOPWORDS]


def article_text(article):
    parts = [article.kicker, article.title, article.subtitle, article.body]
    parts += [f"{s.heading}\n{s.body}" for s in article.sections.all()]
    return "\n".join(p for p in parts if p)


# The IDF is estimated from the newest published articles: a word's weight barely moves
# with one more issue, and segmenting the whole archive (200,000 articles) in an editor's
# request took tens of seconds. The table is rebuilt once a day, or sooner when the
# published corpus has grown by a tenth.
IDF_SAMPLE = 1000
IDF_TIMEOUT = 24 * 3600


def idf_table():
    """{word: idf} over the newest published articles, from the cache when it is fresh."""
    corpus = Article.objects.filter(status=Article.Status.PUBLISHED)
    total = corpus.count()
    cached = cache.get(IDF_CACHE_KEY)
    if cached and cached[0] <= total <= max(cached[0] * 1.1, cached[0] + 20):
        return cached[1]
    df = Counter()
    n = 0
    newest = corpus.order_by("-pk").values_list("title", "body")[:IDF_SAMPLE]
    for title, body in newest.iterator():
        n += 1
        df.update(set(words(f"{title}\n{body}")))
    table = {w: math.log((n + 1) / (c + 1)) + 1 for w, c in df.items()}
    table[None] = math.log(n + 1) + 1  # a word the paper has never printed
    cache.set(IDF_CACHE_KEY, (total, table), IDF_TIMEOUT)
    return table


def dismissed(article, kind):
    return set(
        SuggestionDismissal.objects.filter(article=article, kind=kind).values_list(
            "value", flat=True
        )
    )


def suggest_tags(article, limit=8):
    tf = Counter(words(article_text(article)))
    if not tf:
        return []
    idf = idf_table()
    unknown = idf[None]
    have = {t.name for t in article.tags.all()}
    skip = have | dismissed(article, SuggestionDismissal.Kind.TAG)
    scored = sorted(
        ((count * idf.get(w, unknown), w) for w, count in tf.items() if w not in skip),
        key=lambda pair: (-pair[0], pair[1]),
    )
    return [w for _, w in scored[:limit]]


def suggest_organizations(article):
    text = article_text(article)
    found = {}
    for name, org in Organization.objects.name_index().items():
        if len(name) >= 3 and name in text:
            found.setdefault(org.pk, org)
    linked = set(article.organizations.values_list("pk", flat=True))
    skip = {int(v) for v in dismissed(article, SuggestionDismissal.Kind.ORGANIZATION)}
    return sorted(
        (org for pk, org in found.items() if pk not in linked and pk not in skip),
        key=lambda o: o.name,
    )


def accept(article, kind, value, user):
    """Add the suggested tag or organisation; bumps the version like any edit."""
    with changes.batch():
        if kind == SuggestionDismissal.Kind.TAG:
            article.tags.add(value)
        else:
            article.organizations.add(Organization.objects.get(pk=int(value)))
        Article.objects.filter(pk=article.pk).update(version=F("version") + 1, last_edited_by=user)
        changes.articles_changed([article.pk])


def dismiss(article, kind, value, user):
    SuggestionDismissal.objects.get_or_create(
        article=article, kind=kind, value=str(value), defaults={"user": user}
    )
