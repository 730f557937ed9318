import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone

from frameworks import services
from lib.textrules.duties import duties_by_department
from lib.textrules.summary import task_rules
from org.models import Organisation
from org.services import organisation_get_or_create


def organisation_name_from_title(title: str) -> str:
    """益阳市司法局创建全国文明城市工作任务分解表 → 益阳市司法局."""
    for marker in ("创建", "创文", "任务分解表"):
        if marker in title:
            return title.split(marker, 1)[0].strip()
    return title.strip()


class Command(BaseCommand):
    help = "导入任务分解表（.docx / .xlsx / .txt）。--dry-run 只解析不保存。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="只解析并显示结果，不保存")
        parser.add_argument("--json", dest="as_json", action="store_true", help="以 JSON 输出解析结果")
        parser.add_argument("--organisation", help="单位名称（默认取表标题中的单位名）")
        parser.add_argument("--year", type=int, default=timezone.localdate().year, help="考核年度")
        parser.add_argument("--retire", action="store_true",
                            help="允许移除同年度现有任务中新表没有的项（否则遇到此情况即停止）")

    def handle(self, *args, file, dry_run, as_json, organisation, year, retire, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        data = path.read_bytes()
        try:
            preview = services.import_preview(
                organisation=self._organisation(organisation, create=False), data=data, filename=path.name)
        except services.ImportFailed as error:
            raise CommandError(str(error)) from error
        if dry_run:
            self._print(self._with_rules(preview), as_json=as_json)
            return
        name = organisation or organisation_name_from_title(preview.parsed.title) or "本单位"
        try:
            result = services.framework_import(
                organisation=self._organisation(name, create=True), data=data, filename=path.name, year=year,
                parsed=preview.parsed, retire_confirmed=retire)
        except services.RetireNotConfirmed as refusal:
            raise CommandError(f"{refusal}（命令行请加 --retire）") from refusal
        except services.ImportFailed as error:
            raise CommandError(str(error)) from error
        summary = {"framework": result.framework.pk, "created": result.created, "updated": result.updated,
                   "retired": result.retired, "warnings": result.warnings}
        if as_json:
            self._print(summary, as_json=True)
        else:
            self.stdout.write(self.style.SUCCESS(
                f"已导入“{result.framework.title}”：新增 {result.created} 项，更新 {result.updated} 项，"
                f"移除 {result.retired} 项"))
            for warning in result.warnings:
                self.stdout.write(self.style.WARNING(f"注意：{warning}"))

    def _with_rules(self, preview: services.ImportPreview) -> dict:
        """The preview with each task's requirements, recurrences and per-department duties."""
        payload = preview.as_dict()
        aliases: dict[str, tuple[str, ...]] = {}
        for raw, name in preview.plan.canonical.items():
            aliases[name] = (*aliases.get(name, ()), *((raw,) if raw != name else ()))
        for task in (task for section in payload["sections"] for task in section["tasks"]):
            named = {name: aliases.get(name, ()) for name in task["lead"] + task["cooperating"]}
            task.update(task_rules(task["text"], task["guidance"], duties_by_department(task["guidance"], named)))
        return payload

    def _organisation(self, name: str | None, *, create: bool) -> Organisation | None:
        if not create:
            try:
                return self._organisation_find(name)
            except DatabaseError:
                # A dry run needs no database: without one, aliases are the built-in ones.
                return None
        return organisation_get_or_create(name=name)

    def _organisation_find(self, name: str | None) -> Organisation | None:
        if name is None:
            return Organisation.objects.first() if Organisation.objects.count() == 1 else None
        return Organisation.objects.filter(name=name).first()

    def _print(self, payload: dict, *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for section in payload["sections"]:
            self.stdout.write(f"{section['heading']}：{len(section['tasks'])} 项，{section['points']} 分")
            for task in section["tasks"]:
                self.stdout.write(f"  {task['ref']}  {task['points']}分  {task['text'][:40]}  "
                                  f"牵头：{'、'.join(task['lead'])}  配合：{'、'.join(task['cooperating'])}")
        for warning in payload["warnings"]:
            self.stdout.write(self.style.WARNING(f"注意：{warning}"))
