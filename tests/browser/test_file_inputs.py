"""A file input's own words come from the browser ("Choose File", "No file chosen" in an
English-language one): the portal and the back office show a Vietnamese button and the chosen
file's name instead, and the file still goes up with the form."""

import re

import pytest
from playwright.sync_api import expect

from contest.dossiers.models import Attachment
from tests.factories import PASSWORD, ContestFactory, EntryFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.browser


def _log_in(page, live_server, username, landing):
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(landing))


def _native_input_is_hidden(page, selector):
    box = page.locator(selector).bounding_box()
    return box is None or (box["width"] <= 1 and box["height"] <= 1)


def test_an_english_browser_shows_the_file_inputs_in_vietnamese(
    english_page, live_server, transactional_db, wagtail_site, tmp_path
):
    page = english_page
    unit = UnitFactory(name="Đảng ủy phường Thanh Khê")
    UserFactory(username="thanhkhe", full_name="Nguyễn Văn An", unit=unit)
    entry = EntryFactory(contest=ContestFactory(), unit=unit, title="Vận động Nhân dân hiến đất mở đường")
    _log_in(page, live_server, "thanhkhe", r"/don-vi/$")
    page.goto(f"{live_server.url}{entry.get_absolute_url()}")

    picker = page.locator(".file-picker").first
    expect(picker.locator(".file-picker-button")).to_have_text("Chọn tệp")
    expect(picker.locator(".file-picker-names")).to_have_text("Chưa chọn tệp nào")
    assert _native_input_is_hidden(page, ".file-picker-input >> nth=0")

    report = tmp_path / "bao-cao.pdf"
    report.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    picker.locator("input[type=file]").set_input_files(str(report))
    expect(picker.locator(".file-picker-names")).to_have_text("bao-cao.pdf")

    UserFactory(username="btc", full_name="Lê Minh Châu", roles=["organiser"])
    page.context.clear_cookies()
    _log_in(page, live_server, "btc", r"/quan-tri/")
    page.goto(f"{live_server.url}/quan-tri/mau-giay-chung-nhan/new/")
    buttons = page.locator(".file-picker-button")
    expect(buttons.first).to_have_text("Chọn tệp")
    assert buttons.count() == page.locator("input[type=file]").count() >= 1
    assert not Attachment.objects.exists()  # choosing a file sends nothing by itself
