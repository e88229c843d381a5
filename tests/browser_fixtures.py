"""Real-browser tests: Playwright's sync API driving Debian's chromium against live_server.

Mark every test here `@pytest.mark.browser` (run only them with `pytest -m browser`, or skip
them with `-m "not browser"`). Fixtures:

  browser          one headless Chromium for the session
  make_page        make_page(width=1280, height=800, color_scheme="light") -> a page in a
                   fresh context (cookies etc. not shared), closed after the test
  page             make_page() at 1280x800
  signed_in_page   signed_in_page(user, password=PASSWORD, **make_page options) -> a page
                   signed in through the real login form, showing the home page
  screenshot       screenshot(page, "name"): with LORE_SCREENSHOTS set, saves a full-page PNG
                   to /tmp/lore-screenshots/ (or to the directory LORE_SCREENSHOTS names)

Chromium comes from CHROMIUM_PATH, else /usr/bin/chromium or `chromium` on PATH (Playwright's
own browser downloads are not available here). Without it the tests skip, except in CI
(CI=true), where a missing browser fails the run instead of passing it silently.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop in this thread, which makes Django refuse ORM calls
# from live_server's test setup ("You cannot call this from an async context"). Nothing here
# is async: the guard is a false alarm for these tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct horse battery staple"  # tests/conftest.py's make_user
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Long enough for a cold live_server on a loaded 2-core CI machine, short enough to fail fast.
TIMEOUT_MS = 15_000


def chromium_path():
    if os.environ.get("CHROMIUM_PATH"):
        return os.environ["CHROMIUM_PATH"]
    if os.path.exists("/usr/bin/chromium"):
        return "/usr/bin/chromium"
    return shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not os.path.exists(path):
        message = f"Chromium not found at {path}; apt-get install chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's event loop runs in this thread while it is open, and Django keeps a
    # thread's connections apart from those it opens while a loop runs (asgiref's Local). So
    # the connection from before would sit idle to the end, and PostgreSQL would refuse to
    # drop the test database with it open: close it now, and those opened meanwhile at the end.
    _close_connections()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
        _close_connections()


def _close_connections():
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:  # a test's transaction is the test's to end
            connection.close()


@pytest.fixture
def make_page(browser):
    contexts = []

    def make(width=1280, height=800, color_scheme="light"):
        context = browser.new_context(
            viewport={"width": width, "height": height}, color_scheme=color_scheme
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(make_page):
    return make_page()


@pytest.fixture
def signed_in_page(make_page, live_server):
    def sign_in(user, password=PASSWORD, **page_options):
        page = make_page(**page_options)
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username or email").fill(user.get_username())
        page.get_by_label("Password").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        assert page.url == f"{live_server.url}/", f"sign-in ended on {page.url}"
        return page

    return sign_in


@pytest.fixture
def screenshot():
    setting = os.environ.get("LORE_SCREENSHOTS", "")
    folder = Path(setting if setting.startswith("/") else "/tmp/lore-screenshots")

    def save(page, name):
        if not setting:
            return None
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
