"""The reports' tables follow the articles through the change seam: an edit rewrites
what it changed and nothing else, and the tables always match a rebuild from scratch."""

import datetime

from articles import changes
from articles.models import Article, Credit, Issue, Page
from reports import derive, reprints
from reports import statistics as stats
from reports.models import (
    Contribution,
    Fingerprint,
    FingerprintBand,
    MonthlyArticles,
    MonthlyTotal,
    SimilarPair,
)


def tables():
    return (
        set(Contribution.objects.values_list("article_id", "unit_id", *derive.CONTRIBUTION_FIELDS)),
        {pk: bytes(sig) for pk, sig in Fingerprint.objects.values_list("pk", "signature")},
        set(FingerprintBand.objects.values_list("article_id", "key")),
        set(SimilarPair.objects.values_list("article_id", "similar_id", "similarity")),
        # a month whose articles all left keeps a row of zeros until a rebuild
        {
            row
            for row in MonthlyTotal.objects.values_list("unit", "month", *derive.TOTALS)
            if any(row[2:])
        },
        set(MonthlyArticles.objects.filter(published__gt=0).values_list("month", "published")),
    )


def figures(period):
    """The statistics' figures of a period from the contribution rows and from the monthly
    totals, each as {unit: values}."""
    window = [p for p in (period, period.previous(), period.last_year()) if p]
    rows = stats._figures(period, period.previous(), period.last_year(), window)
    monthly = stats._monthly_figures(period, period.previous(), period.last_year())
    drop_empty = lambda found: {  # noqa: E731
        r["unit_id"]: {k: v or 0 for k, v in r.items()}
        for r in found
        if any(v for k, v in r.items() if k != "unit_id")
    }
    return drop_empty(rows), drop_empty(monthly)


def row_ids(article_id):
    return (
        set(Contribution.objects.filter(article_id=article_id).values_list("pk", flat=True)),
        set(FingerprintBand.objects.filter(article_id=article_id).values_list("pk", flat=True)),
        set(SimilarPair.objects.of(article_id).values_list("pk", flat=True)),
    )


def test_a_desk_days_edits_leave_the_tables_a_rebuild_would_write(paper):
    records = [r for r in paper.records if r.credited and r.article.status != "withdrawn"]
    county = paper.counties[0]
    long_text = "四川省科协组织开展全国科技工作者日系列活动,走访慰问一线科技工作者。" * 3

    # a credit moves from a city to one of its counties (the city still counts it)
    credit = Credit.objects.filter(article=records[0].article, organization__isnull=False).first()
    credit.organization = county
    credit.save()
    # two articles are rewritten into the same press release: twins
    for record in records[1:3]:
        record.article.body = long_text
        record.article.save()
    # one twin is edited by a sentence (still a twin), another withdrawn
    records[3].article.body = long_text + "编辑补充了一句。"
    records[3].article.save()
    records[2].article.status = Article.Status.WITHDRAWN
    records[2].article.save()
    # one moves to a page of another issue, one is deleted, one loses its mentions
    later = Issue.objects.create(number=9001, date=datetime.date(2025, 7, 4), status="published")
    records[4].article.page = Page.objects.create(issue=later, number=1, name="要闻")
    records[4].article.column_run = None
    records[4].article.save()
    records[5].article.delete()
    with changes.batch():  # as the admin deletes: the index and the reports at the end
        records[8].article.delete()
    records[6].article.organizations.clear()
    # a whole issue is unpublished
    issue = records[7].article.page.issue
    issue.status = Issue.Status.DRAFT
    issue.save()

    kept = tables()
    assert len(SimilarPair.objects.of(records[1].article.pk)) == 1  # its twin, not the withdrawn
    periods = [
        stats.year_period(2024),
        stats.quarter_period(2024, 3),
        stats.month_period(2025, 3),
        stats.parse_period({"period": "all"}, 2025),
    ]
    assert all(figures(p)[0] == figures(p)[1] for p in periods)
    assert figures(periods[0])[0]  # there is something to compare
    trends = [stats.trend(p, org, True) for p in periods for org in (None, paper.chengdu)]
    derive.rebuild()
    assert tables() == kept
    assert [stats.trend(p, org, True) for p in periods for org in (None, paper.chengdu)] == trends


def test_saving_an_unchanged_article_rewrites_no_row(paper, django_assert_num_queries):
    record = next(r for r in paper.records if r.credited and r.article.status == "published")
    article = record.article
    article.body = "四川省科协组织开展全国科技工作者日系列活动,走访慰问一线科技工作者。" * 3
    article.save()
    twin = Article.objects.create(page=article.page, title=article.title, body=article.body)
    assert SimilarPair.objects.of(article.pk).filter(similar=twin).exists()
    before = row_ids(article.pk)
    assert all(before)

    # the articles (with their stored signatures), their sections, the organisations they
    # name, those organisations' ancestors, the contribution rows to compare; a savepoint
    with django_assert_num_queries(5 + 2):
        derive.refresh([article.pk])
    changes.articles_changed([article.pk])
    assert row_ids(article.pk) == before


def test_a_new_article_costs_a_fixed_number_of_statements(paper, django_assert_num_queries):
    record = next(r for r in paper.records if r.credited)
    article = record.article
    with changes.batch():
        twins = [
            Article.objects.create(
                page=article.page,
                title=f"转载{n}",
                body="四川省科协组织开展全国科技工作者日系列活动,走访慰问一线科技工作者。" * 3,
            )
            for n in range(3)
        ]
        for twin in twins:
            Credit.objects.create(article=twin, organization=paper.counties[0])
        Fingerprint.objects.filter(pk__in=[t.pk for t in twins]).delete()
        Contribution.objects.filter(article__in=twins).delete()
        # the articles, sections, organisations named, their ancestors; contributions,
        # fingerprints, bands, the similar articles' signatures, the pairs; a savepoint
        with django_assert_num_queries(4 + 5 + 2):
            derive.refresh([t.pk for t in twins])
    pairs = set(SimilarPair.objects.values_list("article_id", "similar_id"))
    a, b, c = sorted(t.pk for t in twins)
    assert {(a, b), (a, c), (b, c)} <= pairs
    assert Contribution.objects.filter(article__in=twins, unit=paper.chengdu).count() == 3
    assert reprints.THRESHOLD <= SimilarPair.objects.get(article_id=a, similar_id=b).similarity
