"""Log-in locks per user name and address, unlocking, passwords, idle timeout, user management."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from org.models import User
from tests.factories import PASSWORD, DepartmentFactory, UserFactory

STRONG = "Wenming-2027-city"


def log_in(client, username, password=PASSWORD, ip="10.0.0.8"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


# --- lock-out -----------------------------------------------------------------------------------

def test_one_colleague_locked_out_leaves_the_others_at_the_same_address_able_to_log_in(client, world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    responses = [log_in(client, "clerk_a", "wrong") for _ in range(3)]
    assert "再输错 2 次" in responses[0].content.decode()
    assert "暂时锁定" in log_in(client, "clerk_a").content.decode()  # right password, still locked
    # The coordinator and leader sit behind the same NAT address.
    for username in ("coordinator", "leader"):
        other = Client()
        assert log_in(other, username).status_code == 302
    # The locked name from another address is not locked either: nobody can lock 创文办 out by name.
    assert log_in(Client(), "clerk_a", ip="10.0.0.9").status_code == 302


def test_the_coordinator_unlocks_an_account_and_the_failures_stay_in_the_trail(client, world, settings):
    from audit.models import AuditEvent

    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        log_in(client, "clerk_a", "wrong")
    outsider = world.outsider  # 创文办 of another organisation
    for _ in range(2):
        log_in(client, "outsider", "wrong")
    coordinator = Client()
    coordinator.force_login(world.coordinator)
    page = coordinator.get(reverse("org:lockouts")).content.decode()
    assert "clerk_a" in page and "outsider" not in page  # another organisation's names stay hidden
    attempt = AccessAttempt.objects.get(username="clerk_a")
    assert coordinator.post(reverse("org:lockout_clear", args=[attempt.pk])).status_code == 302
    assert log_in(client, "clerk_a").status_code == 302
    hidden = AccessAttempt.objects.get(username=outsider.username)
    assert coordinator.post(reverse("org:lockout_clear", args=[hidden.pk])).status_code == 404
    assert AuditEvent.objects.filter(action="login_failed", actor_name="clerk_a").count() == 2
    assert AuditEvent.objects.filter(action="unlock", actor=world.coordinator).exists()


def test_clerks_have_no_unlock_page(client, world):
    client.force_login(world.clerk_a)
    assert client.get(reverse("org:lockouts")).status_code == 403


# --- passwords ----------------------------------------------------------------------------------

def test_a_clerk_changes_their_password(client, world):
    client.force_login(world.clerk_a)
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": STRONG, "new_password2": STRONG})
    assert response.status_code == 302
    assert client.get(reverse("frameworks:task_list")).status_code == 200  # still logged in
    world.clerk_a.refresh_from_db()
    assert world.clerk_a.check_password(STRONG)


@pytest.mark.parametrize("weak, reason", [("short1A", "至少"), ("chuangwen2026", "3 类"), ("Password1234", "常见")])
def test_the_password_policy_refuses_weak_passwords_in_chinese(client, world, weak, reason):
    client.force_login(world.clerk_a)
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": weak, "new_password2": weak})
    assert response.status_code == 200 and reason in response.content.decode()
    world.clerk_a.refresh_from_db()
    assert world.clerk_a.check_password(PASSWORD)


def test_an_account_with_a_given_password_must_change_it_before_anything_else(client, world):
    world.clerk_a.must_change_password = True
    world.clerk_a.save()
    assert log_in(client, "clerk_a").status_code == 302
    response = client.get(reverse("frameworks:task_list"))
    assert response.status_code == 302 and response.url.startswith(reverse("password_change"))
    assert "请先改为只有您自己知道的密码" in client.get(response.url).content.decode()
    client.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": STRONG,
                                             "new_password2": STRONG})
    assert client.get(reverse("frameworks:task_list")).status_code == 200


def test_sessions_end_after_the_idle_timeout_and_each_request_renews_them(client, world, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    client.force_login(world.clerk_a)
    session = Session.objects.get()
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + timedelta(minutes=1))
    client.get(reverse("frameworks:task_list"))
    assert Session.objects.get().expire_date > timezone.now() + timedelta(minutes=29)  # renewed
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))  # 30 idle minutes later
    assert client.get(reverse("frameworks:task_list")).status_code == 302


def test_log_out_everywhere_ends_the_other_devices_sessions(world):
    phone, desktop = Client(), Client()
    phone.force_login(world.clerk_a)
    desktop.force_login(world.clerk_a)
    assert desktop.post(reverse("org:sessions_end")).status_code == 302
    assert phone.get(reverse("frameworks:task_list")).status_code == 302
    assert desktop.get(reverse("frameworks:task_list")).status_code == 302
    assert log_in(Client(), "clerk_a").status_code == 302  # the password itself still works


# --- user management ----------------------------------------------------------------------------

def new_user(**overrides):
    return {"username": "xck2", "full_name": "行财科 小王", "role": "clerk", "password": STRONG, **overrides}


def test_the_coordinator_creates_a_clerk_who_must_change_the_password(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("org:user_create"), new_user(departments=[world.department_a.pk]))
    assert response.status_code == 302
    created = User.objects.get(username="xck2")
    assert created.organisation == world.organisation and created.must_change_password
    assert list(created.departments.all()) == [world.department_a]


def test_moving_a_clerk_to_another_department_and_deactivating(client, world):
    client.force_login(world.coordinator)
    url = reverse("org:user_edit", args=[world.clerk_a.pk])
    client.post(url, {"full_name": "调岗", "role": "clerk", "departments": [world.department_b.pk], "is_active": "on"})
    assert list(world.clerk_a.departments.all()) == [world.department_b]
    clerk = Client()
    clerk.force_login(world.clerk_a)
    client.post(url, {"full_name": "调岗", "role": "clerk", "departments": [world.department_b.pk]})
    world.clerk_a.refresh_from_db()
    assert not world.clerk_a.is_active
    assert clerk.get(reverse("frameworks:task_list")).status_code == 302  # the open session ended too


def test_a_reset_password_ends_sessions_and_forces_a_change(client, world):
    clerk = Client()
    clerk.force_login(world.clerk_a)
    client.force_login(world.coordinator)
    client.post(reverse("org:user_password_reset", args=[world.clerk_a.pk]), {"password": STRONG})
    world.clerk_a.refresh_from_db()
    assert world.clerk_a.check_password(STRONG) and world.clerk_a.must_change_password
    assert clerk.get(reverse("frameworks:task_list")).status_code == 302


def test_user_management_stays_inside_the_organisation(client, world):
    stranger = UserFactory(username="stranger")
    foreign_department = DepartmentFactory(name="外单位科室")
    client.force_login(world.coordinator)
    page = client.get(reverse("org:user_list")).content.decode()
    assert "clerk_a" in page and "stranger" not in page
    assert client.get(reverse("org:user_edit", args=[stranger.pk])).status_code == 404
    assert client.post(reverse("org:user_password_reset", args=[stranger.pk]), {"password": STRONG}).status_code == 404
    response = client.post(reverse("org:user_create"), new_user(departments=[foreign_department.pk]))
    assert response.status_code == 200 and not User.objects.filter(username="xck2").exists()


def test_the_coordinator_cannot_make_an_administrator_or_demote_themself(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("org:user_create"), new_user(role="admin"))
    assert response.status_code == 200 and not User.objects.filter(username="xck2").exists()
    response = client.post(reverse("org:user_edit", args=[world.coordinator.pk]),
                           {"full_name": "我", "role": "leader", "is_active": "on"})
    assert "不能更改自己的角色" in response.content.decode()


@pytest.mark.parametrize("persona", ["clerk_a", "leader", "inspector"])
def test_other_roles_cannot_manage_users(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("org:user_list")).status_code == 403
    assert client.post(reverse("org:user_create"), new_user()).status_code == 403
    assert client.get(reverse("org:account")).status_code == 200
