from django.core.management.base import BaseCommand
from django.utils import timezone

from frameworks.selectors import frameworks_current
from scores.services import score_snapshot_take


class Command(BaseCommand):
    help = "记录各单位当前年度任务分解表今天的得分快照（供驾驶舱趋势图；可每天由 cron 执行，重复执行只更新当天数据）。"

    def handle(self, *args, **options):
        today = timezone.localdate()
        # Each organisation's current table is the one in work; other years no longer change.
        for framework in frameworks_current().order_by("organisation_id"):
            snapshot = score_snapshot_take(framework=framework, day=today)
            self.stdout.write(f"{framework}：{today} 预计得分 {snapshot.projected} / {snapshot.points}")
