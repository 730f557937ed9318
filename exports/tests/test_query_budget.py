"""The export pages use the same number of queries whatever the size of the table and the history."""

import pytest
from django.urls import reverse

from exports.models import ExportJob
from scores.tests.factories import grow_table
from tests.factories import SectionFactory
from tests.test_query_budget import query_count


def grow_jobs(world, n):
    """A clerk's 台账 and a whole-table Excel progress table, n of each."""
    for _ in range(n):
        job = ExportJob.objects.create(organisation=world.organisation, framework=world.section.framework,
                                       requested_by=world.clerk_a, kind="dossier_docx", scope="table",
                                       scope_id=world.section.framework_id, scope_label="全表",
                                       options={"statuses": ["approved"], "photos_per_page": 4})
        job.departments.set([world.department_a])
        job = ExportJob.objects.create(organisation=world.organisation, framework=world.section.framework,
                                       requested_by=world.coordinator, kind="progress_xlsx", scope="table",
                                       scope_id=world.section.framework_id, scope_label="全表")
        job.departments.set([world.department_a, world.department_b])


@pytest.mark.parametrize("persona, name", [("coordinator", "exports:index"), ("clerk_a", "exports:index"),
                                           ("coordinator", "exports:declaration")])
def test_export_pages_use_a_constant_number_of_queries(client, world, persona, name):
    client.force_login(getattr(world, persona))
    url = reverse(name)
    departments = [world.department_a, world.department_b]
    grow_table(section=world.section, departments=departments, user=world.clerk_a, size=2)
    grow_jobs(world, 2)
    client.get(url)
    small = query_count(client, url)
    grow_table(section=SectionFactory(framework=world.section.framework, name="网上申报"), departments=departments,
               user=world.clerk_b, size=15)
    grow_jobs(world, 15)
    assert query_count(client, url) == small
