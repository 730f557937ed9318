"""Recurrence rows: parsed from a task's text, guidance and duties, edited by the coordinator, read by scores."""

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence import services
from evidence.models import Recurrence, Requirement
from evidence.services import EvidenceRejected, RecurrenceFields
from frameworks.services import framework_import
from tests.factories import DepartmentFactory, TaskFactory
from tests.queries import writes

FIXTURE = Path(__file__).resolve().parents[2] / "demo" / "yiyang-sfj-task-table.txt"


def rows(task):
    return [(r.department.name if r.department else "", r.unit, r.interval, r.min_count)
            for r in task.recurrences.select_related("department")]


@pytest.fixture
def duty_task(world):
    task = TaskFactory(section=world.section, text="每季度召开一次调度会议（1分）",
                       guidance="每季度召开一次调度会议。行财科每月报送信息1条。人事科每学期开展一次培训。")
    task.responsibilities.create(department=world.department_a, duty="行财科每月报送信息1条。")
    task.responsibilities.create(department=world.department_b, duty="人事科每学期开展一次培训。", role="cooperating")
    return task


def test_sync_reads_the_text_once_and_each_department_its_duty(duty_task):
    services.task_rules_sync(task=duty_task)
    assert rows(duty_task) == [("", "quarter", 1, 1), ("行财科", "month", 1, 1), ("人事科", "semester", 1, 1)]
    assert duty_task.recurrences.first().source == "每季度召开一次调度会议（1分）"


def test_edits_survive_a_resync_deletions_stay_deleted_and_discard_restores(world, duty_task):
    services.task_rules_sync(task=duty_task)
    quarterly, monthly, semester = duty_task.recurrences.all()
    services.recurrence_update(recurrence=quarterly, user=world.coordinator,
                               fields=RecurrenceFields(unit="month", interval=2, min_count=1, subject="调度会"))
    services.recurrence_delete(recurrence=semester, user=world.coordinator)
    added = services.recurrence_create(task=duty_task, user=world.coordinator,
                                       fields=RecurrenceFields(unit="week", min_count=1))
    services.task_rules_sync(task=duty_task)
    assert sorted(rows(duty_task)) == sorted([("", "month", 2, 1), ("行财科", "month", 1, 1), ("", "week", 1, 1)])
    assert duty_task.recurrences.get(pk=added.pk).edited
    services.task_rules_sync(task=duty_task, discard_recurrence_edits=True)
    assert rows(duty_task) == [("", "quarter", 1, 1), ("行财科", "month", 1, 1), ("人事科", "semester", 1, 1)]


def test_a_department_not_on_the_task_is_refused(world, duty_task):
    stranger = DepartmentFactory(organisation=world.organisation, name="法援科")
    with pytest.raises(EvidenceRejected, match="不负责"):
        services.recurrence_create(task=duty_task, user=world.coordinator,
                                   fields=RecurrenceFields(unit="month", department=stranger))
    with pytest.raises(EvidenceRejected, match="只有创文办"):
        services.recurrence_create(task=duty_task, user=world.clerk_a, fields=RecurrenceFields(unit="month"))
    assert not duty_task.recurrences.exists()


@pytest.mark.django_db
def test_the_import_stores_requirements_and_recurrences_for_every_task(world):
    result = framework_import(organisation=world.organisation, data=FIXTURE.read_bytes(),
                              filename=FIXTURE.name, year=2026)
    tasks = result.framework.sections.values_list("tasks", flat=True)
    assert Requirement.objects.filter(task__in=tasks).count() > 50
    recurrences = Recurrence.objects.filter(task__in=tasks)
    assert {r.unit for r in recurrences} >= {"month", "quarter", "year"}
    assert recurrences.filter(source__startswith="每2个月组织开展一次道德讲堂").exists()


def test_pages_never_write_on_get(client, world, duty_task, draft_a):
    """Rows come from the import and edits, so viewing even an unparsed task writes nothing."""
    client.force_login(world.coordinator)
    pages = [reverse("evidence:requirement_list", args=[duty_task.pk]),
             reverse("evidence:recurrence_list", args=[duty_task.pk]),
             reverse("frameworks:task_detail", args=[duty_task.pk]),
             reverse("evidence:submission_detail", args=[draft_a.pk])]
    for url in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert writes(queries) == [], url  # the session renewal of the idle timeout aside
    assert not duty_task.recurrences.exists()


def test_recurrence_page_for_the_coordinator(client, world, duty_task):
    services.task_rules_sync(task=duty_task)
    page = reverse("evidence:recurrence_list", args=[duty_task.pk])
    client.force_login(world.clerk_a)
    assert client.get(page).status_code == 403
    client.force_login(world.coordinator)
    html = client.get(page).content.decode()
    assert "原文：“每月报送信息1条”" in html and "每学期至少1次" in html and "人事科" in html
    monthly = duty_task.recurrences.get(unit="month")
    prefix = f"c{monthly.pk}"
    response = client.post(reverse("evidence:recurrence_edit", args=[monthly.pk]), {
        f"{prefix}-unit": "month", f"{prefix}-interval": "1", f"{prefix}-min_count": "3", f"{prefix}-max_count": "2"})
    assert response.status_code == 422 and "至多次数不能小于至少次数" in response.content.decode()
    response = client.post(reverse("evidence:recurrence_edit", args=[monthly.pk]), {
        f"{prefix}-unit": "month", f"{prefix}-interval": "1", f"{prefix}-min_count": "2",
        f"{prefix}-department": world.department_a.pk, f"{prefix}-due_day": "25"})
    assert response.status_code == 302
    monthly.refresh_from_db()
    assert (monthly.min_count, monthly.due_day, monthly.edited) == (2, 25, True)
    stranger = DepartmentFactory(organisation=world.organisation, name="法援科")
    response = client.post(page, {"new-unit": "week", "new-interval": "1", "new-min_count": "1",
                                  "new-department": stranger.pk})
    assert response.status_code == 422 and not duty_task.recurrences.filter(unit="week").exists()
    client.post(reverse("evidence:recurrence_delete", args=[monthly.pk]))
    assert not Recurrence.objects.filter(pk=monthly.pk).exists()


def test_another_units_recurrence_is_a_404(client, world):
    other = TaskFactory()  # a task of another organisation
    services.task_rules_sync(task=TaskFactory(section=other.section, text="每月开展一次"))
    foreign = Recurrence.objects.get(task__section=other.section)
    client.force_login(world.coordinator)
    assert client.post(reverse("evidence:recurrence_delete", args=[foreign.pk])).status_code == 404
    assert client.get(reverse("evidence:recurrence_list", args=[foreign.task_id])).status_code == 404
