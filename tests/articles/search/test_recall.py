"""Readers find every article that holds what they typed, as a substring scan would."""

import re

import pytest
from django.db.models import Q

from articles.models import Article
from articles.search import query

QUERIES = [
    "科",  # one character
    "协",
    "科协",  # two characters
    "帮扶",
    "泸州市科协",  # organisation names
    "省科协",
    "四川省科学技术协会",
    "乡城县",
    "二十大精神",  # a word jieba splits differently in text and query
    "学习贯彻",
    "科协系统",
    "2022",  # digits and ASCII
    "11月",
    "科普 乡村振兴",  # several words
    '"定点帮扶"',  # a phrase
    "協會",  # traditional characters
    "陈文菊",  # a person
    "对省科协",  # across a layout break in the text
    "不存在的词语组合",
]


def substring_scan(text):
    """What icontains finds: articles holding each whitespace-separated part literally."""
    parts = [p for p in re.split(r"\s+", text.replace('"', " ")) if p]
    condition = Q()
    for part in parts:
        condition &= (
            Q(title__icontains=part)
            | Q(kicker__icontains=part)
            | Q(subtitle__icontains=part)
            | Q(body__icontains=part)
        )
    return set(Article.objects.published().filter(condition).values_list("pk", flat=True))


def check_recall(seeded_archive):
    found_something = 0
    for text in QUERIES:
        parsed = query.parse(text)
        expected = substring_scan(query.to_simplified(text) if "協" in text else text)
        found = query.all_matching_ids(parsed)
        missing = expected - found
        assert not missing, f"{text!r} 漏掉了 {sorted(missing)}"
        found_something += bool(expected)
    assert found_something >= 15  # the list is not vacuous


@pytest.mark.postgres
def test_search_finds_everything_a_substring_scan_finds_on_postgresql(seeded_archive):
    check_recall(seeded_archive)


@pytest.mark.sqlite
def test_search_finds_everything_a_substring_scan_finds_on_sqlite(seeded_archive):
    check_recall(seeded_archive)


def test_text_broken_across_a_layout_line_is_found_whole(publish):
    article = publish("省科协召开对接会", "乡城县相关负责人对省科\n\n协一直以来关心支持表示感谢")
    assert article.pk in query.all_matching_ids(query.parse("对省科协一直"))


@pytest.mark.parametrize("text", ["科", "会议", "AI", "5G", "2024"])
def test_short_and_ascii_queries_find_their_article(publish, text):
    article = publish("5G 与 AI 赋能乡村", "2024年会议在成都召开,全体科技工作者参加。")
    assert article.pk in query.all_matching_ids(query.parse(text))


def test_unpublished_articles_are_not_searchable(publish):
    draft = publish("天府科技云上线", status=Article.Status.DRAFT)
    assert query.all_matching_ids(query.parse("天府科技云")) == set()
    draft.status = Article.Status.PUBLISHED
    draft.save()
    assert query.all_matching_ids(query.parse("天府科技云")) == {draft.pk}
    draft.delete()
    assert query.all_matching_ids(query.parse("天府科技云")) == set()
