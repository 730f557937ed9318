from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from exports import selectors, services
from exports.forms import ExportForm
from exports.models import ExportJob
from frameworks.selectors import framework_current

JOBS_SHOWN = 20


@login_required
def export_page(request):
    framework = framework_current(request.user)
    if framework is None:
        return render(request, "exports/index.html", {})
    groups = selectors.scope_choices(user=request.user, framework=framework)
    form = ExportForm(request.POST or None, scope_groups=groups)
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
    if selectors.job_expired(job):
        return render(request, "exports/expired.html", {"job": job}, status=410)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404("文件尚未生成")
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)
