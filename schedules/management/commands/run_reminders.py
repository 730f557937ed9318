import time

from django.core.management.base import BaseCommand

from schedules.services import reminders_run


class Command(BaseCommand):
    help = "发送到期、逾期、退回、通过等提醒（可由 cron / systemd 定时运行，或 --every 秒循环运行）"

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0,
                            help="每隔多少秒运行一次（0 = 只运行一次）；make run 用它在后台循环")

    def handle(self, *args, every: int, **options):
        while True:
            result = reminders_run()
            self.stdout.write(f"提醒：新排队 {result.queued} 条，已发送 {result.sent} 条，"
                              f"待重试 {result.retrying} 条，失败 {result.failed} 条")
            for error in result.errors[:20]:
                self.stderr.write(error)
            if every <= 0:
                return
            time.sleep(every)
