import hashlib
import io
import zipfile
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from evidence.models import Requirement
from exports import services
from exports.models import ExportJob
from frameworks.selectors import framework_current
from lib.dossier.originals_zip import INDEX_NAME
from lib.dossier.pdf import soffice
from tests.factories import OrganisationFactory, UserFactory


def export(client, user, **fields):
    client.force_login(user)
    data = {"kind": "dossier_docx", "scope": f"table:{user_framework(user).pk}", "statuses": ["approved"],
            "photos_per_page": 4, **fields}
    return client.post(reverse("exports:index"), data)


def user_framework(user):
    return framework_current(user)


def last_job() -> ExportJob:
    return ExportJob.objects.latest("id")


def docx_text(job: ExportJob) -> tuple[str, Document]:
    with job.file.open("rb") as handle:
        document = Document(io.BytesIO(handle.read()))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(parts), document


def test_coordinator_gets_the_whole_table_of_approved_activities(client, world, evidence_set):
    response = export(client, world.coordinator)
    assert response.status_code == 302
    job = last_job()
    assert job.status == ExportJob.Status.DONE and job.filename.endswith(".docx")
    text, document = docx_text(job)
    assert "行财科公益广告悬挂" in text and "人事科无偿献血" in text
    assert "行财科草稿活动" not in text
    assert "说明报告（16字）" in text and "【方案（计划）】行财科公益广告悬挂方案.docx" in text
    assert "主题：道德讲堂1" in text and "地点：三楼会议室" in text
    assert len(document.inline_shapes) == 5
    # task_a asks for a plan, 5 photos and a summary; the approved activity has the plan and 2 photos.
    assert "☑ 方案（计划）（已满足）" in text and "☐ 总结（未满足）" in text
    assert "测试司法局" in text and "2026年度创建全国文明城市工作台账" in text


def test_a_clerks_dossier_holds_only_their_departments_activities(client, world, evidence_set):
    export(client, world.clerk_a)
    text, document = docx_text(last_job())
    assert "行财科公益广告悬挂" in text
    assert "人事科无偿献血" not in text  # on task_shared, which clerk_a sees, but 人事科's activity
    assert len(document.inline_shapes) == 2


def test_statuses_chosen_on_the_page_are_included(client, world, evidence_set):
    export(client, world.coordinator, statuses=["approved", "draft"], scope=f"task:{world.task_a.pk}")
    text, _ = docx_text(last_job())
    assert "行财科草稿活动" in text and "人事科无偿献血" not in text


def test_department_scope(client, world, evidence_set, activity):
    activity(task=world.task_shared, department=world.department_a, user=world.clerk_a, title="行财科参与献血")
    export(client, world.coordinator, scope=f"department:{world.department_b.pk}")
    job = last_job()
    text, _ = docx_text(job)
    assert "人事科无偿献血" in text
    assert "行财科公益广告悬挂" not in text and "行财科参与献血" not in text  # 行财科's, even on a shared task
    assert list(job.departments.all()) == [world.department_b]


def test_a_clerk_cannot_export_another_department(client, world, evidence_set):
    response = export(client, world.clerk_a, scope=f"department:{world.department_b.pk}")
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()  # not offered
    with pytest.raises(Http404):
        services.export_job_create(user=world.clerk_a, framework=user_framework(world.clerk_a), kind="dossier_docx",
                                   scope="department", scope_id=world.department_b.pk, statuses=["approved"])
    assert not ExportJob.objects.exists()


def test_another_task_id_is_a_404(client, world, evidence_set):
    with pytest.raises(Http404):
        services.export_job_create(user=world.clerk_a, framework=user_framework(world.clerk_a), kind="dossier_docx",
                                   scope="task", scope_id=world.task_b.pk, statuses=["approved"])


def test_downloads_follow_the_departments_in_the_file(client, world, evidence_set):
    export(client, world.clerk_a)
    clerk_job = last_job()
    export(client, world.coordinator)
    table_job = last_job()
    url = lambda job: reverse("exports:download", args=[job.pk])  # noqa: E731
    client.force_login(world.clerk_a)
    assert client.get(url(clerk_job)).status_code == 200
    assert client.get(url(table_job)).status_code == 404  # holds 人事科's activities
    client.force_login(world.clerk_b)
    assert client.get(url(clerk_job)).status_code == 404
    assert client.get(reverse("exports:job", args=[clerk_job.pk])).status_code == 404
    assert "行财科公益广告悬挂" not in client.get(reverse("exports:index")).content.decode()
    client.force_login(world.leader)
    assert client.get(url(clerk_job)).status_code == 200 and client.get(url(table_job)).status_code == 200
    outsider = UserFactory(organisation=OrganisationFactory(name="别的单位"), role="coordinator")
    client.force_login(outsider)
    assert client.get(url(table_job)).status_code == 404
    client.logout()
    assert client.get(url(table_job)).status_code == 302


def test_expired_files_are_refused_and_purged(client, world, evidence_set, settings):
    export(client, world.coordinator)
    job = last_job()
    stored = job.file.name
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(world.coordinator)
    response = client.get(reverse("exports:download", args=[job.pk]))
    assert response.status_code == 410 and "已过期" in response.content.decode()
    call_command("purge_exports", stdout=io.StringIO())
    job.refresh_from_db()
    assert job.status == ExportJob.Status.EXPIRED and not job.file
    assert not job.file.storage.exists(stored)


def test_retention_sets_the_expiry(client, world, evidence_set, settings):
    settings.EXPORT_RETENTION_HOURS = 5
    export(client, world.coordinator)
    job = last_job()
    assert job.expires_at - job.finished_at == timedelta(hours=5)
    assert services.export_jobs_purge(now=job.finished_at + timedelta(hours=4)) == 0
    assert services.export_jobs_purge(now=job.finished_at + timedelta(hours=5)) == 1


@pytest.mark.parametrize("fields, message", [
    ({"statuses": []}, "请至少选择一种资料状态"),
    ({"photos_per_page": 3}, "选择一个有效的选项"),
    ({"scope": "section:999999"}, "选择一个有效的选项"),
    ({"kind": "everything"}, "选择一个有效的选项"),
])
def test_bad_form_input_is_answered_in_chinese_and_nothing_is_queued(client, world, fields, message):
    response = export(client, world.coordinator, **fields)
    assert response.status_code == 200 and message in response.content.decode()
    assert not ExportJob.objects.exists()


def test_get_never_creates_a_job(client, world):
    client.force_login(world.coordinator)
    assert client.get(reverse("exports:index")).status_code == 200
    assert not ExportJob.objects.exists()


def test_a_failed_build_says_so(client, world, evidence_set):
    photo = evidence_set["a_approved"].files.filter(role="photo").first()
    photo.file.storage.delete(photo.file.name)
    export(client, world.coordinator)
    job = last_job()
    assert job.status == ExportJob.Status.FAILED and "生成失败" in job.message
    assert not job.file


def test_progress_is_reported_while_building(client, world, evidence_set, monkeypatch):
    monkeypatch.setattr(services, "PROGRESS_WRITE_SECONDS", 0)
    seen = []
    original = services._update
    monkeypatch.setattr(services, "_update", lambda job, **v: (seen.append(v.get("done")), original(job, **v)))
    export(client, world.coordinator)
    done = [d for d in seen if d]
    assert last_job().total == 6 and done == sorted(done) and {1, 2, 3, 4, 5} <= set(done)


def test_originals_zip_tree_index_and_hashes(client, world, evidence_set):
    export(client, world.coordinator, kind="originals_zip")
    job = last_job()
    assert job.status == ExportJob.Status.DONE, job.message
    with job.file.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    names = archive.namelist()
    submission = evidence_set["a_approved"]
    folder = "共性任务/创建氛围-2 制作悬挂公益宣传广告/行财科/行财科公益广告悬挂/"
    assert f"{folder}行财科公益广告悬挂0.jpg" in names and f"{folder}行财科公益广告悬挂方案.docx" in names
    assert not any("草稿" in n for n in names)
    assert all(info.flag_bits & 0x800 for info in archive.infolist())  # UTF-8 names for Explorer
    rows = {r[0]: r for r in load_workbook(io.BytesIO(archive.read(INDEX_NAME))).active.iter_rows(values_only=True)}
    photo = submission.files.filter(role="photo").first()
    row = rows[f"{folder}{photo.original_name}"]
    assert row[-1] == photo.sha256 == hashlib.sha256(archive.read(f"{folder}{photo.original_name}")).hexdigest()
    assert "主题：道德讲堂1" in row[6]
    assert len(names) == (2 + 1) + (3 + 1) + 1  # two activities' photos and plan, and the index


def test_a_clerks_zip_holds_only_their_department(client, world, evidence_set):
    export(client, world.clerk_b, kind="originals_zip")
    with last_job().file.open("rb") as handle:
        names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
    assert names and all("/人事科/" in n for n in names if n != INDEX_NAME)


def _has_soffice() -> bool:
    try:
        soffice()
    except Exception:
        return False
    return True


@pytest.mark.skipif(not _has_soffice(), reason="需要 LibreOffice（scripts/system-deps.sh）")
def test_pdf_has_the_text_and_embeds_chinese_fonts(client, world, evidence_set):
    from pypdf import PdfReader
    export(client, world.coordinator, kind="dossier_pdf")
    job = last_job()
    assert job.status == ExportJob.Status.DONE, job.message
    with job.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "行财科公益广告悬挂" in text.replace(" ", "") and "道德讲堂1" in text.replace(" ", "")
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            if descriptor and any(k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                fonts.add(str(font["/BaseFont"]))
    assert any("CJK" in name for name in fonts)


def test_the_service_refuses_an_unknown_kind(world):
    framework = user_framework(world.coordinator)
    with pytest.raises(services.ExportRefused, match="不支持的导出类型"):
        services.export_job_create(user=world.coordinator, framework=framework, kind="everything", scope="table",
                                   scope_id=framework.pk, statuses=["approved"])
    assert not ExportJob.objects.exists()


def test_photo_captions_print_the_fields_the_task_asks_for_and_those_filled(client, world, evidence_set):
    """task_a asks for no caption field: the empty 时间 is left out rather than printed as 未注明;
    once a requirement asks for 时间 and 主办单位, both show, empty ones as 未注明."""
    export(client, world.coordinator)
    text, _ = docx_text(last_job())
    assert "地点：三楼会议室" in text and "时间：" not in text and "未注明" not in text
    Requirement.objects.filter(task=world.task_a, kind=Requirement.Kind.PHOTOS).update(caption_fields=["时间", "主办单位"])
    export(client, world.coordinator)
    text, _ = docx_text(last_job())
    assert "时间：未注明" in text and "主办单位：未注明" in text and "地点：三楼会议室" in text


def test_an_expired_job_shows_as_expired_before_it_is_purged(client, world, evidence_set):
    export(client, world.coordinator)
    ExportJob.objects.filter(pk=last_job().pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    page = client.get(reverse("exports:index")).content.decode()
    assert "已过期" in page and reverse("exports:download", args=[last_job().pk]) not in page


def test_jobs_that_lost_their_worker_are_failed_by_the_purge(world, settings):
    settings.EXPORT_STALE_HOURS = 12
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend",
                                  "QUEUES": settings.TASK_QUEUES}}
    job = services.export_job_create(user=world.coordinator, framework=user_framework(world.coordinator),
                                     kind="dossier_docx", scope="table", scope_id=user_framework(world.coordinator).pk,
                                     statuses=["approved"])
    services.export_jobs_purge(now=job.created_at + timedelta(hours=11))
    job.refresh_from_db()
    assert job.status == ExportJob.Status.QUEUED
    services.export_jobs_purge(now=job.created_at + timedelta(hours=12))
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and "重新生成" in job.message


def test_a_user_may_have_only_a_few_jobs_waiting(world, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend",
                                  "QUEUES": settings.TASK_QUEUES}}
    framework = user_framework(world.clerk_a)
    create = lambda: services.export_job_create(  # noqa: E731
        user=world.clerk_a, framework=framework, kind="originals_zip", scope="table", scope_id=framework.pk,
        statuses=["approved"])
    for _ in range(services.MAX_UNFINISHED_PER_USER):
        create()
    with pytest.raises(services.ExportRefused, match="请等其完成后再提交"):
        create()
    assert ExportJob.objects.count() == services.MAX_UNFINISHED_PER_USER
    services.export_job_create(user=world.coordinator, framework=framework, kind="originals_zip", scope="table",
                               scope_id=framework.pk, statuses=["approved"])  # another user is not held up


def test_a_long_scope_is_shortened_in_the_download_name_not_the_date(client, world, evidence_set):
    Task = type(world.task_a)
    Task.objects.filter(pk=world.task_a.pk).update(text="利用墙报、板报、橱窗、电子显示屏等载体开展创建全国文明城市宣传活动" * 3)
    export(client, world.coordinator, scope=f"task:{world.task_a.pk}")
    name = last_job().filename
    assert name.endswith(f"-{timezone.localdate():%Y%m%d}.docx") and len(name) < 90


def test_a_task_folder_in_the_zip_drops_the_task_texts_closing_mark(client, world, evidence_set):
    type(world.task_a).objects.filter(pk=world.task_a.pk).update(text="制作悬挂公益宣传广告；")
    export(client, world.coordinator, kind="originals_zip")
    with last_job().file.open("rb") as handle:
        names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
    assert any(n.startswith("共性任务/创建氛围-2 制作悬挂公益宣传广告/") for n in names)
    assert not any("；" in n for n in names)


def test_finished_jobs_do_not_count_against_the_waiting_limit(world, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend",
                                  "QUEUES": settings.TASK_QUEUES}}
    framework = user_framework(world.clerk_a)
    create = lambda: services.export_job_create(  # noqa: E731
        user=world.clerk_a, framework=framework, kind="originals_zip", scope="table", scope_id=framework.pk,
        statuses=["approved"])
    for _ in range(services.MAX_UNFINISHED_PER_USER):
        create()
    ExportJob.objects.filter(pk=ExportJob.objects.earliest("id").pk).update(status=ExportJob.Status.DONE)
    create()  # one finished: room for one more
