"""Importing a task decomposition table: file → parsed rows → preview → saved tasks.

Parsing never runs inside a database transaction: the upload is checked cheaply in the request,
parsed by the background worker in a bounded child process, and saved later in one short
transaction from the stored parse.
"""

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.tasks import TaskResultStatus, default_task_backend
from django.tasks import task as background_task
from django.tasks.exceptions import TaskResultDoesNotExist
from django.utils import timezone

from audit.context import muted as audit_muted
from audit.services import audit_record
from frameworks.models import ColumnMapping, Framework, ImportBatch, Indicator, Responsibility, Section, Task
from frameworks.signals import framework_deleting, tasks_imported
from lib.tables.bounded import parse_file_bounded
from lib.tables.errors import TableImportError
from lib.tables.model import ParsedTable, ParsedTask, table_from_data, table_to_data
from lib.tables.parser import parse_file
from lib.tables.readers import check_upload
from lib.textrules.duties import duties_by_department
from org.models import Department, DepartmentGroup, Organisation, User
from org.resolution import NamePlan, guess_group_rule, guess_kind, normalise_name
from org.services import department_names_apply, department_names_plan, groups_members

logger = logging.getLogger(__name__)

NO_TASKS = "表中没有识别出任何考核任务，不能导入；请检查下方各列的含义是否正确，更正后重新解析"
# A parse the worker has not finished in this time has lost its worker; the page offers to restart it.
PARSE_STALE_AFTER = timedelta(minutes=3)


class ImportFailed(Exception):
    """The file cannot be imported; the message is shown to the user as is (Chinese)."""


class RetireNotConfirmed(ImportFailed):
    """Saving would retire current tasks and the coordinator has not confirmed that yet."""

    def __init__(self, count: int):
        super().__init__(f"导入后将有 {count} 项现有任务不在新表中并被移除（其资料保留），请再次确认")
        self.count = count


def table_parse(*, data: bytes, filename: str, corrections: dict[str, str] | None = None) -> ParsedTable:
    """Parse in this process (the command line, tests). Untrusted uploads go through the worker."""
    try:
        return parse_file(data, filename, corrections or {})
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
    retiring: int = 0  # current tasks of the same year that the new table no longer has

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
        return self.parsed.task_count

    @property
    def total_points(self):
        return _number(sum((s.points or Decimal(0) for s in self.parsed.sections), Decimal(0)))

    def as_dict(self) -> dict:
        return {
            "title": self.parsed.title,
            "columns": self.parsed.columns,
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


def import_preview(*, organisation: Organisation | None, data: bytes | None = None, filename: str = "",
                   parsed: ParsedTable | None = None, year: int | None = None) -> ImportPreview:
    """Plan a parsed table's departments without writing anything (parsing ``data`` when no
    ``parsed`` is given)."""
    if parsed is None:
        parsed = table_parse(data=data, filename=filename)
    plan = department_names_plan(organisation=organisation, mentions=list(_mentions(parsed)))
    warnings = list(parsed.warnings)
    if not parsed.task_count:
        warnings.insert(0, NO_TASKS)
    if plan.new_departments and organisation is not None and organisation.departments.exists():
        warnings.append(f"将新建科室：{'、'.join(plan.new_departments)}（如为别名，请先在科室管理中添加别名）")
    retiring = 0
    if organisation is not None:
        warnings += _group_warnings(organisation, plan)
        if year is not None:
            retiring = _retiring_count(organisation, year, parsed)
    return ImportPreview(parsed=parsed, plan=plan, warnings=warnings, retiring=retiring)


def _retiring_count(organisation: Organisation, year: int, parsed: ParsedTable) -> int:
    keep = {(section.name, task.ref) for section in parsed.sections for task in section.tasks}
    current = Task.objects.filter(section__framework__organisation=organisation, section__framework__year=year,
                                  retired=False).values_list("section__name", "ref")
    return sum(1 for key in current.iterator() if key not in keep)


def _group_warnings(organisation: Organisation, plan: NamePlan) -> list[str]:
    """Collective names the table uses: new ones become groups by a guessed rule; say so, and say
    which stand for no department (once the table's own departments are made)."""
    kinds = dict(organisation.departments.values_list("name", "kind"))
    kinds.update({name: guess_kind(name) for name in plan.new_departments})
    groups = {g.name: g for g in organisation.groups.filter(name__in=plan.groups).prefetch_related("extra_members")}
    warnings = []
    for name in sorted(plan.groups):
        group = groups.get(name)
        if group is None:
            kinds_of_group, name_contains = guess_group_rule(name)
            group = DepartmentGroup(name=name, kinds=kinds_of_group, name_contains=name_contains)
            warnings.append(f"将新建科室集合“{name}”（可在管理后台的“科室集合”中调整其包含的科室）")
            members = []
        else:
            members = group.extra_members.all()
        if not members and not any(group.matches(name=department, kind=kind) for department, kind in kinds.items()):
            warnings.append(f"“{name}”暂无对应的科室，相关任务不会分配给它；请先在管理后台添加科室后重新导入")
    return warnings


def _groups_create(organisation: Organisation, plan: NamePlan) -> None:
    """Collective names no group has yet become groups, never departments."""
    for name in plan.groups:
        kinds, name_contains = guess_group_rule(name)
        DepartmentGroup.objects.get_or_create(organisation=organisation, name=name,
                                              defaults={"kinds": kinds, "name_contains": name_contains})


@dataclass
class ImportResult:
    framework: Framework
    created: int
    updated: int
    retired: int
    warnings: list[str]


def framework_import(
    *, organisation: Organisation, data: bytes, filename: str, year: int, user: User | None = None,
    parsed: ParsedTable | None = None, retire_confirmed: bool = True,
) -> ImportResult:
    """Save a table as the organisation's framework for `year`; re-importing updates in place.

    Tasks keep their identity through (section name, ref), so evidence linked to them survives
    a corrected table; tasks the new table no longer has are retired, not deleted — only with
    ``retire_confirmed``. A table without tasks is never saved. ``parsed`` saves parsing ``data``
    again; the parse, if any, happens before the transaction.
    """
    preview = import_preview(organisation=organisation, data=data, filename=filename, parsed=parsed, year=year)
    if not preview.task_count:
        raise ImportFailed(NO_TASKS)
    if preview.retiring and not retire_confirmed:
        raise RetireNotConfirmed(preview.retiring)
    return _framework_save(organisation=organisation, preview=preview, data=data, filename=filename, year=year,
                           user=user)


@transaction.atomic
def _framework_save(*, organisation: Organisation, preview: ImportPreview, data: bytes, filename: str, year: int,
                    user: User | None) -> ImportResult:
    parsed = preview.parsed
    departments = department_names_apply(organisation=organisation, plan=preview.plan)
    _groups_create(organisation, preview.plan)
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
    saved: list[Task] = []
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
            saved.append(task)
            _responsibilities_save(task, parsed_task, departments, departments_of_groups, aliases)
    retired = (Task.objects.filter(section__framework=framework, retired=False)
               .exclude(pk__in=[task.pk for task in saved]).update(retired=True))
    tasks_imported.send(sender=Framework, framework=framework, tasks=saved)
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
    task.extra = dict(parsed.extra)
    task.retired = False


def _indicators_save(framework: Framework, parsed: ParsedTable) -> dict[str, Indicator]:
    """Save the indicator codes as a tree: Ⅲ-4-1 under Ⅲ-4 when present, else under its category."""
    titles: dict[str, str] = {}
    parents: dict[str, str] = {}
    for section in parsed.sections:
        for task in section.tasks:
            if task.category_code:
                titles.setdefault(task.category_code, task.category)
            # An indicator column spells out the path: Ⅲ-4 above Ⅲ-4-1.
            path = [*task.indicator_parents, (task.indicator, task.indicator_title)] if task.indicator else []
            for (parent_code, parent_title), (code, _) in zip(path, path[1:]):
                titles.setdefault(parent_code, parent_title)
                parents.setdefault(code, parent_code)
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
    # A measures column says each department's share itself, under the name the table used.
    measures = {normalise_name(name): text for name, text in parsed.measures}
    for department, _, via in roles.values():
        own = measures.get(via) or measures.get(department.name)
        if own:
            duties[department.name] = own
    task.responsibilities.exclude(department_id__in=roles.keys()).delete()
    for department, role, via in roles.values():
        Responsibility.objects.update_or_create(
            task=task, department=department,
            defaults={"role": role, "via": via, "duty": duties.get(department.name, "")},
        )




# --- the web import: upload → background parse → preview (correctable columns) → confirm ----------


def import_batch_create(*, organisation: Organisation, user: User, upload, year: int) -> ImportBatch:
    """Keep an upload and queue its parse. Cheap structural checks refuse a bad file at once, before
    anything is stored; the organisation's remembered column meanings start the corrections."""
    data = upload.read()
    try:
        check_upload(data, upload.name)
    except TableImportError as error:
        raise ImportFailed(str(error)) from error
    corrections = dict(organisation.column_mappings.values_list("header", "kind"))
    with transaction.atomic():
        batch = ImportBatch(organisation=organisation, uploaded_by=user, filename=upload.name, year=year,
                            corrections=corrections)
        batch.file.save(upload.name, ContentFile(data), save=False)
        batch.save()
        _parse_enqueue(batch)
    return batch


def import_batch_reparse(*, batch: ImportBatch, corrections: dict[str, str]) -> ImportBatch:
    """Parse again with corrected column meanings (or after a lost worker)."""
    with transaction.atomic():
        ImportBatch.objects.filter(pk=batch.pk).update(
            corrections=corrections, status=ImportBatch.Status.PARSING, progress=0, parsed=None,
            parse_started_at=None)
        batch.refresh_from_db()
        _parse_enqueue(batch)
    return batch


def import_batch_is_stale(batch: ImportBatch) -> bool:
    """A parse that will not finish by itself: its task failed (a database error in the worker, say)
    or nothing has happened for PARSE_STALE_AFTER (the worker was restarted mid-parse)."""
    if batch.status != ImportBatch.Status.PARSING:
        return False
    if _parse_task_status(batch.parse_task_id) == TaskResultStatus.FAILED:
        return True
    last_sign = batch.parse_started_at or batch.created_at
    return timezone.now() - last_sign > PARSE_STALE_AFTER


def _parse_task_status(task_id: str) -> TaskResultStatus | None:
    try:
        return default_task_backend.get_result(task_id).status if task_id else None
    except (TaskResultDoesNotExist, NotImplementedError, ValueError, DatabaseError):
        return None


def _parse_enqueue(batch: ImportBatch) -> None:
    # Enqueued inside the transaction: the database backend stores the task row with the batch.
    batch.parse_task_id = str(parse_import_batch.enqueue(batch_id=batch.pk).id)
    ImportBatch.objects.filter(pk=batch.pk).update(parse_task_id=batch.parse_task_id)


@background_task
def parse_import_batch(batch_id: int) -> str:
    """The worker's parse. Returns "" or, for a refused file, the Chinese reason (kept as the task's
    result, so the uploader sees it once the batch and its file are gone)."""
    return import_batch_parse(batch_id=batch_id)


def import_batch_parse(*, batch_id: int) -> str:
    """Parse a queued batch outside any transaction; each step commits on its own."""
    batch = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.PARSING).first()
    if batch is None:
        return ""  # confirmed, re-queued or deleted meanwhile
    ImportBatch.objects.filter(pk=batch.pk).update(progress=10, parse_started_at=timezone.now())
    try:
        with batch.file.open("rb") as handle:
            data = handle.read()
    except OSError:
        _batch_discard(batch)
        return "上传的文件已丢失，请重新上传"
    try:
        parsed = parse_file_bounded(data, batch.filename, batch.corrections)
    except TableImportError as error:
        _batch_discard(batch)
        return error.message
    # Only a batch still waiting for this parse takes it (a confirm or a re-queue may have come between).
    ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PARSING, corrections=batch.corrections).update(
        parsed=table_to_data(parsed), status=ImportBatch.Status.PREVIEW, progress=100)
    return ""


def _batch_discard(batch: ImportBatch) -> None:
    """A refused import leaves no batch row and no stored file."""
    try:
        batch.file.delete(save=False)
    except OSError:
        logger.exception("Import file of batch %s could not be deleted", batch.pk)
    ImportBatch.objects.filter(pk=batch.pk).delete()


def import_batch_refusal(*, task_id: str) -> str:
    """The reason the worker gave for refusing a batch, or "" while there is none."""
    try:
        result = default_task_backend.get_result(task_id)
    except (TaskResultDoesNotExist, NotImplementedError, ValueError, DatabaseError):
        return ""
    if result.status == TaskResultStatus.FAILED:
        return "解析过程出错，请稍后重新上传"
    return result.return_value if result.is_finished and result.return_value else ""


def batch_preview(*, batch: ImportBatch) -> ImportPreview:
    return import_preview(organisation=batch.organisation, parsed=table_from_data(batch.parsed), year=batch.year)


def import_batch_confirm(*, batch: ImportBatch, user: User, retire_confirmed: bool,
                         make_current: bool = False) -> ImportResult:
    """Save a previewed batch from its stored parse and remember the column meanings it used; the table
    becomes the working year when asked (or, by itself, as the organisation's first table)."""
    if batch.status != ImportBatch.Status.PREVIEW or batch.parsed is None:
        raise ImportFailed("该文件尚未解析完成，不能导入")
    parsed = table_from_data(batch.parsed)
    with batch.file.open("rb") as handle:
        data = handle.read()
    with transaction.atomic():
        result = framework_import(organisation=batch.organisation, data=data, filename=batch.filename,
                                  year=batch.year, user=user, parsed=parsed, retire_confirmed=retire_confirmed)
        column_mappings_remember(organisation=batch.organisation, parsed=parsed)
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.IMPORTED, framework=result.framework)
        if make_current:
            framework_set_current(framework=result.framework, user=user)
        audit_record(action="import", obj=result.framework, actor=user, details={
            "file": batch.filename, "created": result.created, "updated": result.updated, "retired": result.retired})
    return result


def column_mappings_remember(*, organisation: Organisation, parsed: ParsedTable) -> None:
    """Remember where the coordinator's meaning differs from the guess; forget where it agrees again."""
    for column in parsed.headers:
        if column.kind != column.detected:
            ColumnMapping.objects.update_or_create(organisation=organisation, header=column.header[:100],
                                                   defaults={"kind": column.kind})
        else:
            ColumnMapping.objects.filter(organisation=organisation, header=column.header[:100]).delete()


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
def framework_semesters_set(*, framework: Framework, user: User, terms: list[tuple[date, date]]) -> Framework:
    """Set the terms 每学期 duties are counted in (scores and schedules read them); [] = the defaults."""
    _require_coordinator(user)
    framework.semesters = [[start.isoformat(), end.isoformat()] for start, end in sorted(terms)]
    framework.save(update_fields=["semesters"])
    audit_record(action="update", obj=framework, actor=user, details={"semesters": framework.semesters})
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
