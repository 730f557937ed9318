"""Writes of the evidence app: requirements, submissions and their files, the review. Keyword-only, atomic.

User-facing refusals raise EvidenceRejected with a Chinese message that views show as is.
"""

import hashlib
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from audit.services import audit_record
from evidence import rules
from evidence.models import BinRecord, EvidenceFile, GuidanceParse, Recurrence, Requirement, Submission, SubmissionEvent
from evidence.selectors import submission_checks
from frameworks.models import Framework, Task
from lib.evidence_checks import CheckResult, blocking
from lib.media import FileKind, MediaError, extract_text, ingest_photo, sniff_file
from lib.media.purpose import purpose_from_filename
from lib.textrules.charcount import count_chars
from lib.textrules.recurrence import Recurrence as ParsedRecurrence
from lib.textrules.requirements import Requirement as ParsedRequirement
from lib.textrules.requirements import RequirementSet as ParsedRequirementSet
from lib.textrules.summary import TaskRules, rules_of
from org.models import Department, User
from org.scoping import allows

THUMB_SIZE = (480, 480)
_TEXT_DOCUMENTS = (FileKind.DOCX, FileKind.PDF, FileKind.XLSX, FileKind.OLE2)  # OLE2: extract_text explains why not

Status = Submission.Status


class EvidenceRejected(Exception):
    def __init__(self, message_zh: str) -> None:
        super().__init__(message_zh)
        self.message_zh = message_zh


class SubmissionBlocked(EvidenceRejected):
    """Hard requirements fail; `failures` lists them for the page."""

    def __init__(self, failures: list[CheckResult], hint: str) -> None:
        super().__init__(f"还有{len(failures)}项必需要求未满足，{hint}")
        self.failures = failures


def _refuse(reason: str) -> None:
    if reason:
        raise EvidenceRejected(reason)


def _require_coordinator(user: User, task: Task) -> None:
    if not user.is_coordinator:
        raise EvidenceRejected("只有创文办可以修改资料要求和周期性任务")
    _refuse(rules.year_refusal(task))


# --- requirements -----------------------------------------------------------------------------

@dataclass(frozen=True)
class RequirementFields:
    """What the coordinator may set on a requirement (the source phrase stays as parsed)."""

    kind: str
    hard: bool = True
    min_count: int | None = None
    max_count: int | None = None
    target_chars: int | None = None
    tolerance: float | None = None
    caption_fields: tuple[str, ...] = ()
    group_label: str = ""
    group_count: int | None = None
    per_group: int | None = None
    alternatives: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()


def _origin(parsed: ParsedRequirement) -> str:
    return "|".join((parsed.clause or "", parsed.kind, parsed.source))[:300]


def _guidance_parse(task: Task) -> GuidanceParse:
    record, _ = GuidanceParse.objects.get_or_create(task=task, defaults={"guidance": task.guidance})
    return record


def _requirements_store(task: Task, record: GuidanceParse, parsed: ParsedRequirementSet, discard_edits: bool) -> None:
    if discard_edits:
        task.requirements.all().delete()
        record.dismissed = []
    else:
        task.requirements.filter(edited=False).delete()
    skip = set(task.requirements.values_list("origin", flat=True)) | set(record.dismissed)
    Requirement.objects.bulk_create(
        Requirement(
            task=task, order=order, origin=_origin(item), kind=item.kind, source=item.source,
            clause=item.clause or "", min_count=item.min_count, max_count=item.max_count,
            target_chars=item.target_chars, tolerance=item.tolerance, caption_fields=list(item.caption_fields),
            group_label=item.group_label or "", group_count=item.group_count, per_group=item.per_group,
            alternatives=list(item.alternatives), forms=list(item.forms), hard=item.hard,
        )
        for order, item in enumerate(parsed.requirements)
        if _origin(item) not in skip
    )
    record.guidance = task.guidance
    record.unparsed = parsed.unparsed_sentences


def _recurrence_origin(department: Department | None, parsed: ParsedRecurrence) -> str:
    return "|".join((str(department.pk if department else ""), parsed.unit, str(parsed.interval),
                     parsed.source))[:300]


def _recurrences_store(task: Task, record: GuidanceParse, rules: TaskRules,
                       departments: Mapping[str, Department], discard_edits: bool) -> None:
    if discard_edits:
        task.recurrences.all().delete()
        record.recurrences_dismissed = []
    else:
        task.recurrences.filter(edited=False).delete()
    skip = set(task.recurrences.values_list("origin", flat=True)) | set(record.recurrences_dismissed)
    parsed = [(None, item) for item in rules.recurrences] + [
        (departments[name], item) for name, items in rules.duties.items() for item in items]
    Recurrence.objects.bulk_create(
        Recurrence(
            task=task, department=department, order=order, origin=_recurrence_origin(department, item),
            unit=item.unit, interval=item.interval, min_count=item.min_count, max_count=item.max_count,
            subject=item.subject[:300], adopted=item.adopted, due_day=item.due_day, source=item.source,
        )
        for order, (department, item) in enumerate(parsed)
        if _recurrence_origin(department, item) not in skip
    )


@transaction.atomic
def task_rules_sync(*, task: Task, discard_edits: bool = False, discard_recurrence_edits: bool = False) -> None:
    """Parse the task's text, guidance and departments' duties into requirement and recurrence rows.
    Rows the coordinator edited, added or deleted stay so, unless `discard_edits` (requirements) or
    `discard_recurrence_edits` restores the parsed result."""
    responsibilities = list(task.responsibilities.select_related("department").exclude(duty=""))
    departments = {r.department.name: r.department for r in responsibilities}
    rules = rules_of(task.text, task.guidance, {r.department.name: r.duty for r in responsibilities})
    record = _guidance_parse(task)
    _requirements_store(task, record, rules.requirements, discard_edits)
    _recurrences_store(task, record, rules, departments, discard_recurrence_edits)
    record.save()


@transaction.atomic
def task_rules_sync_many(*, tasks: Iterable[Task]) -> int:
    count = 0
    for task in tasks:
        task_rules_sync(task=task)
        count += 1
    return count


def _requirement_apply(requirement: Requirement, fields: RequirementFields) -> None:
    requirement.kind = fields.kind
    requirement.hard = fields.hard
    requirement.target_chars = fields.target_chars
    requirement.tolerance = fields.tolerance
    requirement.caption_fields = list(fields.caption_fields)
    requirement.group_label = fields.group_label if fields.per_group else ""
    requirement.group_count = fields.group_count if fields.per_group else None
    requirement.per_group = fields.per_group
    # A grouped count's total follows from its parts, as the parser computes it.
    if fields.per_group:
        requirement.min_count = fields.per_group * fields.group_count if fields.group_count else None
    else:
        requirement.min_count = fields.min_count
    requirement.max_count = fields.max_count
    requirement.alternatives = list(fields.alternatives)
    requirement.forms = list(fields.forms)
    requirement.edited = True


@transaction.atomic
def requirement_create(*, task: Task, user: User, fields: RequirementFields) -> Requirement:
    _require_coordinator(user, task)
    order = (task.requirements.aggregate(last=Max("order"))["last"] or 0) + 1
    requirement = Requirement(task=task, order=order)
    _requirement_apply(requirement, fields)
    requirement.save()
    return requirement


@transaction.atomic
def requirement_update(*, requirement: Requirement, user: User, fields: RequirementFields) -> Requirement:
    _require_coordinator(user, requirement.task)
    _requirement_apply(requirement, fields)
    requirement.save()
    return requirement


@transaction.atomic
def requirement_delete(*, requirement: Requirement, user: User) -> None:
    _require_coordinator(user, requirement.task)
    if requirement.origin:
        record = _guidance_parse(requirement.task)
        record.dismissed = [*record.dismissed, requirement.origin]
        record.save(update_fields=["dismissed"])
    requirement.delete()


@dataclass(frozen=True)
class RecurrenceFields:
    """What the coordinator may set on a recurrence (the source phrase stays as parsed)."""

    unit: str
    interval: int = 1
    min_count: int = 1
    max_count: int | None = None
    subject: str = ""
    adopted: bool = False
    due_day: int | None = None
    department: Department | None = None


def _recurrence_apply(recurrence: Recurrence, fields: RecurrenceFields) -> None:
    if fields.department is not None and not recurrence.task.responsibilities.filter(
            department=fields.department).exists():
        raise EvidenceRejected(f"{fields.department.name}不负责这项任务")
    for name in ("unit", "interval", "min_count", "max_count", "subject", "adopted", "due_day", "department"):
        setattr(recurrence, name, getattr(fields, name))
    recurrence.edited = True


@transaction.atomic
def recurrence_create(*, task: Task, user: User, fields: RecurrenceFields) -> Recurrence:
    _require_coordinator(user, task)
    order = (task.recurrences.aggregate(last=Max("order"))["last"] or 0) + 1
    recurrence = Recurrence(task=task, order=order)
    _recurrence_apply(recurrence, fields)
    recurrence.save()
    return recurrence


@transaction.atomic
def recurrence_update(*, recurrence: Recurrence, user: User, fields: RecurrenceFields) -> Recurrence:
    _require_coordinator(user, recurrence.task)
    _recurrence_apply(recurrence, fields)
    recurrence.save()
    return recurrence


@transaction.atomic
def recurrence_delete(*, recurrence: Recurrence, user: User) -> None:
    _require_coordinator(user, recurrence.task)
    if recurrence.origin:
        record = _guidance_parse(recurrence.task)
        record.recurrences_dismissed = [*record.recurrences_dismissed, recurrence.origin]
        record.save(update_fields=["recurrences_dismissed"])
    recurrence.delete()


# --- submissions ------------------------------------------------------------------------------

def _transition(submission: Submission, user: User, to_status: str, comment: str = "") -> None:
    SubmissionEvent.objects.create(submission=submission, actor=user, from_status=submission.status,
                                   to_status=to_status, comment=comment)
    audit_record(action="status", obj=submission, actor=user, details={
        "from": Status(submission.status).label, "to": Status(to_status).label, "comment": comment})
    submission.status = to_status


@transaction.atomic
def submission_create(*, task: Task, department: Department, user: User, title: str,
                      activity_date: date | None = None, report_text: str = "", url: str = "",
                      notes: str = "") -> Submission:
    _refuse(rules.create_refusal(user, task, department))
    submission = Submission.objects.create(
        task=task, department=department, created_by=user, title=title, activity_date=activity_date,
        report_text=report_text, url=url, notes=notes,
    )
    SubmissionEvent.objects.create(submission=submission, actor=user, to_status=Status.DRAFT)
    return submission


@transaction.atomic
def submission_update(*, submission: Submission, user: User, title: str, activity_date: date | None,
                      report_text: str, url: str, notes: str) -> Submission:
    _refuse(rules.edit_refusal(user, submission))
    submission.title = title
    submission.activity_date = activity_date
    submission.report_text = report_text
    submission.url = url
    submission.notes = notes
    submission.save()
    return submission


@transaction.atomic
def submission_delete(*, submission: Submission, user: User) -> None:
    """Into the recycle bin with its files; restorable by 创文办 until purged."""
    _refuse(rules.delete_refusal(user, submission))
    submission.deleted_at, submission.deleted_by = timezone.now(), user
    submission.save(update_fields=["deleted_at", "deleted_by"])
    _bin_record(BinRecord.Action.DELETE, submission=submission, user=user)


# Recurring tasks count approved activities by their date: one without a date would count for nothing.
_NO_ACTIVITY_DATE = "请填写活动日期（上传照片后会按拍摄日期自动填写）"


@transaction.atomic
def submission_submit(*, submission: Submission, user: User, override_reason: str = "") -> Submission:
    """Draft or returned → 待审核. Failed hard checks block unless a coordinator gives a reason."""
    _refuse(rules.submit_refusal(user, submission))
    _refuse("" if submission.activity_date else _NO_ACTIVITY_DATE)
    failures = blocking(submission_checks(submission=submission))
    reason = override_reason.strip()
    if failures and not (user.is_coordinator and reason):
        hint = "请补齐后再提交" if not user.is_coordinator else "请补齐，或填写放行理由后提交"
        raise SubmissionBlocked(failures, hint)
    submission.override_reason = reason if failures else ""
    submission.checks_passed = not failures
    submission.submitted_at = timezone.now()
    _transition(submission, user, Status.PENDING, f"放行理由：{reason}" if failures else "")
    submission.save()
    return submission


@transaction.atomic
def submission_approve(*, submission: Submission, user: User, comment: str = "",
                       override_reason: str = "") -> Submission:
    """待审核 → 已通过. Requirements may have been edited since submission, so the checks run again."""
    _refuse(rules.review_refusal(user, submission))
    if submission.status != Status.PENDING:
        raise EvidenceRejected("只有待审核的资料可以通过")
    if not submission.activity_date:
        raise EvidenceRejected("此活动没有活动日期，通过后不会计入任何考核周期；请退回科室补填活动日期")
    failures = blocking(submission_checks(submission=submission))
    reason = override_reason.strip() or submission.override_reason
    if failures and not reason:
        raise SubmissionBlocked(failures, "如仍要通过，请填写放行理由")
    submission.override_reason = reason if failures else ""
    submission.checks_passed = not failures
    submission.review_comment = comment.strip()
    submission.reviewed_at = timezone.now()
    _transition(submission, user, Status.APPROVED, comment.strip())
    submission.save()
    return submission


@transaction.atomic
def submission_return(*, submission: Submission, user: User, comment: str) -> Submission:
    """待审核 (or an approved one the coordinator reopens) → 已退回 with what to fix."""
    _refuse(rules.review_refusal(user, submission))
    if submission.status not in (Status.PENDING, Status.APPROVED):
        raise EvidenceRejected("只有待审核或已通过的资料可以退回")
    comment = comment.strip()
    if not comment:
        raise EvidenceRejected("退回时请写明需要修改的地方")
    submission.review_comment = comment
    submission.reviewed_at = timezone.now()
    _transition(submission, user, Status.RETURNED, comment)
    submission.save()
    return submission


# --- files ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Ingested:
    kind: FileKind
    sha256: str
    phash: str = ""
    width: int | None = None
    height: int | None = None
    taken_at: datetime | None = None
    implausible_taken_at: str = ""
    thumbnail: bytes = b""
    char_count: int | None = None


def _sha256(upload) -> str:
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: upload.read(1 << 20), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _ingest(upload, role: str) -> _Ingested:
    """Validate by content and extract what is stored; raises MediaError or EvidenceRejected."""
    kind = sniff_file(upload)
    if role in EvidenceFile.PHOTO_ROLES or kind.category == "image":
        photo = ingest_photo(upload, thumb_size=THUMB_SIZE,
                             latest_plausible=timezone.localdate() + timedelta(days=1))
        taken_at = timezone.make_aware(photo.taken_at) if photo.taken_at else None
        return _Ingested(kind=photo.kind, sha256=photo.sha256, phash=photo.phash, width=photo.width,
                         height=photo.height, taken_at=taken_at, thumbnail=photo.thumbnail,
                         implausible_taken_at=photo.implausible_taken_at or "")
    if kind is FileKind.ZIP and upload.name.lower().endswith((".docx", ".xlsx")):
        # A truncated Office file no longer shows its parts; the name only picks the message.
        raise EvidenceRejected("文档已损坏，无法读取")
    if kind not in _TEXT_DOCUMENTS:
        raise EvidenceRejected(f"不支持的文件格式（{kind.label_zh}），文档请上传 DOCX、PDF、XLSX 或图片")
    text = extract_text(upload, kind)
    return _Ingested(kind=kind, sha256=_sha256(upload), char_count=count_chars(text))


def _caption_time(taken_at: datetime) -> str:
    local = timezone.localtime(taken_at)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def _storage_delete(names: Iterable[str]) -> None:
    storage = EvidenceFile._meta.get_field("file").storage
    for name in names:
        storage.delete(name)


def _document_role(submission: Submission, name: str) -> str:
    """A document's purpose from its name; when the name says nothing, the first document the task
    asks for that the activity still lacks (or 其他)."""
    guessed = purpose_from_filename(name)
    if guessed:
        return guessed
    document_roles = [role for role in EvidenceFile.Role.values if role not in EvidenceFile.PHOTO_ROLES]
    asked = [kind for kind in submission.task.requirements.values_list("kind", flat=True) if kind in document_roles]
    present = set(submission.files.values_list("role", flat=True))
    return next((kind for kind in asked if kind not in present), EvidenceFile.Role.OTHER)


def _activity_date_from_photos(submission: Submission) -> date | None:
    """The day most of the activity's photos were taken (the earliest of equally common days)."""
    days = Counter(timezone.localdate(taken_at) for taken_at in submission.files.filter(
        role__in=EvidenceFile.PHOTO_ROLES, taken_at__isnull=False).values_list("taken_at", flat=True))
    return min(days, key=lambda day: (-days[day], day)) if days else None


def framework_files_discard(sender, framework: Framework, **kwargs) -> None:
    """A deleted table takes its evidence with it: remove the stored files once the deletion commits."""
    pairs = EvidenceFile.objects.filter(submission__task__section__framework=framework).values_list(
        "file", "thumbnail")
    names = [name for pair in pairs.iterator() for name in pair if name]
    transaction.on_commit(lambda: _storage_delete(names))


def evidence_file_add(*, submission: Submission, upload, user: User, role: str) -> EvidenceFile:
    """Check one uploaded file by its content, store it (and a thumbnail) and record it. An empty
    `role` for a document means: judge it by its name. A photo with a capture time fills in a
    missing 活动日期.

    Every failure leaves neither a row nor a stored file behind.
    """
    _refuse(rules.edit_refusal(user, submission))
    if not role:
        role = _document_role(submission, upload.name)
    if role not in EvidenceFile.Role.values:
        raise EvidenceRejected("请选择文件用途")
    if upload.size == 0:
        raise EvidenceRejected("文件为空")
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise EvidenceRejected(f"文件过大（{filesizeformat(upload.size)}），单个文件不能超过"
                               f" {filesizeformat(settings.UPLOAD_MAX_BYTES)}")
    try:
        ingested = _ingest(upload, role)
    except MediaError as error:
        raise EvidenceRejected(error.message_zh) from error

    is_photo = role in EvidenceFile.PHOTO_ROLES
    row = EvidenceFile(
        submission=submission, kind=EvidenceFile.Kind.PHOTO if is_photo else EvidenceFile.Kind.DOCUMENT,
        role=role, original_name=upload.name[:255], content_kind=ingested.kind.value, size=upload.size,
        sha256=ingested.sha256, phash=ingested.phash, width=ingested.width, height=ingested.height,
        taken_at=ingested.taken_at, implausible_taken_at=ingested.implausible_taken_at,
        char_count=ingested.char_count, uploaded_by=user,
        caption_time=_caption_time(ingested.taken_at) if is_photo and ingested.taken_at else "",
    )
    stored: list[str] = []
    try:
        with transaction.atomic():
            stem = uuid.uuid4().hex
            upload.seek(0)
            row.file.save(f"{stem}.{ingested.kind.value}", upload, save=False)
            stored.append(row.file.name)
            if ingested.thumbnail:
                row.thumbnail.save(f"{stem}.jpg", ContentFile(ingested.thumbnail), save=False)
                stored.append(row.thumbnail.name)
            # Locks the submission row, so parallel uploads of one batch never share a number.
            Submission.objects.select_for_update().filter(pk=submission.pk).first()
            last = submission.files.aggregate(order=Max("order"), number=Max("number"))
            row.order = (last["order"] or 0) + 1
            row.number = (last["number"] or 0) + 1 if is_photo else None
            row.save()
            update = ["updated_at"]  # last activity for progress
            if is_photo and submission.activity_date is None:
                submission.activity_date = _activity_date_from_photos(submission)
                update.append("activity_date")
            submission.save(update_fields=update)
    except BaseException:
        _storage_delete(stored)
        raise
    return row


@transaction.atomic
def evidence_file_delete(*, file: EvidenceFile, user: User) -> None:
    """Into the recycle bin; the stored file stays until the bin is purged."""
    _refuse(rules.edit_refusal(user, file.submission))
    file.deleted_at, file.deleted_by = timezone.now(), user
    file.save(update_fields=["deleted_at", "deleted_by"])
    file.submission.save(update_fields=["updated_at"])
    _bin_record(BinRecord.Action.DELETE, submission=file.submission, file=file, user=user)


@transaction.atomic
def evidence_file_role_update(*, file: EvidenceFile, user: User, role: str) -> EvidenceFile:
    """Change what a file serves as: among photo roles for a photo, among document roles for a document."""
    _refuse(rules.edit_refusal(user, file.submission))
    if role not in EvidenceFile.Role.values:
        raise EvidenceRejected("请选择文件用途")
    if (role in EvidenceFile.PHOTO_ROLES) != (file.role in EvidenceFile.PHOTO_ROLES):
        raise EvidenceRejected("照片只能改为照片或视频截图，文档只能改为文档的用途")
    if role != file.role:
        file.role = role
        file.save(update_fields=["role"])
        file.submission.save(update_fields=["updated_at"])
    return file


def _ensure_photo(file: EvidenceFile) -> None:
    if file.role not in EvidenceFile.PHOTO_ROLES:
        raise EvidenceRejected("只有照片和视频截图需要注明")


@transaction.atomic
def photos_caption_update(*, file: EvidenceFile, user: User, captions: Mapping[str, str]) -> EvidenceFile:
    """Set one photo's caption fields (an empty value clears the field)."""
    _refuse(rules.edit_refusal(user, file.submission))
    _ensure_photo(file)
    for name, value in captions.items():
        file.caption_set(name, value.strip())
    file.save()
    return file


@transaction.atomic
def photos_caption_fill(*, submission: Submission, user: User, captions: Mapping[str, str],
                        overwrite: bool = False) -> int:
    """Give every photo of the submission the same captions: only where a field is empty, or
    everywhere when `overwrite`. Blank values are ignored. Returns how many photos changed."""
    _refuse(rules.edit_refusal(user, submission))
    values = {name: value.strip() for name, value in captions.items() if value.strip()}
    changed = []
    for photo in submission.files.filter(role__in=EvidenceFile.PHOTO_ROLES):
        before = photo.captions(values)
        for name, value in values.items():
            if overwrite or not before[name]:
                photo.caption_set(name, value)
        if photo.captions(values) != before:
            changed.append(photo)
    EvidenceFile.objects.bulk_update(changed, ["caption_time", "caption_place", "caption_subject", "caption_extra"])
    if changed:  # bulk_update sends no model signals, so the trail gets one event here
        audit_record(action="update", obj=submission, actor=user,
                     details={"captions": values, "photos": [photo.pk for photo in changed]})
    return len(changed)


# --- recycle bin ------------------------------------------------------------------------------

def _bin_record(action: str, *, submission: Submission, user: User | None, file: EvidenceFile | None = None) -> None:
    # The bin page lists its own records; the audit trail gets the same event.
    label = f"{submission.department.name} · {submission.task.ref}《{submission.title}》"
    audit_record(action=f"recycle_bin_{action}", obj=file or submission, actor=user)
    BinRecord.objects.create(
        organisation_id=submission.task.section.framework.organisation_id, action=action, actor=user,
        label=f"{label} {file.original_name}"[:300] if file else label[:300],
        submission_id=submission.pk, file_id=file.pk if file else None)


def _require_bin_keeper(user: User) -> None:
    if not allows(user, "manage"):
        raise EvidenceRejected("只有创文办可以恢复回收站中的资料")


@transaction.atomic
def submission_restore(*, submission: Submission, user: User) -> Submission:
    """Out of the recycle bin, with the files it had when deleted (files deleted on their own stay in the bin)."""
    _require_bin_keeper(user)
    submission.deleted_at = submission.deleted_by = None
    submission.save(update_fields=["deleted_at", "deleted_by"])
    _bin_record(BinRecord.Action.RESTORE, submission=submission, user=user)
    return submission


@transaction.atomic
def evidence_file_restore(*, file: EvidenceFile, user: User) -> EvidenceFile:
    _require_bin_keeper(user)
    if file.submission.deleted_at is not None:
        raise EvidenceRejected("该文件所属的活动资料也在回收站中，请先恢复活动资料")
    file.deleted_at = file.deleted_by = None
    file.save(update_fields=["deleted_at", "deleted_by"])
    file.submission.save(update_fields=["updated_at"])
    _bin_record(BinRecord.Action.RESTORE, submission=file.submission, file=file, user=user)
    return file


def _stored_names(files: Iterable[EvidenceFile]) -> list[str]:
    return [name for f in files for name in (f.file.name, f.thumbnail.name) if name]


@transaction.atomic
def recycle_bin_purge(*, before: datetime) -> tuple[int, int]:
    """Delete for good what went into the bin before `before`: rows now, stored files once committed.
    Returns (submissions, files) purged; files of a purged submission count with it."""
    related = ("task__section__framework", "department")
    submissions = list(Submission.all_objects.filter(deleted_at__lt=before).select_related(*related))
    files = list(EvidenceFile.all_objects.filter(deleted_at__lt=before).exclude(submission__in=submissions)
                 .select_related(*(f"submission__{name}" for name in related)))
    names = _stored_names(files) + _stored_names(EvidenceFile.all_objects.filter(submission__in=submissions))
    for file in files:
        _bin_record(BinRecord.Action.PURGE, submission=file.submission, file=file, user=None)
    for submission in submissions:
        _bin_record(BinRecord.Action.PURGE, submission=submission, user=None)
    EvidenceFile.all_objects.filter(pk__in=[f.pk for f in files]).delete()
    Submission.all_objects.filter(pk__in=[s.pk for s in submissions]).delete()
    transaction.on_commit(lambda: _storage_delete(names))
    return len(submissions), len(files)
