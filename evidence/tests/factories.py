"""Evidence factories and small generated files (Pillow images, DOCX) for the tests."""

from datetime import datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from evidence.models import Submission
from lib.media.tests import samples
from tests.factories import DepartmentFactory, TaskFactory, UserFactory


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    task = factory.SubFactory(TaskFactory)
    department = factory.SubFactory(DepartmentFactory)
    created_by = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"第{n}期道德讲堂")
    activity_date = factory.LazyFunction(timezone.localdate)


def jpeg(seed: int = 0, *, taken_at: datetime | None = None, quality: int = 90, size=(64, 48)) -> bytes:
    image = samples.photo(size, seed=seed)
    params = {"quality": quality}
    if taken_at is not None:
        params["exif"] = samples.exif(taken_at=taken_at)
    return samples.encode(image, "JPEG", **params)


def png(seed: int = 0) -> bytes:
    return samples.encode(samples.photo((64, 48), seed=seed), "PNG")


def gif() -> bytes:
    return samples.encode(samples.photo((64, 48)), "GIF")


def docx(paragraphs: list[str]) -> bytes:
    def build(document):
        for text in paragraphs:
            document.add_paragraph(text)
    return samples.docx_bytes(build)


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)
