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
