"""Importing a task decomposition table: file → parsed rows → preview → saved tasks."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction

from audit.context import muted as audit_muted
from audit.services import audit_record
from frameworks.models import Framework, ImportBatch, Indicator, Responsibility, Section, Task
from frameworks.signals import framework_deleting
from lib.tables.model import ParsedTable, ParsedTask
from lib.tables.errors import TableImportError
from lib.tables.parser import parse_file
from lib.textrules.duties import duties_by_department
from org.models import Department, Organisation, User
from org.resolution import NamePlan, guess_kind, normalise_name
from org.services import department_names_apply, department_names_plan, groups_members


class ImportFailed(Exception):
    """The file cannot be imported; the message is shown to the user as is (Chinese)."""


def table_parse(*, data: bytes, filename: str) -> ParsedTable:
    try:
        return parse_file(data, filename)
    except TableImportError as error:
        raise ImportFailed(str(error)) from error


def _mentions(parsed: ParsedTable):
    for section in parsed.sections:
        for task in section.tasks:
            for mention in (*task.lead, *task.cooperating):
                yield mention.name, tuple(mention.aliases)


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass
class ImportPreview:
    parsed: ParsedTable
    plan: NamePlan
    warnings: list[str]

    def names(self, mentions, exclude: list[str] = ()) -> list[str]:
        seen: list[str] = list(exclude)
        for mention in mentions:
            name = normalise_name(mention.name)
            resolved = self.plan.canonical.get(name, name)
            if resolved not in seen:
                seen.append(resolved)
        return seen[len(exclude):]

    @property
    def departments(self) -> list[str]:
        return list(dict.fromkeys(self.plan.canonical.values()))

    @property
    def task_count(self) -> int:
        return sum(len(section.tasks) for section in self.parsed.sections)

    @property
    def total_points(self):
        return _number(sum((s.points or Decimal(0) for s in self.parsed.sections), Decimal(0)))

    def as_dict(self) -> dict:
        return {
            "title": self.parsed.title,
            "sections": [
                {
                    "title": section.name,
                    "heading": section.title,
                    "points": _number(section.points if section.points is not None else section.heading_points),
                    "tasks": [
                        {
                            "ref": task.ref,
                            "category": task.category,
                            "indicator": task.indicator,
                            "text": task.text,
                            "points": _number(task.points),
                            "lead": self.names(task.lead),
                            "cooperating": self.names(task.cooperating, exclude=self.names(task.lead)),
                            "guidance": task.guidance,
                        }
                        for task in section.tasks
                    ],
                }
                for section in self.parsed.sections
            ],
            "departments": self.departments,
            "warnings": self.warnings,
        }


def import_preview(*, organisation: Organisation | None, data: bytes, filename: str) -> ImportPreview:
    """Parse a table and plan its departments without writing anything."""
    parsed = table_parse(data=data, filename=filename)
    plan = department_names_plan(organisation=organisation, mentions=list(_mentions(parsed)))
    warnings = list(parsed.warnings)
    if plan.new_departments and organisation is not None and organisation.departments.exists():
        warnings.append(f"将新建科室：{'、'.join(plan.new_departments)}（如为别名，请先在科室管理中添加别名）")
    if organisation is not None:
        warnings += _group_warnings(organisation, plan)
    return ImportPreview(parsed=parsed, plan=plan, warnings=warnings)


def _group_warnings(organisation: Organisation, plan: NamePlan) -> list[str]:
    """Collective names the table uses that stand for no department (once the table's own are made)."""
    kinds = dict(organisation.departments.values_list("name", "kind"))
    kinds.update({name: guess_kind(name) for name in plan.new_departments})
    groups = {g.name: g for g in organisation.groups.filter(name__in=plan.groups).prefetch_related("extra_members")}
    warnings = []
    for name in sorted(plan.groups):
        group = groups.get(name)
        if group is None:
            warnings.append(f"“{name}”不是已知的科室集合，将被忽略；请在管理后台的“科室集合”中添加")
        elif not group.extra_members.all() and not any(
                group.matches(name=department, kind=kind) for department, kind in kinds.items()):
            warnings.append(f"“{name}”暂无对应的科室，相关任务不会分配给它；请先在管理后台添加科室后重新导入")
    return warnings


@dataclass
class ImportResult:
    framework: Framework
    created: int
    updated: int
    retired: int
    warnings: list[str]


@transaction.atomic
def framework_import(
    *, organisation: Organisation, data: bytes, filename: str, year: int, user: User | None = None
) -> ImportResult:
    """Save a table as the organisation's framework for `year`; re-importing updates in place.

    Tasks keep their identity through (section name, ref), so evidence linked to them survives
    a corrected table; tasks the new table no longer has are retired, not deleted.
    """
    preview = import_preview(organisation=organisation, data=data, filename=filename)
    parsed = preview.parsed
    departments = department_names_apply(organisation=organisation, plan=preview.plan)
    # Collective names resolve once for the whole table, after its own departments exist.
    departments_of_groups = groups_members(organisation=organisation, names=preview.plan.groups)
    framework, _ = Framework.objects.get_or_create(
        organisation=organisation, year=year,
        defaults={"title": parsed.title or filename, "source_name": filename,
                  # An organisation's first table is its working year; later ones wait to be chosen.
                  "is_current": not organisation.frameworks.filter(is_current=True).exists()},
    )
    framework.title = parsed.title or filename
    framework.source_name = filename
    framework.imported_by = user
    framework.source_file.save(filename, ContentFile(data), save=False)
    framework.save()

    existing = {(t.section.name, t.ref): t for t in Task.objects.filter(section__framework=framework)
                .select_related("section")}
    seen: set[int] = set()
    created = updated = 0
    indicators = _indicators_save(framework, parsed)
    aliases: dict[str, tuple[str, ...]] = {}
    for alias, name in organisation.aliases.values_list("alias", "department__name"):
        aliases[name] = (*aliases.get(name, ()), alias)
    for section_order, parsed_section in enumerate(parsed.sections):
        section, _ = Section.objects.update_or_create(
            framework=framework, name=parsed_section.name,
            defaults={"title": parsed_section.title, "order": section_order,
                      "heading_points": parsed_section.heading_points},
        )
        for task_order, parsed_task in enumerate(parsed_section.tasks):
            task = existing.get((section.name, parsed_task.ref))
            if task is None:
                task = Task(section=section, ref=parsed_task.ref)
                created += 1
            else:
                updated += 1
            _task_fill(task, parsed_task, task_order, indicators)
            task.save()
            seen.add(task.pk)
            _responsibilities_save(task, parsed_task, departments, departments_of_groups, aliases)
    retired = Task.objects.filter(section__framework=framework).exclude(pk__in=seen).update(retired=True)
    return ImportResult(framework=framework, created=created, updated=updated, retired=retired,
                        warnings=preview.warnings)


def _task_fill(task: Task, parsed: ParsedTask, order: int, indicators: dict[str, Indicator]) -> None:
    task.order = order
    task.category = parsed.category
    task.category_code = parsed.category_code
    task.indicator = indicators.get(parsed.indicator)
    task.text = parsed.text
    task.points = parsed.points
    task.guidance = parsed.guidance
    task.departments_text = parsed.departments_text
    task.deadline = parsed.deadline
    task.site = parsed.site
    task.source_row = parsed.source_row
    task.retired = False


def _indicators_save(framework: Framework, parsed: ParsedTable) -> dict[str, Indicator]:
    """Save the indicator codes as a tree: Ⅲ-4-1 under Ⅲ-4 when present, else under its category."""
    titles: dict[str, str] = {}
    parents: dict[str, str] = {}
    for section in parsed.sections:
        for task in section.tasks:
            if task.category_code:
                titles.setdefault(task.category_code, task.category)
            if task.indicator:
                titles.setdefault(task.indicator, task.indicator_title)
                if task.category_code:
                    parents.setdefault(task.indicator, task.category_code)
    for code in titles:
        prefix = code.rsplit("-", 1)[0]
        if code.count("-") >= 2 and prefix in titles:
            parents[code] = prefix
    indicators = {}
    for code, title in titles.items():
        indicators[code], _ = Indicator.objects.update_or_create(
            framework=framework, code=code, defaults={"title": title or ""}
        )
    for code, parent_code in parents.items():
        indicator = indicators[code]
        indicator.parent = indicators.get(parent_code)
        indicator.save(update_fields=["parent"])
    return indicators


def _responsibilities_save(task: Task, parsed: ParsedTask, departments: dict[str, Department],
                           departments_of_groups: dict[str, list[Department]],
                           aliases: dict[str, tuple[str, ...]]) -> None:
    roles: dict[int, tuple[Department, str, str]] = {}
    mentions = [(role, normalise_name(mention.name))
                for role, mentions in ((Responsibility.Role.LEAD, parsed.lead),
                                       (Responsibility.Role.COOPERATING, parsed.cooperating))
                for mention in mentions]
    # Departments named explicitly come first, so a collective name never overrides how the
    # table names a department itself (lead stays lead; 银鑫公证处 stays "银鑫公证处").
    for role, name in sorted(mentions, key=lambda m: m[1] not in departments):
        resolved = [departments[name]] if name in departments else departments_of_groups.get(name, [])
        for department in resolved:
            roles.setdefault(department.pk, (department, role, name))
    named = {d.name: aliases.get(d.name, ()) for d, _, _ in roles.values()}
    duties = duties_by_department(parsed.guidance, named) if len(named) > 1 else {}
    task.responsibilities.exclude(department_id__in=roles.keys()).delete()
    for department, role, via in roles.values():
        Responsibility.objects.update_or_create(
            task=task, department=department,
            defaults={"role": role, "via": via, "duty": duties.get(department.name, "")},
        )


@transaction.atomic
def import_batch_create(*, organisation: Organisation, user: User, upload, year: int) -> ImportBatch:
    """Keep an uploaded table so that its preview can be confirmed in a second request.

    A file that cannot be read is kept as a failed batch with its reason, so the preview explains
    it and it can never be confirmed."""
    batch = ImportBatch(organisation=organisation, uploaded_by=user, filename=upload.name, year=year)
    try:
        table_parse(data=upload.read(), filename=upload.name)
    except ImportFailed as error:
        batch.status, batch.error = ImportBatch.Status.FAILED, str(error)
    upload.seek(0)
    batch.file.save(upload.name, upload, save=False)
    batch.save()
    return batch


@transaction.atomic
def import_batch_confirm(*, batch: ImportBatch, user: User, make_current: bool = False) -> ImportResult:
    """Save the batch's table; it becomes the working year when asked (or, by itself, as the first table)."""
    with batch.file.open("rb") as handle:
        data = handle.read()
    result = framework_import(organisation=batch.organisation, data=data, filename=batch.filename,
                              year=batch.year, user=user)
    batch.status = ImportBatch.Status.IMPORTED
    batch.framework = result.framework
    batch.save(update_fields=["status", "framework"])
    if make_current:
        framework_set_current(framework=result.framework, user=user)
    audit_record(action="import", obj=result.framework, actor=user, details={
        "file": batch.filename, "created": result.created, "updated": result.updated, "retired": result.retired})
    return result


# --- the working year -------------------------------------------------------------------------

class YearRefused(Exception):
    """A refused change to the organisation's years; the message is Chinese."""


def _require_coordinator(user: User | None) -> None:
    if user is not None and not user.is_coordinator:
        raise YearRefused("只有创文办可以设置工作年度")


@transaction.atomic
def framework_set_current(*, framework: Framework, user: User | None) -> Framework:
    """Make this table the organisation's working year; the previous one becomes read-only."""
    _require_coordinator(user)
    for previous in Framework.objects.filter(organisation_id=framework.organisation_id, is_current=True).exclude(
            pk=framework.pk):
        previous.is_current = False
        previous.save(update_fields=["is_current"])
    framework.is_current, framework.reopened = True, False
    framework.save(update_fields=["is_current", "reopened"])
    return framework


@transaction.atomic
def framework_reopen(*, framework: Framework, user: User, reopened: bool) -> Framework:
    """Open a past year for corrections again, or close it."""
    _require_coordinator(user)
    if framework.is_current:
        raise YearRefused("当前工作年度始终开放")
    framework.reopened = reopened
    framework.save(update_fields=["reopened"])
    return framework


@transaction.atomic
def framework_delete(*, framework: Framework, user: User, typed_year: str) -> None:
    """Delete a table with everything in it (tasks, evidence, scores, snapshots) once its year is typed.

    The import history keeps the batches that brought it in, marked as deleted; the trail records one
    event with the counts instead of one per removed row."""
    _require_coordinator(user)
    if typed_year.strip() != str(framework.year):
        raise YearRefused(f"请输入年度 {framework.year} 以确认删除")
    tasks = Task.objects.filter(section__framework=framework).count()
    ImportBatch.objects.filter(framework=framework).update(status=ImportBatch.Status.DELETED)
    framework_deleting.send(sender=Framework, framework=framework)
    was_current = framework.is_current
    audit_record(action="delete", obj=framework, actor=user,
                 details={"year": framework.year, "title": framework.title, "tasks": tasks})
    with audit_muted():
        framework.delete()
    source, storage = framework.source_file.name, framework.source_file.storage
    if source:  # the stored table goes once the deletion has committed, like the evidence files
        transaction.on_commit(lambda: storage.delete(source))
    if was_current:
        newest = Framework.objects.filter(organisation_id=framework.organisation_id).order_by("-year").first()
        if newest is not None:
            framework_set_current(framework=newest, user=user)


@transaction.atomic
def working_year_choose(*, user: User, year: int | None) -> None:
    """Remember which year this user looks at; None (or the current year) follows the organisation."""
    frameworks = Framework.objects.filter(organisation_id=user.organisation_id)
    chosen = frameworks.filter(year=year).first() if year else None
    if year and chosen is None:
        raise YearRefused(f"没有 {year} 年度的分解表")
    user.viewing_year = None if chosen is None or chosen.is_current else chosen.year
    user.save(update_fields=["viewing_year"])
