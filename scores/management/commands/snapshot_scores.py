from django.core.management.base import BaseCommand
from django.db.models import Max
from django.utils import timezone

from frameworks.models import Framework
from scores.services import score_snapshot_take


class Command(BaseCommand):
    help = "记录各单位当前年度任务分解表今天的得分快照（供驾驶舱趋势图；可每天由 cron 执行，重复执行只更新当天数据）。"

    def handle(self, *args, **options):
        today = timezone.localdate()
        # Each organisation's latest year is the table in use; older years no longer change.
        latest = Framework.objects.values("organisation_id").annotate(year=Max("year"))
        current = [Framework.objects.get(organisation_id=row["organisation_id"], year=row["year"]) for row in latest]
        for framework in current:
            snapshot = score_snapshot_take(framework=framework, day=today)
            self.stdout.write(f"{framework}：{today} 预计得分 {snapshot.projected} / {snapshot.points}")
