from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from org.scoping import department_ids_visible_to


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
