"""Browser journeys: Playwright for Python driving Debian's Chromium against a live server."""

import os
import shutil
from pathlib import Path

import pytest

from org.models import User
from org.services import organisation_get_or_create, user_create

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PASSWORD = "e2e-password-123"
PHONE = {"width": 390, "height": 844}

# Playwright's sync API runs an event loop in this thread; the test database calls made from the
# test itself are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("未安装 Debian chromium（make test 以 root 运行时会自动安装）")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, live_server):
    """Open a new browser context (desktop or phone) logged in as `user`."""
    contexts = []

    def open_as(user: User | None = None, *, phone: bool = False):
        viewport = PHONE if phone else {"width": 1366, "height": 900}
        context = browser.new_context(viewport=viewport, locale="zh-CN", accept_downloads=True,
                                      is_mobile=phone, has_touch=phone)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        if user is not None:
            page.goto(f"{live_server.url}/login/")
            page.fill("#id_username", user.username)
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
        return page

    yield open_as
    for context in contexts:
        context.close()


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
def unit(transactional_db):
    """The demo unit with its people but no table yet (the coordinator imports it)."""
    organisation = organisation_get_or_create(name="益阳市司法局")
    people = {
        "coordinator": user_create(organisation=organisation, username="cwb", password=PASSWORD,
                                   role=User.Role.COORDINATOR, full_name="创文办 王主任"),
        "leader": user_create(organisation=organisation, username="leader", password=PASSWORD,
                              role=User.Role.LEADER, full_name="李局长"),
    }
    return organisation, people
