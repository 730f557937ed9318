from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from frameworks.models import ImportBatch
from org.scoping import department_ids_visible_to, restrict
from scores.models import ScoreSnapshot


def test_clerks_see_their_departments_and_cross_department_roles_see_all(world):
    every = {world.department_a.pk, world.department_b.pk}
    assert department_ids_visible_to(world.clerk_a) == {world.department_a.pk}
    assert department_ids_visible_to(world.clerk_b) == {world.department_b.pk}
    for person in (world.coordinator, world.leader, world.inspector):
        assert department_ids_visible_to(person) == every
    assert department_ids_visible_to(AnonymousUser()) == set()


def test_the_answer_is_read_once_per_user_object(world):
    department_ids_visible_to(world.clerk_a)
    with CaptureQueriesContext(connection) as queries:
        department_ids_visible_to(world.clerk_a)
    assert len(queries) == 0


def test_models_narrow_the_roles_that_may_view_them(world):
    """Import batches are 创文办's, score snapshots the whole-unit roles' (clerks work from their tasks)."""
    framework = world.section.framework
    ImportBatch.objects.create(organisation=world.organisation, uploaded_by=world.coordinator, file="x.docx",
                               filename="x.docx", year=2026)
    ScoreSnapshot.objects.create(framework=framework, day=date(2026, 3, 1), points=6, projected=2,
                                 completion=33.3)
    batches = {p: restrict(ImportBatch.objects.all(), p).count() for p in (world.coordinator, world.leader)}
    snapshots = {p: restrict(ScoreSnapshot.objects.all(), p).count() for p in (world.leader, world.clerk_a, world.outsider)}
    assert batches == {world.coordinator: 1, world.leader: 0}
    assert snapshots == {world.leader: 1, world.clerk_a: 0, world.outsider: 0}


def test_a_model_without_a_scope_cannot_be_restricted(world):
    with pytest.raises(LookupError, match="no access scope"):
        restrict(Group.objects.all(), world.coordinator)
