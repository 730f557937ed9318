"""The back office: every model page of our apps opens for a superuser; 创文办 sees only their organisation."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from org.admin import ScopedAdmin
from org.models import Department
from org.scoping import is_registered
from tests.factories import DepartmentFactory, FrameworkFactory, SectionFactory, TaskFactory, UserFactory

OUR_APPS = {"org", "frameworks", "evidence", "scores", "schedules", "exports", "audit"}
MODELS = sorted((m._meta.app_label, m._meta.model_name) for m in admin.site._registry
                if m._meta.app_label in OUR_APPS)


@pytest.mark.parametrize("app_label, model_name", MODELS)
def test_changelist_and_add_pages_open(client, world, app_label, model_name):
    client.force_login(UserFactory(organisation=world.organisation, is_superuser=True, is_staff=True))
    assert client.get(reverse(f"admin:{app_label}_{model_name}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{app_label}_{model_name}_add")).status_code in (200, 403)


def test_the_back_office_is_closed_to_clerks(client, world):
    client.force_login(world.clerk_a)
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_back_office_names_every_app_and_model_in_chinese(client, world):
    """No "Import batchs": app captions and model links on the index are all Chinese."""
    client.force_login(UserFactory(organisation=world.organisation, is_superuser=True, is_staff=True))
    html = client.get(reverse("admin:index")).content.decode()
    names = re.findall(r'<caption>\s*<a [^>]*>([^<]+)</a>|<th scope="row"[^>]*>\s*<a [^>]*>([^<]+)</a>', html)
    shown = [name.strip() for pair in names for name in pair if name.strip()]
    assert len(shown) > 20
    assert [name for name in shown if re.search(r"[A-Za-z]{2,}", name)] == []


@pytest.fixture
def staff_coordinator(world):
    """创文办 with the back-office rights seed_demo gives: org and frameworks models."""
    world.coordinator.is_staff = True
    world.coordinator.save()
    world.coordinator.user_permissions.set(Permission.objects.filter(
        content_type__app_label__in=["org", "frameworks"]).exclude(content_type__model="user"))
    return world.coordinator


def test_a_coordinator_sees_and_picks_only_their_organisation(client, world, staff_coordinator):
    foreign = DepartmentFactory(organisation=world.outsider.organisation, name="外单位机密科")
    framework = FrameworkFactory(organisation=world.outsider.organisation, title="外单位机密分解表")
    TaskFactory(section=SectionFactory(framework=framework), ref="机密-1")
    client.force_login(staff_coordinator)
    for model in ("organisation", "department", "departmentgroup", "framework", "task", "indicator",
                  "importbatch"):
        body = client.get(reverse(f"admin:{app_of(model)}_{model}_changelist")).content.decode()
        assert "机密" not in body and "外单位" not in body, model
    assert client.get(reverse("admin:org_department_change", args=[foreign.pk])).status_code == 302  # not found
    form = client.get(reverse("admin:org_department_add")).context["adminform"].form
    assert list(form.fields["organisation"].queryset) == [world.organisation]
    response = client.post(reverse("admin:org_department_add"), {
        "organisation": world.outsider.organisation.pk, "name": "混入科", "kind": "office", "order": 0,
        "aliases-TOTAL_FORMS": 0, "aliases-INITIAL_FORMS": 0})
    assert response.status_code == 200 and not Department.objects.filter(name="混入科").exists()


def app_of(model_name: str) -> str:
    return next(m._meta.app_label for m in admin.site._registry if m._meta.model_name == model_name)


def test_every_admin_of_our_apps_is_scoped():
    unscoped = [type(model_admin).__name__ for model, model_admin in admin.site._registry.items()
                if model._meta.app_label in OUR_APPS
                and not (isinstance(model_admin, ScopedAdmin) and is_registered(model)
                         and all(issubclass(inline, ScopedAdmin) and is_registered(inline.model)
                                 for inline in model_admin.inlines))]
    assert not unscoped
