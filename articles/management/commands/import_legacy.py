import datetime
import json
import re
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.importer.decode import DecodeError, decode_bytes
from articles.importer.load import ImportRefused, Resolver, import_page
from articles.importer.parse import page_to_contract, parse_page

# 3109-3.txt, 3109_03.txt, 第3109期第3版.txt: issue and page from the file name.
NUMBERED = re.compile(r"(\d+)\D{1,3}(\d+)\D*$")


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


class Command(BaseCommand):
    help = "把旧版面纯文本导入为某期某版的文章草稿(或用 --dry-run --json 只看解析结果)。"

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", metavar="FILE_OR_DIR", help="文本文件或包含 .txt 的目录"
        )
        parser.add_argument("--issue", type=positive, help="期号")
        parser.add_argument(
            "--page",
            type=positive,
            help="版次;多个文件时依次为 M, M+1, …(或从文件名“期号-版次”读取)",
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
                    p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".txt"
                )
                if not found:
                    raise CommandError(f"目录“{path}”里没有 .txt 文件。")
                files.extend(found)
            elif path.is_file():
                files.append(path)
            else:
                raise CommandError(f"找不到文件或目录“{path}”,请检查路径。")
        return files

    def read(self, path):
        data = path.read_bytes()
        return decode_bytes(data, path.name, max_bytes=settings.LEGACY_IMPORT_MAX_BYTES)

    def dry_run(self, files, as_json):
        pages, failed = [], 0
        for path in files:
            try:
                decoded = self.read(path)
            except DecodeError as error:
                failed += 1
                pages.append({"source": str(path), "error": str(error)})
                self.stderr.write(str(error))
                continue
            parsed = parse_page(decoded.text)
            pages.append(page_to_contract(parsed, source=str(path), encoding=decoded.encoding))
        if as_json:
            self.stdout.write(json.dumps({"pages": pages}, ensure_ascii=False, indent=1))
        else:
            for page in pages:
                if "error" in page:
                    continue
                self.stdout.write(f"{page['source']}({page['encoding']}):")
                for article in page["articles"]:
                    self.stdout.write(f"  · {article['title']}")
                for warning in page["warnings"]:
                    self.stdout.write(f"  ! {warning}")
        if failed:
            raise CommandError(f"{failed} 个文件无法读取。")

    def placement(self, index, path, options):
        match = NUMBERED.search(path.stem)
        issue = options["issue"]
        page = options["page"]
        if issue is None and match:
            issue = int(match.group(1))
        if page is None and match:
            page = int(match.group(2))
        elif page is not None:
            page += index
        if issue is None or page is None:
            raise ImportRefused(
                f"不知道“{path.name}”属于哪一期哪一版:请用 --issue 和 --page 指定。"
            )
        return issue, page

    def say(self, stream, message):
        with tqdm.external_write_mode(file=sys.stderr):
            stream.write(message)

    def load(self, files, options):
        resolver = None
        totals = {"files": 0, "articles": 0, "warnings": 0, "errors": 0, "unchanged": 0}
        progress = tqdm(files, desc="导入", unit="版", file=sys.stderr, disable=len(files) < 2)
        for index, path in enumerate(progress):
            try:
                decoded = self.read(path)
                issue, page = self.placement(index, path, options)
                if resolver is None:
                    resolver = Resolver()
                result = import_page(
                    decoded.text,
                    source_name=path.name,
                    encoding=decoded.encoding,
                    issue_number=issue,
                    page_number=page,
                    page_name=options["page_name"],
                    date=options["date"],
                    publish=options["publish"],
                    replace=options["replace"],
                    resolver=resolver,
                )
            except (DecodeError, ImportRefused) as error:
                totals["errors"] += 1
                self.say(self.stderr, f"✗ {path.name}:{error}")
                continue
            totals["files"] += 1
            totals["unchanged"] += result.unchanged
            totals["articles"] += 0 if result.unchanged else len(result.articles)
            totals["warnings"] += len(result.warnings)
            self.say(self.stdout, ("= " if result.unchanged else "✓ ") + result.summary)
            for warning in result.warnings:
                self.say(self.stdout, f"    ! {warning}")
        self.stdout.write(
            f"完成:文件 {totals['files']} 个(其中未变化 {totals['unchanged']} 个),"
            f"文章 {totals['articles']} 篇,警告 {totals['warnings']} 条,错误 {totals['errors']} 个。"
        )
        if totals["errors"]:
            raise CommandError(f"{totals['errors']} 个文件导入失败,其余文件已导入。")
