"""The server of the Hội thi day restarts (a crash, a power cut of the laptop's server process): the
projector and the console, left open, say they lost the server and follow the day again by
themselves once it is back. Real gunicorn, killed with SIGKILL and started again on the same port."""

import socket
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client

from contest.stage.models import StageDraw
from contest.stage.services import draws
from tests.factories import UserFactory
from tests.factories.stage import make_day
from tests.processes import ROOT, environment, needs_postgres, stop, wait_until

pytestmark = [pytest.mark.browser, needs_postgres]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(port) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        [*command, "--workers", "1"], cwd=ROOT, env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )

    def up():
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
            return True
        except OSError:
            return False

    wait_until(up, timeout=60, what="gunicorn")
    return server


def _page(browser, base, user):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


def test_the_projector_and_the_console_recover_after_a_server_restart(browser, transactional_db):
    organiser = UserFactory(username="btc", roles=["organiser"], full_name="Lê Minh Châu")
    programme, _teams, _jury = make_day(organiser)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _serve(port)
    contexts = []
    try:
        for_projector, projector = _page(browser, base, organiser)
        for_console, console = _page(browser, base, organiser)
        contexts += [for_projector, for_console]
        projector.goto(f"{base}/hoi-thi/{programme.round_id}/trinh-chieu/")
        console.goto(f"{base}/quan-tri/hoi-thi/dieu-hanh/{programme.round_id}/")
        projector.get_by_text("Xin chào quý vị đại biểu và các đội thi").wait_for()
        assert projector.locator("#screen-offline").is_hidden()

        stop(server, kill=True)
        projector.locator("#screen-offline").wait_for(state="visible")
        # Meanwhile the secretariat's other laptop commits the draw (the database lives on).
        draw = draws.commit(programme=programme, by=organiser)

        server = _serve(port)
        projector.locator(".screen-digest code").wait_for()
        assert projector.locator(".screen-digest code").inner_text() == draw.seed_digest
        assert projector.locator("#screen-offline").is_hidden()
        # The console reloads itself on the new version: its draw section now offers "Bốc thăm".
        console.locator("form:has(input[value=draw_run]) button").wait_for()
        assert StageDraw.objects.filter(programme=programme).count() == 1
    finally:
        for context in contexts:
            context.close()
        stop(server)
