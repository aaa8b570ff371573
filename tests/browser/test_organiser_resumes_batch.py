"""An organiser finds a certificate batch stalled (its worker was killed) and resumes it with one
click, in a real browser (screenshots for docs/giay-chung-nhan.md)."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from contest.certificates.enums import BatchStatus
from contest.certificates.models import Certificate, CertificateBatch
from contest.certificates.services import issuing, production
from tests.certificates.test_certificates import make_template, many_awards
from tests.factories import PASSWORD, ContestFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def stalled_batch(transactional_db, wagtail_site, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    contest = ContestFactory()
    organiser = UserFactory(username="btc", full_name="Lê Minh Châu", roles=["organiser"])
    batch = issuing.start_batch(
        snapshot=many_awards(contest, organiser, 6), template=make_template(contest), by=organiser
    )
    batch.refresh_from_db()
    long_ago = timezone.now() - dt.timedelta(minutes=10)
    DBTaskResult.objects.filter(pk=batch.task_id).update(
        status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=["da-tat"]
    )
    for certificate in Certificate.objects.filter(batch=batch).order_by("number")[:2]:
        production.store(certificate, b"%PDF-1.4 gia")
    CertificateBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING, done=2, requested_at=long_ago)
    return organiser, batch


def test_organiser_sees_a_stalled_batch_and_resumes_it(page, live_server, stalled_batch, shot):
    organiser, batch = stalled_batch
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(organiser.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/quan-tri/$"))

    page.goto(f"{live_server.url}/quan-tri/giay-chung-nhan/{batch.snapshot_id}/")
    status = page.locator("#batch")
    assert "Tạm dừng" in status.inner_text() and "còn 4 giấy chưa in" in status.inner_text()
    assert "Đang in" not in page.locator("main").inner_text()
    shot(page, "100-dot-cap-tam-dung", full_page=False)

    page.get_by_role("button", name="In tiếp").click()
    page.wait_for_load_state()
    assert page.get_by_text("Đang in tiếp 4 giấy chứng nhận còn lại").is_visible()
    # No worker runs in this test: the page says so instead of claiming to print.
    assert "Chưa có tiến trình nền nào chạy" in page.locator("#batch").inner_text()
    assert page.get_by_role("button", name="In tiếp").count() == 0
    shot(page, "101-dot-cap-in-tiep", full_page=False)
    assert DBTaskResult.objects.filter(task_path__endswith="issue_certificates", status="READY").count() == 1
