"""The coordinator builds the 台账 of the whole table and downloads it; a clerk on a phone builds
their own originals ZIP and never sees the coordinator's file."""

import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from playwright.sync_api import expect

from evidence import services as evidence_services
from evidence.models import Submission
from frameworks.models import Task
from tests.e2e.conftest import photo_jpeg


def test_coordinator_downloads_the_dossier_and_a_clerk_only_their_own(open_page, shoot, imported, tmp_path,
                                                                        settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
                                  "QUEUES": settings.TASK_QUEUES}}
    settings.EXPORT_PHOTO_WORKERS = 1
    organisation, people = imported
    task = Task.objects.get(section__framework__organisation=organisation, text__contains="制作悬挂社会主义核心价值观")
    department = organisation.departments.get(name="行财科")
    submission = evidence_services.submission_create(task=task, department=department, user=people["xck"],
                                                     title="门楼公益广告悬挂", activity_date=None)
    for n in range(1, 4):
        path = photo_jpeg(tmp_path / f"门楼{n}.jpg", seed=n)
        with path.open("rb") as handle:
            evidence_services.evidence_file_add(submission=submission, user=people["xck"], role="photo",
                                                upload=SimpleUploadedFile(path.name, handle.read()))
    Submission.objects.filter(pk=submission.pk).update(status=Submission.Status.APPROVED)

    desk = open_page(people["coordinator"])
    desk.get_by_role("link", name="导出台账").click()
    expect(desk.get_by_role("heading", name="导出台账")).to_be_visible()
    desk.get_by_label("每页照片（Word / PDF）").select_option("2")
    desk.get_by_role("button", name="开始生成").click()
    expect(desk.get_by_text("已加入后台生成队列")).to_be_visible()
    shoot(desk, "exports-01-coordinator")
    with desk.expect_download() as download:
        desk.get_by_role("link", name="下载").first.click()
    assert download.value.suggested_filename.endswith(".docx")
    document = Document(download.value.path())
    assert "门楼公益广告悬挂" in "\n".join(p.text for p in document.paragraphs)
    assert len(document.inline_shapes) == 3

    phone = open_page(people["rsk"], phone=True)
    phone.goto(desk.url)
    expect(phone.get_by_text("还没有导出过。")).to_be_visible()  # the coordinator's file is not theirs
    phone.get_by_label("原始资料（ZIP）").check()
    phone.get_by_role("button", name="开始生成").click()
    with phone.expect_download() as download:
        phone.get_by_role("link", name="下载").first.click()
    names = zipfile.ZipFile(download.value.path()).namelist()
    assert names == ["索引.xlsx"]  # 人事科 has no approved activity; 行财科's photos stay out
    shoot(phone, "exports-02-clerk-phone")
