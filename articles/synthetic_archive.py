"""A synthetic archive built from the seed pages, for demos and benchmarks.

Sentences of ``seeds/pages/*.txt`` are recombined into articles; issues go back
week by week from a fixed date, 4-8 pages each, with page names, columns,
credits to people and organisations, tags and organisations mentioned. All of it
is published. Rows are written with ``bulk_create`` in batches (no signals): each
batch announces itself to the change seam as a site change (the reader cache), and
the search index is then rebuilt in one bulk pass (``changes.rebuild_index``), far
faster than indexing row by row.
"""

import datetime
import random
import re
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles import changes
from articles.models import (
    Article,
    Column,
    ColumnRun,
    Credit,
    Issue,
    Page,
    Tag,
    TaggedArticle,
)
from organizations.models import Organization, Person

PAGE_NAMES = [
    "要闻",
    "科协之窗",
    "地方科协",
    "科普天地",
    "学会之声",
    "乡村振兴",
    "科技前沿",
    "综合",
]
COLUMN_NAMES = ["地方科协", "科协动态", "学会之窗", "科普一线", "老科协风采"]
TAG_NAMES = [
    "科普",
    "乡村振兴",
    "天府科技云",
    "科普示范县",
    "院士专家工作站",
    "二十大精神",
    "全民科学素质",
    "学术交流",
    "科技志愿服务",
    "人工智能",
    "5G",
    "防灾减灾",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国文红云飞鹏辉宇欢茂蓉霖跃鸣保菊"
ROLES = ["本报记者", "记者", "通讯员", "供稿", "摄影", ""]
SENTENCE = re.compile(r"[^。!?;\n]+[。!?;]")
END_DATE = datetime.date(2025, 12, 26)


def seed_sentences():
    sentences, headlines = [], []
    for path in sorted((Path(settings.BASE_DIR) / "seeds" / "pages").glob("*.txt")):
        for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            block = re.sub(r"^[#\-*\s]+", "", block.strip()).replace("**", "")
            if not block:
                continue
            if len(block) <= 30 and block[-1] not in "。!?;)”)":
                headlines.append(block)
                continue
            sentences.extend(s.strip() for s in SENTENCE.findall(block) if 8 <= len(s.strip()))
    return sentences, headlines


class ArchiveBuilder:
    def __init__(self, issues, seed=20221104, first_number=None):
        self.issues = issues
        self.random = random.Random(seed)
        self.sentences, self.headlines = seed_sentences()
        self.first_number = first_number

    def people_and_tags(self, organizations):
        r = self.random
        people = list(Person.objects.all()[:200])
        if len(people) < 60:
            new = []
            for i in range(60 - len(people)):
                name = r.choice(SURNAMES) + "".join(
                    r.choice(GIVEN) for _ in range(r.choice([1, 2]))
                )
                new.append(
                    Person(
                        name=name,
                        is_staff_reporter=i % 5 == 0,
                        organization=r.choice(organizations),
                    )
                )
            for person in new:
                person.save()  # save() derives the pinyin key
            people += new
        tags = []
        for name in TAG_NAMES:
            tag, _ = Tag.objects.get_or_create(name=name)
            tags.append(tag)
        columns = []
        for name in COLUMN_NAMES:
            column = Column.objects.filter(name=name).first()
            if column is None:
                column = Column(name=name)
                column.save()
            columns.append(column)
        return people, tags, columns

    def body(self, organizations):
        r = self.random
        paragraphs = []
        for _ in range(r.randint(2, 6)):
            sentences = r.sample(self.sentences, r.randint(1, 3))
            paragraphs.append("".join(sentences))
        org = r.choice(organizations)
        paragraphs[0] = f"本报讯 近日,{org.short_name or org.name}" + paragraphs[0]
        return "\n\n".join(paragraphs)

    def title(self, organizations):
        r = self.random
        headline = r.choice(self.headlines)
        if r.random() < 0.4:
            org = r.choice(organizations)
            return f"{org.short_name or org.name} {headline}"[:300]
        return headline[:300]

    def build(self, batch_issues=50, progress=None):
        """Write the archive; returns the ids of the articles created."""
        organizations = list(Organization.objects.all())
        if not organizations:
            raise ValueError("没有组织数据:请先加载 seeds/paper.json。")
        people, tags, columns = self.people_and_tags(organizations)
        top = Issue.objects.order_by("-number").values_list("number", flat=True).first() or 0
        first = self.first_number or top + 1
        now = timezone.now()
        article_ids = []
        for start in range(0, self.issues, batch_issues):
            count = min(batch_issues, self.issues - start)
            with transaction.atomic():
                article_ids += self._batch(
                    first, start, count, organizations, people, tags, columns, now
                )
                changes.site_changed()
            if progress:
                progress(count)
        return article_ids

    def _batch(self, first, start, count, organizations, people, tags, columns, now):
        r = self.random
        issues = Issue.objects.bulk_create(
            [
                Issue(
                    # Oldest first: issue numbers grow with the date.
                    number=first + self.issues - 1 - i,
                    date=END_DATE - datetime.timedelta(weeks=i),
                    status=Issue.Status.PUBLISHED,
                    published_at=now,
                )
                for i in range(start, start + count)
            ]
        )
        pages = Page.objects.bulk_create(
            [
                Page(issue=issue, number=n, name=PAGE_NAMES[(n - 1) % len(PAGE_NAMES)])
                for issue in issues
                for n in range(1, r.randint(4, 8) + 1)
            ]
        )
        runs = ColumnRun.objects.bulk_create(
            [ColumnRun(page=page, column=r.choice(columns)) for page in pages if r.random() < 0.5]
        )
        run_of_page = {run.page_id: run for run in runs}
        articles = []
        for page in pages:
            run = run_of_page.get(page.pk)
            for position in range(r.randint(8, 12)):
                kicker = ""
                if r.random() < 0.2:
                    org = r.choice(organizations)
                    kicker = org.short_name or org.name
                articles.append(
                    Article(
                        page=page,
                        column_run=run if run and position < 3 else None,
                        position=position,
                        kicker=kicker,
                        title=self.title(organizations),
                        subtitle=r.choice(self.headlines) if r.random() < 0.1 else "",
                        body=self.body(organizations),
                        captions="调研现场。" if r.random() < 0.1 else "",
                        status=Article.Status.PUBLISHED,
                        published_at=now,
                    )
                )
        articles = Article.objects.bulk_create(articles, batch_size=2000)
        credits, mentions, tagged = [], [], []
        through = Article.organizations.through
        for article in articles:
            for order in range(r.randint(1, 2)):
                if r.random() < 0.6:
                    credits.append(
                        Credit(
                            article=article,
                            person=r.choice(people),
                            role=r.choice(ROLES),
                            order=order,
                        )
                    )
                else:
                    credits.append(
                        Credit(article=article, organization=r.choice(organizations), order=order)
                    )
            for org in r.sample(organizations, r.randint(0, 2)):
                mentions.append(through(article_id=article.pk, organization_id=org.pk))
            for tag in r.sample(tags, r.randint(0, 2)):
                tagged.append(TaggedArticle(content_object=article, tag=tag))
        Credit.objects.bulk_create(credits, batch_size=5000)
        through.objects.bulk_create(mentions, batch_size=5000)
        TaggedArticle.objects.bulk_create(tagged, batch_size=5000)
        return [a.pk for a in articles]
