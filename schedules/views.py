import urllib.parse
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from frameworks.models import Task
from frameworks.selectors import framework_current
from org.permissions import coordinator_required
from org.scoping import departments_visible_to
from schedules import ical, selectors, services
from schedules.forms import (
    AdoptionForm,
    InformationReportForm,
    MonthForm,
    MuteForm,
    ReminderSettingsForm,
    TodoFilterForm,
    WebhookForm,
)
from schedules.services import ScheduleRejected

WEEKDAYS = "一二三四五六日"


# --- to-do ------------------------------------------------------------------------------------

@login_required
def todo(request):
    departments = departments_visible_to(request.user)
    form = TodoFilterForm(request.GET or None, departments=departments)
    department = days = None
    if form.is_valid():
        department, days = form.cleaned_data["department"], form.cleaned_data["days"]
    page = selectors.todo_of(user=request.user, today=timezone.localdate(), department=department, horizon=days)
    return render(request, "schedules/todo.html", {"todo": page, "form": form,
                                                   "show_filters": request.user.sees_all_departments})


# --- periods ----------------------------------------------------------------------------------

@login_required
def task_periods(request, task_pk: int):
    """The row of period cells on a task's page (loaded into it by htmx)."""
    task = get_object_or_404(Task.objects.visible_to(request.user).select_related("section__framework"), pk=task_pk)
    duties = selectors.duties_visible_to(user=request.user, framework=task.section.framework,
                                         today=timezone.localdate(), task=task)
    return render(request, "schedules/_task_periods.html", {"task": task, "duties": duties})


@login_required
def period_detail(request, task_pk: int, recurrence_pk: int, department_pk: int, start: str):
    try:
        start_day = date.fromisoformat(start)
    except ValueError:
        raise Http404("日期格式不对") from None
    today = timezone.localdate()
    period = selectors.period_get(user=request.user, task_pk=task_pk, recurrence_pk=recurrence_pk,
                                  department_pk=department_pk, start=start_day, today=today)
    submissions, reports = selectors.period_items(user=request.user, period=period)
    slot = period.slot
    activity_day = today if slot.holds(today) else slot.start
    add_url = reverse("evidence:submission_create", args=[period.task.pk]) + "?" + urllib.parse.urlencode(
        {"department": period.department.pk, "activity_date": activity_day.isoformat()})
    return render(request, "schedules/period_detail.html", {
        "period": period, "task": period.task, "submissions": submissions, "reports": reports,
        "add_url": add_url, "today": today, "days_left": period.days_left(today)})


# --- calendar ---------------------------------------------------------------------------------

@login_required
def calendar_month(request):
    departments = departments_visible_to(request.user)
    form = MonthForm(request.GET or None, departments=departments)
    today = timezone.localdate()
    month, department = today.replace(day=1), None
    if form.is_valid():
        month = (form.cleaned_data["month"] or month).replace(day=1)
        department = form.cleaned_data["department"]
    periods, due_date = selectors.open_periods(user=request.user, today=today)
    if department is not None:
        periods = [p for p in periods if p.department.pk == department.pk]
    by_day: dict[date, list] = {}
    for period in sorted(periods, key=lambda p: (p.slot.due, p.department.order)):
        by_day.setdefault(period.slot.due, []).append(period)
    weeks = [[(day, by_day.get(day, [])) for day in week] for week in selectors.month_weeks(month)]
    # The phone's list by week keeps only the days with something due.
    week_list = [(week[0][0], week[-1][0], [(day, items) for day, items in week if items or day == due_date])
                 for week in weeks]
    previous_month = (month - timedelta(days=1)).replace(day=1)
    next_month = (month + timedelta(days=32)).replace(day=1)
    return render(request, "schedules/calendar.html", {
        "form": form, "month": month, "weeks": weeks, "week_list": week_list, "weekdays": WEEKDAYS, "today": today,
        "due_date": due_date, "department": department,
        "previous": previous_month.strftime("%Y-%m"), "next": next_month.strftime("%Y-%m"),
        "show_filters": request.user.sees_all_departments,
    })


@login_required
def calendar_feed(request):
    feed = selectors.calendar_feed_of(request.user)
    url = request.build_absolute_uri(reverse("schedules:calendar_ics", args=[feed.token])) if feed else ""
    return render(request, "schedules/calendar_feed.html", {"feed": feed, "feed_url": url})


@login_required
@require_POST
def calendar_feed_rotate(request):
    had_feed = selectors.calendar_feed_of(request.user) is not None
    services.calendar_feed_rotate(user=request.user)
    messages.success(request, "已生成新的订阅地址，旧地址已失效。" if had_feed else "已生成订阅地址。")
    return redirect("schedules:calendar_feed")


def calendar_ics(request, token: str):
    """The feed itself: no session (calendar apps have none); the secret token is the key."""
    user = selectors.calendar_feed_user(token)
    today = timezone.localdate()
    periods, due_date = selectors.open_periods(user=user, today=today)
    data = ical.feed_bytes(periods=periods, due_date=due_date, stamp=timezone.now(),
                           link_of=lambda period: request.build_absolute_uri(period.url))
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="chuangwen.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


# --- information reports ------------------------------------------------------------------------

@login_required
def report_list(request):
    departments = departments_visible_to(request.user)
    form = TodoFilterForm(request.GET or None, departments=departments)
    department = form.cleaned_data["department"] if form.is_valid() else None
    adopted = {"yes": True, "no": False}.get(request.GET.get("adopted", ""))
    framework = framework_current(request.user)
    year = framework.year if framework else None
    reports = selectors.information_reports_of(user=request.user, department=department, adopted=adopted, year=year)
    page = Paginator(reports, 30).get_page(request.GET.get("page"))
    return render(request, "schedules/report_list.html", {
        "page": page, "form": form, "adopted": request.GET.get("adopted", ""), "year": year,
        "summary": selectors.report_summary(reports), "show_filters": request.user.sees_all_departments})


@login_required
def report_create(request):
    framework = framework_current(request.user)
    tasks = selectors.report_tasks_for(request.user, framework)
    form = InformationReportForm(request.POST or None, tasks=tasks, departments=departments_visible_to(request.user),
                                 initial={"sent_on": timezone.localdate(), **request.GET.dict()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.information_report_create(user=request.user, task=data["task"], department=data["department"],
                                               title=data["title"], sent_on=data["sent_on"], channel=data["channel"],
                                               link=data["link"])
        except ScheduleRejected as error:
            form.add_error(None, error.message_zh)
        else:
            messages.success(request, f"已登记信息“{data['title']}”。被采用后请在列表中点“登记采用”。")
            return redirect("schedules:report_list")
    return render(request, "schedules/report_form.html", {"form": form, "framework": framework})


@login_required
def report_adopt(request, pk: int):
    report = selectors.information_report_get(user=request.user, pk=pk)
    form = AdoptionForm(request.POST or None, request.FILES or None, sent_on=report.sent_on,
                        has_screenshot=bool(report.adopted_screenshot), initial={"adopted_on": report.adopted_on or timezone.localdate(),
                                 "adopted_where": report.adopted_where or report.channel,
                                 "adopted_link": report.adopted_link})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.information_report_adopt(user=request.user, report=report, adopted_on=data["adopted_on"],
                                              adopted_where=data["adopted_where"], adopted_link=data["adopted_link"],
                                              screenshot=data["adopted_screenshot"])
        except ScheduleRejected as error:
            form.add_error(None, error.message_zh)
        else:
            messages.success(request, f"已登记“{report.title}”被采用，计入被采用条数。")
            return redirect("schedules:report_list")
    return render(request, "schedules/report_adopt.html", {"form": form, "report": report})


def _report_action(request, pk: int, action, done: str):
    """Load the report through the user's scope, run the service, say how it went, back to the log."""
    report = selectors.information_report_get(user=request.user, pk=pk)
    try:
        action(user=request.user, report=report)
    except ScheduleRejected as error:
        messages.error(request, error.message_zh)
    else:
        messages.success(request, done.format(title=report.title))
    return redirect("schedules:report_list")


@login_required
@require_POST
def report_unadopt(request, pk: int):
    return _report_action(request, pk, services.information_report_unadopt, "已撤销“{title}”的采用记录。")


@login_required
@require_POST
def report_delete(request, pk: int):
    return _report_action(request, pk, services.information_report_delete, "已删除“{title}”。")


SCREENSHOT_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp",
                    ".pdf": "application/pdf"}


@login_required
def report_screenshot(request, pk: int):
    report = selectors.information_report_get(user=request.user, pk=pk)
    if not report.adopted_screenshot:
        raise Http404("没有采用截图")
    name = report.adopted_screenshot.name
    content_type = SCREENSHOT_TYPES.get(name[name.rfind("."):].lower(), "application/octet-stream")
    return FileResponse(report.adopted_screenshot.open("rb"), content_type=content_type)


# --- notifications ------------------------------------------------------------------------------

@login_required
def notification_list(request):
    page = Paginator(selectors.notifications_of(request.user), 30).get_page(request.GET.get("page"))
    mute_form = MuteForm(initial={"muted": sorted(selectors.muted_channels_of(request.user))})
    return render(request, "schedules/notifications.html", {"page": page, "mute_form": mute_form})


@login_required
@require_POST
def notifications_read(request):
    pk = request.POST.get("pk")
    services.notifications_mark_read(user=request.user, pk=int(pk) if pk and pk.isdigit() else None)
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("schedules:notifications")


@login_required
@require_POST
def channel_mutes(request):
    form = MuteForm(request.POST)
    if form.is_valid():
        services.channel_mutes_set(user=request.user, muted=set(form.cleaned_data["muted"]))
        messages.success(request, "提醒渠道设置已保存。")
    else:
        messages.error(request, "无法识别的提醒渠道。")
    return redirect("schedules:notifications")


# --- 创文办: reminder settings, robots, failed deliveries --------------------------------------

def _settings_page(request, *, settings_form=None, webhook_form=None, status=200):
    user = request.user
    current = selectors.reminder_settings_of(user.organisation_id)
    troubles = Paginator(selectors.deliveries_in_trouble(user.organisation_id), 30).get_page(request.GET.get("page"))
    return render(request, "schedules/settings.html", {
        "settings_form": settings_form or ReminderSettingsForm(instance=current),
        "webhook_form": webhook_form or WebhookForm(departments=departments_visible_to(user)),
        "webhooks": selectors.webhooks_of(user.organisation_id), "troubles": troubles,
    }, status=status)


@coordinator_required
def reminder_settings(request):
    if request.method != "POST":
        return _settings_page(request)
    form = ReminderSettingsForm(request.POST)
    if form.is_valid():
        try:
            services.reminder_settings_update(user=request.user, **form.cleaned_data)
        except ScheduleRejected as error:
            form.add_error(None, error.message_zh)
        else:
            messages.success(request, "提醒设置已保存。")
            return redirect("schedules:settings")
    return _settings_page(request, settings_form=form, status=400)


@coordinator_required
@require_POST
def webhook_create(request):
    form = WebhookForm(request.POST, departments=departments_visible_to(request.user))
    if form.is_valid():
        try:
            webhook = services.webhook_create(user=request.user, **form.cleaned_data)
        except ScheduleRejected as error:
            form.add_error(None, error.message_zh)
        else:
            messages.success(request, f"已添加群机器人“{webhook.name}”，可点“测试发送”检查是否配置正确。")
            return redirect("schedules:settings")
    return _settings_page(request, webhook_form=form, status=400)


@coordinator_required
@require_POST
def webhook_delete(request, pk: int):
    webhook = selectors.webhook_get(user=request.user, pk=pk)
    services.webhook_delete(user=request.user, webhook=webhook)
    messages.success(request, f"已删除群机器人“{webhook.name}”。")
    return redirect("schedules:settings")


@coordinator_required
@require_POST
def webhook_test(request, pk: int):
    webhook = selectors.webhook_get(user=request.user, pk=pk)
    try:
        services.webhook_test_send(user=request.user, webhook=webhook)
    except ScheduleRejected as error:
        messages.error(request, f"“{webhook.name}”测试发送失败：{error.message_zh}")
    else:
        messages.success(request, f"已向“{webhook.name}”发送测试消息，请到群里查看。")
    return redirect("schedules:settings")


@coordinator_required
@require_POST
def delivery_retry(request, pk: int):
    delivery = selectors.delivery_get(user=request.user, pk=pk)
    services.delivery_retry(user=request.user, delivery=delivery, now=timezone.now())
    messages.success(request, "已重新排队，下次提醒运行时发送。")
    return redirect("schedules:settings")
