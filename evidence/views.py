from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from audit.services import audit_record
from evidence import rules, selectors, services
from evidence.forms import (
    DOCUMENT_ROLES,
    PHOTO_ROLES,
    ApproveForm,
    CaptionFillForm,
    CaptionForm,
    DocumentUploadForm,
    FileRoleForm,
    PhotoUploadForm,
    RecurrenceForm,
    RequirementForm,
    ReturnForm,
    ReviewFilterForm,
    SubmissionCreateForm,
    SubmissionForm,
    SubmitForm,
)
from evidence.models import EvidenceFile, Submission
from evidence.services import EvidenceRejected
from frameworks.selectors import framework_current, sections_of, task_get
from org.models import Department
from org.permissions import coordinator_required
from org.scoping import departments_visible_to

# The stored content kind decides the type a download is served as, never the uploaded name.
CONTENT_TYPES = {
    "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "heic": "image/heic", "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
INLINE_KINDS = {"jpeg", "png", "webp", "pdf"}  # what browsers can show themselves


def _evidence_changed(response: HttpResponse) -> HttpResponse:
    """Tell htmx that files or captions changed, so the checks panel reloads."""
    response["HX-Trigger"] = "evidence-changed"
    return response


def _detail_url(submission: Submission, anchor: str = "") -> str:
    return reverse("evidence:submission_detail", args=[submission.pk]) + (f"#{anchor}" if anchor else "")


def _refusal(action: Callable[[], object]) -> str:
    """Run a service call; its refusal in Chinese, or "" when it went through."""
    try:
        action()
    except EvidenceRejected as error:
        audit_record(action="refused", object_repr=error.message_zh[:200])
        return error.message_zh
    return ""


# --- submissions ------------------------------------------------------------------------------

@login_required
def submission_create(request, task_pk: int):
    task = task_get(user=request.user, pk=task_pk)
    departments = selectors.departments_for_new_submission(user=request.user, task=task)
    if not departments.exists():
        messages.error(request, rules.year_refusal(task) or
                       "您所在科室不负责此项任务，或此项已不在最新分解表中，不能新建活动资料。")
        return redirect("frameworks:task_detail", pk=task.pk)
    # A period's 添加本期资料 link (schedules) names its department and a day inside the period.
    initial = {name: request.GET[name] for name in ("department", "activity_date") if name in request.GET}
    form = SubmissionCreateForm(request.POST or None, departments=departments, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            submission = services.submission_create(
                task=task, department=data["department"], user=request.user, title=data["title"],
                activity_date=data["activity_date"], report_text=data["report_text"], url=data["url"],
                notes=data["notes"])
        except EvidenceRejected as error:
            form.add_error(None, error.message_zh)
        else:
            messages.success(request, "活动资料已新建，请上传照片和文档。")
            return redirect("evidence:submission_detail", pk=submission.pk)
    return render(request, "evidence/submission_form.html", {"task": task, "form": form})


@login_required
def submission_edit(request, pk: int):
    submission = selectors.submission_get(user=request.user, pk=pk)
    refusal = rules.edit_refusal(request.user, submission)
    if refusal:
        messages.error(request, refusal)
        return redirect("evidence:submission_detail", pk=pk)
    form = SubmissionForm(request.POST or None, instance=submission)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.submission_update(submission=submission, user=request.user, title=data["title"],
                                   activity_date=data["activity_date"], report_text=data["report_text"],
                                   url=data["url"], notes=data["notes"])
        messages.success(request, "已保存。")
        return redirect("evidence:submission_detail", pk=pk)
    return render(request, "evidence/submission_form.html",
                  {"task": submission.task, "form": form, "submission": submission})


@login_required
@require_POST
def submission_delete(request, pk: int):
    submission = selectors.submission_get(user=request.user, pk=pk)
    refusal = _refusal(lambda: services.submission_delete(submission=submission, user=request.user))
    if refusal:
        messages.error(request, refusal)
        return redirect("evidence:submission_detail", pk=pk)
    messages.success(request, f"草稿“{submission.title}”已移入回收站，创文办可在{settings.RECYCLE_BIN_DAYS}天内恢复。")
    return redirect("frameworks:task_detail", pk=submission.task_id)


@login_required
def submission_detail(request, pk: int):
    submission = selectors.submission_get(user=request.user, pk=pk)
    page = selectors.submission_page(user=request.user, submission=submission)
    return render(request, "evidence/submission_detail.html", {
        "submission": submission, "page": page,
        "photo_form": PhotoUploadForm(), "document_form": DocumentUploadForm(),
        "photo_roles": PHOTO_ROLES, "document_roles": DOCUMENT_ROLES,
        "fill_form": CaptionFillForm(caption_fields=page.caption_fields, prefix="fill"),
        "upload_max": settings.UPLOAD_MAX_BYTES,
    })


@login_required
def submission_checks(request, pk: int):
    submission = selectors.submission_get(user=request.user, pk=pk)
    page = selectors.submission_page(user=request.user, submission=submission)
    return render(request, "evidence/submission_detail.html#checks", {"submission": submission, "page": page})


def _state_change(request, pk: int, form_class, action, done: str):
    """Run one state change from a posted form; refusals come back as messages on the detail page."""
    submission = selectors.submission_get(user=request.user, pk=pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, next(iter(form.errors.values()))[0])
        return redirect("evidence:submission_detail", pk=pk)
    refusal = _refusal(lambda: action(submission, form.cleaned_data))
    if refusal:
        messages.error(request, refusal)
        return redirect("evidence:submission_detail", pk=pk)
    messages.success(request, f"“{submission.title}”{done}。")
    if request.user.is_coordinator and submission.status != Submission.Status.PENDING:
        return redirect("evidence:review_queue")
    return redirect("evidence:submission_detail", pk=pk)


@login_required
@require_POST
def submission_submit(request, pk: int):
    return _state_change(request, pk, SubmitForm, lambda submission, data: services.submission_submit(
        submission=submission, user=request.user, override_reason=data["override_reason"]), "已提交审核")


@login_required
@require_POST
def submission_approve(request, pk: int):
    return _state_change(request, pk, ApproveForm, lambda submission, data: services.submission_approve(
        submission=submission, user=request.user, comment=data["comment"],
        override_reason=data["override_reason"]), "已审核通过")


@login_required
@require_POST
def submission_return(request, pk: int):
    return _state_change(request, pk, ReturnForm, lambda submission, data: services.submission_return(
        submission=submission, user=request.user, comment=data["comment"]), "已退回科室修改")


# --- files ------------------------------------------------------------------------------------

def _files_add(request, submission: Submission, role: str) -> tuple[list[EvidenceFile], list[tuple[str, str]]]:
    """Add each uploaded file on its own, so that one bad file never sinks the others."""
    added, errors = [], []
    uploads = request.FILES.getlist("file")
    if not uploads:
        errors.append(("", "请选择要上传的文件"))
    for upload in uploads:
        try:
            added.append(services.evidence_file_add(submission=submission, upload=upload, user=request.user,
                                                    role=role))
        except EvidenceRejected as error:
            errors.append((upload.name, error.message_zh))
    return added, errors


def _report_upload(request, added: list[EvidenceFile], errors: list[tuple[str, str]]) -> None:
    if added:
        messages.success(request, f"已上传 {len(added)} 个文件。")
    for name, message in errors:
        messages.error(request, f"{name}：{message}" if name else message)


@login_required
@require_POST
def photo_upload(request, pk: int):
    """Usually one photo per request (the page sends a batch file by file); a plain form may send many."""
    submission = selectors.submission_get(user=request.user, pk=pk)
    form = PhotoUploadForm(request.POST)
    role = form.cleaned_data["role"] if form.is_valid() else EvidenceFile.Role.PHOTO
    added, errors = _files_add(request, submission, role)
    if not request.htmx:
        _report_upload(request, added, errors)
        return redirect(_detail_url(submission, "photos"))
    page = selectors.photo_cards_fragment(user=request.user, submission=submission, file_ids={f.pk for f in added})
    return render(request, "evidence/submission_detail.html#upload_result",
                  {"submission": submission, "page": page, "cards": page.cards, "errors": errors,
                   "photo_roles": PHOTO_ROLES},
                  status=200 if added else 422)


@login_required
@require_POST
def document_upload(request, pk: int):
    submission = selectors.submission_get(user=request.user, pk=pk)
    form = DocumentUploadForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择文件用途")
        return redirect(_detail_url(submission, "documents"))
    _report_upload(request, *_files_add(request, submission, form.cleaned_data["role"]))
    return redirect(_detail_url(submission, "documents"))


@login_required
@require_POST
def file_delete(request, pk: int):
    file = selectors.evidence_file_get(user=request.user, pk=pk)
    refusal = _refusal(lambda: services.evidence_file_delete(file=file, user=request.user))
    if request.htmx:
        return HttpResponse(refusal, status=422) if refusal else _evidence_changed(HttpResponse(""))
    if refusal:
        messages.error(request, refusal)
    else:
        messages.success(request, f"已删除 {file.original_name}（移入回收站，创文办可恢复）")
    return redirect(_detail_url(file.submission, "documents"))


@login_required
@require_POST
def file_role(request, pk: int):
    """Change one file's purpose (方案 → 总结, 照片 → 视频截图); htmx gets the saved state back."""
    file = selectors.evidence_file_get(user=request.user, pk=pk)
    form = FileRoleForm(request.POST)
    error = (_refusal(lambda: services.evidence_file_role_update(file=file, user=request.user,
                                                                 role=form.cleaned_data["role"]))
             if form.is_valid() else "请选择文件用途")
    if request.htmx:
        return _evidence_changed(render(request, "evidence/submission_detail.html#save_status",
                                        {"error": error, "saved": not error}))
    if error:
        messages.error(request, error)
    return redirect(_detail_url(file.submission, f"file-{file.pk}"))


@login_required
@require_POST
def photo_caption(request, pk: int):
    """Captions are saved as they are typed: htmx posts the card's fields after each pause and gets back
    the saved state and the card's missing-field line (the inputs stay as they are, focus included)."""
    file = selectors.evidence_file_get(user=request.user, pk=pk)
    submission = file.submission
    form = CaptionForm(request.POST, caption_fields=selectors.caption_fields_of(submission.task))
    if form.is_valid():
        error = _refusal(lambda: services.photos_caption_update(file=file, user=request.user,
                                                                captions=form.captions()))
    else:
        error = "每项注明不能超过200字"
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect(_detail_url(submission, f"photo-{file.pk}"))
    page = selectors.photo_cards_fragment(user=request.user, submission=submission, file_ids={file.pk})
    return _evidence_changed(render(request, "evidence/submission_detail.html#caption_saved", {
        "submission": submission, "page": page, "card": page.card(file.pk), "error": error, "saved": not error}))


@login_required
@require_POST
def captions_fill(request, pk: int):
    submission = selectors.submission_get(user=request.user, pk=pk)
    form = CaptionFillForm(request.POST, caption_fields=selectors.caption_fields_of(submission.task), prefix="fill")
    if not form.is_valid():
        messages.error(request, "每项注明不能超过200字")
        return redirect(_detail_url(submission, "photos"))
    try:
        changed = services.photos_caption_fill(submission=submission, user=request.user, captions=form.captions(),
                                               overwrite=form.cleaned_data["overwrite"])
    except EvidenceRejected as error:
        messages.error(request, error.message_zh)
    else:
        messages.success(request, f"已为 {changed} 张照片填写注明。" if changed else "没有需要填写的照片。")
    return redirect(_detail_url(submission, "photos"))


def _serve(stored, content_type: str, filename: str, *, as_attachment: bool) -> FileResponse:
    response = FileResponse(stored.open("rb"), content_type=content_type, as_attachment=as_attachment,
                            filename=filename)
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
def file_download(request, pk: int):
    """The original file, through the same scope check as the page; `?inline=1` shows it in the browser."""
    file = selectors.evidence_file_get(user=request.user, pk=pk)
    inline = request.GET.get("inline") == "1" and file.content_kind in INLINE_KINDS
    audit_record(action="download", obj=file)
    return _serve(file.file, CONTENT_TYPES.get(file.content_kind, "application/octet-stream"), file.original_name,
                  as_attachment=not inline)


@login_required
def file_thumbnail(request, pk: int):
    file = selectors.evidence_file_get(user=request.user, pk=pk)
    if not file.thumbnail:
        raise Http404("该文件没有缩略图")
    return _serve(file.thumbnail, "image/jpeg", f"缩略图-{file.original_name}.jpg", as_attachment=False)


# --- review -----------------------------------------------------------------------------------

@coordinator_required
def review_queue(request):
    framework = framework_current(request.user)
    form = ReviewFilterForm(request.GET or None, departments=departments_visible_to(request.user),
                            sections=sections_of(framework))
    filters = form.cleaned_data if form.is_valid() else {}
    # Only a chosen status (blank = all) replaces 待审核: a bare ?page=2 stays in the pending queue.
    status = filters.get("status", Submission.Status.PENDING) if "status" in request.GET else Submission.Status.PENDING
    page = selectors.review_queue(user=request.user, framework=framework, status=status,
                                  department=filters.get("department"), section=filters.get("section"),
                                  page_number=request.GET.get("page"))
    template = "evidence/review_queue.html#results" if request.htmx else "evidence/review_queue.html"
    return render(request, template, {"form": form, "page": page})


# --- requirements -----------------------------------------------------------------------------

def _requirements_page(request, task, *, add_form=None, edit_forms=None, status=200):
    requirements = list(task.requirements.all())
    edit_forms = edit_forms or {}
    rows = [(r, edit_forms.get(r.pk) or RequirementForm.for_requirement(r, prefix=f"r{r.pk}")) for r in requirements]
    return render(request, "evidence/requirements.html", {
        "task": task, "rows": rows, "unparsed": selectors.unparsed_sentences(task),
        "add_form": add_form or RequirementForm(prefix="new", initial={"hard": True}),
    }, status=status)


@coordinator_required
def requirement_list(request, task_pk: int):
    task = task_get(user=request.user, pk=task_pk)
    if request.method != "POST":
        return _requirements_page(request, task)
    form = RequirementForm(request.POST, prefix="new")
    if not form.is_valid():
        return _requirements_page(request, task, add_form=form, status=422)
    refusal = _refusal(lambda: services.requirement_create(task=task, user=request.user,
                                                           fields=form.requirement_fields()))
    if refusal:
        messages.error(request, refusal)
    else:
        messages.success(request, "已添加资料要求。")
    return redirect("evidence:requirement_list", task_pk=task.pk)


@coordinator_required
@require_POST
def requirement_edit(request, pk: int):
    requirement = selectors.requirement_get(user=request.user, pk=pk)
    form = RequirementForm(request.POST, prefix=f"r{requirement.pk}")
    if not form.is_valid():
        return _requirements_page(request, requirement.task, edit_forms={requirement.pk: form}, status=422)
    refusal = _refusal(lambda: services.requirement_update(requirement=requirement, user=request.user,
                                                           fields=form.requirement_fields()))
    if refusal:
        messages.error(request, refusal)
    else:
        messages.success(request, f"已保存“{requirement.get_kind_display()}”。")
    return redirect(reverse("evidence:requirement_list", args=[requirement.task_id]) + f"#req-{requirement.pk}")


@coordinator_required
@require_POST
def requirement_delete(request, pk: int):
    requirement = selectors.requirement_get(user=request.user, pk=pk)
    refusal = _refusal(lambda: services.requirement_delete(requirement=requirement, user=request.user))
    if refusal:
        messages.error(request, refusal)
    else:
        messages.success(request, f"已删除“{requirement.get_kind_display()}”；重新解析时也不会再加回。")
    return redirect("evidence:requirement_list", task_pk=requirement.task_id)


@coordinator_required
@require_POST
def requirements_resync(request, task_pk: int):
    task = task_get(user=request.user, pk=task_pk)
    discard = request.POST.get("discard_edits") == "1"
    refusal = rules.year_refusal(task)
    if refusal:
        messages.error(request, refusal)
        return redirect("evidence:requirement_list", task_pk=task.pk)
    services.task_rules_sync(task=task, discard_edits=discard)
    messages.success(request, "已恢复为从原文解析的结果。" if discard else "已重新解析原文（保留了人工修改）。")
    return redirect("evidence:requirement_list", task_pk=task.pk)


# --- recurrences ------------------------------------------------------------------------------

def _task_departments(task):
    return Department.objects.filter(responsibilities__task=task).order_by("order", "pk")


def _recurrences_page(request, task, *, add_form=None, edit_forms=None, status=200):
    departments = _task_departments(task)
    edit_forms = edit_forms or {}
    rows = [(r, edit_forms.get(r.pk) or RecurrenceForm.for_recurrence(r, prefix=f"c{r.pk}", departments=departments))
            for r in selectors.recurrences_of(task)]
    return render(request, "evidence/recurrences.html", {
        "task": task, "rows": rows,
        "add_form": add_form or RecurrenceForm(prefix="new", departments=departments),
    }, status=status)


@coordinator_required
def recurrence_list(request, task_pk: int):
    task = task_get(user=request.user, pk=task_pk)
    if request.method != "POST":
        return _recurrences_page(request, task)
    form = RecurrenceForm(request.POST, prefix="new", departments=_task_departments(task))
    if not form.is_valid():
        return _recurrences_page(request, task, add_form=form, status=422)
    services.recurrence_create(task=task, user=request.user, fields=form.recurrence_fields())
    messages.success(request, "已添加周期性任务。")
    return redirect("evidence:recurrence_list", task_pk=task.pk)


@coordinator_required
@require_POST
def recurrence_edit(request, pk: int):
    recurrence = selectors.recurrence_get(user=request.user, pk=pk)
    form = RecurrenceForm(request.POST, prefix=f"c{recurrence.pk}", departments=_task_departments(recurrence.task))
    if not form.is_valid():
        return _recurrences_page(request, recurrence.task, edit_forms={recurrence.pk: form}, status=422)
    services.recurrence_update(recurrence=recurrence, user=request.user, fields=form.recurrence_fields())
    messages.success(request, f"已保存“{recurrence.description}”。")
    return redirect(reverse("evidence:recurrence_list", args=[recurrence.task_id]) + f"#rec-{recurrence.pk}")


@coordinator_required
@require_POST
def recurrence_delete(request, pk: int):
    recurrence = selectors.recurrence_get(user=request.user, pk=pk)
    services.recurrence_delete(recurrence=recurrence, user=request.user)
    messages.success(request, "已删除这项周期性任务；重新解析时也不会再加回。")
    return redirect("evidence:recurrence_list", task_pk=recurrence.task_id)


@coordinator_required
@require_POST
def recurrences_resync(request, task_pk: int):
    task = task_get(user=request.user, pk=task_pk)
    discard = request.POST.get("discard_edits") == "1"
    services.task_rules_sync(task=task, discard_recurrence_edits=discard)
    messages.success(request, "已恢复为从原文解析的结果。" if discard else "已重新解析原文（保留了人工修改）。")
    return redirect("evidence:recurrence_list", task_pk=task.pk)


# --- recycle bin ------------------------------------------------------------------------------

@coordinator_required
def recycle_bin(request):
    return render(request, "evidence/recycle_bin.html", {"bin": selectors.recycle_bin(user=request.user)})


@coordinator_required
@require_POST
def submission_restore(request, pk: int):
    submission = selectors.binned_submission_get(user=request.user, pk=pk)
    refusal = _refusal(lambda: services.submission_restore(submission=submission, user=request.user))
    if refusal:
        messages.error(request, refusal)
        return redirect("evidence:recycle_bin")
    messages.success(request, f"已恢复“{submission.title}”。")
    return redirect("evidence:submission_detail", pk=submission.pk)


@coordinator_required
@require_POST
def file_restore(request, pk: int):
    file = selectors.binned_file_get(user=request.user, pk=pk)
    refusal = _refusal(lambda: services.evidence_file_restore(file=file, user=request.user))
    if refusal:
        messages.error(request, refusal)
    else:
        messages.success(request, f"已恢复 {file.original_name}。")
    return redirect("evidence:recycle_bin")
