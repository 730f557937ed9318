"""The working year: a new year's table never hides the old one; past years are read-only; deleting a table."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from evidence.models import Recurrence
from lib.scoring.rules import task_windows
from schedules.selectors import duties_visible_to
from scores.selectors import framework_scores
from scores.tests.factories import SubmissionFactory
from evidence import services as evidence_services
from evidence.models import Requirement, Submission
from evidence.services import EvidenceRejected
from evidence.tests.conftest import add_photo, stored_files  # noqa: F401 (fixtures)
from frameworks import services
from frameworks.models import Framework, ImportBatch, Task
from scores.models import ScoreSnapshot
from tests.factories import FrameworkFactory, ResponsibilityFactory, SectionFactory, TaskFactory
from tests.queries import writes

DEMO_TXT = Path(settings.BASE_DIR) / "demo" / "yiyang-sfj-task-table.txt"


@pytest.fixture
def next_year(world):
    """A 2027 table beside the world's 2026 one, with a task for 行财科 — not current yet."""
    framework = FrameworkFactory(organisation=world.organisation, year=2027)
    task = TaskFactory(section=SectionFactory(framework=framework, name="共性任务"), text="二〇二七年的新任务")
    ResponsibilityFactory(task=task, department=world.department_a)
    return framework, task


def task_list(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("frameworks:task_list")).content.decode()


def upload_parsed(client, year: int = 2027) -> ImportBatch:
    """Upload the demo table as the coordinator's client does, then run the parse the worker would run
    (frameworks/tests/test_import_flow.py drives the worker itself): the batch is ready to preview."""
    response = client.post(reverse("frameworks:import_upload"),
                           {"file": SimpleUploadedFile(f"{year}.txt", DEMO_TXT.read_bytes()), "year": year})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and batch.status == ImportBatch.Status.PARSING
    assert services.import_batch_parse(batch_id=batch.pk) == ""  # "" = not refused
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW
    return batch


def switch(client, year) -> None:
    response = client.post(reverse("frameworks:year_switch"), {"year": year, "next": "/tasks/"})
    assert response.status_code == 302 and response.url == "/tasks/"


def test_a_new_years_table_that_is_not_current_hides_nothing(client, world, next_year):
    page = task_list(client, world.clerk_a)
    assert world.task_a.text in page and "二〇二七年的新任务" not in page


def test_making_the_new_year_current_keeps_the_old_year_browsable_and_read_only(client, world, next_year):
    framework, task = next_year
    services.framework_set_current(framework=framework, user=world.coordinator)
    page = task_list(client, world.clerk_a)
    assert "二〇二七年的新任务" in page and world.task_a.text not in page

    switch(client, 2026)
    world.clerk_a.refresh_from_db()
    assert world.clerk_a.viewing_year == 2026  # remembered on the account, for the next visit too
    page = client.get(reverse("frameworks:task_list")).content.decode()
    assert world.task_a.text in page and "二〇二七年的新任务" not in page
    assert "已关闭，只能查看" in page
    # The old year's task page opens, but nothing can be added to it.
    task_page = client.get(reverse("frameworks:task_detail", args=[world.task_a.pk])).content.decode()
    assert world.task_a.text in task_page
    assert reverse("evidence:submission_create", args=[world.task_a.pk]) not in task_page
    response = client.get(reverse("evidence:submission_create", args=[world.task_a.pk]), follow=True)
    assert "2026年度的分解表已关闭" in response.content.decode()
    with pytest.raises(EvidenceRejected, match="2026年度的分解表已关闭"):
        evidence_services.submission_create(task=Task.objects.get(pk=world.task_a.pk), department=world.department_a,
                                            user=world.clerk_a, title="补交的活动")
    switch(client, "")
    assert "二〇二七年的新任务" in client.get(reverse("frameworks:task_list")).content.decode()


def test_other_people_are_not_moved_by_one_users_switch(client, world, next_year):
    client.force_login(world.leader)
    switch(client, 2027)
    assert world.task_a.text in task_list(client, world.coordinator)


def test_a_closed_year_refuses_every_write_until_the_coordinator_reopens_it(world, next_year):
    framework, _ = next_year
    draft = evidence_services.submission_create(task=world.task_a, department=world.department_a,
                                                user=world.clerk_a, title="年底的活动")
    evidence_services.task_rules_sync(task=world.task_a)
    assert Requirement.objects.filter(task_id=world.task_a.pk).exists()
    services.framework_set_current(framework=framework, user=world.coordinator)
    draft = Submission.objects.get(pk=draft.pk)  # as the next request loads it
    for write in (
        lambda: evidence_services.submission_update(submission=draft, user=world.clerk_a, title="改", activity_date=None,
                                                    report_text="", url="", notes=""),
        lambda: evidence_services.submission_submit(submission=draft, user=world.coordinator, override_reason="补"),
        lambda: evidence_services.requirement_delete(requirement=Requirement.objects.filter(task_id=world.task_a.pk).first(),
                                                     user=world.coordinator),
    ):
        with pytest.raises(EvidenceRejected, match="已关闭"):
            write()
    old = Framework.objects.get(year=2026)
    services.framework_reopen(framework=old, user=world.coordinator, reopened=True)
    draft = Submission.objects.get(pk=draft.pk)
    evidence_services.submission_update(submission=draft, user=world.clerk_a, title="改过的标题", activity_date=None,
                                        report_text="", url="", notes="")
    assert Submission.objects.get(pk=draft.pk).title == "改过的标题"


def test_switching_needs_a_post_and_an_existing_year(client, world):
    client.force_login(world.clerk_a)
    assert client.get(reverse("frameworks:year_switch"), {"year": 2026}).status_code == 405
    client.post(reverse("frameworks:year_switch"), {"year": 1999, "next": "https://evil.example/"})
    world.clerk_a.refresh_from_db()
    assert world.clerk_a.viewing_year is None
    response = client.post(reverse("frameworks:year_switch"), {"year": 2026, "next": "https://evil.example/"})
    assert response.url == reverse("home")


def test_importing_a_new_year_asks_whether_to_make_it_current(client, world):
    client.force_login(world.coordinator)
    batch = upload_parsed(client, 2027)
    preview = client.get(reverse("frameworks:import_preview", args=[batch.pk])).content.decode()
    assert 'name="make_current"' in preview and "2026 年度将只读" in preview

    client.post(reverse("frameworks:import_confirm", args=[batch.pk]))  # box left unticked
    assert Framework.objects.get(year=2027).sections.exists()  # imported, yet not the working year
    assert Framework.objects.get(is_current=True).year == 2026
    assert world.task_a.text in task_list(client, world.leader)
    assert AuditEvent.objects.filter(action="import", object_id=str(Framework.objects.get(year=2027).pk),
                                     actor=world.coordinator).exists()


def test_importing_with_the_box_ticked_switches_the_working_year(client, world):
    client.force_login(world.coordinator)
    batch = upload_parsed(client, 2027)
    client.post(reverse("frameworks:import_confirm", args=[batch.pk]), {"make_current": "1"})
    assert Framework.objects.get(is_current=True).year == 2027
    assert Task.objects.filter(section__framework__year=2026).count() == 3  # the old year is intact
    assert world.task_a.text not in task_list(client, world.leader)


def test_deleting_a_table_needs_its_year_typed_and_takes_snapshots_along(client, world, next_year, stored_files,  # noqa: F811
                                                                          add_photo, django_capture_on_commit_callbacks):  # noqa: F811
    framework, task = next_year
    services.framework_set_current(framework=framework, user=world.coordinator)
    ScoreSnapshot.objects.create(framework=framework, day="2027-01-05", projected=0, points=10, completion=0)
    draft = evidence_services.submission_create(task=task, department=world.department_a, user=world.clerk_a,
                                                title="新年度的活动")
    add_photo(draft, 1)
    batch = ImportBatch.objects.create(organisation=world.organisation, uploaded_by=world.coordinator,
                                       filename="2027.docx", year=2027, status="imported", framework=framework)
    client.force_login(world.coordinator)
    url = reverse("frameworks:year_delete", args=[2027])
    assert "1 份活动资料" in client.get(url).content.decode()
    response = client.post(url, {"confirm_year": "2026"})
    assert response.status_code == 422 and Framework.objects.filter(year=2027).exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"confirm_year": "2027"})
    assert not Framework.objects.filter(year=2027).exists()
    assert not ScoreSnapshot.objects.exists() and not Submission.objects.exists()
    assert stored_files() == []
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DELETED
    assert "分解表已删除" in client.get(reverse("frameworks:import_upload")).content.decode()
    # The current year was deleted: the remaining newest year takes over.
    assert Framework.objects.get(is_current=True).year == 2026
    event = AuditEvent.objects.get(action="delete", object_repr__contains="2027")
    assert event.actor == world.coordinator and event.details["tasks"] == 1


@pytest.mark.parametrize("persona", ["clerk_a", "leader", "inspector"])
def test_only_the_coordinator_manages_years(client, world, next_year, persona):
    client.force_login(getattr(world, persona))
    assert client.post(reverse("frameworks:year_set_current", args=[2027])).status_code == 403
    assert client.post(reverse("frameworks:year_delete", args=[2027]), {"confirm_year": "2027"}).status_code == 403
    assert client.get(reverse("frameworks:year_list")).status_code == 200
    assert Framework.objects.get(is_current=True).year == 2026


def test_another_organisations_year_is_404(client, world):
    other = FrameworkFactory(year=2030)
    client.force_login(world.coordinator)
    assert client.get(reverse("frameworks:year_delete", args=[other.year])).status_code == 404


def test_a_past_years_dashboard_records_no_new_snapshot(client, world, next_year):
    """The dashboard writes nothing on GET (the daily snapshot_scores command stores the trend), and that
    command records each organisation's current year, whichever year someone is browsing."""
    framework, _ = next_year
    services.framework_set_current(framework=framework, user=world.coordinator)
    client.force_login(world.leader)
    switch(client, 2026)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("scores:dashboard"))
    assert response.context["framework"].year == 2026
    assert writes(queries) == [] and not ScoreSnapshot.objects.exists()
    call_command("snapshot_scores", stdout=StringIO())
    assert list(ScoreSnapshot.objects.values_list("framework__year", flat=True)) == [2027]
    # The past year's trend shows no point of the current year's snapshot.
    days = [point["day"] for point in client.get(reverse("scores:dashboard")).context["chart_data"]["trend"]]
    assert len(days) == 1  # only today's live figures of 2026


def test_the_coordinator_sets_the_terms_that_semester_duties_and_scores_follow(client, world):
    framework = world.section.framework
    Recurrence.objects.create(task=world.task_a, unit="semester", source="每学期开展一次")
    url = reverse("frameworks:year_semesters", args=[framework.year])
    terms = {"y2026-first_start": "2026-02-20", "y2026-first_end": "2026-07-10",
             "y2026-second_start": "2026-08-28", "y2026-second_end": "2027-01-20"}
    client.force_login(world.clerk_a)
    assert client.post(url, terms).status_code == 403
    client.force_login(world.coordinator)
    client.post(url, {**terms, "y2026-second_end": "2026-08-01"})  # ends before it starts: refused
    framework.refresh_from_db()
    assert framework.semesters == []
    client.post(url, terms)
    framework.refresh_from_db()
    assert framework.semester_dates == ((date(2026, 2, 20), date(2026, 7, 10)), (date(2026, 8, 28), date(2027, 1, 20)))
    windows = task_windows(world.task_a.recurrences.all(), framework.year, framework.semester_dates)
    assert [(w.start, w.end) for w in windows] == list(framework.semester_dates)
    duty = next(d for d in duties_visible_to(user=world.coordinator, framework=framework, today=date(2026, 3, 1))
                if d.recurrence.task_id == world.task_a.pk)
    assert [(period.slot.start, period.slot.end) for period in duty.periods] == list(framework.semester_dates)
    page = client.get(reverse("frameworks:year_list")).content.decode()
    assert 'value="2026-08-28"' in page and "保存学期日期" in page
    SubmissionFactory(task=world.task_a, department=world.department_a, activity_date=date(2026, 2, 25),
                      approved=True)  # inside the first term as set, before the default spring term
    scores = framework_scores(framework=framework, today=date(2026, 8, 1))
    assert next(t.result for t in scores.tasks if t.task == world.task_a).windows_satisfied == 1
