from io import StringIO

from django.core.management import call_command

from evidence.models import Submission
from frameworks.models import Task
from org.models import User


def test_seed_demo_is_repeatable_and_prints_the_log_ins(db):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=StringIO())
    assert Task.objects.count() == 50
    assert "chuangwen2026" in out.getvalue() and "cwb" in out.getvalue()
    assert set(User.objects.values_list("username", flat=True)) == {"admin", "cwb", "leader", "xck", "rsk",
                                                                     "inspector"}
    assert User.objects.get(username="cwb").has_perm("org.change_departmentalias")
    assert not User.objects.get(username="xck").is_staff
    assert Submission.objects.exists()
