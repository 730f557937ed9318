"""Browser journeys: Playwright for Python driving Debian's Chromium against a live server."""

import os
import random
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread
from django.utils import timezone

from org.models import User
from org.services import organisation_get_or_create, user_create

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PASSWORD = "e2e-password-123"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
DEMO_TABLE = Path(settings.BASE_DIR) / "demo" / "yiyang-sfj-task-table.docx"


class _SerialWSGIServer(WSGIServer):
    """The live server, answering one request at a time.

    The test database is an in-memory SQLite connection that the live server's threads share; the
    threaded server lets a page's parallel requests (its photo thumbnails, say) use that one
    connection at once, which fails at random with "bad parameter or other API misuse" and, worse,
    with sessions read as empty (the user appears logged out). Django's server answers
    "Connection: close" when it is not threaded, so the browser simply queues its requests.
    """

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.connections_override = connections_override


# Set when this module is imported (conftests are imported before any test runs), so it holds for
# every live server in the process, including evidence/tests' browser test that imports these fixtures.
LiveServerThread.server_class = _SerialWSGIServer

# Playwright's sync API runs an event loop in this thread; the test database calls made from the
# test itself are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    """Every journey here is an `e2e` test (`pytest -m e2e` runs the browser tests alone, `-m "not e2e"`
    skips them); a `pytestmark` in a conftest would not reach the tests."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.e2e)


# One Chromium per test process, however many conftests ask for the `browser` fixture (evidence/tests
# imports it too): a second sync_playwright() in the same process fails ("Sync API inside the asyncio
# loop"), which `-n 2 --dist loadfile` would trigger whenever both files land on one worker.
_shared: dict = {"users": 0, "playwright": None, "browser": None}


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("未安装 Debian chromium（make test 以 root 运行时会自动安装）")
    from playwright.sync_api import expect, sync_playwright

    if not _shared["users"]:
        # Generous waits: they only run out when something is wrong, and a busy CI machine is slow.
        expect.set_options(timeout=15_000)
        _shared["playwright"] = sync_playwright().start()
        _shared["browser"] = _shared["playwright"].chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--lang=zh-CN", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
    _shared["users"] += 1
    try:
        yield _shared["browser"]
    finally:
        _shared["users"] -= 1
        if not _shared["users"]:
            _shared["browser"].close()
            _shared["playwright"].stop()


def log_in(page, base_url: str, user: User) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


@pytest.fixture
def open_page(browser, live_server):
    """Open a new browser context (desktop or phone) logged in as `user`.

    Every page records uncaught script errors and Content-Security-Policy violations; a journey
    that caused any fails at teardown, since a person would see a broken page.
    """
    contexts, problems = [], []

    def open_as(user: User | None = None, *, phone: bool = False):
        context = browser.new_context(viewport=PHONE if phone else DESKTOP, locale="zh-CN",
                                      accept_downloads=True, is_mobile=phone, has_touch=phone)
        context.set_default_timeout(20_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"脚本错误：{error}"))
        page.on("console", lambda message: problems.append(f"CSP：{message.text}")
                if "Content Security Policy" in message.text else None)
        if user is not None:
            log_in(page, live_server.url, user)
        return page

    yield open_as
    for context in contexts:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.fixture
def shoot():
    """Save a full-page screenshot for a person to look at (var/screenshots/)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


@pytest.fixture
def unit(transactional_db, settings):
    """The demo unit with its people but no table yet (the coordinator imports it)."""
    # A fast hasher: every persona is created and logs in at least once per journey.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    organisation = organisation_get_or_create(name="益阳市司法局")
    people = {
        "coordinator": user_create(organisation=organisation, username="cwb", password=PASSWORD,
                                   role=User.Role.COORDINATOR, full_name="创文办 王主任"),
        "leader": user_create(organisation=organisation, username="leader", password=PASSWORD,
                              role=User.Role.LEADER, full_name="李局长"),
    }
    return organisation, people


@pytest.fixture
def imported(unit):
    """The demo unit with the demo table imported for this year, and clerks of 行财科 and 人事科."""
    from frameworks.services import framework_import

    organisation, people = unit
    framework_import(organisation=organisation, data=DEMO_TABLE.read_bytes(), filename=DEMO_TABLE.name,
                     year=timezone.localdate().year, user=people["coordinator"])
    for username, name, department in [("xck", "行财科 张会计", "行财科"), ("rsk", "人事科 刘干事", "人事科")]:
        people[username] = user_create(organisation=organisation, username=username, password=PASSWORD,
                                       role=User.Role.CLERK, full_name=name,
                                       departments=[organisation.departments.get(name=department)])
    return organisation, people


def photo_jpeg(path: Path, seed: int, taken: datetime | None = None) -> Path:
    """An 800×600 JPEG that looks like no other (so no duplicate warnings), taken `taken`
    (default: an hour ago, in this year) according to its EXIF DateTimeOriginal."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", (800, 600), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(700), rng.randrange(500)
        box = [x, y, x + rng.randrange(40, 300), y + rng.randrange(40, 300)]
        colour = tuple(rng.randrange(256) for _ in range(3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)(box, fill=colour)
    if taken is None:
        now = datetime.now()
        taken = max(now - timedelta(hours=1), now.replace(month=1, day=1, hour=0, minute=0, second=0))
    exif = Image.Exif()
    exif[0x0132] = taken.strftime("%Y:%m:%d %H:%M:%S")  # DateTime
    exif.get_ifd(0x8769)[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")  # DateTimeOriginal
    image.save(path, "JPEG", quality=85, exif=exif)
    return path
