"""Write a parsed legacy page into an issue and page, inside one transaction.

Called alike by ``manage.py import_legacy``, the admin's import screen,
``manage.py load_demo`` and the tests. The parser (``parse/``) is pure; this
module is where names become people and organisations.
"""

import hashlib
import re
from dataclasses import dataclass, field

from django.db.models import F, Max
from django.utils import timezone

from articles import changes
from articles.models import (
    Article,
    ArticleTransition,
    Column,
    ColumnCredit,
    ColumnRun,
    ColumnRunSponsor,
    Credit,
    Issue,
    Page,
    PageImport,
    PageSponsor,
    Section,
    Series,
)
from organizations.models import Organization, Person
from photos.store import add_caption_slots

from .parse import ParsedPage, parse_page
from .parse.epaper import TITLE_MISSING


class ImportRefused(Exception):
    """The import would overwrite or contradict what is already there; nothing was written."""


@dataclass
class ImportResult:
    page: Page
    articles: list = field(default_factory=list)
    created: bool = False
    unchanged: bool = False
    replaced: int = 0
    warnings: list = field(default_factory=list)
    page_import: PageImport | None = None

    @property
    def summary(self):
        if self.unchanged:
            return f"{self.page}:内容与上次导入完全相同,未做任何改动。"
        verb = "替换导入" if self.replaced else "导入"
        return f"{self.page}:{verb} {len(self.articles)} 篇文章,警告 {len(self.warnings)} 条。"


def text_digest(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


ORG_KINDS = [
    ("老科协", Organization.Kind.SENIOR),
    ("老科技工作者协会", Organization.Kind.SENIOR),
    ("科学技术协会", Organization.Kind.KEXIE),
    ("科协", Organization.Kind.KEXIE),
    ("学会", Organization.Kind.SOCIETY),
    ("研究院", Organization.Kind.INSTITUTE),
    ("研究所", Organization.Kind.INSTITUTE),
    ("大学", Organization.Kind.INSTITUTE),
    ("学院", Organization.Kind.INSTITUTE),
    ("公司", Organization.Kind.COMPANY),
    ("集团", Organization.Kind.COMPANY),
    ("政府", Organization.Kind.GOVERNMENT),
    ("局", Organization.Kind.GOVERNMENT),
    ("委员会", Organization.Kind.GOVERNMENT),
]
REGION = re.compile(r"^(?:四川省)?(.{1,6}?(?:省|市|州|县|区))")


def guess_organization(printed):
    """Fields for an organisation first met in a byline or sponsor list."""
    name, short = printed, ""
    if printed.endswith("科协") and not printed.endswith("老科协"):
        name, short = printed[: -len("科协")] + "科学技术协会", printed
    elif printed.endswith("科学技术协会"):
        short = printed[: -len("科学技术协会")] + "科协"
    kind = next((k for suffix, k in ORG_KINDS if printed.endswith(suffix)), Organization.Kind.OTHER)
    match = REGION.match(printed)
    region = match.group(1) if match else ""
    if printed.startswith("四川省") or printed.startswith("省"):
        level = Organization.Level.PROVINCE
    elif region.endswith(("县", "区")):
        level = Organization.Level.COUNTY
    elif region.endswith(("市", "州")):
        level = Organization.Level.CITY
    else:
        level = Organization.Level.OTHER
    return {
        "name": name,
        "short_name": short,
        "kind": kind,
        "level": level,
        "region": region,
        "province": "",
    }


class Resolver:
    """Finds (or creates) the people and organisations a page names; caches across pages."""

    def __init__(self):
        self.orgs = Organization.objects.name_index()
        self.people = {}
        self.warnings = []

    def organization(self, printed):
        printed = printed.strip()
        org = self.orgs.get(printed)
        if org is None:
            fields = guess_organization(printed)
            org = self.orgs.get(fields["name"]) or self.orgs.get(fields["short_name"])
        if org is None:
            org = Organization.objects.filter(name=fields["name"]).first()
        if org is None:
            org = Organization.objects.create(**fields)
            self.warnings.append(
                f"新建组织“{org.name}”(版面写作“{printed}”),请核对类型和上级组织。"
            )
        for name in org.all_names():
            self.orgs.setdefault(name, org)
        self.orgs.setdefault(printed, org)
        return org

    def person(self, printed, role=""):
        printed = printed.strip()
        if printed in self.people:
            return self.people[printed]
        found = Person.objects.matching(printed)
        if len(found) > 1:
            self.warnings.append(f"署名“{printed}”对应多位同名人员,已选用第一位,请核对。")
        person = found[0] if found else None
        if person is None:
            homophones = list(Person.objects.sounding_like(printed)[:3])
            if homophones:
                person = homophones[0]
                self.warnings.append(
                    f"署名“{printed}”与已有人员“{person.name}”同音,已按同一人处理,"
                    "版面写法保留在署名上;如不是同一人,请在署名中改选或新建人员。"
                )
        if person is None:
            person = Person.objects.create(name=printed, is_staff_reporter=role == "本报记者")
        elif role == "本报记者" and not person.is_staff_reporter:
            person.is_staff_reporter = True
            person.save(update_fields=["is_staff_reporter"])
        self.people[printed] = person
        return person

    def credit_fields(self, credit):
        if credit.kind == "organization":
            return {"organization": self.organization(credit.name)}
        return {"person": self.person(credit.name, credit.role)}

    def mentioned(self, text):
        """Known organisations whose full name, short name or alias appears in the text."""
        found = {}
        for name, org in self.orgs.items():
            if len(name) >= 3 and name in text:
                found[org.pk] = org
        return list(found.values())


def issue_for(issue_number, date):
    """The issue to import into, locked so that two imports into it run one after the other."""
    issue = Issue.objects.select_for_update().filter(number=issue_number).first()
    if issue is None:
        if date is None:
            raise ImportRefused(
                f"第{issue_number}期还不存在:请给出出版日期以新建这一期"
                "(导入页面填写“出版日期”,命令行加 --date YYYY-MM-DD)。"
            )
        return Issue.objects.create(number=issue_number, date=date)
    if date is not None and issue.date != date:
        raise ImportRefused(
            f"第{issue_number}期已存在,出版日期是 {issue.date:%Y-%m-%d},与给出的 {date:%Y-%m-%d} 不一致;"
            "请核对期号或日期。"
        )
    return issue


def retire(page_import, now, whole_page=True):
    """Take an earlier import's articles off the page; they stay in the database, withdrawn.

    A story of a gathered page (``whole_page=False``) leaves the page's sponsors alone."""
    page_import.replaced_at = now
    page_import.save(update_fields=["replaced_at"])
    old = list(page_import.articles.all())
    for article in old:
        ArticleTransition.objects.create(
            article=article,
            from_status=article.status,
            to_status=Article.Status.WITHDRAWN,
            comment=f"重新导入第{page_import.page.number}版时被替换;可在“版面导入”记录中找回。",
        )
    Article.objects.filter(pk__in=[a.pk for a in old]).update(
        page=None, column_run=None, status=Article.Status.WITHDRAWN, version=F("version") + 1
    )
    page = page_import.page
    page.column_runs.filter(articles__isnull=True).delete()
    if whole_page:
        page.sponsorships.all().delete()
    changes.articles_changed([a.pk for a in old])
    return len(old)


def import_page(
    text,
    *,
    source_name,
    encoding="utf-8",
    issue_number,
    page_number,
    page_name=None,
    date=None,
    publish=False,
    replace=False,
    user=None,
    parsed: ParsedPage | None = None,
    resolver: Resolver | None = None,
    story: bool = False,
):
    """Import one page's legacy text as draft (or, for the archive, published) articles.

    ``story``: the text is one story of the page (the e-paper's article pages, one story
    a file): it is added after the page's articles, beside the other stories' imports;
    the same text again changes nothing, other text under the same file name needs
    ``replace``."""
    parsed = parsed or parse_page(text)
    digest = text_digest(text)
    # One transaction and one pass through the change seam for the whole page.
    with changes.batch():
        issue = issue_for(issue_number, date)
        page, page_created = Page.objects.get_or_create(
            issue=issue, number=page_number, defaults={"name": page_name or ""}
        )
        if page_name and page.name != page_name:
            if page.name and not page_created:
                raise ImportRefused(
                    f"{page} 的版名是“{page.name}”,与给出的“{page_name}”不一致;请核对版次或版名。"
                )
            page.name = page_name
            page.save(update_fields=["name"])
        imports = page.imports.filter(replaced_at__isnull=True).order_by("-created_at", "-id")
        if story:
            same = imports.filter(text_sha256=digest).first()
            if same is not None:
                return ImportResult(page=page, articles=list(same.articles.all()), unchanged=True)
            current = imports.filter(source_name=source_name).first()
        else:
            current = imports.first()
            if current is not None and current.text_sha256 == digest:
                return ImportResult(
                    page=page, articles=list(current.articles.all()), unchanged=True
                )
        replaced = 0
        if current is not None:
            if not replace:
                if story:
                    raise ImportRefused(
                        f"{page} 已导入过“{source_name}”,这次的文本不同。如要用新文本替换这篇稿件,"
                        "请勾选“替换”(命令行加 --replace);被替换的文章会保留,可以找回。"
                    )
                raise ImportRefused(
                    f"{page} 已有导入的文章(来自“{current.source_name}”),这次的文本不同。"
                    "如要用新文本替换,请勾选“替换”(命令行加 --replace);被替换的文章会保留,可以找回。"
                )
            replaced = retire(current, timezone.now(), whole_page=not story)

        resolver = resolver or Resolver()
        resolver.warnings = []
        page_import = PageImport.objects.create(
            page=page,
            source_name=source_name,
            encoding=encoding,
            text=text,
            text_sha256=digest,
            warnings=list(parsed.warnings),
            unplaced=list(parsed.unplaced),
            metadata=dict(parsed.metadata),
            imported_by=user,
        )
        if not (story and page.sponsorships.exists()):
            write_sponsors(page, parsed, resolver)
        runs = write_column_runs(page, parsed, resolver)
        # one story a file: the file's text is its article's source
        whole = text if story and len(parsed.articles) == 1 else None
        articles = write_articles(
            page, parsed, runs, resolver, page_import, user, publish, whole_source=whole
        )
        warnings = list(parsed.warnings) + resolver.warnings
        if parsed.unplaced:
            warnings.append(
                f"有 {len(parsed.unplaced)} 段文字无法归入文章,已保存在导入记录中,请编辑处理。"
            )
        page_import.warnings = warnings
        page_import.save(update_fields=["warnings"])
        if publish and issue.status != Issue.Status.PUBLISHED:
            issue.status = Issue.Status.PUBLISHED
            issue.published_at = issue.print_time()
            issue.published_by = user
            issue.save(update_fields=["status", "published_at", "published_by"])
        changes.articles_changed([a.pk for a in articles])
    return ImportResult(
        page=page,
        articles=articles,
        created=True,
        replaced=replaced,
        warnings=warnings,
        page_import=page_import,
    )


def write_sponsors(page, parsed, resolver):
    seen = set()
    rows = []
    for name in parsed.sponsors:
        org = resolver.organization(name)
        if org.pk in seen:
            continue
        seen.add(org.pk)
        rows.append(PageSponsor(page=page, organization=org, order=len(rows) + 1))
    PageSponsor.objects.bulk_create(rows)
    if page.sponsors_unordered != parsed.sponsors_unordered:
        page.sponsors_unordered = parsed.sponsors_unordered
        page.save(update_fields=["sponsors_unordered"])


def write_column_runs(page, parsed, resolver):
    """Create the page's column runs; returns {column name or None: ColumnRun} for placing articles."""
    start = page.column_runs.aggregate(m=Max("order"))["m"] or 0
    by_name = {}
    for offset, run in enumerate(parsed.column_runs, start=1):
        column = None
        if run.column:
            column, _ = Column.objects.get_or_create(
                name=run.column, defaults={"pinyin": run.pinyin or ""}
            )
        column_run = ColumnRun.objects.create(page=page, column=column, order=start + offset)
        ColumnCredit.objects.bulk_create(
            ColumnCredit(
                column_run=column_run,
                role=credit.role,
                printed_name=credit.name,
                order=i,
                **resolver.credit_fields(credit),
            )
            for i, credit in enumerate(run.credits, start=1)
        )
        seen = set()
        sponsors = []
        for name in run.sponsors:
            org = resolver.organization(name)
            if org.pk not in seen:
                seen.add(org.pk)
                sponsors.append(
                    ColumnRunSponsor(
                        column_run=column_run, organization=org, order=len(sponsors) + 1
                    )
                )
        ColumnRunSponsor.objects.bulk_create(sponsors)
        if run.column and run.column not in by_name:
            by_name[run.column] = column_run
    return by_name


def write_articles(page, parsed, runs, resolver, page_import, user, publish, whole_source=None):
    """Create the page's articles with their sections, credits and mentioned organisations.

    Written in bulk (a handful of queries a page, not a handful an article): the
    caller reindexes search and the reader cache is bumped once at the end.
    """
    start = page.articles.aggregate(m=Max("position"))["m"] or 0
    status = Article.Status.PUBLISHED if publish else Article.Status.DRAFT
    published_at = page.issue.print_time() if publish else None
    articles = []
    for offset, parsed_article in enumerate(parsed.articles, start=1):
        column_run = runs.get(parsed_article.column)
        if parsed_article.column and column_run is None:
            column, _ = Column.objects.get_or_create(name=parsed_article.column)
            column_run = ColumnRun.objects.create(
                page=page,
                column=column,
                order=(page.column_runs.aggregate(m=Max("order"))["m"] or 0) + 1,
            )
            runs[parsed_article.column] = column_run
        series = None
        if parsed_article.banner:
            series, _ = Series.objects.get_or_create(name=parsed_article.banner)
        articles.append(
            Article(
                kicker=parsed_article.kicker or "",
                title=parsed_article.title,
                title_pending=TITLE_MISSING in parsed_article.flags,
                subtitle=parsed_article.subtitle or "",
                body="\n\n".join(parsed_article.paragraphs),
                captions="\n".join(parsed_article.captions),
                page=page,
                column_run=column_run,
                position=start + offset,
                series=series,
                status=status,
                published_at=published_at,
                author=user,
                last_edited_by=user,
                source_text=whole_source or parsed_article.source,
                page_import=page_import,
            )
        )
    Article.objects.bulk_create(articles)

    sections, credits, mentions = [], [], []
    for article, parsed_article in zip(articles, parsed.articles, strict=True):
        sections += [
            Section(article=article, heading=s.heading, body="\n\n".join(s.paragraphs), order=i)
            for i, s in enumerate(parsed_article.sections, start=1)
        ]
        credits += [
            Credit(
                article=article,
                # a roundup contributor: post as the role, unit and post kept as printed
                role=(c.role or c.post)[:20],
                printed_name=(f"{c.unit}{c.post} {c.name}" if c.unit or c.post else c.name)[:60],
                order=i,
                **resolver.credit_fields(c),
            )
            for i, c in enumerate(parsed_article.credits, start=1)
        ]
        text = "\n".join(
            [article.kicker, article.title, article.subtitle, article.body]
            + [s.heading + "\n" + "\n".join(s.paragraphs) for s in parsed_article.sections]
        )
        credited = [
            resolver.organization(c.name)
            for c in parsed_article.credits
            if c.kind == "organization"
        ]
        orgs = {o.pk: o for o in resolver.mentioned(text) + credited}
        mentions += [
            Article.organizations.through(article_id=article.pk, organization_id=pk) for pk in orgs
        ]
    Section.objects.bulk_create(sections)
    Credit.objects.bulk_create(credits)
    add_caption_slots(articles)  # each printed caption waits for its picture
    Article.organizations.through.objects.bulk_create(mentions)
    if publish:
        ArticleTransition.objects.bulk_create(
            ArticleTransition(
                article=a,
                from_status=Article.Status.DRAFT,
                to_status=Article.Status.PUBLISHED,
                user=user,
                comment="存档导入,直接发布。",
            )
            for a in articles
        )
    return articles


def import_stories(stories, *, issue_number, page_number, resolver=None, **options):
    """Gather one-story files into one page, in the order given, in one transaction:
    a refused file leaves the page as it was. *stories* are ``(text, source_name,
    encoding, parsed)``; *options* are :func:`import_page`'s."""
    resolver = resolver or Resolver()
    with changes.batch():
        return [
            import_page(
                text,
                source_name=source_name,
                encoding=encoding,
                parsed=parsed,
                issue_number=issue_number,
                page_number=page_number,
                resolver=resolver,
                story=True,
                **options,
            )
            for text, source_name, encoding, parsed in stories
        ]
