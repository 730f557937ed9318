"""Writes of the evidence app: requirements, submissions and their files, the review. Keyword-only, atomic.

User-facing refusals raise EvidenceRejected with a Chinese message that views show as is.
"""

import hashlib
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from audit.services import audit_record
from evidence import rules
from evidence.models import EvidenceFile, GuidanceParse, Requirement, Submission, SubmissionEvent
from evidence.selectors import submission_checks
from frameworks.models import Framework, Task
from lib.evidence_checks import CheckResult, blocking
from lib.media import FileKind, MediaError, extract_text, ingest_photo, sniff_file
from lib.textrules.charcount import count_chars
from lib.textrules.requirements import Requirement as ParsedRequirement
from lib.textrules.requirements import parse_requirements
from org.models import Department, User

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
        raise EvidenceRejected("只有创文办可以修改资料要求")
    _refuse(rules.year_refusal(task))


# --- requirements -----------------------------------------------------------------------------

@dataclass(frozen=True)
class RequirementFields:
    """What the coordinator may set on a requirement (the source phrase stays as parsed)."""

    kind: str
    hard: bool = True
    min_count: int | None = None
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


@transaction.atomic
def requirements_sync(*, task: Task, discard_edits: bool = False) -> list[Requirement]:
    """Parse the task's guidance into requirements; rows the coordinator edited, added or deleted stay so
    unless `discard_edits` restores the parsed result."""
    parsed = parse_requirements(task.guidance)
    record, _ = GuidanceParse.objects.get_or_create(task=task, defaults={"guidance": task.guidance})
    if discard_edits:
        task.requirements.all().delete()
        record.dismissed = []
    else:
        task.requirements.filter(edited=False).delete()
    skip = set(task.requirements.values_list("origin", flat=True)) | set(record.dismissed)
    Requirement.objects.bulk_create(
        Requirement(
            task=task, order=order, origin=_origin(item), kind=item.kind, source=item.source,
            clause=item.clause or "", min_count=item.min_count, target_chars=item.target_chars,
            tolerance=item.tolerance, caption_fields=list(item.caption_fields), group_label=item.group_label or "",
            group_count=item.group_count, per_group=item.per_group, alternatives=list(item.alternatives),
            forms=list(item.forms), hard=item.hard,
        )
        for order, item in enumerate(parsed.requirements)
        if _origin(item) not in skip
    )
    record.guidance = task.guidance
    record.unparsed = parsed.unparsed_sentences
    record.save()
    return list(task.requirements.all())


def requirements_ensure(*, task: Task) -> None:
    """Parse the guidance if it never was or has changed since (a re-imported table), so an imported
    table shows its requirements without anyone pressing a button."""
    parsed_from = GuidanceParse.objects.filter(task=task).values_list("guidance", flat=True).first()
    if parsed_from != task.guidance:
        requirements_sync(task=task)


@transaction.atomic
def requirements_sync_framework(*, framework: Framework) -> int:
    tasks = Task.objects.filter(section__framework=framework)
    for task in tasks:
        requirements_sync(task=task)
    return len(tasks)


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
        record, _ = GuidanceParse.objects.get_or_create(task=requirement.task,
                                                        defaults={"guidance": requirement.task.guidance})
        record.dismissed = [*record.dismissed, requirement.origin]
        record.save(update_fields=["dismissed"])
    requirement.delete()


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
    _refuse(rules.delete_refusal(user, submission))
    names = [name for f in submission.files.all() for name in (f.file.name, f.thumbnail.name) if name]
    submission.delete()
    transaction.on_commit(lambda: _storage_delete(names))


@transaction.atomic
def submission_submit(*, submission: Submission, user: User, override_reason: str = "") -> Submission:
    """Draft or returned → 待审核. Failed hard checks block unless a coordinator gives a reason."""
    _refuse(rules.submit_refusal(user, submission))
    requirements_ensure(task=submission.task)
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
    requirements_ensure(task=submission.task)
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
        photo = ingest_photo(upload, thumb_size=THUMB_SIZE)
        taken_at = timezone.make_aware(photo.taken_at) if photo.taken_at else None
        return _Ingested(kind=photo.kind, sha256=photo.sha256, phash=photo.phash, width=photo.width,
                         height=photo.height, taken_at=taken_at, thumbnail=photo.thumbnail)
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


def framework_files_discard(sender, framework: Framework, **kwargs) -> None:
    """A deleted table takes its evidence with it: remove the stored files once the deletion commits."""
    pairs = EvidenceFile.objects.filter(submission__task__section__framework=framework).values_list(
        "file", "thumbnail")
    names = [name for pair in pairs.iterator() for name in pair if name]
    transaction.on_commit(lambda: _storage_delete(names))


def evidence_file_add(*, submission: Submission, upload, user: User, role: str) -> EvidenceFile:
    """Check one uploaded file by its content, store it (and a thumbnail) and record it.

    Every failure leaves neither a row nor a stored file behind.
    """
    _refuse(rules.edit_refusal(user, submission))
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
        taken_at=ingested.taken_at, char_count=ingested.char_count, uploaded_by=user,
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
            row.order = (submission.files.aggregate(last=Max("order"))["last"] or 0) + 1
            row.save()
            submission.save(update_fields=["updated_at"])  # last activity for progress
    except BaseException:
        _storage_delete(stored)
        raise
    return row


@transaction.atomic
def evidence_file_delete(*, file: EvidenceFile, user: User) -> None:
    _refuse(rules.edit_refusal(user, file.submission))
    names = [name for name in (file.file.name, file.thumbnail.name) if name]
    file.delete()
    file.submission.save(update_fields=["updated_at"])
    transaction.on_commit(lambda: _storage_delete(names))


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
