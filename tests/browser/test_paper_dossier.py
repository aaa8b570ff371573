"""The secretariat keys in a unit's paper dossier in the back office, in a real browser
(screenshots for docs/huong-dan-to-thu-ky.md)."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from contest.dossiers.models import Entry
from tests import files
from tests.factories import PASSWORD, ContestFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def paper_data(transactional_db, wagtail_site):
    contest = ContestFactory(
        name="Bình xét mô hình Dân vận khéo tiêu biểu năm 2026",
        submission_deadline=timezone.now() - dt.timedelta(days=1),
    )
    unit = UnitFactory(name="Hội Liên hiệp Phụ nữ xã Ea Kar")
    secretariat = UserFactory(username="thuky", full_name="Phạm Thu Dung", roles=["secretariat"])
    return contest, unit, secretariat


def test_secretariat_keys_in_a_paper_dossier_and_attaches_its_scan(page, live_server, paper_data, shot, tmp_path):
    contest, unit, secretariat = paper_data
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(secretariat.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/quan-tri/$"))

    page.goto(f"{live_server.url}/quan-tri/ho-so/")
    page.get_by_role("link", name="Nhập hồ sơ giấy").click()
    page.locator("#id_contest").select_option(str(contest.pk))
    page.locator("#id_unit").select_option(str(unit.pk))
    page.get_by_role("button", name="Tiếp tục").click()

    received = (timezone.localdate() - dt.timedelta(days=3)).strftime("%d/%m/%Y")
    page.locator("#id_paper_received_on").fill(received)
    page.locator("#id_title").fill("Ngân hàng bò giống giúp hội viên thoát nghèo")
    page.locator("#id_situation").fill("Nhiều hộ hội viên thiếu vốn sản xuất.")
    shot(page, "110-thu-ky-nhap-ho-so-giay", full_page=False)
    page.get_by_role("button", name="Lưu hồ sơ giấy").click()
    page.wait_for_url(re.compile(r"/quan-tri/ho-so/\d+/giay/$"))
    entry = Entry.objects.get()
    assert entry.paper_received_on.strftime("%d/%m/%Y") == received

    report = tmp_path / "bao-cao.pdf"
    report.write_bytes(files.pdf_bytes(pages=2))
    page.locator("#id_kind").select_option("report")
    page.locator("#id_file").set_input_files(str(report))
    page.get_by_role("button", name="Tải lên").click()
    page.get_by_role("link", name="bao-cao.pdf").wait_for()
    assert page.get_by_text(f"nhận ngày {received}").first.is_visible()
    shot(page, "111-thu-ky-ho-so-giay-tep")
