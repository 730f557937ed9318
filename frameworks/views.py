from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from evidence import selectors as evidence_selectors
from evidence.selectors import task_progress_map
from frameworks import selectors, services
from frameworks.forms import ColumnMappingForm, DepartmentAliasForm, ImportUploadForm, SemesterForm, TaskFilterForm
from frameworks.models import ImportBatch
from org.permissions import coordinator_required
from org.models import Department
from org.scoping import departments_visible_to, restrict
from org.services import department_alias_set


@login_required
def task_list(request):
    framework = selectors.framework_current(request.user)
    departments = departments_visible_to(request.user)
    form = TaskFilterForm(request.GET or None, sections=selectors.sections_of(framework),
                          categories=selectors.categories_of(framework), departments=departments)
    filters = form.cleaned_data if form.is_valid() else {}
    tasks = selectors.task_list(
        user=request.user, framework=framework, section=filters.get("section"),
        category=filters.get("category", ""), department=filters.get("department"), text=filters.get("q", ""),
    )
    page = Paginator(tasks, 50).get_page(request.GET.get("page"))
    progress = task_progress_map((task.pk for task in page), user=request.user)
    for task in page:
        task.progress = progress[task.pk]
    template = "frameworks/task_list.html#results" if request.htmx else "frameworks/task_list.html"
    return render(request, template, {"framework": framework, "form": form, "page": page})


@login_required
def task_detail(request, pk: int):
    task = selectors.task_get(user=request.user, pk=pk)
    responsibilities = task.responsibilities.select_related("department")
    evidence = evidence_selectors.task_evidence(user=request.user, task=task, page_number=request.GET.get("page"))
    return render(request, "frameworks/task_detail.html",
                  {"task": task, "responsibilities": responsibilities, "evidence": evidence})


@login_required
def department_list(request):
    departments = departments_visible_to(request.user).prefetch_related("aliases")
    return render(request, "frameworks/department_list.html", {"departments": departments})


@login_required
def department_detail(request, pk: int):
    department = get_object_or_404(departments_visible_to(request.user), pk=pk)
    framework = selectors.framework_current(request.user)
    tasks = selectors.task_list(user=request.user, framework=framework, department=department)
    alias_form = DepartmentAliasForm(initial={"aliases": "、".join(department.aliases.values_list("alias", flat=True))})
    return render(request, "frameworks/department_detail.html",
                  {"department": department, "tasks": tasks, "alias_form": alias_form})


@coordinator_required
@require_POST
def department_aliases(request, pk: int):
    department = get_object_or_404(restrict(Department.objects.all(), request.user, "manage"), pk=pk)
    form = DepartmentAliasForm(request.POST)
    if form.is_valid():
        try:
            department_alias_set(department=department, aliases=form.cleaned_aliases())
            messages.success(request, "别名已保存；重新导入分解表时将按新别名归并科室。")
        except ValueError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, "别名格式不正确")
    return redirect("frameworks:department_detail", pk=department.pk)


_SESSION_IMPORTS = "import_parse_tasks"  # batch pk → task id, to explain a refusal after the batch is gone


@coordinator_required
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.import_batch_create(organisation=request.user.organisation, user=request.user,
                                                 upload=form.cleaned_data["file"], year=form.cleaned_data["year"])
        except services.ImportFailed as error:
            form.add_error("file", str(error))
        else:
            request.session[_SESSION_IMPORTS] = {**request.session.get(_SESSION_IMPORTS, {}),
                                                 str(batch.pk): batch.parse_task_id}
            return redirect("frameworks:import_preview", pk=batch.pk)
    recent = selectors.import_batches_of(user=request.user)[:10]
    return render(request, "frameworks/import_upload.html", {"form": form, "recent": recent})


def _refused_page(request, pk: int):
    """A batch the worker refused is gone; its uploader still reads why."""
    task_id = request.session.get(_SESSION_IMPORTS, {}).get(str(pk))
    message = services.import_batch_refusal(task_id=task_id) if task_id else ""
    if not message:
        raise Http404("没有这个导入")
    return render(request, "frameworks/import_preview.html", {"error": message})


@coordinator_required
def import_preview(request, pk: int):
    batch = selectors.import_batch_find(user=request.user, pk=pk)
    if batch is None:
        return _refused_page(request, pk)
    if batch.status == ImportBatch.Status.PARSING:
        return render(request, "frameworks/import_preview.html",
                      {"batch": batch, "stale": services.import_batch_is_stale(batch)})
    return _preview_page(request, batch)


def _preview_page(request, batch, *, retire_prompt: int = 0, columns_form=None, make_current: bool = False):
    preview = services.batch_preview(batch=batch)
    columns_form = columns_form or ColumnMappingForm(headers=preview.parsed.headers)
    current = next((f for f in selectors.frameworks_of(request.user) if f.is_current), None)
    return render(request, "frameworks/import_preview.html", {
        "batch": batch, "preview": preview, "columns_form": columns_form, "retire_prompt": retire_prompt,
        "current": current, "make_current": make_current})


@coordinator_required
def import_status(request, pk: int):
    """Polled by the page while the worker parses: progress, or a reload once there is an answer."""
    batch = selectors.import_batch_find(user=request.user, pk=pk)
    if batch is None and str(pk) not in request.session.get(_SESSION_IMPORTS, {}):
        raise Http404("没有这个导入")
    if batch is None or batch.status != ImportBatch.Status.PARSING:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "frameworks/import_preview.html#parsing",
                  {"batch": batch, "stale": services.import_batch_is_stale(batch)})


@coordinator_required
@require_POST
def import_columns(request, pk: int):
    """The coordinator corrects what columns mean; the table is parsed again at once."""
    batch = selectors.import_batch_get(user=request.user, pk=pk)
    if batch.status == ImportBatch.Status.IMPORTED:
        messages.info(request, "该文件已经导入过了。")
        return redirect("frameworks:import_preview", pk=batch.pk)
    if batch.status == ImportBatch.Status.PARSING:
        if services.import_batch_is_stale(batch):
            services.import_batch_reparse(batch=batch, corrections=batch.corrections)
        return redirect("frameworks:import_preview", pk=batch.pk)
    form = ColumnMappingForm(request.POST, headers=services.batch_preview(batch=batch).parsed.headers)
    if not form.is_valid():
        return _preview_page(request, batch, columns_form=form)
    services.import_batch_reparse(batch=batch, corrections={**batch.corrections, **form.corrections()})
    return redirect("frameworks:import_preview", pk=batch.pk)


@coordinator_required
@require_POST
def import_confirm(request, pk: int):
    batch = selectors.import_batch_get(user=request.user, pk=pk)
    if batch.status == ImportBatch.Status.IMPORTED:
        messages.info(request, "该文件已经导入过了。")
        return redirect("frameworks:task_list")
    make_current = request.POST.get("make_current") == "1"
    try:
        result = services.import_batch_confirm(batch=batch, user=request.user,
                                               retire_confirmed=request.POST.get("retire") == "confirmed",
                                               make_current=make_current)
    except services.RetireNotConfirmed as refusal:
        return _preview_page(request, batch, retire_prompt=refusal.count, make_current=make_current)
    except services.ImportFailed as error:
        messages.error(request, f"导入失败：{error}")
        return redirect("frameworks:import_preview", pk=batch.pk)
    messages.success(request, f"导入完成：新增 {result.created} 项，更新 {result.updated} 项"
                              + (f"，{result.retired} 项已不在新表中（保留其资料）" if result.retired else "") + "。")
    for warning in result.warnings:
        messages.warning(request, warning)
    return redirect("frameworks:task_list")


# --- the working year -------------------------------------------------------------------------

@login_required
@require_POST
def year_switch(request):
    """Everyone picks the year they look at; it is remembered on their account."""
    year = request.POST.get("year", "")
    try:
        services.working_year_choose(user=request.user, year=int(year) if year.isdigit() else None)
    except services.YearRefused as error:
        messages.error(request, str(error))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        back = "home"
    return redirect(back)


@login_required
def year_list(request):
    frameworks = selectors.frameworks_of(request.user)
    rows = [(f, SemesterForm.for_framework(f)) for f in frameworks]
    return render(request, "frameworks/year_list.html", {"frameworks": frameworks, "rows": rows})


@coordinator_required
@require_POST
def year_semesters(request, year: int):
    framework = selectors.framework_get(user=request.user, year=year)
    form = SemesterForm(request.POST, prefix=f"y{framework.year}")
    if not form.is_valid():
        messages.error(request, "；".join(form.non_field_errors()) or "请填写正确的日期")
        return redirect("frameworks:year_list")
    return _year_action(request, year, lambda f: services.framework_semesters_set(
        framework=f, user=request.user, terms=form.cleaned_data["terms"]), "{year} 年度的学期起止日期已保存。")


def _year_action(request, year: int, action, done: str):
    framework = selectors.framework_get(user=request.user, year=year)
    try:
        action(framework)
    except services.YearRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done.format(year=framework.year))
    return redirect("frameworks:year_list")


@coordinator_required
@require_POST
def year_set_current(request, year: int):
    return _year_action(request, year, lambda f: services.framework_set_current(framework=f, user=request.user),
                        "{year} 年度已设为当前工作年度，其他年度只读。")


@coordinator_required
@require_POST
def year_reopen(request, year: int):
    reopened = request.POST.get("reopened") == "1"
    return _year_action(request, year, lambda f: services.framework_reopen(framework=f, user=request.user,
                                                                           reopened=reopened),
                        "{year} 年度已重新开放，可补充修改。" if reopened else "{year} 年度已关闭，只能查看。")


@coordinator_required
def year_delete(request, year: int):
    framework = selectors.framework_get(user=request.user, year=year)
    error = ""
    if request.method == "POST":
        try:
            services.framework_delete(framework=framework, user=request.user,
                                      typed_year=request.POST.get("confirm_year", ""))
        except services.YearRefused as refused:
            error = str(refused)
        else:
            messages.success(request, f"{year} 年度的分解表及其全部资料、评分已删除。")
            return redirect("frameworks:year_list")
    counts = selectors.framework_contents(framework=framework)
    return render(request, "frameworks/year_delete.html", {"framework": framework, "counts": counts,
                                                           "error": error}, status=422 if error else 200)
