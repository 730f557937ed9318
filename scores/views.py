from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from frameworks.selectors import framework_current, sections_of
from org.models import User
from org.permissions import coordinator_required, whole_unit_required
from scores import selectors, services
from scores.forms import DeadlineForm, OfficialScoreForm, SelfScoreForm
from scores.models import TaskScore


@whole_unit_required
def dashboard(request):
    framework = framework_current(request.user)
    if framework is None:
        return render(request, "scores/dashboard.html", {})
    today = timezone.localdate()
    scores = selectors.framework_scores(framework=framework, today=today, user=request.user)
    # The stored days (the daily snapshot_scores command), then today computed live and not stored:
    # GET never writes, and the last point always matches the headline.
    trend = [*selectors.snapshot_trend(framework=framework, today=today - timedelta(days=1)),
             selectors.snapshot_of(scores)]
    return render(request, "scores/dashboard.html", {
        "framework": framework, "scores": scores,
        "chart_data": selectors.dashboard_chart_data(scores=scores, trend=trend),
    })


@login_required
def score_list(request):
    """Every visible task's points with projected, self-assessed and official scores side by side."""
    framework = framework_current(request.user)
    if framework is None:
        return render(request, "scores/score_list.html", {})
    sections = list(sections_of(framework))
    section = next((s for s in sections if str(s.pk) == request.GET.get("section")), None)
    scores = selectors.framework_scores(framework=framework, today=timezone.localdate(), user=request.user,
                                        section=section)
    return render(request, "scores/score_list.html", {
        "framework": framework, "scores": scores, "sections": sections, "section": section,
        "deadline_form": DeadlineForm(initial={"due_date": scores.due_date}),
    })


@coordinator_required
def task_score_edit(request, pk: int):
    """Two forms on one page: the self-assessed score with its reason, and the official score."""
    task = selectors.task_score_target(user=request.user, pk=pk)
    entered = getattr(task, "score", None) or TaskScore(task=task)
    forms = {
        "self": SelfScoreForm(initial={"self_score": entered.self_score, "self_reason": entered.self_reason}),
        "official": OfficialScoreForm(initial={"official_score": entered.official_score}),
    }
    if request.method == "POST":
        which = "official" if request.POST.get("which") == "official" else "self"
        form = forms[which] = type(forms[which])(request.POST)
        if form.is_valid():
            try:
                _score_save(which, task=task, data=form.cleaned_data, user=request.user)
            except ValidationError as error:
                form.add_error(None, error)  # keyed by model field, which the form fields mirror
            else:
                messages.success(request, f"已保存 {task.section.name} {task.ref} 的评分。")
                list_url = reverse("scores:score_list")
                return redirect(f"{list_url}?section={task.section_id}#task-{task.pk}")
    return render(request, "scores/task_score_form.html",
                  {"task": task, "self_form": forms["self"], "official_form": forms["official"]})


def _score_save(which: str, *, task, data: dict, user: User) -> None:
    if which == "official":
        services.task_score_set_official(task=task, score=data["official_score"], user=user)
    else:
        services.task_score_set_self(task=task, score=data["self_score"], reason=data["self_reason"], user=user)


@coordinator_required
@require_POST
def deadline_set(request):
    framework = framework_current(request.user)
    if framework is None:
        raise Http404("还没有导入任务分解表")
    form = DeadlineForm(request.POST)
    if form.is_valid():
        services.assessment_deadline_set(framework=framework, due_date=form.cleaned_data["due_date"],
                                         user=request.user)
        messages.success(request, f"资料截止日期已设为 {form.cleaned_data['due_date']:%Y-%m-%d}。")
    else:
        messages.error(request, "日期格式不正确")
    return redirect("scores:score_list")
