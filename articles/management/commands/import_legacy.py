import datetime
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.importer.decode import DecodeError, decode_bytes
from articles.importer.load import ImportRefused, Resolver, import_page, import_stories
from articles.importer.parse import ParsedPage, page_to_contract, parse_page
from articles.importer.parse.epaper import MAX_ISSUE, MAX_PAGE
from articles.importer.parse.webpage import parse_webpage

SUFFIXES = (".txt", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")

# Only names that clearly state issue and page place a file: 3109-3.txt, 3109_03.html,
# 第3109期第3版.txt, optionally with the story's sequence number (3109-3-2.txt,
# 第3109期第3版-2.txt). A saved page named by a hash places nothing.
NAME_PATTERNS = (
    re.compile(r"^(?P<issue>\d{1,12})[-_](?P<page>\d{1,4})(?:[-_](?P<seq>\d{1,3}))?$"),
    re.compile(
        r"^第\s*(?P<issue>\d{1,12})\s*期[-_\s]*第\s*(?P<page>\d{1,4})\s*版"
        r"(?:[-_\s]*(?P<seq>\d{1,3}))?$"
    ),
)
NAME_EXAMPLES = "3109-3.txt、3109_03.html、第3109期第3版.txt"


@dataclass
class NamePlacement:
    issue: int
    page: int
    seq: int | None


def placement_from_name(name):
    """Issue, page (and the story's sequence number) from a file name, or None."""
    stem = Path(name).stem
    for pattern in NAME_PATTERNS:
        m = pattern.match(stem)
        if m:
            seq = m.group("seq")
            return NamePlacement(
                int(m.group("issue")), int(m.group("page")), int(seq) if seq else None
            )
    return None


def check_bounds(issue, page, where):
    """Refuse an issue or page number no real page has (a hash or a year read as one)."""
    if issue > MAX_ISSUE:
        raise ImportRefused(
            f"{where}的期号 {issue} 超出合理范围(不超过 {MAX_ISSUE}),不像真实的期号;"
            "请核对后用 --issue 指定。"
        )
    if page > MAX_PAGE:
        raise ImportRefused(
            f"{where}的版次 {page} 超出合理范围(不超过 {MAX_PAGE}),不像真实的版次;"
            "请核对后用 --page 指定。"
        )


def bounded(limit, what, flag):
    def parse(value):
        number = positive(value)
        if number > limit:
            raise CommandError(f"{what} {number} 超出合理范围(不超过 {limit}),请核对 {flag}。")
        return number

    return parse


def positive(value):
    try:
        number = int(value)
    except ValueError:
        raise CommandError(f"“{value}”不是整数,请给出正整数。") from None
    if number <= 0:
        raise CommandError(f"“{value}”不是正整数。")
    return number


def iso_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期“{value}”格式不对,请写成 YYYY-MM-DD,例如 2024-08-09。") from None


@dataclass
class Source:
    """One file, read and parsed."""

    path: Path
    text: str  # what was parsed: the file's text, or the text rendering of its HTML
    encoding: str
    parsed: ParsedPage

    @property
    def one_story(self):
        """A saved e-paper article page: one story, with a header, or HTML."""
        return self.parsed.issue is not None or self.path.suffix.lower() in HTML_SUFFIXES


@dataclass
class Placement:
    issue: int
    page: int
    seq: int | None = None
    page_name: str | None = None
    date: datetime.date | None = None
    notes: list = field(default_factory=list)


class Command(BaseCommand):
    help = (
        "把旧版面纯文本或存档的电子报网页(.txt/.html)导入为某期某版的文章草稿"
        "(或用 --dry-run --json 只看解析结果)。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="+",
            metavar="FILE_OR_DIR",
            help="文本文件、网页文件,或包含 .txt/.html 的目录",
        )
        parser.add_argument("--issue", type=bounded(MAX_ISSUE, "期号", "--issue"), help="期号")
        parser.add_argument(
            "--page",
            type=bounded(MAX_PAGE, "版次", "--page"),
            help="版次;多个没有版面信息的文件依次为 M, M+1, …"
            "(否则从文件开头的版面信息或文件名“期号-版次”读取)",
        )
        parser.add_argument("--page-name", help="版名,例如 科协之窗")
        parser.add_argument("--date", type=iso_date, help="出版日期 YYYY-MM-DD(新建一期时必需)")
        parser.add_argument(
            "--publish", action="store_true", help="存档迁移:直接作为已发布文章导入"
        )
        parser.add_argument(
            "--replace", action="store_true", help="替换该版已导入的不同文本(旧文章保留可找回)"
        )
        parser.add_argument("--dry-run", action="store_true", help="只解析,不写数据库")
        parser.add_argument(
            "--json", action="store_true", help="以 JSON 输出解析结果(配合 --dry-run)"
        )

    def handle(self, *args, **options):
        files = self.collect(options["paths"])
        if options["json"] and not options["dry_run"]:
            raise CommandError("--json 只能与 --dry-run 一起使用。")
        if options["dry_run"]:
            return self.dry_run(files, as_json=options["json"])
        return self.load(files, options)

    def collect(self, paths):
        files = []
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                found = sorted(
                    p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES
                )
                if not found:
                    raise CommandError(f"目录“{path}”里没有 .txt 或 .html 文件。")
                files.extend(found)
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"找不到文件或目录“{path}”,请检查路径。")
        return files

    def read(self, path):
        decoded = decode_bytes(
            path.read_bytes(), path.name, max_bytes=settings.LEGACY_IMPORT_MAX_BYTES
        )
        if path.suffix.lower() in HTML_SUFFIXES:
            text, parsed = parse_webpage(decoded.text)
        else:
            text, parsed = decoded.text, parse_page(decoded.text)
        return Source(path, text, decoded.encoding, parsed)

    def dry_run(self, files, as_json):
        pages, failed = [], 0
        for path in files:
            try:
                source = self.read(path)
            except DecodeError as error:
                failed += 1
                pages.append({"source": str(path), "error": str(error)})
                self.stderr.write(str(error))
                continue
            pages.append(
                page_to_contract(source.parsed, source=str(path), encoding=source.encoding)
            )
        if as_json:
            self.stdout.write(json.dumps({"pages": pages}, ensure_ascii=False, indent=1))
        else:
            for page in pages:
                if "error" in page:
                    continue
                where = ""
                if page["issue"]:
                    where = f"第{page['issue']}期第{page['page']}版 {page['page_name'] or ''}"
                self.stdout.write(f"{page['source']}({page['encoding']}):{where.strip()}")
                for article in page["articles"]:
                    flags = "".join(f"[{f}]" for f in article.get("flags", []))
                    self.stdout.write(f"  · {article['title']}{flags}")
                for warning in page["warnings"]:
                    self.stdout.write(f"  ! {warning}")
        if failed:
            raise CommandError(f"{failed} 个文件无法读取。")

    def placement(self, index, source, options):
        """Where a file goes: flags first, then the page header printed in the file,
        then a file name that states issue and page; a contradiction is a note."""
        name = source.path.name
        parsed = source.parsed
        from_name = placement_from_name(name)
        own = None
        if parsed.issue is not None:
            check_bounds(parsed.issue, parsed.page, f"“{name}”开头的版面信息")
            own = (parsed.issue, parsed.page, "开头的版面信息")
            if from_name and (from_name.issue, from_name.page) != own[:2]:
                own_notes = [
                    f"“{name}”的文件名写的是第{from_name.issue}期第{from_name.page}版,"
                    f"文件开头的版面信息是第{own[0]}期第{own[1]}版:按版面信息导入。"
                ]
            else:
                own_notes = []
        elif from_name is not None:
            check_bounds(from_name.issue, from_name.page, f"文件名“{name}”")
            own = (from_name.issue, from_name.page, "文件名")
            own_notes = []
        else:
            own_notes = []
        issue, page = options["issue"], options["page"]
        notes = list(own_notes)
        if own is not None:
            for flag, value, printed, label in (
                ("--issue", issue, own[0], "期"),
                ("--page", page, own[1], "版"),
            ):
                if value is not None and value != printed:
                    notes.append(
                        f"“{name}”的{own[2]}写的是第{printed}{label},与 {flag} {value} 不一致:"
                        f"按 {flag} 导入。"
                    )
            issue = issue if issue is not None else own[0]
            page = page if page is not None else own[1]
        elif page is not None:
            page += index  # several whole-page dumps: pages M, M+1, …
        if issue is None or page is None:
            raise ImportRefused(
                f"不知道“{name}”属于哪一期哪一版:文件开头没有版面信息"
                "(如“3033 期 / 第3版:科协之窗”),文件名也没有写明期号和版次。"
                f"请用 --issue 和 --page 指定,或把文件改名为写明期号和版次的名字(如 {NAME_EXAMPLES})。"
            )
        check_bounds(issue, page, f"“{name}”")
        page_name = options["page_name"]
        if page_name and parsed.page_name and page_name != parsed.page_name:
            notes.append(
                f"“{name}”开头的版名是“{parsed.page_name}”,与 --page-name {page_name} 不一致:"
                "按 --page-name 导入。"
            )
        date = options["date"]
        if date is None and parsed.date and parsed.issue is not None:
            date = datetime.date.fromisoformat(parsed.date)
        return Placement(
            issue,
            page,
            seq=from_name.seq if from_name else None,
            page_name=page_name or parsed.page_name,
            date=date,
            notes=notes,
        )

    def say(self, stream, message):
        with tqdm.external_write_mode(file=sys.stderr):
            stream.write(message)

    def load(self, files, options):
        totals = {"files": 0, "articles": 0, "warnings": 0, "errors": 0, "unchanged": 0}
        # read and place every file first; the files of one page are gathered into it
        groups = {}
        progress = tqdm(files, desc="读取", unit="个", file=sys.stderr, disable=len(files) < 2)
        for index, path in enumerate(progress):
            try:
                source = self.read(path)
                where = self.placement(index, source, options)
            except (DecodeError, ImportRefused) as error:
                totals["errors"] += 1
                self.say(self.stderr, f"✗ {path.name}:{error}")
                continue
            groups.setdefault((where.issue, where.page), []).append((source, where))
        resolver = None
        for (issue, page), members in groups.items():
            if all(where.seq is not None for _, where in members):
                members.sort(key=lambda m: m[1].seq)  # printed order from the names
            story = len(members) > 1 or any(source.one_story for source, _ in members)
            page_name = next((w.page_name for _, w in members if w.page_name), None)
            date = next((w.date for _, w in members if w.date), None)
            for _, where in members:
                for note in where.notes:
                    self.say(self.stdout, f"  ! {note}")
            if resolver is None:
                resolver = Resolver()
            common = {
                "page_name": page_name,
                "date": date,
                "publish": options["publish"],
                "replace": options["replace"],
                "resolver": resolver,
            }
            try:
                if story:
                    results = import_stories(
                        [(s.text, s.path.name, s.encoding, s.parsed) for s, _ in members],
                        issue_number=issue,
                        page_number=page,
                        **common,
                    )
                else:
                    ((source, _),) = members
                    results = [
                        import_page(
                            source.text,
                            source_name=source.path.name,
                            encoding=source.encoding,
                            issue_number=issue,
                            page_number=page,
                            parsed=source.parsed,
                            **common,
                        )
                    ]
            except ImportRefused as error:
                totals["errors"] += len(members)
                names = "、".join(s.path.name for s, _ in members)
                self.say(self.stderr, f"✗ {names}:{error}")
                continue
            for (source, _), result in zip(members, results, strict=True):
                totals["files"] += 1
                totals["unchanged"] += result.unchanged
                totals["articles"] += 0 if result.unchanged else len(result.articles)
                totals["warnings"] += len(result.warnings)
                mark = "= " if result.unchanged else "✓ "
                prefix = f"{source.path.name} → " if story else ""
                self.say(self.stdout, mark + prefix + result.summary)
                for warning in result.warnings:
                    self.say(self.stdout, f"    ! {warning}")
        self.stdout.write(
            f"完成:文件 {totals['files']} 个(其中未变化 {totals['unchanged']} 个),"
            f"文章 {totals['articles']} 篇,警告 {totals['warnings']} 条,错误 {totals['errors']} 个。"
        )
        if totals["errors"]:
            raise CommandError(f"{totals['errors']} 个文件导入失败,其余文件已导入。")
