"""Requirements parsed from a task's guidance and the coordinator's edits to them."""

import pytest

from evidence import selectors, services
from evidence.models import Requirement
from evidence.services import EvidenceRejected, RequirementFields
from tests.factories import TaskFactory

GUIDANCE = ("①每2个月开展一次道德讲堂，10个道德讲堂，每个讲堂2张图片，每张注明时间、地点、主题。"
            "②提供说明报告600字左右。③活动影像另行报送。")


def kinds(task):
    return list(task.requirements.values_list("kind", flat=True))


def test_sync_parses_the_guidance_and_keeps_what_it_could_not_read(world):
    task = TaskFactory(section=world.section, guidance=GUIDANCE)
    services.task_rules_sync(task=task)
    photos, report = task.requirements.all()
    assert (photos.kind, photos.group_label, photos.group_count, photos.per_group, photos.min_count) == \
        ("photos", "讲堂", 10, 2, 20)
    assert photos.caption_fields == ["时间", "地点", "主题"] and photos.clause == "①" and photos.source == "2张图片"
    assert (report.target_chars, report.tolerance) == (600, 0.2)
    assert photos.description == "照片：每个讲堂2张×10个讲堂（共20张）；每张注明时间、地点、主题"
    assert selectors.unparsed_sentences(task) == ["活动影像另行报送。"]


def test_edits_survive_a_resync_and_deletions_stay_deleted(world):
    task = world.task_a
    services.task_rules_sync(task=task)
    plan, photos, summary = task.requirements.all()
    services.requirement_update(requirement=photos, user=world.coordinator,
                                fields=RequirementFields(kind="photos", min_count=8, caption_fields=("地点",)))
    services.requirement_delete(requirement=summary, user=world.coordinator)
    added = services.requirement_create(task=task, user=world.coordinator,
                                        fields=RequirementFields(kind="url", hard=False))
    services.task_rules_sync(task=task)
    assert kinds(task) == ["plan", "photos", "url"]
    photos = task.requirements.get(kind="photos")
    assert photos.edited and photos.min_count == 8 and photos.caption_fields == ["地点"]
    assert task.requirements.get(pk=added.pk).origin == ""
    services.task_rules_sync(task=task, discard_edits=True)
    assert kinds(task) == ["plan", "photos", "summary"] and task.requirements.get(kind="photos").min_count == 5


def test_grouped_counts_keep_their_total_consistent(world):
    requirement = services.requirement_create(task=world.task_a, user=world.coordinator, fields=RequirementFields(
        kind="photos", min_count=99, group_label="节日", group_count=3, per_group=10))
    assert requirement.min_count == 30
    services.requirement_update(requirement=requirement, user=world.coordinator, fields=RequirementFields(
        kind="photos", group_label="单位", per_group=3))
    assert requirement.min_count is None and requirement.group_count is None


def test_sync_many_parses_every_task(world):
    assert services.task_rules_sync_many(tasks=world.section.tasks.all()) == 3
    assert Requirement.objects.filter(task__section=world.section).count() == 9


@pytest.mark.parametrize("persona", ["clerk_a", "leader", "inspector"])
def test_only_the_coordinator_edits_requirements(world, persona):
    user = getattr(world, persona)
    with pytest.raises(EvidenceRejected, match="只有创文办"):
        services.requirement_create(task=world.task_a, user=user, fields=RequirementFields(kind="plan"))
