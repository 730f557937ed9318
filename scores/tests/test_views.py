import json
from datetime import timedelta
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from scores.models import ExportJob, ScoreSnapshot, TaskScore
from scores.tests.factories import SubmissionFactory, grow_table
from tests.factories import FrameworkFactory, SectionFactory, UserFactory
from tests.queries import writes


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def page(client, user, name, *args, **params):
    client.force_login(user)
    return client.get(reverse(name, args=args), params)


# --- permissions --------------------------------------------------------------------------

@pytest.mark.parametrize("persona", ["coordinator", "leader", "inspector"])
def test_dashboard_is_for_the_unit_wide_roles(client, world, persona):
    response = page(client, getattr(world, persona), "scores:dashboard")
    assert response.status_code == 200
    assert "预计得分" in response.content.decode()


@pytest.mark.parametrize("name", ["scores:dashboard", "scores:export"])
def test_clerks_are_refused_the_unit_wide_pages(client, world, name):
    assert page(client, world.clerk_a, name).status_code == 403


def test_clerks_cannot_download_the_whole_units_export(client, world):
    job = ExportJob.objects.create(framework=world.section.framework, created_by=world.coordinator)
    assert page(client, world.clerk_a, "scores:export_download", job.pk).status_code == 403


def test_home_sends_leaders_to_the_dashboard(client, world):
    client.force_login(world.leader)
    assert client.get(reverse("home")).url == reverse("scores:dashboard")


def test_another_organisation_sees_an_empty_dashboard_and_none_of_our_jobs(client, world):
    outsider = UserFactory(role="coordinator")
    job = ExportJob.objects.create(framework=world.section.framework, created_by=world.coordinator)
    body = page(client, outsider, "scores:dashboard").content.decode()
    assert "还没有导入任务分解表" in body and world.task_a.text not in body
    assert world.task_a.text not in page(client, outsider, "scores:score_list").content.decode()
    assert page(client, outsider, "scores:export_job", job.pk).status_code == 404
    assert page(client, outsider, "scores:export_download", job.pk).status_code == 404
    assert page(client, outsider, "scores:task_score_edit", world.task_a.pk).status_code == 404


def test_a_clerk_sees_their_own_tasks_scores_but_cannot_set_them(client, world):
    body = page(client, world.clerk_a, "scores:score_list").content.decode()
    assert world.task_a.text in body and world.task_b.text not in body
    assert "评分</a>" not in body
    assert page(client, world.clerk_a, "scores:task_score_edit", world.task_a.pk).status_code == 403


def test_empty_states_without_a_table(client, db):
    coordinator = UserFactory(role="coordinator")
    for name in ("scores:dashboard", "scores:score_list", "scores:export"):
        body = page(client, coordinator, name).content.decode()
        assert "还没有导入任务分解表" in body and "导入任务分解表" in body


# --- dashboard ----------------------------------------------------------------------------

def test_dashboard_shows_scores_risks_ranking_and_chart_data(client, world):
    SubmissionFactory(task=world.task_a, department=world.department_a, created_by=world.clerk_a, approved=True)
    SubmissionFactory(task=world.task_b, department=world.department_b, created_by=world.clerk_b, returned=True)
    TaskScore.objects.create(task=world.task_a, self_score=Decimal("1.5"), self_reason="照片略少")
    response = page(client, world.leader, "scores:dashboard")
    body = response.content.decode()
    assert "2<span" in body and "/ 6 分" in body  # projected out of the table's points
    assert "自评分 <strong class=\"text-body\">1.5</strong>（1/3 项）" in body
    assert world.task_shared.text[:20] in body  # not started: on the risk list
    assert 'src="/static/vendor/echarts/echarts.min.js" nonce=' in body
    data = response.context["chart_data"]
    assert [row["name"] for row in data["sections"]] == ["共性任务"]
    assert [row["name"] for row in data["departments"]] == ["行财科", "人事科"]  # ranking order
    assert data["trend"][-1] == {"day": timezone.localdate().isoformat(), "projected": 2.0, "completion": 33.3}
    assert json.loads(body.split('id="dashboard-data" type="application/json">')[1].split("</script>")[0]) == data


def test_dashboard_views_write_nothing_and_end_the_trend_with_todays_live_figures(client, world):
    framework = world.section.framework
    today = timezone.localdate()
    yesterday = ScoreSnapshot.objects.create(framework=framework, day=today - timedelta(days=1), points=6,
                                             projected=1, completion=10.0)
    ScoreSnapshot.objects.create(framework=framework, day=today, points=6, projected=5, completion=90.0)  # stale
    client.force_login(world.leader)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("scores:dashboard"))
    assert writes(queries) == []  # the session renewal of the idle timeout aside
    assert [point["day"] for point in response.context["chart_data"]["trend"]] == [
        yesterday.day.isoformat(), today.isoformat()]
    assert response.context["chart_data"]["trend"][-1]["projected"] == 0.0  # computed now, not the stored 5
    assert ScoreSnapshot.objects.count() == 2


def test_snapshot_command_records_each_organisations_current_table(world):
    old = FrameworkFactory(organisation=world.organisation, year=2025)
    call_command("snapshot_scores", stdout=StringIO())
    assert list(ScoreSnapshot.objects.values_list("framework", flat=True)) == [world.section.framework.pk]
    assert not ScoreSnapshot.objects.filter(framework=old).exists()


# --- query budget -------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["scores:dashboard", "scores:score_list", "scores:export"])
def test_pages_use_a_constant_number_of_queries(client, world, django_assert_num_queries, name):
    client.force_login(world.coordinator)
    url = reverse(name)
    departments = [world.department_a, world.department_b]
    grow_table(section=world.section, departments=departments, user=world.clerk_a, size=2)
    ExportJob.objects.create(framework=world.section.framework, created_by=world.coordinator)
    client.get(url)  # warm-up: the session and per-request caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200

    other_section = SectionFactory(framework=world.section.framework, name="个性任务")
    grow_table(section=world.section, departments=departments, user=world.clerk_a, size=20)
    grow_table(section=other_section, departments=departments[::-1], user=world.clerk_b, size=20)
    for _ in range(5):
        ExportJob.objects.create(framework=world.section.framework, created_by=world.leader)
    with django_assert_num_queries(len(small)):
        assert client.get(url).status_code == 200


# --- score list and entering scores -----------------------------------------------------------

def test_score_list_shows_points_projected_self_and_official_side_by_side(client, world):
    SubmissionFactory(task=world.task_a, department=world.department_a, created_by=world.clerk_a, approved=True)
    TaskScore.objects.create(task=world.task_a, self_score=Decimal("1.5"), self_reason="照片略少",
                             official_score=Decimal("1.75"))
    body = page(client, world.coordinator, "scores:score_list").content.decode()
    row = body.split(f'id="task-{world.task_a.pk}"')[1].split("</tr>")[0]
    assert ">2</td>" in row and ">1.5</span>" in row and ">1.75</td>" in row and "已达标" in row
    filtered = page(client, world.coordinator, "scores:score_list", section=world.section.pk)
    assert filtered.context["section"] == world.section


def test_coordinator_sets_self_and_official_scores(client, world):
    client.force_login(world.coordinator)
    url = reverse("scores:task_score_edit", args=[world.task_a.pk])
    response = client.post(url, {"which": "self", "self_score": "1.5", "self_reason": "照片少一张"})
    assert response.status_code == 302 and f"#task-{world.task_a.pk}" in response.url
    client.post(url, {"which": "official", "official_score": "2"})
    record = TaskScore.objects.get(task=world.task_a)
    assert (record.self_score, record.self_reason, record.official_score) == (Decimal("1.5"), "照片少一张", 2)
    assert record.self_by == record.official_by == world.coordinator


@pytest.mark.parametrize("data, message", [
    ({"which": "self", "self_score": "3", "self_reason": "x"}, "得分应在 0 到 2 分之间"),
    ({"which": "self", "self_score": "1", "self_reason": ""}, "请填写自评理由"),
    ({"which": "official", "official_score": "-1"}, "确保该值大于或等于0"),
])
def test_invalid_scores_are_explained_on_the_form(client, world, data, message):
    client.force_login(world.coordinator)
    response = client.post(reverse("scores:task_score_edit", args=[world.task_a.pk]), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not TaskScore.objects.filter(task=world.task_a).exclude(self_score=None).exists()


def test_coordinator_sets_the_deadline(client, world):
    client.force_login(world.coordinator)
    client.post(reverse("scores:deadline_set"), {"due_date": "2026-10-31"})
    assert world.section.framework.assessment_deadline.due_date.isoformat() == "2026-10-31"
    client.force_login(world.leader)
    assert client.post(reverse("scores:deadline_set"), {"due_date": "2026-09-01"}).status_code == 403


# --- export -------------------------------------------------------------------------------

def test_export_builds_a_printable_workbook_and_downloads_it(client, world):
    second = TaskScore.objects.create(task=world.task_b, official_score=Decimal("2"))
    SubmissionFactory(task=world.task_a, department=world.department_a, created_by=world.clerk_a, approved=True)
    client.force_login(world.leader)
    response = client.post(reverse("scores:export"), headers={"HX-Request": "true"})
    assert response.status_code == 200 and "<html" not in response.content.decode()
    job = ExportJob.objects.get()
    assert (job.status, job.progress, job.created_by) == (ExportJob.Status.DONE, 100, world.leader)
    assert reverse("scores:export_download", args=[job.pk]) in response.content.decode()
    assert 'hx-trigger="every 1s"' not in response.content.decode()  # finished: polling stops

    download = client.get(reverse("scores:export_download", args=[job.pk]))
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    workbook = load_workbook(BytesIO(b"".join(download.streaming_content)))
    assert workbook.sheetnames == ["共性任务"]
    ws = workbook["共性任务"]
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$3:$3"
    assert [c.value for c in ws[3]] == ["考核项目", "考核实施细则", "分值", "责任科室", "状态", "资料完成情况",
                                        "预计得分", "自评分", "实际得分", "逾期"]
    assert "A4:A6" in {str(r) for r in ws.merged_cells.ranges}  # the three 组织领导 rows
    assert ws["B4"].alignment.wrap_text and ws["F5"].alignment.wrap_text
    rows = {ws.cell(r, 2).value: [c.value for c in ws[r]] for r in range(4, 7)}
    assert rows[world.task_a.text][2:] == [2, "行财科", "已达标", "已通过1", 2, None, None, None]
    assert rows[world.task_b.text][8] == second.official_score
    assert ws["A7"].value == "合计" and ws["C7"].value == 6 and ws["G7"].value == 2


def test_queued_job_polls_and_failed_job_says_why(client, world, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    client.force_login(world.coordinator)
    client.post(reverse("scores:export"))
    job = ExportJob.objects.get()
    body = client.get(reverse("scores:export_job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in body and "排队中" in body and "db_worker" in body
    assert client.get(reverse("scores:export_download", args=[job.pk])).status_code == 404
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.FAILED, error="磁盘已满")
    body = client.get(reverse("scores:export_job", args=[job.pk])).content.decode()
    assert "导出失败：磁盘已满" in body and "every 1s" not in body
