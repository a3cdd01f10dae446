import os
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.synthetic_archive import ArchiveBuilder
from organizations.models import Organization


class Command(BaseCommand):
    help = "用种子版面文本生成一份逼真的合成报纸档案(全部已发布),并建立检索索引。"

    def add_arguments(self, parser):
        parser.add_argument("--issues", type=int, required=True, help="生成多少期。")
        parser.add_argument("--seed", type=int, default=20221104, help="随机种子。")
        parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="只生成,不建索引(之后运行 rebuild_search_index,检索才能找到这些文章)。",
        )

    def handle(self, *args, issues, seed, processes, no_index, **options):
        if issues <= 0 or issues > 20000:
            raise CommandError("--issues 必须是 1 到 20000 之间的整数。")
        quiet = options["verbosity"] == 0
        if not Organization.objects.exists():
            call_command("loaddata", "seeds/paper.json", verbosity=0)
        started = time.perf_counter()
        builder = ArchiveBuilder(issues, seed=seed)
        with tqdm(total=issues, unit="期", desc="生成", disable=quiet) as bar:
            ids = builder.build(progress=bar.update)
        self.stdout.write(
            f"已生成 {issues} 期、{len(ids)} 篇文章,用时 {time.perf_counter() - started:.1f} 秒。"
        )
        if no_index:
            return
        call_command("rebuild_search_index", processes=processes, verbosity=options["verbosity"])
