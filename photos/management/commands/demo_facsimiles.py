from django.core.management.base import BaseCommand
from django.db import transaction

from photos import demo


class Command(BaseCommand):
    help = (
        "给演示报纸的各版排出示意版面(标明“示意版面”)并画出文章区域,给有图片说明的文章配示意图片。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--issue", type=int, default=3109, help="期号(默认 3109)")

    def handle(self, *args, issue, **options):
        with transaction.atomic():
            pages, photos = demo.build(issue)
        self.stdout.write(f"第{issue}期:{pages} 个版排出示意版面,{photos} 张示意图片。")
