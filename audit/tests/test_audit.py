"""Every listed action leaves a record with who, when, where from; nothing edits or deletes one."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import AuditEvent
from evidence import services as evidence_services
from evidence.services import RequirementFields
from evidence.tests.conftest import add_document, add_photo, draft_a  # noqa: F401 (fixtures)
from exports.models import ExportJob
from frameworks.models import Task
from tests.factories import PASSWORD, UserFactory


def events(**filters):
    return AuditEvent.objects.filter(**filters)


def as_user(user, ip="10.1.2.3") -> Client:
    client = Client(REMOTE_ADDR=ip)
    client.force_login(user)
    return client


def test_log_ins_failures_and_lock_outs_are_recorded_with_the_address(world, settings):
    settings.AXES_FAILURE_LIMIT = 2
    client = Client(REMOTE_ADDR="10.9.9.9")
    client.post(reverse("login"), {"username": "clerk_a", "password": PASSWORD})
    client.post(reverse("logout"))
    for _ in range(2):
        client.post(reverse("login"), {"username": "clerk_b", "password": "wrong"})
    login = events(action="login").get()
    assert login.actor == world.clerk_a and login.ip == "10.9.9.9" and login.organisation == world.organisation
    assert events(action="logout", actor=world.clerk_a).exists()
    failed = events(action="login_failed")
    assert failed.count() == 2 and {e.actor_name for e in failed} == {"clerk_b"}
    assert failed.first().organisation == world.organisation  # the coordinator sees attacks on their users
    assert events(action="locked_out", actor_name="clerk_b").exists()


def test_evidence_changes_reviews_and_downloads_are_recorded(world, draft_a, add_photo, add_document):  # noqa: F811
    client = as_user(world.clerk_a)
    photo = add_photo(draft_a, 1)
    plan = add_document(draft_a, "plan")
    assert events(action="create", object_type="活动资料", object_id=str(draft_a.pk)).exists()
    assert events(action="create", object_id=str(photo.pk), object_type=photo._meta.verbose_name).exists()

    client.post(reverse("evidence:photo_caption", args=[photo.pk]), {"地点": "机关大院"})
    caption = events(action="update", object_id=str(photo.pk)).get()
    assert caption.details["changes"]["地点"] == ["", "机关大院"] and caption.ip == "10.1.2.3"
    client.post(reverse("evidence:captions_fill", args=[draft_a.pk]), {"fill-地点": "礼堂", "fill-overwrite": "1"})
    assert events(action="update", object_id=str(draft_a.pk), details__has_key="captions").exists()

    client.get(reverse("evidence:file_download", args=[plan.pk]))
    assert events(action="download", object_id=str(plan.pk), actor=world.clerk_a).exists()
    client.post(reverse("evidence:file_delete", args=[plan.pk]))  # into the recycle bin, not gone
    binned = events(action="recycle_bin_delete", object_id=str(plan.pk)).get()
    assert binned.actor == world.clerk_a and binned.object_type == plan._meta.verbose_name
    assert binned.get_action_display() == "移入回收站"
    assert not events(action="delete", object_id=str(plan.pk)).exists()  # the row and file stay until purged

    evidence_services.submission_submit(submission=draft_a, user=world.coordinator, override_reason="先提交")
    evidence_services.submission_return(submission=draft_a, user=world.coordinator, comment="补照片")
    review = events(action="status", details__to="已退回").get()
    assert review.actor == world.coordinator and review.details["comment"] == "补照片"


def test_a_refused_action_is_recorded(world, draft_a):  # noqa: F811
    assert as_user(world.clerk_a).get(reverse("org:user_list")).status_code == 403
    assert events(action="refused", actor=world.clerk_a, object_repr=reverse("org:user_list")).exists()
    evidence_services.submission_submit(submission=draft_a, user=world.coordinator, override_reason="先提交")
    as_user(world.clerk_a).post(reverse("evidence:submission_delete", args=[draft_a.pk]))
    assert events(action="refused", actor=world.clerk_a, object_repr="只有草稿可以删除").exists()


def test_requirement_task_and_score_edits_are_recorded(world):
    task = world.task_a
    evidence_services.task_rules_sync(task=task)
    requirement = task.requirements.first()
    evidence_services.requirement_update(requirement=requirement, user=world.coordinator,
                                         fields=RequirementFields(kind=requirement.kind, hard=False))
    assert events(action="update", object_id=str(requirement.pk), details__changes__has_key="必需").exists()
    added = evidence_services.requirement_create(task=task, user=world.coordinator,
                                                 fields=RequirementFields(kind="summary"))
    added_pk = added.pk
    evidence_services.requirement_delete(requirement=added, user=world.coordinator)
    assert events(action="create", object_id=str(added_pk)).exists()
    assert events(action="delete", object_id=str(added_pk)).exists()
    fresh = Task.objects.get(pk=task.pk)
    fresh.points = Decimal("3")
    fresh.save()
    change = events(action="update", object_type="考核任务").get()
    assert change.details["changes"]["分值"] == ["2.00", "3"]
    assert change.organisation == world.organisation  # no request: found through the task's table
    from scores.services import task_score_set_official
    task_score_set_official(task=fresh, score=Decimal("1"), user=world.coordinator)
    assert events(action="update", object_type="任务评分", details__changes__实际得分=[None, "1"]).exists()


def test_exports_and_export_downloads_are_recorded(world, settings):
    client = as_user(world.leader)
    client.post(reverse("exports:index"), {"kind": "progress_xlsx", "scope": f"table:{world.section.framework_id}",
                                           "photos_per_page": 4})
    assert events(action="export", actor=world.leader).exists()
    job = ExportJob.objects.get()
    job.status = ExportJob.Status.DONE
    job.file.save("x.xlsx", io.BytesIO(b"PK"), save=True)
    client.get(reverse("exports:download", args=[job.pk]))
    assert events(action="download", actor=world.leader).exists()


def test_user_and_permission_changes_are_recorded(world):
    client = as_user(world.coordinator)
    client.post(reverse("org:user_edit", args=[world.clerk_a.pk]), {
        "full_name": "新名字", "role": "inspector", "departments": [world.department_b.pk], "is_active": "on"})
    change = events(action="update", object_id=str(world.clerk_a.pk), details__has_key="changes").get()
    assert change.details["changes"]["角色"] == ["科室资料员", "督查员"]
    assert events(action="update", object_id=str(world.clerk_a.pk), details__所属科室__add=["人事科"]).exists()
    from django.contrib.auth.models import Permission
    world.clerk_a.user_permissions.add(Permission.objects.get(codename="change_departmentalias"))
    assert events(action="update", object_id=str(world.clerk_a.pk), details__has_key="用户权限").exists()
    client.post(reverse("org:user_password_reset", args=[world.clerk_a.pk]), {"password": "Wenming-2027-city"})
    assert events(action="password", object_id=str(world.clerk_a.pk), actor=world.coordinator).exists()


def test_the_list_is_scoped_filterable_and_exportable(world):
    stranger = UserFactory(username="stranger")
    as_user(stranger).get(reverse("org:user_list"))  # a refused action in another organisation
    as_user(world.clerk_a, ip="10.5.5.5").get(reverse("org:user_list"))
    client = as_user(world.coordinator)
    page = client.get(reverse("audit:event_list"), {"ip": "10.5"}).content.decode()
    assert "10.5.5.5" in page and "stranger" not in page
    assert "stranger" not in client.get(reverse("audit:event_list")).content.decode()
    response = client.get(reverse("audit:event_export"), {"action": "refused"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0][0] == "时间" and len(rows) == 2 and rows[1][1] == "clerk_a" and rows[1][4] == "操作被拒绝"
    assert events(action="export", actor=world.coordinator).exists()


@pytest.mark.parametrize("persona", ["clerk_a", "leader", "inspector"])
def test_only_the_coordinator_and_admins_read_the_trail(world, persona):
    assert as_user(getattr(world, persona)).get(reverse("audit:event_list")).status_code == 403


def test_no_path_edits_or_deletes_an_event(world):
    as_user(world.clerk_a).get(reverse("org:user_list"))
    event = events().first()
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.update(action="login")
    admin = as_user(UserFactory(organisation=world.organisation, is_superuser=True, is_staff=True))
    assert admin.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    assert admin.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert admin.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    admin.post(reverse("admin:audit_auditevent_change", args=[event.pk]), {"action": "login"})
    assert AuditEvent.objects.get(pk=event.pk).action == event.action


def test_pruning_removes_only_events_past_the_retention(world, settings):
    settings.AUDIT_RETENTION_DAYS = 180
    as_user(world.clerk_a).get(reverse("org:user_list"))
    old = events().first()
    models.QuerySet.update(AuditEvent.objects.filter(pk=old.pk), time=timezone.now() - timedelta(days=181))
    as_user(world.clerk_b).get(reverse("org:user_list"))
    call_command("prune_audit", stdout=io.StringIO())
    assert not events(pk=old.pk).exists() and events(actor=world.clerk_b).exists()
