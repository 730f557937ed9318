"""Deleted submissions and files wait in the recycle bin: hidden everywhere, restorable by 创文办, purged after
RECYCLE_BIN_DAYS with their stored files; every step is recorded."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from evidence import selectors, services
from evidence.models import BinRecord, EvidenceFile, Submission
from evidence.services import EvidenceRejected

Action = BinRecord.Action


def actions() -> list[tuple[str, int | None]]:
    return list(BinRecord.objects.order_by("id").values_list("action", "file_id"))


def test_a_deleted_draft_disappears_from_pages_counts_and_lookups(client, world, draft_a, add_photo):
    photo = add_photo(draft_a, 1)
    services.submission_delete(submission=draft_a, user=world.clerk_a)
    client.force_login(world.clerk_a)
    assert client.get(reverse("evidence:submission_detail", args=[draft_a.pk])).status_code == 404
    assert client.get(reverse("evidence:file_download", args=[photo.pk])).status_code == 404
    assert "公益广告悬挂" not in client.get(reverse("frameworks:task_detail", args=[world.task_a.pk])).content.decode()
    assert selectors.task_progress_map([world.task_a.pk])[world.task_a.pk].draft == 0
    assert Submission.all_objects.get(pk=draft_a.pk).deleted_by == world.clerk_a
    assert actions() == [(Action.DELETE, None)]


def test_the_coordinator_restores_a_submission_with_its_files(client, world, draft_a, add_photo):
    photo = add_photo(draft_a, 1)
    services.submission_delete(submission=draft_a, user=world.clerk_a)
    client.force_login(world.coordinator)
    bin_page = client.get(reverse("evidence:recycle_bin")).content.decode()
    assert "公益广告悬挂" in bin_page and reverse("evidence:submission_restore", args=[draft_a.pk]) in bin_page
    response = client.post(reverse("evidence:submission_restore", args=[draft_a.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("evidence:submission_detail",
                                                                           args=[draft_a.pk])
    assert list(Submission.objects.get(pk=draft_a.pk).files.all()) == [photo]
    assert actions() == [(Action.DELETE, None), (Action.RESTORE, None)]
    assert BinRecord.objects.filter(action=Action.RESTORE).get().actor == world.coordinator


def test_a_deleted_file_leaves_the_checks_and_comes_back(client, world, draft_a, add_photo):
    kept, deleted = add_photo(draft_a, 1), add_photo(draft_a, 2)
    services.evidence_file_delete(file=deleted, user=world.clerk_a)
    page = selectors.submission_page(user=world.clerk_a, submission=draft_a)
    assert [card.file for card in page.cards] == [kept]
    assert not EvidenceFile.objects.filter(pk=deleted.pk).exists()
    client.force_login(world.coordinator)
    assert deleted.original_name in client.get(reverse("evidence:recycle_bin")).content.decode()
    client.post(reverse("evidence:file_restore", args=[deleted.pk]))
    assert list(draft_a.files.all()) == [kept, deleted]
    assert actions() == [(Action.DELETE, deleted.pk), (Action.RESTORE, deleted.pk)]


def test_only_the_coordinator_restores(client, world, draft_a, add_photo):
    photo = add_photo(draft_a, 1)
    services.evidence_file_delete(file=photo, user=world.clerk_a)
    services.submission_delete(submission=draft_a, user=world.clerk_a)
    for persona in (world.clerk_a, world.leader):
        client.force_login(persona)
        assert client.get(reverse("evidence:recycle_bin")).status_code == 403
        assert client.post(reverse("evidence:submission_restore", args=[draft_a.pk])).status_code == 403
        with pytest.raises(EvidenceRejected, match="只有创文办"):
            services.submission_restore(submission=draft_a, user=persona)
    with pytest.raises(EvidenceRejected, match="请先恢复活动资料"):
        services.evidence_file_restore(file=photo, user=world.coordinator)
    assert Submission.all_objects.get(pk=draft_a.pk).deleted_at is not None


def test_live_submissions_cannot_be_restored(client, world, draft_a):
    client.force_login(world.coordinator)
    assert client.post(reverse("evidence:submission_restore", args=[draft_a.pk])).status_code == 404


def test_purge_removes_what_is_older_than_the_bin_keeps_with_its_stored_files(
        world, draft_a, add_photo, stored_files, settings, django_capture_on_commit_callbacks):
    settings.RECYCLE_BIN_DAYS = 30
    old_photo, young_photo = add_photo(draft_a, 1), add_photo(draft_a, 2)
    other = services.submission_create(task=world.task_a, department=world.department_a, user=world.clerk_a,
                                       title="旧草稿")
    add_photo(other, 3)
    services.evidence_file_delete(file=old_photo, user=world.clerk_a)
    services.evidence_file_delete(file=young_photo, user=world.clerk_a)
    services.submission_delete(submission=other, user=world.clerk_a)
    long_ago = timezone.now() - timedelta(days=31)
    EvidenceFile.all_objects.filter(pk=old_photo.pk).update(deleted_at=long_ago)
    Submission.all_objects.filter(pk=other.pk).update(deleted_at=long_ago)
    assert len(stored_files()) == 6  # three photos with their thumbnails

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_recycle_bin", stdout=out)
    assert "1 份活动资料、1 个单独删除的文件" in out.getvalue()
    assert not Submission.all_objects.filter(pk=other.pk).exists()
    assert list(EvidenceFile.all_objects.values_list("pk", flat=True)) == [young_photo.pk]
    assert stored_files() == sorted(p for p in stored_files() if p.stem in young_photo.file.name)
    assert len(stored_files()) == 2
    purged = BinRecord.objects.filter(action=Action.PURGE)
    assert sorted(purged.values_list("file_id", flat=True), key=str) == sorted([old_photo.pk, None], key=str)
    assert {record.actor for record in purged} == {None}
    assert "旧草稿" in purged.get(file_id=None).label
