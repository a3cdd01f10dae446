"""A term's grams scattered over an article are not a match: only the literal text is."""

import pytest

from articles.models import Article, SearchDocument
from articles.search import index, query

pytestmark = pytest.mark.django_db

# Holds every bigram of 天府科技云 (天府 府科 科技 技云), never the five characters in a row.
SCATTERED = "天府新区府科室,科技与技云。"
PHRASE = '"天府科技云"'  # quoted: one term (unquoted, jieba splits it into 天府 科技 云)


def test_scattered_grams_are_not_a_match_and_are_not_counted(publish):
    publish("天府新区动态", SCATTERED)
    real = publish("平台上线", "天府科技云平台正式上线。")
    parsed = query.parse(PHRASE)
    assert query.all_matching_ids(parsed) == {real.pk}
    assert query.matching_ids(parsed) == (1, [real.pk])
    parsed.sort = "date"
    assert query.matching_ids(parsed) == (1, [real.pk])


def test_a_term_split_between_title_and_body_is_not_a_match(publish):
    publish("天府科", "技云平台上线。")
    assert query.all_matching_ids(query.parse(PHRASE)) == set()


def test_confirmed_terms_combine_with_filters_and_other_terms(publish, issue):
    publish("泸州市科协帮扶", SCATTERED)
    real = publish("泸州市科协天府科技云帮扶", "")
    parsed = query.parse(f"{PHRASE} 帮扶")
    assert query.all_matching_ids(parsed) == {real.pk}
    parsed.year = issue.date.year
    assert query.matching_ids(parsed) == (1, [real.pk])
    parsed.year = issue.date.year - 1
    assert query.matching_ids(parsed) == (0, [])


@pytest.mark.postgres
def test_the_index_stores_the_reduced_text_and_the_rebuild_refills_it(publish):
    article = publish("ＡＩ 赋能:科普", "天府科技云\n平台上线。", subtitle="副题")
    expected = "ai赋能科普 副题 天府科技云平台上线"
    assert SearchDocument.objects.get(pk=article.pk).text == expected
    SearchDocument.objects.update(text="")
    assert index.rebuild() == Article.objects.published().count()
    assert SearchDocument.objects.get(pk=article.pk).text == expected
    assert query.all_matching_ids(query.parse("ai赋能")) == {article.pk}
