import json
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from scores.models import ScoreSnapshot, TaskScore
from scores.tests.factories import SubmissionFactory, grow_table
from tests.factories import FrameworkFactory, SectionFactory, UserFactory
from tests.queries import writes


def page(client, user, name, *args, **params):
    client.force_login(user)
    return client.get(reverse(name, args=args), params)


# --- permissions --------------------------------------------------------------------------

@pytest.mark.parametrize("persona", ["coordinator", "leader", "inspector"])
def test_dashboard_is_for_the_unit_wide_roles(client, world, persona):
    response = page(client, getattr(world, persona), "scores:dashboard")
    assert response.status_code == 200
    assert "预计得分" in response.content.decode()


def test_clerks_are_refused_the_dashboard(client, world):
    assert page(client, world.clerk_a, "scores:dashboard").status_code == 403


def test_home_sends_leaders_to_the_dashboard(client, world):
    client.force_login(world.leader)
    assert client.get(reverse("home")).url == reverse("scores:dashboard")


def test_another_organisation_sees_an_empty_dashboard(client, world):
    outsider = UserFactory(role="coordinator")
    body = page(client, outsider, "scores:dashboard").content.decode()
    assert "还没有导入任务分解表" in body and world.task_a.text not in body
    assert world.task_a.text not in page(client, outsider, "scores:score_list").content.decode()
    assert page(client, outsider, "scores:task_score_edit", world.task_a.pk).status_code == 404


def test_a_clerk_sees_their_own_tasks_scores_but_cannot_set_them(client, world):
    body = page(client, world.clerk_a, "scores:score_list").content.decode()
    assert world.task_a.text in body and world.task_b.text not in body
    assert "评分</a>" not in body
    assert page(client, world.clerk_a, "scores:task_score_edit", world.task_a.pk).status_code == 403


def test_empty_states_without_a_table(client, db):
    coordinator = UserFactory(role="coordinator")
    for name in ("scores:dashboard", "scores:score_list"):
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

@pytest.mark.parametrize("name", ["scores:dashboard", "scores:score_list"])
def test_pages_use_a_constant_number_of_queries(client, world, django_assert_num_queries, name):
    client.force_login(world.coordinator)
    url = reverse(name)
    departments = [world.department_a, world.department_b]
    grow_table(section=world.section, departments=departments, user=world.clerk_a, size=2)
    client.get(url)  # warm-up: the session and per-request caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200

    other_section = SectionFactory(framework=world.section.framework, name="个性任务")
    grow_table(section=world.section, departments=departments, user=world.clerk_a, size=20)
    grow_table(section=other_section, departments=departments[::-1], user=world.clerk_b, size=20)
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

@pytest.mark.parametrize("name", ["scores:dashboard", "scores:score_list"])
def test_the_excel_buttons_open_the_exports_page_with_the_progress_table_chosen(client, world, name):
    """The progress table is an exports job (exports/tests/test_progress_xlsx.py)."""
    body = page(client, world.coordinator, name).content.decode()
    assert f'href="{reverse("exports:index")}?kind=progress_xlsx"' in body and "导出 Excel" in body
