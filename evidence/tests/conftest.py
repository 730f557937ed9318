from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from evidence import services
from evidence.tests import factories


@pytest.fixture
def stored_files():
    """Every evidence file and thumbnail in the test's storage folder."""
    def files() -> list[Path]:
        root = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
        return sorted(path for folder in ("evidence", "thumbs") for path in (root / folder).rglob("*")
                      if path.is_file())
    return files


@pytest.fixture
def draft_a(world):
    """A draft of 行财科 for task_a (guidance: 方案（计划）, at least 5 photos, 总结)."""
    services.task_rules_sync(task=world.task_a)
    return services.submission_create(task=world.task_a, department=world.department_a, user=world.clerk_a,
                                      title="公益广告悬挂", activity_date=timezone.localdate())


@pytest.fixture
def add_photo(world):
    def add(submission, seed=0, *, user=None, name=None, **kwargs):
        data = factories.jpeg(seed, **kwargs)
        return services.evidence_file_add(submission=submission, upload=factories.upload(name or f"照片{seed}.jpg", data),
                                          user=user or world.clerk_a, role="photo")
    return add


@pytest.fixture
def add_document(world):
    def add(submission, role, data=None, *, name=None, user=None):
        data = data if data is not None else factories.docx(["活动方案"])
        return services.evidence_file_add(submission=submission, upload=factories.upload(name or f"{role}.docx", data),
                                          user=user or world.clerk_a, role=role)
    return add


@pytest.fixture
def complete_a(draft_a, add_photo, add_document):
    """draft_a with everything task_a asks for."""
    for seed in range(5):
        add_photo(draft_a, seed)
    add_document(draft_a, "plan")
    add_document(draft_a, "summary")
    return draft_a
