from django.core.management.base import BaseCommand

from evidence import services
from frameworks.models import Task


class Command(BaseCommand):
    help = "从任务原文重新解析资料要求与周期性任务（保留人工修改）。用于本功能上线前已导入的分解表。"

    def add_arguments(self, parser):
        parser.add_argument("--framework", type=int, help="只处理这张分解表（编号）；默认全部")
        parser.add_argument("--missing-only", action="store_true", help="只处理从未解析过的任务")

    def handle(self, *args, framework, missing_only, **options):
        tasks = Task.objects.all()
        if framework is not None:
            tasks = tasks.filter(section__framework_id=framework)
        if missing_only:
            tasks = tasks.filter(guidance_parse__isnull=True)
        count = services.task_rules_sync_many(tasks=tasks.iterator(chunk_size=200))
        self.stdout.write(self.style.SUCCESS(f"已解析 {count} 项任务的资料要求与周期性任务"))
