from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from frameworks.models import ImportBatch, Task
from tests.worker import run_worker

DEMO = Path(settings.BASE_DIR) / "demo"


def login(client, user):
    client.force_login(user)
    return client


def test_login_page_is_chinese_and_anonymous_users_are_sent_there(client, db):
    response = client.get(reverse("frameworks:task_list"))
    assert response.status_code == 302 and reverse("login") in response.url
    page = client.get(reverse("login")).content.decode()
    assert "登录" in page and "cdn" not in page.lower()


def test_login_with_password(client, world):
    response = client.post(reverse("login"), {"username": "clerk_a", "password": "test-password-123"})
    assert response.status_code == 302
    client.logout()
    response = client.post(reverse("login"), {"username": "clerk_a", "password": "wrong"})
    assert "用户名或密码不正确" in response.content.decode()


def test_clerk_sees_only_their_departments_tasks(client, world):
    page = login(client, world.clerk_a).get(reverse("frameworks:task_list")).content.decode()
    assert world.task_a.text in page and world.task_shared.text in page
    assert world.task_b.text not in page


def test_other_departments_task_is_404_for_a_clerk(client, world):
    login(client, world.clerk_a)
    assert client.get(reverse("frameworks:task_detail", args=[world.task_b.pk])).status_code == 404
    assert client.get(reverse("frameworks:task_detail", args=[world.task_a.pk])).status_code == 200
    assert client.get(reverse("frameworks:department_detail", args=[world.department_b.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["coordinator", "leader", "inspector"])
def test_cross_department_roles_see_everything(client, world, persona):
    page = login(client, getattr(world, persona)).get(reverse("frameworks:task_list")).content.decode()
    for task in (world.task_a, world.task_b, world.task_shared):
        assert task.text in page


def test_task_list_filters(client, world):
    login(client, world.coordinator)
    url = reverse("frameworks:task_list")
    page = client.get(url, {"department": world.department_b.pk}).content.decode()
    assert world.task_b.text in page and world.task_a.text not in page
    page = client.get(url, {"q": "志愿者"}).content.decode()
    assert world.task_b.text in page and world.task_shared.text not in page
    partial = client.get(url, {"q": "志愿者"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and world.task_b.text in partial


def test_task_detail_shows_points_responsibilities_and_guidance(client, world):
    page = login(client, world.clerk_b).get(reverse("frameworks:task_detail", args=[world.task_shared.pk])).content.decode()
    assert "牵头" in page and "配合" in page and "至少5张照片" in page and "2 分" in page


def test_another_organisations_users_see_nothing(client, world):
    from tests.factories import UserFactory

    outsider = UserFactory(role="coordinator")
    login(client, outsider)
    assert client.get(reverse("frameworks:task_detail", args=[world.task_a.pk])).status_code == 404
    assert world.task_a.text not in client.get(reverse("frameworks:task_list")).content.decode()


def test_only_coordinators_can_import(client, world):
    login(client, world.clerk_a)
    assert client.get(reverse("frameworks:import_upload")).status_code == 403
    login(client, world.leader)
    assert client.get(reverse("frameworks:import_upload")).status_code == 403


@pytest.mark.django_db(transaction=True)  # the worker closes its connection (tests.worker)
def test_import_upload_preview_confirm(client, world):
    login(client, world.coordinator)
    upload = SimpleUploadedFile("分解表.docx", (DEMO / "yiyang-sfj-task-table.docx").read_bytes())
    response = client.post(reverse("frameworks:import_upload"), {"file": upload, "year": 2027})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert "正在解析" in client.get(response.url).content.decode()
    run_worker()
    preview = client.get(response.url).content.decode()
    assert "确认导入" in preview and "50 项任务" in preview and "合计 100 分" in preview
    assert not Task.objects.filter(section__framework__year=2027).exists()
    response = client.post(reverse("frameworks:import_confirm", args=[batch.pk]))
    assert response.status_code == 302
    assert Task.objects.filter(section__framework__year=2027).count() == 50
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.IMPORTED


def test_a_file_of_the_wrong_kind_is_refused_at_once_and_nothing_is_kept(client, world):
    login(client, world.coordinator)
    upload = SimpleUploadedFile("照片.docx", b"\xff\xd8\xff\xe0 not a docx")
    page = client.post(reverse("frameworks:import_upload"), {"file": upload, "year": 2027}).content.decode()
    assert "不支持的文件格式" in page
    assert not ImportBatch.objects.exists()


def test_empty_upload_is_refused(client, world):
    login(client, world.coordinator)
    upload = SimpleUploadedFile("空.docx", b"")
    page = client.post(reverse("frameworks:import_upload"), {"file": upload, "year": 2027}).content.decode()
    assert "文件为空" in page
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db(transaction=True)  # the worker closes its connection (tests.worker)
def test_import_batches_of_another_organisation_are_404(client, world):
    from tests.factories import UserFactory

    login(client, world.coordinator)
    upload = SimpleUploadedFile("t.txt", (DEMO / "yiyang-sfj-task-table.txt").read_bytes())
    client.post(reverse("frameworks:import_upload"), {"file": upload, "year": 2027})
    run_worker()
    batch = ImportBatch.objects.get()
    login(client, UserFactory(role="coordinator"))
    assert client.get(reverse("frameworks:import_preview", args=[batch.pk])).status_code == 404
    assert client.post(reverse("frameworks:import_confirm", args=[batch.pk])).status_code == 404


def test_coordinator_edits_aliases(client, world):
    login(client, world.coordinator)
    url = reverse("frameworks:department_aliases", args=[world.department_a.pk])
    client.post(url, {"aliases": "行政财务科、财务科"})
    assert set(world.department_a.aliases.values_list("alias", flat=True)) == {"行政财务科", "财务科"}
    response = client.post(reverse("frameworks:department_aliases", args=[world.department_b.pk]),
                           {"aliases": "财务科"}, follow=True)
    assert "已被其他科室使用" in response.content.decode()
    login(client, world.clerk_a)
    assert client.post(url, {"aliases": "x"}).status_code == 403


def test_task_list_shows_evidence_progress_in_constant_queries(client, world, django_assert_max_num_queries):
    from evidence.models import Submission

    Submission.objects.create(task=world.task_a, department=world.department_a, title="退回的活动",
                              status=Submission.Status.RETURNED, created_by=world.clerk_a)
    login(client, world.clerk_a)
    # 16, each one per page whatever the table's size (tests/test_query_budget.py checks that): session,
    # user, working year, the clerk's department ids (org.scoping, read once per request), categories,
    # page count, tasks, their responsibilities, two progress aggregates (counts per status; approved
    # activity dates), unread notifications (context processor), sections and departments of the filter
    # form, and the idle timeout's session renewal (SAVEPOINT, UPDATE, RELEASE within the test's transaction).
    with django_assert_max_num_queries(16):
        page = client.get(reverse("frameworks:task_list")).content.decode()
    assert "已退回 1" in page and "未开始" in page


def test_repeated_wrong_passwords_lock_the_account_for_a_while(client, world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("login"), {"username": "clerk_a", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "clerk_a", "password": "test-password-123"})
    assert "暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
