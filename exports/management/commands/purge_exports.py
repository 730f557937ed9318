from django.core.management.base import BaseCommand

from exports.services import export_jobs_purge


class Command(BaseCommand):
    help = "删除已过期（超过 EXPORT_RETENTION_HOURS 小时）的导出文件；导出记录保留。"

    def handle(self, *args, **options):
        count = export_jobs_purge()
        self.stdout.write(f"已清理 {count} 个过期导出文件")
