"""What keeps evidence pages fast on a big unit: duplicates through the band index, the review queue
and task page paginated and limited to the current table."""

import pytest
from django.urls import reverse

from evidence import selectors
from evidence.models import EvidenceFile
from org.models import User
from scores.tests.factories import SubmissionFactory
from tests.factories import FrameworkFactory, OrganisationFactory, SectionFactory, TaskFactory, UserFactory

BASE = 0x0F0F_3C3C_5A5A_A5A5


def photo_row(submission, phash: int, *, sha: str = "") -> EvidenceFile:
    return EvidenceFile.objects.create(
        submission=submission, kind="photo", role="photo", original_name="x.jpg", content_kind="jpeg", size=1,
        sha256=sha or f"{submission.pk:08x}{phash:016x}".ljust(64, "0"), phash=f"{phash:016x}",
        uploaded_by=submission.created_by)


def flip(value: int, *bits: int) -> int:
    for bit in bits:
        value ^= 1 << bit
    return value


def hits_of(photo: EvidenceFile, user=None):
    organisation = photo.submission.task.section.framework.organisation
    user = user or UserFactory(organisation=organisation, role=User.Role.COORDINATOR)
    return selectors._duplicates([photo], organisation.pk, user)[photo.pk]


def test_near_duplicates_are_found_through_the_bands_however_the_differing_bits_fall(world):
    mine = SubmissionFactory(task=world.task_a, department=world.department_a, created_by=world.clerk_a)
    photo = photo_row(mine, BASE)
    # Six differing bits, spread so that no band is equal: two bands one bit apart, two bands two apart.
    spread = photo_row(SubmissionFactory(task=world.task_b, department=world.department_b, created_by=world.clerk_b),
                       flip(BASE, 0, 1, 16, 17, 40, 63))
    clustered = photo_row(SubmissionFactory(task=world.task_b, department=world.department_b,
                                            created_by=world.clerk_b), flip(BASE, 20, 21, 22, 23, 24, 25))
    photo_row(SubmissionFactory(task=world.task_b, department=world.department_b, created_by=world.clerk_b),
              flip(BASE, 0, 1, 16, 17, 40, 62, 63))  # seven bits: a different picture
    assert {hit.submission_id for hit in hits_of(photo)} == {spread.submission_id, clustered.submission_id}
    assert all(not hit.exact for hit in hits_of(photo))


def test_another_organisations_copies_are_not_reported(world):
    mine = SubmissionFactory(task=world.task_a, department=world.department_a, created_by=world.clerk_a)
    photo = photo_row(mine, BASE, sha="a" * 64)
    elsewhere = TaskFactory(section=SectionFactory(framework=FrameworkFactory(organisation=OrganisationFactory())))
    photo_row(SubmissionFactory(task=elsewhere), BASE, sha="a" * 64)
    photo_row(SubmissionFactory(task=elsewhere), flip(BASE, 3))
    assert hits_of(photo) == []
    copy = photo_row(SubmissionFactory(task=world.task_b, department=world.department_b, created_by=world.clerk_b),
                     BASE, sha="a" * 64)
    [hit] = hits_of(photo)
    assert hit.exact and hit.submission_id == copy.submission_id


def test_featureless_hashes_stay_out_of_the_band_index(world):
    submission = SubmissionFactory(task=world.task_a, department=world.department_a, created_by=world.clerk_a)
    flat = photo_row(submission, 0)
    assert (flat.phash_band_0, flat.phash_band_3) == (None, None)
    assert photo_row(submission, BASE).phash_band_3 == 0xA5A5


@pytest.fixture
def old_table_submission(world):
    """A pending submission of last year's table of the same unit."""
    old = FrameworkFactory(organisation=world.organisation, year=2025)
    task = TaskFactory(section=SectionFactory(framework=old))
    return SubmissionFactory(task=task, department=world.department_a, created_by=world.clerk_a, pending=True,
                             title="去年的活动")


def test_the_review_queue_pages_the_current_table_and_counts_files_per_row(client, world, old_table_submission):
    for n in range(31):
        submission = SubmissionFactory(task=world.task_a, department=world.department_a, created_by=world.clerk_a,
                                       pending=True, title=f"活动{n:02d}")
        for _ in range(n % 3):
            photo_row(submission, flip(BASE, n % 64, (n + 9) % 64, (n + 33) % 64) ^ (n << 20))
    client.force_login(world.coordinator)
    first = client.get(reverse("evidence:review_queue")).content.decode()
    assert "共 31 份" in first and "去年的活动" not in first
    assert "活动00" in first and "活动29" in first and "活动30" not in first
    second = client.get(reverse("evidence:review_queue"), {"page": 2}).content.decode()
    assert "活动30" in second and "活动00" not in second
    page = selectors.review_queue(user=world.coordinator, framework=world.section.framework)
    assert [s.file_count for s in page.object_list[:4]] == [0, 1, 2, 0]


def test_task_detail_paginates_its_submissions(client, world):
    for n in range(25):
        SubmissionFactory(task=world.task_a, department=world.department_a, created_by=world.clerk_a,
                          title=f"第{n:02d}次活动")
    client.force_login(world.clerk_a)
    url = reverse("frameworks:task_detail", args=[world.task_a.pk])
    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    assert first.count("次活动</a>") == 20 and second.count("次活动</a>") == 5
    assert "第 1 / 2 页" in first and "第24次活动" in first and "第00次活动" in second


def test_the_migration_fills_the_bands_of_existing_photos(world):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("evidence.migrations.0012_duplicate_bands_and_page_indexes")
    submission = SubmissionFactory(task=world.task_a, department=world.department_a, created_by=world.clerk_a)
    photo, flat = photo_row(submission, BASE), photo_row(submission, 0)
    EvidenceFile.objects.update(phash_band_0=None, phash_band_1=None, phash_band_2=None, phash_band_3=None)
    migration.fill_bands(apps, None)
    photo.refresh_from_db()
    flat.refresh_from_db()
    assert (photo.phash_band_0, photo.phash_band_1, photo.phash_band_2, photo.phash_band_3) == (
        0x0F0F, 0x3C3C, 0x5A5A, 0xA5A5)
    assert flat.phash_band_0 is None
