from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render

from audit.services import audit_record
from exports import selectors, services
from exports.declaration_forms import DeclarationItemForm, DeclarationPhotosForm
from exports.forms import ExportForm
from exports.models import ExportJob
from frameworks.models import Task
from frameworks.selectors import framework_current
from org.permissions import coordinator_required

JOBS_SHOWN = 20


@login_required
def export_page(request):
    framework = framework_current(request.user)
    if framework is None:
        return render(request, "exports/index.html", {})
    groups = selectors.scope_choices(user=request.user, framework=framework)
    # GET never writes: ?kind= (the 导出 Excel buttons) only preselects the kind.
    form = ExportForm(request.POST or None, initial={"kind": request.GET.get("kind")}, scope_groups=groups,
                      whole_unit=request.user.sees_all_departments)
    if request.method == "POST":
        if form.is_valid():
            scope, scope_id = form.cleaned_data["scope"]
            try:
                services.export_job_create(
                    user=request.user, framework=framework, kind=form.cleaned_data["kind"], scope=scope,
                    scope_id=scope_id, statuses=form.cleaned_data["statuses"],
                    photos_per_page=form.cleaned_data["photos_per_page"])
            except services.ExportRefused as refused:
                messages.error(request, str(refused))
            else:
                messages.success(request, "已加入后台生成队列，完成后可在下方下载。")
                return redirect("exports:index")
    jobs = selectors.jobs_visible_to(request.user)[:JOBS_SHOWN]
    return render(request, "exports/index.html", {"framework": framework, "form": form, "jobs": jobs})


@login_required
def export_job_status(request, pk: int):
    """Polled by htmx while the job runs; the finished row stops the polling."""
    return render(request, "exports/index.html#job", {"job": selectors.job_get(user=request.user, pk=pk)})


@login_required
def export_download(request, pk: int):
    job = selectors.job_get(user=request.user, pk=pk)
    if job.is_expired:
        return render(request, "exports/expired.html", {"job": job}, status=410)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404("文件尚未生成")
    audit_record(action="download", obj=job, actor=request.user, details={"file": job.filename})
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)


@coordinator_required
def declaration_items(request):
    """The 网上申报 items: the 网上申报 section's tasks and those the coordinator adds, in table order
    unless moved."""
    framework = framework_current(request.user)
    if request.method == "POST":
        tasks = Task.objects.visible_to(request.user).current().filter(section__framework=framework)
        form = DeclarationItemForm(request.POST, tasks=tasks)
        if not form.is_valid():
            if "task" in form.errors:  # not a task of this table the user sees, or not an id at all
                raise Http404("没有这个任务")
            messages.error(request, "不支持的操作")
            return redirect("exports:declaration")
        task, action = form.cleaned_data["task"], form.cleaned_data["action"]
        try:
            if action in ("up", "down"):
                services.declaration_item_move(framework=framework, task=task, user=request.user, up=action == "up")
            else:
                services.declaration_item_set(task=task, user=request.user, included=action == "include")
        except services.ExportRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"已{DeclarationItemForm.ACTIONS[action]}网上申报项目：{task.ref}")
        return redirect("exports:declaration")
    items = list(selectors.declaration_tasks(user=request.user, framework=framework)) if framework else []
    chosen = {t.pk for t in items}
    others = [t for t in Task.objects.visible_to(request.user).current().filter(section__framework=framework)
              .only("pk", "ref", "text").order_by("section__order", "order") if t.pk not in chosen]
    return render(request, "exports/declaration.html", {"framework": framework, "items": items, "others": others})


@coordinator_required
def declaration_photos(request, pk: int):
    task = get_object_or_404(Task.objects.visible_to(request.user).select_related("section"), pk=pk)
    if request.method == "POST":
        photo_ids = [p.pk for p in selectors.declaration_photo_choices(task=task, user=request.user)]
        form = DeclarationPhotosForm(request.POST, photo_ids=photo_ids)
        if not form.is_valid():
            messages.error(request, form.first_error())
        else:
            try:
                services.declaration_photos_set(task=task, user=request.user, order=form.order(),
                                                excluded=form.excluded())
            except services.ExportRefused as refused:
                messages.error(request, str(refused))
            else:
                messages.success(request, "照片顺序与取舍已保存。")
                return redirect("exports:declaration_photos", pk=task.pk)
    return render(request, "exports/declaration_photos.html", {
        "task": task, "page": selectors.declaration_photo_page(task=task, user=request.user)})
