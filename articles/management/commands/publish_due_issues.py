from django.core.management.base import BaseCommand

from articles.publishing import publish_due


class Command(BaseCommand):
    help = "发布所有已到定时发布时间的期(请定期运行,例如每 5 分钟一次)。"

    def handle(self, *args, **options):
        published, refused = publish_due()
        for issue in published:
            self.stdout.write(f"已发布:{issue}")
        for issue, reason in refused:
            self.stderr.write(f"未能发布{issue}:{reason}")
        if not published and not refused:
            self.stdout.write("没有到期需要发布的期。")
