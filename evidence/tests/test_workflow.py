"""The submission state machine: 草稿 → 待审核 → 已通过 / 已退回 → 重新提交, with its checks and events."""

import pytest

from evidence import services
from evidence.models import Submission, SubmissionEvent
from evidence.services import EvidenceRejected, SubmissionBlocked

Status = Submission.Status


def history(submission):
    return list(SubmissionEvent.objects.filter(submission=submission)
                .values_list("from_status", "to_status", "actor__username", "comment"))


def test_full_cycle_records_every_transition(world, complete_a):
    services.submission_submit(submission=complete_a, user=world.clerk_a)
    services.submission_return(submission=complete_a, user=world.coordinator, comment="照片不清楚，请重拍")
    complete_a.refresh_from_db()
    assert complete_a.status == Status.RETURNED and complete_a.review_comment == "照片不清楚，请重拍"
    services.submission_submit(submission=complete_a, user=world.clerk_a)
    services.submission_approve(submission=complete_a, user=world.coordinator, comment="很好")
    complete_a.refresh_from_db()
    assert complete_a.status == Status.APPROVED and complete_a.checks_passed and complete_a.requirements_met
    assert complete_a.reviewed_at and complete_a.submitted_at
    assert history(complete_a) == [
        ("", "draft", "clerk_a", ""),
        ("draft", "pending", "clerk_a", ""),
        ("pending", "returned", "coordinator", "照片不清楚，请重拍"),
        ("returned", "pending", "clerk_a", ""),
        ("pending", "approved", "coordinator", "很好"),
    ]
    labels = [event.action_label for event in complete_a.events.all()]
    assert labels == ["新建", "提交审核", "退回修改", "重新提交审核", "审核通过"]


def test_failed_hard_checks_block_submission(world, draft_a, add_photo):
    add_photo(draft_a, 1)
    with pytest.raises(SubmissionBlocked) as blocked:
        services.submission_submit(submission=draft_a, user=world.clerk_a)
    messages = [failure.message_zh for failure in blocked.value.failures]
    assert messages == ["缺少方案（计划）", "还缺4张照片（要求至少5张，已上传1张）", "缺少总结"]
    assert "请补齐后再提交" in blocked.value.message_zh
    draft_a.refresh_from_db()
    assert draft_a.status == Status.DRAFT and draft_a.events.count() == 1


def test_a_clerk_cannot_override_even_with_a_reason(world, draft_a):
    with pytest.raises(SubmissionBlocked):
        services.submission_submit(submission=draft_a, user=world.clerk_a, override_reason="领导同意")


def test_coordinator_overrides_only_with_a_reason(world, draft_a):
    with pytest.raises(SubmissionBlocked) as blocked:
        services.submission_submit(submission=draft_a, user=world.coordinator, override_reason="  ")
    assert "放行理由" in blocked.value.message_zh
    services.submission_submit(submission=draft_a, user=world.coordinator, override_reason="照片已线下报送")
    draft_a.refresh_from_db()
    assert draft_a.status == Status.PENDING and draft_a.override_reason == "照片已线下报送"
    assert draft_a.checks_passed is False
    assert draft_a.events.last().comment == "放行理由：照片已线下报送"
    services.submission_approve(submission=draft_a, user=world.coordinator)
    draft_a.refresh_from_db()
    assert draft_a.requirements_met  # approved with an override


def test_approval_rechecks_and_asks_for_a_reason_when_requirements_fail(world, complete_a, add_document):
    services.submission_submit(submission=complete_a, user=world.clerk_a)
    services.requirement_create(task=world.task_a, user=world.coordinator,
                                fields=services.RequirementFields(kind="statistics"))
    with pytest.raises(SubmissionBlocked) as blocked:
        services.submission_approve(submission=complete_a, user=world.coordinator)
    assert [f.message_zh for f in blocked.value.failures] == ["缺少统计表格"]
    services.submission_approve(submission=complete_a, user=world.coordinator, override_reason="统计表已纸质报送")
    complete_a.refresh_from_db()
    assert complete_a.status == Status.APPROVED and complete_a.checks_passed is False and complete_a.requirements_met


def test_return_needs_a_comment_and_only_the_coordinator_reviews(world, complete_a):
    services.submission_submit(submission=complete_a, user=world.clerk_a)
    with pytest.raises(EvidenceRejected, match="写明需要修改"):
        services.submission_return(submission=complete_a, user=world.coordinator, comment=" ")
    for persona in ("clerk_a", "leader", "inspector"):
        with pytest.raises(EvidenceRejected, match="只有创文办可以审核"):
            services.submission_approve(submission=complete_a, user=getattr(world, persona))
    complete_a.refresh_from_db()
    assert complete_a.status == Status.PENDING


def test_wrong_state_transitions_are_refused(world, complete_a):
    with pytest.raises(EvidenceRejected, match="只有待审核的资料可以通过"):
        services.submission_approve(submission=complete_a, user=world.coordinator)
    with pytest.raises(EvidenceRejected, match="只有待审核或已通过的资料可以退回"):
        services.submission_return(submission=complete_a, user=world.coordinator, comment="x")
    services.submission_submit(submission=complete_a, user=world.clerk_a)
    with pytest.raises(EvidenceRejected, match="只有草稿或已退回"):
        services.submission_submit(submission=complete_a, user=world.clerk_a)


def test_clerks_cannot_change_pending_or_approved_submissions(world, complete_a, add_photo):
    services.submission_submit(submission=complete_a, user=world.clerk_a)
    with pytest.raises(EvidenceRejected, match="正在审核中"):
        add_photo(complete_a, 9)
    services.submission_approve(submission=complete_a, user=world.coordinator)
    with pytest.raises(EvidenceRejected, match="已通过审核"):
        services.submission_update(submission=complete_a, user=world.clerk_a, title="改名", activity_date=None,
                                   report_text="", url="", notes="")
    photo = complete_a.files.filter(role="photo").first()
    with pytest.raises(EvidenceRejected, match="已通过审核"):
        services.photos_caption_update(file=photo, user=world.clerk_a, captions={"地点": "局机关"})
    with pytest.raises(EvidenceRejected, match="已通过审核"):
        services.evidence_file_delete(file=photo, user=world.clerk_a)
    # The coordinator may still correct an approved submission.
    services.photos_caption_update(file=photo, user=world.coordinator, captions={"地点": "局机关"})


def test_departments_act_only_for_themselves(world, draft_a):
    with pytest.raises(EvidenceRejected, match="不能修改该科室"):
        services.submission_update(submission=draft_a, user=world.clerk_b, title="x", activity_date=None,
                                   report_text="", url="", notes="")
    with pytest.raises(EvidenceRejected, match="不能为该科室填报"):
        services.submission_create(task=world.task_a, department=world.department_a, user=world.clerk_b, title="x")
    with pytest.raises(EvidenceRejected, match="人事科不负责此项任务"):
        services.submission_create(task=world.task_a, department=world.department_b, user=world.coordinator,
                                   title="x")
    with pytest.raises(EvidenceRejected, match="不能为该科室填报"):
        services.submission_create(task=world.task_a, department=world.department_a, user=world.leader, title="x")
    # 人事科 cooperates on the shared task, so its clerk files its own evidence there.
    services.submission_create(task=world.task_shared, department=world.department_b, user=world.clerk_b, title="献血")


def test_retired_tasks_take_no_new_submissions(world):
    world.task_a.retired = True
    world.task_a.save()
    with pytest.raises(EvidenceRejected, match="不在最新导入的分解表中"):
        services.submission_create(task=world.task_a, department=world.department_a, user=world.clerk_a, title="x")


def test_only_drafts_are_deleted_with_their_files(world, complete_a, stored_files):
    assert stored_files()
    services.submission_submit(submission=complete_a, user=world.clerk_a)
    with pytest.raises(EvidenceRejected, match="只有草稿可以删除"):
        services.submission_delete(submission=complete_a, user=world.clerk_a)
    services.submission_return(submission=complete_a, user=world.coordinator, comment="重做")
    draft = services.submission_create(task=world.task_a, department=world.department_a, user=world.clerk_a,
                                       title="草稿")
    services.submission_delete(submission=draft, user=world.clerk_a)
    assert not Submission.objects.filter(pk=draft.pk).exists()


def test_deleting_a_draft_keeps_its_stored_files_for_the_recycle_bin(world, draft_a, add_photo, stored_files,
                                                                     django_capture_on_commit_callbacks):
    add_photo(draft_a, 1)
    assert len(stored_files()) == 2  # the photo and its thumbnail
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_delete(submission=draft_a, user=world.clerk_a)
    assert len(stored_files()) == 2
