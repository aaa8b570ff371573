"""Playwright driving Debian's Chromium against pytest-django's live server.

Never `playwright install`: no browser download is possible here; /usr/bin/chromium is installed
by `make test`.
"""

import os
import threading
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture
def one_request_at_a_time_on_sqlite():
    """On SQLite the test database lives in memory, and the live server's threads share its one
    connection: two requests at once (three judges' tablets sending together) would interleave
    their transactions on it, which no real server does (each thread has its own connection and
    SQLite's IMMEDIATE transactions queue the writers). A test whose devices write at once asks for
    this: the live server then answers one request at a time; PostgreSQL keeps the real concurrency."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    if connection.vendor != "sqlite":
        yield
        return
    lock = threading.Lock()
    original = WSGIHandler.__call__

    def serialised(self, environ, start_response):
        with lock:
            return original(self, environ, start_response)

    WSGIHandler.__call__ = serialised
    yield
    WSGIHandler.__call__ = original


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make test`, which installs it (apt package chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def english_page(browser):
    """An official's computer set to English: what the browser itself writes (dates, file inputs)
    follows that language, and the app must still speak Vietnamese."""
    context = browser.new_context(
        locale="en-US", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def content_security_policy_violations(request):
    """Every journey doubles as a Content-Security-Policy check: Chromium reports each refused
    script, style, image or frame on the console, and one is enough to fail the test.

    Listened to on every browser context the test opens — the ``page`` fixture's, and the phones,
    tablets, second judges and English-language browsers that journeys open themselves — so that
    no page escapes the check by being opened in a context of its own."""
    if "browser" not in request.fixturenames:
        yield []
        return
    browser = request.getfixturevalue("browser")
    violations: list[str] = []
    open_context = browser.new_context

    def new_context(*args, **kwargs):
        context = open_context(*args, **kwargs)
        context.on("console", lambda message: _csp_violation(message, violations))
        return context

    browser.new_context = new_context
    try:
        yield violations
    finally:
        del browser.new_context  # the class's own method again
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


def _csp_violation(message, violations):
    if "Content Security Policy" in message.text:
        violations.append(f"{message.text} ({message.location.get('url', '')})")


@pytest.fixture
def wagtail_site(transactional_db):
    """Transactional tests flush the root page, root collection and Site the migrations made:
    recreate them, and the site's sections."""
    from wagtail.models import Collection, Locale, Page, Site

    from cms.models import HomePage

    Locale.objects.get_or_create(language_code="vi")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(instance=HomePage(title="Dân vận khéo", slug="trang-chu"))
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost", "root_page": home})
    return home


@pytest.fixture
def shot():
    """The journeys' pictures for docs/ (`make screenshots`). An ordinary run takes none: a full-page
    PNG costs about half a second of CPU each, and a test run should not rewrite files under docs/."""
    wanted = os.environ.get("SCREENSHOTS") == "1"
    if wanted:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name, full_page=True):
        """``page`` may also be a locator: the picture of that element only."""
        if not wanted:
            return
        if hasattr(page, "goto"):
            page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)
        else:
            page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))

    return take
