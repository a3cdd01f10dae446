"""A contributor glued to an article's last sentence without brackets (……部署。德阳市科协 供稿)."""

import pytest

from articles.importer.parse import parse_page

PAGE = "德阳市科协召开全委会\n\n本报讯 近日,德阳市科协召开全委会,对下半年工作进行部署。{tail}\n"


@pytest.mark.parametrize(
    "tail, name, role",
    [
        ("德阳市科协 供稿", "德阳市科协", "供稿"),
        ("德阳市科协供稿", "德阳市科协", "供稿"),
        ("张跃明 报道", "张跃明", "报道"),
    ],
)
def test_a_name_and_role_after_the_last_sentence_is_the_credit(tail, name, role):
    (article,) = parse_page(PAGE.format(tail=tail)).articles
    assert article.paragraphs == ["本报讯 近日,德阳市科协召开全委会,对下半年工作进行部署。"]
    assert [(c.name, c.role) for c in article.credits] == [(name, role)]


@pytest.mark.parametrize("tail", ["下一步工作由市科协统一整理", "会后材料由办公室整理"])
def test_a_sentence_that_only_ends_in_a_role_word_stays_text(tail):
    page = parse_page(PAGE.format(tail=tail))
    (article,) = page.articles
    assert article.paragraphs[-1].endswith(tail)
    assert article.credits == []
