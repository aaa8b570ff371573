"""The certificate batch's progress bar follows a real worker: the organiser opens the page while
the batch waits, a worker process (manage.py db_worker) is started, and the page moves on its own
to "Hoàn tất" with every certificate counted, without anyone reloading it (screenshot 122)."""

import re

import pytest
from playwright.sync_api import expect

from contest.certificates.enums import BatchStatus
from contest.certificates.models import CertificateBatch
from contest.certificates.services import issuing
from tests.certificates.test_certificates import make_template, many_awards
from tests.factories import PASSWORD, ContestFactory, UserFactory
from tests.processes import needs_postgres, start_worker, stop

pytestmark = [pytest.mark.browser, needs_postgres]

COUNT = 4


@pytest.fixture
def waiting_batch(transactional_db, wagtail_site, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    contest = ContestFactory()
    organiser = UserFactory(username="btc", full_name="Lê Minh Châu", roles=["organiser"])
    batch = issuing.start_batch(
        snapshot=many_awards(contest, organiser, COUNT), template=make_template(contest), by=organiser
    )
    return organiser, batch


def test_the_progress_bar_follows_the_worker(page, live_server, waiting_batch, shot, tmp_path):
    organiser, batch = waiting_batch
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(organiser.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/quan-tri/$"))

    page.goto(f"{live_server.url}/quan-tri/giay-chung-nhan/{batch.snapshot_id}/")
    expect(page.locator("#batch-status")).to_have_text("Đang chờ")
    expect(page.locator("#batch-done")).to_have_text("0")
    assert page.locator("#batch-bar").get_attribute("value") == "0"

    worker = start_worker(tmp_path / "worker.log", CERTIFICATE_CHUNK=1)
    try:
        # The page polls by itself: no reload, no click from here on.
        expect(page.locator("#batch-status")).to_have_text("Hoàn tất", timeout=120_000)
        expect(page.locator("#batch-done")).to_have_text(str(COUNT))
        assert page.locator("#batch-bar").get_attribute("value") == str(COUNT)
        assert CertificateBatch.objects.get(pk=batch.pk).status == BatchStatus.DONE
        shot(page, "122-dot-cap-hoan-tat", full_page=False)
    finally:
        stop(worker)
        print((tmp_path / "worker.log").read_text(errors="replace")[-3000:])
