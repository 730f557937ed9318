from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from evidence.services import recycle_bin_purge


class Command(BaseCommand):
    help = "彻底删除回收站中超过 RECYCLE_BIN_DAYS 天（默认30天）的活动资料和文件，连同存储的文件（可每天由 cron 执行）。"

    def handle(self, *args, **options):
        submissions, files = recycle_bin_purge(before=timezone.now() - timedelta(days=settings.RECYCLE_BIN_DAYS))
        self.stdout.write(f"已彻底删除 {submissions} 份活动资料、{files} 个单独删除的文件。")
