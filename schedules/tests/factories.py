"""Factories for schedules tests: recurring duties and information reports."""

from datetime import date

import factory

from evidence.models import InformationReport, Recurrence
from tests.factories import DepartmentFactory, TaskFactory, UserFactory


class RecurrenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recurrence

    task = factory.SubFactory(TaskFactory)
    unit = Recurrence.Unit.MONTH
    interval = 1
    min_count = 1
    subject = "报送创文信息"


class InformationReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InformationReport

    task = factory.SubFactory(TaskFactory)
    department = factory.SubFactory(DepartmentFactory)
    submitted_by = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"我局开展第{n}次普法宣传")
    sent_on = date(2026, 3, 5)
    channel = "市创文办"
