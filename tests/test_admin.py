"""The back office: every model page of our apps opens for a superuser."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory

OUR_APPS = {"org", "frameworks", "evidence", "scores"}
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
