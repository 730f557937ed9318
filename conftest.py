"""Shared personas: a coordinator, a leader, clerks of departments A and B (who share task_shared), an
inspector, and an outsider (创文办 of another organisation)."""

from dataclasses import dataclass

import pytest

from frameworks.models import Section, Task
from org.models import Department, Organisation, User
from tests import factories


@dataclass
class World:
    organisation: Organisation
    department_a: Department
    department_b: Department
    section: Section
    task_a: Task  # 行财科 leads
    task_b: Task  # 人事科 leads
    task_shared: Task  # 行财科 leads, 人事科 cooperates
    coordinator: User
    leader: User
    clerk_a: User
    clerk_b: User
    inspector: User
    outsider: User  # 创文办 of another organisation: sees nothing of this one


@pytest.fixture
def world(db) -> World:
    organisation = factories.OrganisationFactory(name="测试司法局")
    department_a = factories.DepartmentFactory(organisation=organisation, name="行财科")
    department_b = factories.DepartmentFactory(organisation=organisation, name="人事科")
    framework = factories.FrameworkFactory(organisation=organisation, is_current=True)
    section = factories.SectionFactory(framework=framework, name="共性任务")
    task_a = factories.TaskFactory(section=section, ref="创建氛围-2", text="制作悬挂公益宣传广告")
    task_b = factories.TaskFactory(section=section, ref="志愿服务-1", text="单位注册志愿者人数占单位人数的60%以上")
    task_shared = factories.TaskFactory(section=section, ref="创建活动-4", text="积极参与扶贫帮困、社会捐赠、无偿献血等活动")
    factories.ResponsibilityFactory(task=task_a, department=department_a)
    factories.ResponsibilityFactory(task=task_b, department=department_b)
    factories.ResponsibilityFactory(task=task_shared, department=department_a)
    factories.ResponsibilityFactory(task=task_shared, department=department_b, role="cooperating")

    def person(username, role, departments=()):
        return factories.UserFactory(username=username, organisation=organisation, role=role,
                                     departments=list(departments))

    return World(
        organisation=organisation, department_a=department_a, department_b=department_b, section=section,
        task_a=task_a, task_b=task_b, task_shared=task_shared,
        coordinator=person("coordinator", User.Role.COORDINATOR),
        leader=person("leader", User.Role.LEADER),
        clerk_a=person("clerk_a", User.Role.CLERK, [department_a]),
        clerk_b=person("clerk_b", User.Role.CLERK, [department_b]),
        inspector=person("inspector", User.Role.INSPECTOR),
        outsider=factories.UserFactory(username="outsider", role=User.Role.COORDINATOR,
                                       organisation=factories.OrganisationFactory(name="外单位司法局")),
    )


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploaded files of a test go to its own temporary folder."""
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "media")}},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """PBKDF2 costs seconds per persona on a busy machine; tests don't need its strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
