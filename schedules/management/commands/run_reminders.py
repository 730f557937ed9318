import time

from django.core.management.base import BaseCommand

from schedules.services import reminders_run, run_reminders_task


class Command(BaseCommand):
    help = "发送到期、逾期、退回、通过等提醒。单独运行一次（供 cron / systemd 定时器调用），或 --every 秒循环交给后台任务进程"

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0,
                            help="每隔多少秒把一次提醒运行排入后台任务队列（由 db_worker 执行）；0 = 立即运行一次")

    def handle(self, *args, every: int, **options):
        if every <= 0:
            result = reminders_run()
            self.stdout.write(f"提醒：新排队 {result.queued} 条，已发送 {result.sent} 条，"
                              f"待重试 {result.retrying} 条，失败 {result.failed} 条")
            for error in result.errors[:20]:
                self.stderr.write(error)
            return
        while True:
            run_reminders_task.enqueue()
            self.stdout.write("已把提醒运行排入后台任务队列")
            time.sleep(every)
