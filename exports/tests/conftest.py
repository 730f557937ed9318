import pytest

from evidence import services as evidence_services
from evidence.models import EvidenceFile, Submission
from evidence.tests import factories as evidence_factories


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
                                  "QUEUES": settings.TASK_QUEUES}}


@pytest.fixture
def activity(world):
    """An activity with photos and a document, put into the given status (files go in as a draft)."""
    def make(*, task, department, user, title, status=Submission.Status.APPROVED, photos=2, report="",
             subject="道德讲堂", activity_date=None, url="", caption_time="", seed=0):
        submission = evidence_services.submission_create(task=task, department=department, user=user, title=title,
                                                         activity_date=activity_date)
        for n in range(photos):
            file = evidence_services.evidence_file_add(
                submission=submission, upload=evidence_factories.upload(
                    f"{title}{n}.jpg", evidence_factories.jpeg(seed + n, size=(800, 600))), user=user, role="photo")
            EvidenceFile.objects.filter(pk=file.pk).update(caption_subject=f"{subject}{n + 1}",
                                                           caption_place="三楼会议室", caption_time=caption_time)
        evidence_services.evidence_file_add(
            submission=submission, upload=evidence_factories.upload(f"{title}方案.docx",
                                                                    evidence_factories.docx(["活动方案"])),
            user=user, role="plan")
        Submission.objects.filter(pk=submission.pk).update(status=status, report_text=report, url=url)
        submission.refresh_from_db()
        return submission
    return make


@pytest.fixture
def evidence_set(world, activity):
    """行财科: one approved and one draft activity; 人事科: one approved activity on the shared task."""
    for task in (world.task_a, world.task_b, world.task_shared):
        evidence_services.task_rules_sync(task=task)
    return {
        "a_approved": activity(task=world.task_a, department=world.department_a, user=world.clerk_a,
                               title="行财科公益广告悬挂", report="我局在办公楼悬挂公益广告十二幅。"),
        "a_draft": activity(task=world.task_a, department=world.department_a, user=world.clerk_a,
                            title="行财科草稿活动", status=Submission.Status.DRAFT),
        "b_approved": activity(task=world.task_shared, department=world.department_b, user=world.clerk_b,
                               title="人事科无偿献血", photos=3),
    }


@pytest.fixture(autouse=True)
def _photos_in_process(settings):
    """The process pool is tested in lib/dossier; starting one per test only costs time here."""
    settings.EXPORT_PHOTO_WORKERS = 1
