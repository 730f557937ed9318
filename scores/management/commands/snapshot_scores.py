from django.core.management.base import BaseCommand
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from frameworks.models import Framework
from scores.services import score_snapshot_take


class Command(BaseCommand):
    help = "记录各单位当前年度任务分解表今天的得分快照（供驾驶舱趋势图；可每天由 cron 执行，重复执行只更新当天数据）。"

    def handle(self, *args, **options):
        today = timezone.localdate()
        # Each organisation's latest table is the one in use (as frameworks.selectors.framework_current
        # picks it for a user); older years no longer change. One query for every organisation.
        latest = (Framework.objects.filter(organisation_id=OuterRef("organisation_id"))
                  .order_by("-year", "-id").values("pk")[:1])
        for framework in Framework.objects.filter(pk=Subquery(latest)).order_by("organisation_id"):
            snapshot = score_snapshot_take(framework=framework, day=today)
            self.stdout.write(f"{framework}：{today} 预计得分 {snapshot.projected} / {snapshot.points}")
