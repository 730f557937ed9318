"""Factories for the domain; tests build what they need instead of loading dumps."""

from decimal import Decimal

import factory

from frameworks.models import Framework, Responsibility, Section, Task
from org.models import Department, Organisation, User

PASSWORD = "test-password-123"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试单位{n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"第{n}科")
    order = factory.Sequence(int)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"用户{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    role = User.Role.CLERK
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def departments(self, create, extracted, **kwargs):
        if create and extracted:
            self.departments.set(extracted)
        self.save()


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework

    organisation = factory.SubFactory(OrganisationFactory)
    title = "测试任务分解表"
    year = 2026
    source_name = "table.docx"
    source_file = factory.django.FileField(filename="table.docx", data=b"x")


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    framework = factory.SubFactory(FrameworkFactory)
    name = factory.Sequence(lambda n: f"分表{n}")
    title = factory.LazyAttribute(lambda o: f"{o.name}责任分解表")
    order = factory.Sequence(int)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    section = factory.SubFactory(SectionFactory)
    ref = factory.Sequence(lambda n: f"T-{n}")
    order = factory.Sequence(int)
    category = "组织领导"
    text = factory.Sequence(lambda n: f"第{n}项考核实施细则")
    points = Decimal("2")
    guidance = "各类活动要有方案（计划），至少5张照片和总结。"


class ResponsibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Responsibility

    task = factory.SubFactory(TaskFactory)
    department = factory.SubFactory(DepartmentFactory)
    role = Responsibility.Role.LEAD
