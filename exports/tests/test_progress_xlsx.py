"""The Excel progress table (进度表) as an export job: the whole table's tasks and scores, for the roles
that see every department."""

import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import AuditEvent
from exports import services
from exports.models import ExportJob
from frameworks.selectors import framework_current
from scores.models import TaskScore
from scores.tests.factories import SubmissionFactory
from tests.factories import UserFactory
from tests.worker import run_worker

KIND = ExportJob.Kind.PROGRESS_XLSX


def export(client, user, **fields):
    """Posts the page's form as it is filled in by default, with the progress table chosen."""
    client.force_login(user)
    data = {"kind": KIND, "scope": f"table:{framework_current(user).pk}", "statuses": ["approved"], "photos_per_page": 4,
            **fields}
    return client.post(reverse("exports:index"), data)


def checked_kind(body: str) -> str:
    return re.search(r'<input type="radio" name="kind" value="(\w+)"[^>]*\bchecked\b', body)[1]


def workbook_of(response):
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_a_coordinators_job_builds_the_printable_progress_table(client, world):
    second = TaskScore.objects.create(task=world.task_b, official_score=Decimal("2"))
    SubmissionFactory(task=world.task_a, department=world.department_a, created_by=world.clerk_a, approved=True)
    assert export(client, world.coordinator).status_code == 302
    job = ExportJob.objects.get()
    assert (job.kind, job.status, job.percent, job.requested_by) == (KIND, ExportJob.Status.DONE, 100, world.coordinator)
    assert job.filename == f"{job.framework.year}年创文任务分解表进度-{timezone.localdate():%Y%m%d}.xlsx"

    workbook = workbook_of(client.get(reverse("exports:download", args=[job.pk])))
    assert workbook.sheetnames == ["共性任务"]
    ws = workbook["共性任务"]
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$3:$3"
    assert [c.value for c in ws[3]] == ["考核项目", "考核实施细则", "分值", "责任科室", "状态", "资料完成情况",
                                        "预计得分", "自评分", "实际得分", "逾期"]
    assert "A4:A6" in {str(r) for r in ws.merged_cells.ranges}  # the three 组织领导 rows
    rows = {ws.cell(r, 2).value: [c.value for c in ws[r]] for r in range(4, 7)}
    assert set(rows) == {world.task_a.text, world.task_b.text, world.task_shared.text}
    assert rows[world.task_a.text][2:] == [2, "行财科", "已达标", "已通过1", 2, None, None, None]
    assert rows[world.task_b.text][8] == second.official_score
    assert ws["A7"].value == "合计" and ws["C7"].value == 6 and ws["G7"].value == 2


def test_a_leader_can_and_the_page_lists_the_job_like_the_others(client, world):
    export(client, world.leader)
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.DONE and job.requested_by == world.leader
    row = client.get(reverse("exports:index")).content.decode().split(f'id="job-{job.pk}"')[1].split("</li>")[0]
    assert "进度表（Excel） · 全表" in row and reverse("exports:download", args=[job.pk]) in row
    assert "前有效" in row and "every 2s" not in row  # its expiry shown; finished, so no polling


def test_scope_statuses_and_photo_layout_do_not_apply(client, world):
    """The page's other fields stay as the user left them; the job is the whole table all the same."""
    export(client, world.coordinator, scope=f"section:{world.section.pk}", statuses=[], photos_per_page=2)
    job = ExportJob.objects.get()
    assert (job.scope, job.scope_id, job.scope_label, job.options) == ("table", job.framework_id, "全表", {})
    assert set(job.departments.all()) == {world.department_a, world.department_b}


def test_a_clerk_is_refused_with_the_reason_and_no_job(client, world):
    response = export(client, world.clerk_a)
    assert response.status_code == 200
    assert "只有创文办、局领导和督查员可以导出" in response.content.decode()
    assert not ExportJob.objects.exists()
    framework = world.section.framework
    with pytest.raises(services.ExportRefused, match="进度表（Excel）"):
        services.export_job_create(user=world.clerk_a, framework=framework, kind=KIND, scope="table",
                                   scope_id=framework.pk, statuses=["approved"])
    assert not ExportJob.objects.exists()


def test_the_page_offers_the_progress_table_to_the_whole_unit_roles_only(client, world):
    client.force_login(world.leader)
    assert 'value="progress_xlsx"' in client.get(reverse("exports:index")).content.decode()
    client.force_login(world.clerk_a)
    body = client.get(reverse("exports:index"), {"kind": KIND}).content.decode()
    assert 'value="progress_xlsx"' not in body and checked_kind(body) == "dossier_docx"


@pytest.mark.parametrize("kind, checked", [(KIND, "progress_xlsx"), ("everything", "dossier_docx"),
                                           ("", "dossier_docx")])
def test_a_link_preselects_a_known_kind_and_get_writes_nothing(client, world, kind, checked):
    client.force_login(world.coordinator)
    response = client.get(reverse("exports:index"), {"kind": kind})
    assert response.status_code == 200 and checked_kind(response.content.decode()) == checked
    assert not ExportJob.objects.exists()


def test_clerks_never_reach_an_excel_job_even_of_their_own_departments(client, world):
    """A one-department unit's table job would hold only the clerk's department: still not theirs."""
    export(client, world.coordinator)
    job = ExportJob.objects.get()
    job.departments.set([world.department_a])
    client.force_login(world.clerk_a)
    assert client.get(reverse("exports:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404
    assert f'id="job-{job.pk}"' not in client.get(reverse("exports:index")).content.decode()


def test_another_organisations_job_is_404_on_status_and_download(client, world):
    export(client, world.coordinator)
    job = ExportJob.objects.get()
    for outsider in (world.outsider, UserFactory(organisation=world.outsider.organisation, role="leader")):
        client.force_login(outsider)
        assert client.get(reverse("exports:job", args=[job.pk])).status_code == 404
        assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404


def test_the_download_is_audited(client, world):
    export(client, world.leader)
    job = ExportJob.objects.get()
    created = AuditEvent.objects.get(action="export", actor=world.leader)
    assert created.details == {"kind": KIND, "scope": "全表"}
    workbook_of(client.get(reverse("exports:download", args=[job.pk])))
    download = AuditEvent.objects.get(action="download", actor=world.leader)
    assert download.object_id == str(job.pk) and download.details == {"file": job.filename}


def test_progress_is_reported_while_building(client, world, monkeypatch):
    monkeypatch.setattr(services, "PROGRESS_WRITE_SECONDS", 0)
    seen = []
    original = services._update
    monkeypatch.setattr(services, "_update", lambda job, **v: (seen.append(v.get("done")), original(job, **v)))
    export(client, world.coordinator)
    assert [done for done in seen if done is not None] == [0, 5, 30, 90, 100]  # one sheet: 30 + 60


def test_queued_job_polls_and_failed_job_says_why(client, world, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend",
                                  "QUEUES": settings.TASK_QUEUES}}
    export(client, world.coordinator)
    job = ExportJob.objects.get()
    body = client.get(reverse("exports:job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in body and "排队中" in body and "db_worker" not in body
    # Only a job left waiting for minutes says what may be wrong.
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=4))
    assert "db_worker" in client.get(reverse("exports:job", args=[job.pk])).content.decode()
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.FAILED, message="磁盘已满")
    body = client.get(reverse("exports:job", args=[job.pk])).content.decode()
    assert "磁盘已满" in body and "every 2s" not in body


def test_purge_exports_expires_excel_jobs(client, world, settings):
    settings.EXPORT_RETENTION_HOURS = 5
    export(client, world.coordinator)
    job = ExportJob.objects.get()
    stored = job.file.name
    assert job.expires_at - job.finished_at == timedelta(hours=5)
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 410
    call_command("purge_exports", stdout=io.StringIO())
    job.refresh_from_db()
    assert job.status == ExportJob.Status.EXPIRED and not job.file and not job.file.storage.exists(stored)


@pytest.mark.django_db(transaction=True)  # the worker closes its connection (tests.worker)
def test_the_background_worker_builds_it(client, world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": settings.TASK_QUEUES}}
    export(client, world.inspector)
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.QUEUED
    run_worker()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.message
    assert workbook_of(client.get(reverse("exports:download", args=[job.pk]))).sheetnames == ["共性任务"]


@pytest.mark.django_db(transaction=True)  # the worker closes its connection (tests.worker)
def test_exports_wait_for_their_own_workers_not_the_import_worker(client, world, settings):
    """A worker of the default queue (table imports, reminders) never picks up an export, so a long
    台账 never holds up an import; the exports workers build it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}}
    export(client, world.inspector)
    job = ExportJob.objects.get()
    run_worker("default")
    job.refresh_from_db()
    assert job.status == ExportJob.Status.QUEUED
    run_worker("exports")
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.message
