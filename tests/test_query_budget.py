"""List pages of every app use the same number of SQL queries whatever the size of the table."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scores.tests.factories import grow_table
from tests.factories import SectionFactory

PAGES = [
    ("coordinator", "frameworks:task_list", {}),
    ("clerk_a", "frameworks:task_list", {}),
    ("coordinator", "frameworks:department_list", {}),
    ("coordinator", "frameworks:department_detail", {"department": "department_a"}),
    ("coordinator", "evidence:review_queue", {}),
    ("clerk_b", "scores:score_list", {}),
    ("clerk_a", "schedules:todo", {}),
    ("coordinator", "schedules:todo", {}),
    ("coordinator", "schedules:calendar", {}),
    ("clerk_a", "schedules:report_list", {}),
    ("coordinator", "audit:event_list", {}),
    ("coordinator", "org:user_list", {}),
    ("coordinator", "frameworks:year_list", {}),
]


def query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona, name, args", PAGES)
def test_list_pages_use_a_constant_number_of_queries(client, world, persona, name, args):
    client.force_login(getattr(world, persona))
    url = reverse(name, args=[getattr(world, value).pk for value in args.values()])
    departments = [world.department_a, world.department_b]
    grow_table(section=world.section, departments=departments, user=world.clerk_a, size=2)
    client.get(url)  # warm-up: per-day and per-task bookkeeping happens on the first view
    small = query_count(client, url)

    other_section = SectionFactory(framework=world.section.framework, name="个性任务")
    grow_table(section=world.section, departments=departments, user=world.clerk_a, size=15)
    grow_table(section=other_section, departments=departments[::-1], user=world.clerk_b, size=15)
    client.get(url)
    assert query_count(client, url) == small


# Pages whose size grows with one task's submissions rather than with the table: a task with 2, then
# 45 submissions of every state (more than a page of either list), each with a photo row.
BUSY_TASK_PAGES = [
    ("coordinator", "frameworks:task_detail", "task_a", ""),
    ("clerk_a", "frameworks:task_detail", "task_a", ""),
    ("coordinator", "evidence:review_queue", None, "?status="),
    ("coordinator", "evidence:review_queue", None, "?status=pending"),
]


@pytest.mark.parametrize("persona, name, task, query", BUSY_TASK_PAGES)
def test_busy_task_pages_use_a_constant_number_of_queries(client, world, persona, name, task, query):
    from evidence.models import EvidenceFile
    from scores.tests.factories import SubmissionFactory

    def add_submissions(count):
        for n in range(count):
            state = ["pending", "approved", "returned"][n % 3]
            submission = SubmissionFactory(task=world.task_a, department=world.department_a,
                                           created_by=world.clerk_a, **{state: True})
            EvidenceFile.objects.create(submission=submission, kind="photo", role="photo", original_name="a.jpg",
                                        content_kind="jpeg", size=1, sha256=f"{submission.pk:064x}",
                                        phash=f"{submission.pk * 7919:016x}", uploaded_by=world.clerk_a)

    client.force_login(getattr(world, persona))
    url = (reverse(name, args=[getattr(world, task).pk]) if task else reverse(name)) + query
    add_submissions(2)
    client.get(url)
    small = query_count(client, url)
    add_submissions(43)
    client.get(url)
    assert query_count(client, url) == small
