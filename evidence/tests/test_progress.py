"""task_progress_map, which the scores app reads."""

from datetime import date

from django.urls import reverse

from evidence import services
from evidence.selectors import TaskProgress, task_progress_map
from evidence.tests.factories import SubmissionFactory
from tests.factories import TaskFactory


def test_progress_counts_states_dates_and_whether_requirements_are_met(world, complete_a):
    complete_a.activity_date = date(2026, 3, 1)
    complete_a.save()
    services.submission_submit(submission=complete_a, user=world.clerk_a)
    services.submission_approve(submission=complete_a, user=world.coordinator)
    overridden = services.submission_create(task=world.task_b, department=world.department_b, user=world.clerk_b,
                                            title="志愿者注册", activity_date=date(2026, 4, 2))
    services.submission_submit(submission=overridden, user=world.coordinator, override_reason="系统截图另报")
    services.submission_create(task=world.task_a, department=world.department_a, user=world.clerk_a, title="草稿")
    pending = services.submission_create(task=world.task_shared, department=world.department_b, user=world.clerk_b,
                                         title="献血", activity_date=date(2026, 5, 1))
    services.submission_submit(submission=pending, user=world.coordinator, override_reason="先审")
    services.submission_return(submission=pending, user=world.coordinator, comment="补照片")

    progress = task_progress_map([world.task_a.pk, world.task_b.pk, world.task_shared.pk])
    a = progress[world.task_a.pk]
    assert (a.draft, a.pending, a.approved, a.returned) == (1, 0, 1, 0)
    assert a.requirements_met and a.approved_dates == (date(2026, 3, 1),)
    assert a.last_activity is not None
    b = progress[world.task_b.pk]
    assert (b.pending, b.approved, b.requirements_met, b.approved_dates) == (1, 0, False, ())
    shared = progress[world.task_shared.pk]
    assert (shared.returned, shared.requirements_met) == (1, False)


def test_an_approval_with_an_override_meets_the_requirements(world, draft_a):
    services.submission_submit(submission=draft_a, user=world.coordinator, override_reason="另行报送")
    services.submission_approve(submission=draft_a, user=world.coordinator)
    progress = task_progress_map([world.task_a.pk])[world.task_a.pk]
    assert progress.requirements_met and progress.approved_dates == (draft_a.activity_date,)


def test_every_id_is_present_and_the_query_count_is_constant(world, django_assert_num_queries):
    empty = TaskProgress(task_id=world.task_b.pk, draft=0, pending=0, approved=0, returned=0,
                         requirements_met=False, approved_dates=(), last_activity=None)
    with django_assert_num_queries(2):
        assert task_progress_map(iter([world.task_b.pk])) == {world.task_b.pk: empty}
    tasks = [TaskFactory(section=world.section) for _ in range(30)]
    for task in tasks:
        for _ in range(3):
            SubmissionFactory(task=task, department=world.department_a, created_by=world.clerk_a)
    with django_assert_num_queries(2):
        progress = task_progress_map(task.pk for task in tasks)
    assert len(progress) == 30 and all(p.draft == 3 for p in progress.values())
    with django_assert_num_queries(0):
        assert task_progress_map([]) == {}


def test_a_clerk_counts_only_their_departments_submissions_on_a_shared_task(client, world):
    services.submission_create(task=world.task_shared, department=world.department_b, user=world.clerk_b,
                               title="人事科草稿")
    services.submission_create(task=world.task_shared, department=world.department_a, user=world.clerk_a,
                               title="行财科草稿")
    services.submission_create(task=world.task_shared, department=world.department_a, user=world.clerk_a,
                               title="行财科草稿二")
    drafts = {user: task_progress_map([world.task_shared.pk], user=user)[world.task_shared.pk].draft
              for user in (world.clerk_a, world.clerk_b, world.coordinator)}
    assert drafts == {world.clerk_a: 2, world.clerk_b: 1, world.coordinator: 3}
    client.force_login(world.clerk_b)
    response = client.get(reverse("frameworks:task_list"))
    [shared] = [task for task in response.context["page"] if task.pk == world.task_shared.pk]
    assert shared.progress.draft == 1
