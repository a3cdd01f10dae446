import os

from django.core.management.base import BaseCommand
from tqdm import tqdm

from articles import changes
from articles.models import Article


class Command(BaseCommand):
    help = "重建全文检索索引(所有已发布的文章)。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--processes",
            type=int,
            default=os.cpu_count() or 1,
            help="分词进程数,默认等于 CPU 核数。",
        )
        parser.add_argument("--batch-size", type=int, default=2000, help="每批文章数。")

    def handle(self, *args, processes, batch_size, **options):
        total = Article.objects.published().count()
        with tqdm(total=total, unit="篇", desc="索引", disable=options["verbosity"] == 0) as bar:
            written = changes.rebuild_index(
                batch_size=batch_size, processes=max(1, processes), progress=bar.update
            )
        self.stdout.write(self.style.SUCCESS(f"已索引 {written} 篇已发布文章。"))
