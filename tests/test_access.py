"""Every URL pattern, every persona, objects they must not reach: 404 (or 403 for a role refusal), never data.

A new URL pattern with arguments fails here until URL_OBJECTS says what kind of object each argument
names; a pattern without arguments is walked as it is and must not show what lies out of scope.
"""

from dataclasses import dataclass
from datetime import date
from itertools import product

import pytest
from axes.models import AccessAttempt
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from evidence.models import EvidenceFile, InformationReport, Recurrence, Requirement, Submission
from exports.models import ExportJob
from frameworks.models import ImportBatch
from org.models import Department
from schedules.models import Delivery, Webhook
from tests import factories

# URL name → {argument: object kind (a field of Reach)}
URL_OBJECTS: dict[str, dict[str, str]] = {
    "frameworks:task_detail": {"pk": "task"},
    "frameworks:department_detail": {"pk": "department"},
    "frameworks:department_aliases": {"pk": "department"},
    "frameworks:import_preview": {"pk": "import_batch"},
    "frameworks:import_confirm": {"pk": "import_batch"},
    "evidence:submission_create": {"task_pk": "task"},
    "evidence:requirement_list": {"task_pk": "task"},
    "evidence:requirements_resync": {"task_pk": "task"},
    "evidence:requirement_edit": {"pk": "requirement"},
    "evidence:requirement_delete": {"pk": "requirement"},
    "evidence:submission_detail": {"pk": "submission"},
    "evidence:submission_edit": {"pk": "submission"},
    "evidence:submission_delete": {"pk": "submission"},
    "evidence:submission_checks": {"pk": "submission"},
    "evidence:photo_upload": {"pk": "submission"},
    "evidence:document_upload": {"pk": "submission"},
    "evidence:captions_fill": {"pk": "submission"},
    "evidence:submission_submit": {"pk": "submission"},
    "evidence:submission_approve": {"pk": "submission"},
    "evidence:submission_return": {"pk": "submission"},
    "evidence:file_download": {"pk": "file"},
    "evidence:file_thumbnail": {"pk": "file"},
    "evidence:photo_caption": {"pk": "file"},
    "evidence:file_delete": {"pk": "file"},
    "evidence:submission_restore": {"pk": "binned_submission"},
    "evidence:file_restore": {"pk": "binned_file"},
    "evidence:file_role": {"pk": "file"},
    "evidence:recurrence_list": {"task_pk": "task"},
    "evidence:recurrences_resync": {"task_pk": "task"},
    "evidence:recurrence_edit": {"pk": "recurrence"},
    "evidence:recurrence_delete": {"pk": "recurrence"},
    "frameworks:import_status": {"pk": "import_batch"},
    "frameworks:import_columns": {"pk": "import_batch"},
    "schedules:task_periods": {"task_pk": "task"},
    "schedules:period_detail": {"task_pk": "task", "recurrence_pk": "recurrence", "department_pk": "department",
                                "start": "period_start"},
    "schedules:calendar_ics": {"token": "calendar_token"},
    "schedules:report_adopt": {"pk": "information_report"},
    "schedules:report_unadopt": {"pk": "information_report"},
    "schedules:report_delete": {"pk": "information_report"},
    "schedules:report_screenshot": {"pk": "information_report"},
    "schedules:webhook_delete": {"pk": "webhook"},
    "schedules:webhook_test": {"pk": "webhook"},
    "schedules:delivery_retry": {"pk": "delivery"},
    "frameworks:year_set_current": {"year": "year"},
    "frameworks:year_reopen": {"year": "year"},
    "frameworks:year_delete": {"year": "year"},
    "frameworks:year_semesters": {"year": "year"},
    "org:user_edit": {"pk": "user"},
    "org:user_password_reset": {"pk": "user"},
    "org:lockout_clear": {"pk": "lockout"},
    "exports:job": {"pk": "export_job"},
    "exports:download": {"pk": "export_job"},
    "exports:declaration_photos": {"pk": "task"},
    "scores:task_score_edit": {"pk": "task"},
}
# Kinds whose objects come in more than one shape, each with its own access rule: every URL naming
# the kind is walked once per shape (the progress table is for the whole-unit roles only).
VARIANTS: dict[str, tuple[str, ...]] = {"export_job": ("export_job", "progress_job")}
PUBLIC = {"login", "logout", "schedules:calendar_ics"}  # logout is POST-only; the feed's key is its secret token
SKIPPED_NAMESPACES = {"admin"}  # tests/test_admin.py walks the back office
SECRET = "机密"  # in every title of the objects out of reach; no page may show it


def url_patterns(patterns=None, namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace not in SKIPPED_NAMESPACES:
                inner = ":".join(part for part in (namespace, pattern.namespace) if part)
                yield from url_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name, sorted(pattern.pattern.converters)


@dataclass
class Reach:
    """One object of each kind that a URL can name, all owned by one department of one organisation."""

    task: object
    department: object
    submission: object
    file: object
    requirement: object
    import_batch: object
    export_job: object  # a 台账 of the department's submissions
    progress_job: object  # the Excel progress table: the whole table's
    binned_submission: object
    binned_file: object
    recurrence: object
    information_report: object
    webhook: object
    delivery: object
    calendar_token: str  # a token that is no one's feed: a guess must not open anybody's calendar
    user: object
    lockout: object
    year: int  # the table's year: a year the persona's own organisation must not have
    period_start: str = "2026-01-01"

    @classmethod
    def build(cls, *, department: Department, task, user) -> "Reach":
        framework = task.section.framework

        def submission(**extra):
            return Submission.objects.create(task=task, department=department, created_by=user,
                                             title=f"{department.name}{SECRET}活动", **extra)

        def file(owner, **extra):
            return EvidenceFile.objects.create(
                submission=owner, kind="photo", role="photo", file="evidence/x.jpg", thumbnail="thumbs/x.jpg",
                original_name=f"{SECRET}.jpg", content_kind="jpeg", size=1, sha256="0" * 64, uploaded_by=user,
                **extra)

        def job(*, kind, departments):
            created = ExportJob.objects.create(organisation=framework.organisation, framework=framework,
                                               requested_by=user, kind=kind, scope="table", scope_id=framework.pk,
                                               scope_label=SECRET, status="done", file="exports/x.bin")
            created.departments.set(departments)
            return created

        live = submission()
        deleted = {"deleted_at": timezone.now(), "deleted_by": user}
        return cls(
            task=task, department=department, submission=live, file=file(live),
            requirement=Requirement.objects.create(task=task, kind="plan", source=SECRET),
            import_batch=ImportBatch.objects.create(organisation=framework.organisation, uploaded_by=user,
                                                    file="imports/x.docx", filename=f"{SECRET}.docx", year=2026),
            export_job=job(kind="dossier_docx", departments=[department]),
            progress_job=job(kind="progress_xlsx", departments=framework.organisation.departments.all()),
            binned_submission=submission(**deleted), binned_file=file(live, **deleted),
            recurrence=Recurrence.objects.create(task=task, department=department, unit="month", source=SECRET),
            information_report=InformationReport.objects.create(
                task=task, department=department, title=f"{SECRET}信息", sent_on=date(2026, 3, 1), channel="市创文办",
                submitted_by=user),
            webhook=Webhook.objects.create(organisation=framework.organisation, kind="wecom", name=f"{SECRET}群",
                                           url="http://127.0.0.1:9/hook"),
            delivery=Delivery.objects.create(key=f"{SECRET}-{department.pk}", organisation=framework.organisation,
                                             channel="wecom", title=SECRET, next_attempt_at=timezone.now(),
                                             attempts=1, status="failed"),
            calendar_token="not-a-feed-token",
            user=user,
            lockout=AccessAttempt.objects.create(username=user.username, ip_address="10.0.0.9", user_agent="x",
                                                 http_accept="", path_info="/login/", get_data="", post_data="",
                                                 failures_since_start=5),
            year=framework.year,
        )


def other_organisation(world) -> Reach:
    organisation = world.outsider.organisation
    department = factories.DepartmentFactory(organisation=organisation, name=f"外单位{SECRET}科")
    framework = factories.FrameworkFactory(organisation=organisation, title=f"外单位{SECRET}分解表", year=2031)
    task = factories.TaskFactory(section=factories.SectionFactory(framework=framework), text=f"外单位{SECRET}任务")
    factories.ResponsibilityFactory(task=task, department=department)
    return Reach.build(department=department, task=task, user=world.outsider)


def other_department(world) -> Reach:
    """人事科's objects as 行财科's clerk meets them: on the task both departments share where there is one."""
    reach = Reach.build(department=world.department_b, task=world.task_shared, user=world.clerk_b)
    reach.task = world.task_b
    # A task's requirements and duties are everyone's who shares the task: the unreachable ones are task_b's.
    reach.requirement.task = reach.recurrence.task = world.task_b
    reach.requirement.save()
    reach.recurrence.save()
    return reach


def own_organisation(world) -> Reach:
    return Reach.build(department=world.department_a, task=world.task_a, user=world.clerk_a)


# (persona, the objects that persona must not reach)
CASES = [
    *((persona, other_organisation) for persona in ("coordinator", "leader", "clerk_a", "clerk_b", "inspector")),
    ("outsider", own_organisation),
    ("clerk_a", other_department),
]


def test_every_url_argument_has_an_object_kind():
    unknown = {name: args for name, args in url_patterns()
               if args and (name not in URL_OBJECTS or sorted(URL_OBJECTS[name]) != args)}
    assert not unknown, f"在 tests/test_access.py 的 URL_OBJECTS 中登记这些网址的参数：{unknown}"
    assert not set(URL_OBJECTS) - {name for name, _ in url_patterns()}, "URL_OBJECTS 中有已不存在的网址"


def _url(name: str, reach: Reach, shapes: dict[str, str] | None = None) -> str:
    def value(kind):
        thing = getattr(reach, (shapes or {}).get(kind, kind))
        return thing if isinstance(thing, str | int) else thing.pk
    return reverse(name, kwargs={arg: value(kind) for arg, kind in URL_OBJECTS.get(name, {}).items()})


def _urls(name: str, reach: Reach) -> list[str]:
    """The URL once per combination of shapes of the objects it names (VARIANTS)."""
    kinds = sorted({kind for kind in URL_OBJECTS.get(name, {}).values() if kind in VARIANTS})
    return [_url(name, reach, dict(zip(kinds, shapes))) for shapes in product(*(VARIANTS[k] for k in kinds))]


@pytest.mark.parametrize("persona, reach_of", CASES, ids=[f"{p}-{r.__name__}" for p, r in CASES])
def test_objects_out_of_reach_are_not_found(client, world, persona, reach_of):
    reach = reach_of(world)
    client.force_login(getattr(world, persona))
    leaks = []
    for name, args in url_patterns():
        if not args:
            continue
        for url in _urls(name, reach):
            for method in ("get", "post"):
                status = getattr(client, method)(url).status_code
                if status not in (403, 404) and not (method == "get" and status == 405):
                    leaks.append(f"{method.upper()} {url} ({name}) → {status}")
    assert not leaks


@pytest.mark.parametrize("persona, reach_of", CASES, ids=[f"{p}-{r.__name__}" for p, r in CASES])
def test_pages_without_arguments_show_nothing_out_of_reach(client, world, persona, reach_of):
    reach_of(world)
    user = getattr(world, persona)
    client.force_login(user)
    own_pages = [reverse("frameworks:task_detail", args=[world.task_shared.pk])] if persona == "clerk_a" else []
    shown = []
    for url in [reverse(name) for name, args in url_patterns() if not args and name not in PUBLIC] + own_pages:
        response = client.get(url, follow=True)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if SECRET.encode() in body:
            shown.append(url)
    assert not shown


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    reach = own_organisation(world)
    login = reverse("login")
    for name, _ in url_patterns():
        if name in PUBLIC:
            continue
        url = _url(name, reach)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 302 and response["Location"].startswith(login), (method, name)
