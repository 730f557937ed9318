from io import StringIO

from django.core.management import call_command

from evidence.models import Submission
from frameworks.models import Framework, Task
from org.models import User
from tests.factories import FrameworkFactory, UserFactory


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seed_demo_fills_an_empty_database_and_prints_the_log_ins(db):
    out = seed()
    assert Task.objects.count() == 50
    assert "chuangwen2026" in out and "cwb" in out
    assert set(User.objects.values_list("username", flat=True)) == {"admin", "cwb", "leader", "xck", "rsk",
                                                                     "inspector"}
    assert User.objects.get(username="cwb").has_perm("org.change_departmentalias")
    assert not User.objects.get(username="xck").is_staff
    assert Submission.objects.exists()
    assert Framework.objects.get().is_current
    # The published password must be replaced at first log-in, by everyone.
    assert not User.objects.filter(must_change_password=False).exists()


def test_seed_demo_refuses_a_database_that_has_data(db):
    UserFactory(username="someone")
    out = seed()
    assert "已有数据" in out
    assert not Framework.objects.exists() and User.objects.count() == 1


def test_forced_seed_never_adds_a_year(db):
    seed()
    demo = Framework.objects.get()
    FrameworkFactory(organisation=demo.organisation, year=demo.year - 1)
    seed("--force")
    assert sorted(Framework.objects.values_list("year", flat=True)) == [demo.year - 1, demo.year]
    assert Task.objects.filter(section__framework=demo).count() == 50
