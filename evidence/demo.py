"""Sample evidence for the demo: a few activities in every state, with generated photos and documents."""

import io
import random
from datetime import date, datetime

import docx
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import ExifTags, Image, ImageDraw

from evidence import services
from evidence.models import Submission
from frameworks.models import Framework, Task
from org.models import Department, Organisation, User


def _scene(seed: int, taken_at: datetime | None) -> bytes:
    """A 640×480 'photo' (sky, ground, a few shapes) carrying its capture time in EXIF."""
    rng = random.Random(seed)
    image = Image.new("RGB", (640, 480), (rng.randrange(120, 200), rng.randrange(170, 230), 245))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 300, 640, 480), fill=(rng.randrange(60, 140), rng.randrange(110, 170), 80))
    for _ in range(6):
        x, y = rng.randrange(560), rng.randrange(120, 380)
        draw.rectangle((x, y, x + rng.randrange(40, 160), y + rng.randrange(30, 120)),
                       fill=(200, rng.randrange(30, 90), 40))
    exif = Image.Exif()
    if taken_at is not None:
        exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = taken_at.strftime("%Y:%m:%d %H:%M:%S")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80, exif=exif)
    return buffer.getvalue()


def _docx(title: str, body: str) -> bytes:
    document = docx.Document()
    document.add_heading(title, level=1)
    document.add_paragraph(body)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _tasks_with_photos(framework: Framework, department: Department) -> list[Task]:
    return list(Task.objects.filter(section__framework=framework, retired=False, responsibilities__department=department,
                                    requirements__kind="photos").distinct()[:3])


def _activity(*, task: Task, department: Department, clerk: User, title: str, day: date, photos: int,
              seed: int, documents: bool = True) -> Submission:
    submission = services.submission_create(task=task, department=department, user=clerk, title=title,
                                            activity_date=day)
    for n in range(photos):
        taken_at = datetime(day.year, day.month, day.day, 9 + n % 8, 10 * (n % 6))
        services.evidence_file_add(submission=submission, user=clerk, role="photo",
                                   upload=ContentFile(_scene(seed + n, taken_at), name=f"IMG_{seed + n:04d}.jpg"))
    services.photos_caption_fill(submission=submission, user=clerk, captions={"地点": "益阳市司法局机关", "主题": title})
    if documents:
        for role, name in (("plan", "活动方案"), ("summary", "活动总结")):
            body = f"{title}{name}。为深入推进全国文明城市创建工作，{department.name}组织开展本次活动，全体干部职工积极参与。"
            services.evidence_file_add(submission=submission, user=clerk, role=role,
                                       upload=ContentFile(_docx(f"{title}{name}", body), name=f"{title}{name}.docx"))
    return submission


@transaction.atomic  # one commit instead of one per service call keeps the seed fast
def demo_evidence_create(organisation: Organisation) -> int:
    """Once, add sample activities (the import already parsed the requirements). Returns how many were added."""
    framework = Framework.objects.filter(organisation=organisation, is_current=True).first()
    if framework is None:
        return 0
    if Submission.objects.filter(task__section__framework=framework).exists():
        return 0
    coordinator = organisation.users.filter(role=User.Role.COORDINATOR).first()
    clerks = organisation.users.filter(role=User.Role.CLERK).prefetch_related("departments")
    created = []
    for index, clerk in enumerate(clerks[:2]):
        department = clerk.departments.first()
        tasks = _tasks_with_photos(framework, department) if department else []
        if not tasks or coordinator is None:
            continue
        year, seed = framework.year, 100 * (index + 1)
        approved = _activity(task=tasks[0], department=department, clerk=clerk, title="创文宣传专栏更新",
                             day=date(year, 3, 12), photos=5, seed=seed)
        services.submission_submit(submission=approved, user=clerk)
        services.submission_approve(submission=approved, user=coordinator, comment="资料齐全")
        pending = _activity(task=tasks[-1], department=department, clerk=clerk, title="文明单位创建动员会",
                            day=date(year, 4, 8), photos=5, seed=seed + 10)
        services.submission_submit(submission=pending, user=clerk)
        returned = _activity(task=tasks[0], department=department, clerk=clerk, title="公益广告悬挂",
                             day=date(year, 5, 20), photos=5, seed=seed + 20)
        services.submission_submit(submission=returned, user=clerk)
        services.submission_return(submission=returned, user=coordinator,
                                   comment="第2张照片不够清晰，请换一张现场照片；总结请补充参加人数。")
        # A draft still short of photos, with one reused from another activity and one from last year.
        draft = _activity(task=tasks[-1], department=department, clerk=clerk, title="道德讲堂（第二期）",
                          day=date(year, 6, 15), photos=1, seed=seed + 30, documents=False)
        services.evidence_file_add(submission=draft, user=clerk, role="photo",
                                   upload=ContentFile(_scene(seed, datetime(year, 3, 12, 9, 0)), name="专栏.jpg"))
        services.evidence_file_add(submission=draft, user=clerk, role="photo",
                                   upload=ContentFile(_scene(seed + 99, datetime(year - 1, 11, 2, 15, 0)),
                                                      name="去年活动.jpg"))
        created += [approved, pending, returned, draft]
    return len(created)
