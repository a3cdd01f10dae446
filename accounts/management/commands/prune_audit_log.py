from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import AuditEvent


class Command(BaseCommand):
    help = "删除超过保留期(默认且至少 180 天)的审计日志。建议每天由 cron 运行。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.AUDIT_RETENTION_DAYS,
            help=f"保留天数,不得少于 {settings.AUDIT_RETENTION_DAYS}。",
        )

    def handle(self, *args, days, **options):
        try:
            deleted = AuditEvent.objects.prune(days)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已删除 {deleted} 条超过 {days} 天的审计日志。")
