import datetime

import pytest
from django.db import IntegrityError, transaction

from articles.models import Article, Column, Credit, Issue, Page, Tag
from organizations.models import Organization, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue():
    return Issue.objects.create(number=3109, date=datetime.date(2022, 11, 18))


def test_two_issues_cannot_share_a_number(issue):
    with pytest.raises(IntegrityError), transaction.atomic():
        Issue.objects.create(number=3109, date=datetime.date(2022, 11, 25))


def test_a_page_number_appears_once_in_an_issue(issue):
    Page.objects.create(issue=issue, number=3, name="科协之窗")
    with pytest.raises(IntegrityError), transaction.atomic():
        Page.objects.create(issue=issue, number=3, name="要闻")
    other = Issue.objects.create(number=3110, date=datetime.date(2022, 11, 25))
    assert Page.objects.create(issue=other, number=3).pk


def test_a_credit_names_exactly_one_person_or_organisation(issue):
    article = Article.objects.create(title="省科协召开定点帮扶乡城县工作对接会")
    person = Person.objects.create(name="王欢")
    org = Organization.objects.create(name="攀枝花市科学技术协会", short_name="攀枝花市科协")
    Credit.objects.create(article=article, person=person)
    Credit.objects.create(article=article, organization=org)
    with pytest.raises(IntegrityError), transaction.atomic():
        Credit.objects.create(article=article, person=person, organization=org)
    with pytest.raises(IntegrityError), transaction.atomic():
        Credit.objects.create(article=article, role="本报记者")
    assert article.credits.count() == 2


def test_a_tag_can_never_be_stored_with_an_empty_slug():
    with pytest.raises(IntegrityError), transaction.atomic():
        Tag.objects.bulk_create([Tag(name="!!!", slug="")])


def test_a_chinese_tag_gets_a_chinese_slug_and_punctuation_gets_a_fallback():
    article = Article.objects.create(title="天府科技云服务")
    article.tags.set(["天府科技云", "!!!"])
    slugs = set(Tag.objects.values_list("slug", flat=True))
    assert "天府科技云" in slugs
    assert all(slugs)
    assert len(slugs) == 2


def test_tag_input_in_a_form_is_split_on_chinese_separators():
    from taggit.utils import parse_tags

    assert parse_tags("天府科技云,科普、乡村振兴") == ["天府科技云", "科普", "乡村振兴"]


def test_column_and_organisation_slugs_keep_han_characters():
    column = Column.objects.create(name="地方科协", pinyin="DI FANG KE XIE")
    org = Organization.objects.create(name="泸州市科学技术协会", short_name="泸州市科协")
    assert column.slug == "地方科协"
    assert org.slug == "泸州市科协"
    assert column.get_absolute_url() == "/columns/%E5%9C%B0%E6%96%B9%E7%A7%91%E5%8D%8F/"


def test_organisations_are_found_by_full_name_short_name_or_alias():
    org = Organization.objects.create(
        name="泸州市科学技术协会", short_name="泸州市科协", aliases=["泸州科协"]
    )
    assert Organization.objects.matching("泸州市科学技术协会") == org
    assert Organization.objects.matching("泸州市科协") == org
    assert Organization.objects.matching("泸州科协") == org
    assert Organization.objects.matching("内江市科协") is None


def test_people_who_sound_the_same_are_found_for_the_editor():
    zhang = Person.objects.create(name="张跃明", is_staff_reporter=True)
    assert list(Person.objects.sounding_like("张跃鸣")) == [zhang]
    assert list(Person.objects.sounding_like("张跃明")) == []


def test_published_articles_need_a_published_issue(issue):
    page = Page.objects.create(issue=issue, number=3)
    article = Article.objects.create(title="t", page=page, status=Article.Status.PUBLISHED)
    assert list(Article.objects.published()) == []
    issue.status = Issue.Status.PUBLISHED
    issue.save()
    assert list(Article.objects.published()) == [article]
    assert Article.objects.count() == 1


def test_the_seed_fixture_holds_the_province_and_its_21_associations(seed_paper):
    province = Organization.objects.get(short_name="省科协")
    members = province.members.all()
    assert members.count() == 21
    assert Organization.objects.matching("甘孜州科协").name == "甘孜州科学技术协会"
    assert set(Column.objects.values_list("name", flat=True)) == {"地方科协", "科协动态"}
