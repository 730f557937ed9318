from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from audit.models import AuditEvent


class Command(BaseCommand):
    help = "删除超过保留期限（AUDIT_RETENTION_DAYS，默认 180 天）的审计日志。每天由 cron 或 systemd 定时运行。"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.AUDIT_RETENTION_DAYS, help="保留天数")

    def handle(self, *args, days, **options):
        if days < 1:
            raise CommandError("保留天数至少为 1 天")
        removed = AuditEvent.objects.prune(before=timezone.now() - timedelta(days=days))
        self.stdout.write(f"已删除 {removed} 条超过 {days} 天的审计日志")
