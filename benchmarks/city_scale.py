"""Evidence pages at city scale: 50,000 submissions and 500,000 file rows in one unit.

Builds a throw-away SQLite database (never var/chuangwen.sqlite3), imports the demo task table,
bulk-inserts submissions and file rows (all rows point at one tiny placeholder file), then times
the pages people open most, logged in as 创文办 and as a 科室资料员, with Django's test client.
Query counts are taken at two sizes (a tenth of the data, then all of it) to tell whether they
stay constant. Results go to benchmarks/results/city_scale.txt; the last line reads
`pages=N worst_p95_ms=X worst_page=NAME queries_constant=yes|no`.

    .venv/bin/python benchmarks/city_scale.py                       # 50,000 / 500,000
    .venv/bin/python benchmarks/city_scale.py --submissions 5000    # quick look
"""

import argparse
import io
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK_DIR = Path(os.environ.get("CITY_SCALE_DIR", Path(tempfile.gettempdir()) / "chuangwen-city-scale"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuangwen.settings")
os.environ["SQLITE_PATH"] = str(WORK_DIR / "city.sqlite3")
os.environ["CHUANGWEN_VAR_DIR"] = str(WORK_DIR / "var")
os.environ.pop("DATABASE_URL", None)
os.environ.pop("TEST_POSTGRES", None)
os.environ.setdefault("SECRET_KEY", "benchmark-only-key-not-for-serving-0123456789abcdefghijklmnop")

import django  # noqa: E402

django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from PIL import Image  # noqa: E402

from evidence.models import EvidenceFile, Submission, phash_band_values  # noqa: E402
from frameworks.models import Framework, Responsibility, Task  # noqa: E402
from frameworks.services import framework_import  # noqa: E402
from org.models import User  # noqa: E402
from org.services import organisation_get_or_create, user_create  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "city_scale.txt"
DEMO_TABLE = ROOT / "demo" / "yiyang-sfj-task-table.docx"
FILES_PER_SUBMISSION = 10  # 8 photos, a plan and a summary
BATCH = 5000
STATUS_MIX = [Submission.Status.DRAFT] * 2 + [Submission.Status.PENDING] * 2 + \
             [Submission.Status.APPROVED] * 5 + [Submission.Status.RETURNED]


def _random_phash(rng: random.Random) -> str:
    return f"{rng.getrandbits(64):016x}"


def _near(phash: str, rng: random.Random) -> str:
    """The same picture re-encoded: a couple of bits of the dHash flip."""
    value = int(phash, 16)
    for bit in rng.sample(range(64), 2):
        value ^= 1 << bit
    return f"{value:016x}"


class World:
    """The unit being benchmarked: its table, a coordinator and one clerk of the busiest department."""

    def __init__(self) -> None:
        organisation = organisation_get_or_create(name="城市规模测试单位")
        self.framework = Framework.objects.filter(organisation=organisation).first()
        if self.framework is None:
            self.framework = framework_import(organisation=organisation, data=DEMO_TABLE.read_bytes(),
                                              filename=DEMO_TABLE.name, year=2026).framework
        self.tasks = list(Task.objects.filter(section__framework=self.framework, retired=False)
                          .prefetch_related("responsibilities"))
        responsibilities = Responsibility.objects.filter(task__in=self.tasks)
        department_ids = [r.department_id for r in responsibilities]
        busiest = max(set(department_ids), key=department_ids.count)
        self.coordinator = (User.objects.filter(username="city-cwb").first()
                            or user_create(organisation=organisation, username="city-cwb", password="x" * 12,
                                           role=User.Role.COORDINATOR))
        self.clerk = User.objects.filter(username="city-clerk").first()
        if self.clerk is None:
            self.clerk = user_create(organisation=organisation, username="city-clerk", password="x" * 12,
                                     role=User.Role.CLERK, departments=list(organisation.departments.filter(
                                         pk=busiest)))
        self.clerk_department_id = busiest


def _placeholders() -> tuple[str, str]:
    """One tiny stored photo and thumbnail that every generated row points at."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 40, 40)).save(buffer, "JPEG")
    photo = default_storage.save("bench/photo.jpg", ContentFile(buffer.getvalue()))
    return photo, photo


def grow(world: World, *, target: int, rng: random.Random) -> None:
    """Insert submissions (and their file rows) until the unit has `target` submissions."""
    with connection.cursor() as cursor:
        # Inserting into the random-keyed indexes (SHA-256, phash bands) thrashes SQLite's default
        # 2 MB page cache; a larger one only while generating keeps it to minutes.
        cursor.execute("PRAGMA cache_size = -500000")
    have = Submission.objects.count()
    photo_name, thumb_name = _placeholders()
    year_start = date(world.framework.year, 1, 1)
    recent_phashes: list[tuple[str, str]] = []  # (sha256, phash) to copy for planted duplicates
    created = have
    while created < target:
        count = min(BATCH, target - created)
        submissions = []
        for n in range(created, created + count):
            task = world.tasks[n % len(world.tasks)]
            departments = [r.department_id for r in task.responsibilities.all()]
            department_id = (world.clerk_department_id if world.clerk_department_id in departments and n % 3 == 0
                             else rng.choice(departments))
            status = rng.choice(STATUS_MIX)
            day = year_start + timedelta(days=rng.randrange(330))
            submissions.append(Submission(
                task=task, department_id=department_id, title=f"活动{n}", activity_date=day, status=status,
                checks_passed=None if status == Submission.Status.DRAFT else rng.random() < 0.8,
                created_by=world.clerk,
                submitted_at=None if status == Submission.Status.DRAFT else f"{day.isoformat()}T10:00:00+08:00"))
        Submission.objects.bulk_create(submissions, batch_size=1000)
        files = []
        for submission in submissions:
            for order in range(FILES_PER_SUBMISSION - 2):
                roll = rng.random()
                if recent_phashes and roll < 0.01:  # the same file uploaded again
                    sha, phash = rng.choice(recent_phashes)
                elif recent_phashes and roll < 0.02:  # the same scene, re-encoded
                    sha, phash = secrets.token_hex(32), _near(rng.choice(recent_phashes)[1], rng)
                else:
                    sha, phash = secrets.token_hex(32), _random_phash(rng)
                    if len(recent_phashes) < 1000:
                        recent_phashes.append((sha, phash))
                files.append(EvidenceFile(
                    submission=submission, kind=EvidenceFile.Kind.PHOTO, role=EvidenceFile.Role.PHOTO,
                    file=photo_name, thumbnail=thumb_name, original_name=f"IMG_{order:04d}.jpg",
                    content_kind="jpeg", size=2_000_000, sha256=sha, phash=phash, **phash_band_values(phash),
                    width=4000, height=3000, caption_place="机关", order=order, uploaded_by=world.clerk))
            for order, role in enumerate((EvidenceFile.Role.PLAN, EvidenceFile.Role.SUMMARY), FILES_PER_SUBMISSION):
                files.append(EvidenceFile(
                    submission=submission, kind=EvidenceFile.Kind.DOCUMENT, role=role, file=photo_name,
                    original_name=f"{role.label}.docx", content_kind="docx", size=30_000,
                    sha256=secrets.token_hex(32), char_count=1200, order=order, uploaded_by=world.clerk))
        EvidenceFile.objects.bulk_create(files, batch_size=2000)
        created += count
        print(f"  {created:,} submissions, {created * FILES_PER_SUBMISSION:,} files", flush=True)
    with connection.cursor() as cursor:
        # auto_now stamps every bulk row with the same instant; spread them over the year as in real use.
        cursor.execute("UPDATE evidence_submission SET updated_at = datetime(activity_date, '+' || (id % 86400) "
                       "|| ' seconds') WHERE updated_at > datetime('now', '-1 day')")
        cursor.execute("ANALYZE")
        cursor.execute("PRAGMA cache_size = -2000")  # back to the default the pages run with


def pages(world: World) -> dict[str, tuple[User, str]]:
    """Page name → (who opens it, URL). The task is the busiest one of the clerk's department; the page
    shown is a draft of theirs on it with eight photos, the uploads go to another draft."""
    clerk_submissions = Submission.objects.filter(department_id=world.clerk_department_id)
    task_id = clerk_submissions.values_list("task_id", flat=True).order_by("task_id").first()
    draft, upload_to = clerk_submissions.filter(task_id=task_id, status=Submission.Status.DRAFT).order_by("id")[:2]
    return {
        "task_list": (world.clerk, reverse("frameworks:task_list")),
        "task_detail": (world.coordinator, reverse("frameworks:task_detail", args=[task_id])),
        "review_queue": (world.coordinator, reverse("evidence:review_queue")),
        "review_queue_all": (world.coordinator, reverse("evidence:review_queue") + "?status="),
        "submission": (world.clerk, reverse("evidence:submission_detail", args=[draft.pk])),
        "photo_upload": (world.clerk, reverse("evidence:photo_upload", args=[upload_to.pk])),
        "dashboard": (world.coordinator, reverse("scores:dashboard")),
        "score_list": (world.clerk, reverse("scores:score_list")),
    }


def _photo(seed: int) -> ContentFile:
    """A small photo of its own for every upload, so each one meets the duplicate search afresh."""
    rng = random.Random(seed)
    image = Image.new("RGB", (640, 480), (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    for _ in range(12):
        x, y = rng.randrange(600), rng.randrange(440)
        image.paste((rng.randrange(256), rng.randrange(256), rng.randrange(256)),
                    (x, y, x + rng.randrange(20, 200), y + rng.randrange(20, 200)))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return ContentFile(buffer.getvalue(), name=f"upload-{seed}.jpg")


def _request(client: Client, name: str, url: str, seed: int):
    if name == "photo_upload":  # what the page sends for each photo of a batch: htmx, one file
        return client.post(url, {"role": "photo", "file": _photo(seed)}, headers={"HX-Request": "true"})
    return client.get(url)


def measure(world: World, *, repeat: int) -> dict[str, dict]:
    """Wall and CPU milliseconds per request (CPU: this process, which runs SQLite too), and queries."""
    results = {}
    seeds = iter(range(10**6))
    for name, (user, url) in pages(world).items():
        client = Client()
        client.force_login(user)
        response = _request(client, name, url, next(seeds))  # warm-up: requirements parsed, today's snapshot
        assert response.status_code == 200, (name, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            _request(client, name, url, next(seeds))
        query_count = len(queries)  # read now: later requests clear the connection's query log
        wall, cpu = [], []
        for _ in range(repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            _request(client, name, url, next(seeds))
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        results[name] = {"p50": statistics.median(wall), "p95": _p95(wall), "cpu_p50": statistics.median(cpu),
                         "cpu_p95": _p95(cpu), "queries": query_count, "url": url}
    return results


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page")
    parser.add_argument("--fresh", action="store_true", help="delete the benchmark database first")
    args = parser.parse_args()
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    if args.fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(os.environ["SQLITE_PATH"] + suffix).unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    world = World()
    rng = random.Random(2026)
    small = max(args.submissions // 10, 1)
    started = time.perf_counter()
    print(f"generating {small:,} submissions …", flush=True)
    grow(world, target=small, rng=rng)
    at_small = measure(world, repeat=3)
    print(f"generating {args.submissions:,} submissions …", flush=True)
    grow(world, target=args.submissions, rng=rng)
    generated_s = time.perf_counter() - started
    at_full = measure(world, repeat=args.repeat)

    files = EvidenceFile.objects.count()
    submissions = Submission.objects.count()
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    lines = [f"city_scale: {submissions:,} submissions, {files:,} files, {len(world.tasks)} tasks, "
             f"{args.repeat} timed requests per page, generation {generated_s:.0f} s, load average {load}",
             f"{'page':<18}{'p50_ms':>9}{'p95_ms':>9}{'cpu_p50':>9}{'cpu_p95':>9}{'queries':>9}"
             f"{'queries@' + format(small, ','):>16}"]
    for name, full in at_full.items():
        lines.append(f"{name:<18}{full['p50']:>9.1f}{full['p95']:>9.1f}{full['cpu_p50']:>9.1f}{full['cpu_p95']:>9.1f}"
                     f"{full['queries']:>9}{at_small[name]['queries']:>16}")
    worst = max(at_full, key=lambda name: at_full[name]["p95"])
    constant = all(at_full[name]["queries"] == at_small[name]["queries"] for name in at_full)
    lines.append(f"pages={len(at_full)} worst_p95_ms={at_full[worst]['p95']:.0f} worst_page={worst} "
                 f"queries_constant={'yes' if constant else 'no'}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
