"""Dates are typed as dd/mm/yyyy in the portal and in the back office, in a Vietnamese and in an
English-language browser alike: what is typed is what is saved and shown, and what cannot be read
is refused with a message, never replaced by another date (screenshots 120, 121)."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contest.certificates.models import CertificateTemplate
from contest.core.enums import DocumentFormat
from contest.core.models import Contest
from contest.dossiers.models import Entry
from tests.factories import PASSWORD, ContestFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.browser

LOCALES = ["vi-VN", "en-US"]


@pytest.fixture
def people(transactional_db, wagtail_site):
    contest = ContestFactory(name="Bình xét mô hình Dân vận khéo tiêu biểu năm 2026")
    unit = UnitFactory(name="Đảng ủy phường Thanh Khê")
    representative = UserFactory(username="thanhkhe", full_name="Nguyễn Văn An", unit=unit)
    organiser = UserFactory(username="btc", full_name="Lê Minh Châu", roles=["organiser"])
    return contest, representative, organiser


def _browser_page(browser, locale):
    context = browser.new_context(
        locale=locale, timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _log_in(page, live_server, user, landing):
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(landing))


def _type(locator, text):
    """Types key by key, as a person does (fill() would bypass a date picker's own handling)."""
    locator.click()
    locator.press("Control+a")
    locator.press("Delete")
    locator.press_sequentially(text)
    locator.press("Tab")


@pytest.mark.parametrize("locale", LOCALES)
def test_a_unit_types_its_dates_as_dd_mm_yyyy(browser, live_server, people, shot, locale):
    contest, representative, _organiser = people
    context, page = _browser_page(browser, locale)
    try:
        _log_in(page, live_server, representative, r"/don-vi/$")
        page.get_by_role("link", name="Tạo hồ sơ mới").click()
        started = page.get_by_label("8a. Ngày bắt đầu triển khai")
        evaluated = page.get_by_label("8c. Ngày đánh giá, sơ kết")
        assert started.get_attribute("type") == "text" and started.get_attribute("placeholder") == "dd/mm/yyyy"

        page.get_by_label("Lĩnh vực").select_option(index=1)
        page.get_by_label("1. Tên mô hình / điển hình").fill("Vận động Nhân dân hiến đất mở rộng đường kiệt")
        _type(started, "5/3/2024")
        _type(evaluated, "15032025")
        assert evaluated.input_value() == "15032025"  # nothing rewrites what was typed
        page.get_by_role("button", name="Lưu bản nháp").click()
        expect(page.get_by_text("«15032025» không phải ngày dạng dd/mm/yyyy")).to_be_visible()
        assert not Entry.objects.exists()
        if locale == "vi-VN":
            page.get_by_label("8c. Ngày đánh giá, sơ kết").scroll_into_view_if_needed()
            shot(page, "120-ngay-sai-bi-tu-choi", full_page=False)

        _type(page.get_by_label("8c. Ngày đánh giá, sơ kết"), "31/02/2025")
        page.get_by_role("button", name="Lưu bản nháp").click()
        expect(page.get_by_text("Không có ngày 31/02/2025 trong lịch")).to_be_visible()
        assert not Entry.objects.exists()

        _type(page.get_by_label("8c. Ngày đánh giá, sơ kết"), "15/03/2025")
        page.get_by_role("button", name="Lưu bản nháp").click()
        page.wait_for_url(re.compile(r"/don-vi/ho-so/\d+/$"))
        entry = Entry.objects.get()
        assert (entry.started_on, entry.evaluation_on) == (dt.date(2024, 3, 5), dt.date(2025, 3, 15))
        expect(page.get_by_text("Bắt đầu: 05/03/2024; đánh giá: 15/03/2025")).to_be_visible()

        page.get_by_role("link", name="Sửa nội dung").click()
        assert page.get_by_label("8a. Ngày bắt đầu triển khai").input_value() == "05/03/2024"
        assert page.get_by_label("8c. Ngày đánh giá, sơ kết").input_value() == "15/03/2025"
    finally:
        context.close()


@pytest.mark.parametrize("locale", LOCALES)
def test_the_back_office_keeps_the_decision_date_as_typed(browser, live_server, people, shot, locale):
    contest, _representative, organiser = people
    template = CertificateTemplate.objects.create(
        contest=contest,
        parent_body="TỈNH ỦY HÀ TĨNH",
        issuing_body="BAN DÂN VẬN",
        # A Party issuer signs in the Party format (the form refuses a state layout for it).
        document_format=DocumentFormat.PARTY,
        signer_authority="T/M BAN TỔ CHỨC",
        decision_number="24-QĐ/BDVTU",
        decision_date=dt.date(2026, 11, 20),
        place="Hà Tĩnh",
        signer_name="Nguyễn Văn Hùng",
    )
    context, page = _browser_page(browser, locale)
    try:
        _log_in(page, live_server, organiser, r"/quan-tri/$")
        page.goto(f"{live_server.url}/quan-tri/mau-giay-chung-nhan/edit/{template.pk}/")
        decided = page.locator("#id_decision_date")
        assert decided.input_value() == "20/11/2026"
        _type(decided, "05/12/2026")
        # Leaving the field used to replace the date with today's (Wagtail's picker expected yyyy-mm-dd).
        assert decided.input_value() == "05/12/2026"
        assert page.locator(".xdsoft_datetimepicker:visible").count() == 0
        if locale == "vi-VN":
            shot(page, "121-ngay-quyet-dinh", full_page=False)
        page.get_by_role("button", name="Lưu").first.click()
        page.wait_for_url(re.compile(r"/quan-tri/mau-giay-chung-nhan/"))
        template.refresh_from_db()
        assert template.decision_date == dt.date(2026, 12, 5)

        page.goto(f"{live_server.url}/quan-tri/mau-giay-chung-nhan/edit/{template.pk}/")
        assert page.locator("#id_decision_date").input_value() == "05/12/2026"
        _type(page.locator("#id_decision_date"), "2026-12-06")
        page.get_by_role("button", name="Lưu").first.click()
        expect(page.get_by_text("«2026-12-06» không phải ngày dạng dd/mm/yyyy")).to_be_visible()
        template.refresh_from_db()
        assert template.decision_date == dt.date(2026, 12, 5)

        # A contest's deadline: day and hour, day first, in the site's time zone.
        page.goto(f"{live_server.url}/quan-tri/cuoc-thi/edit/{contest.pk}/")
        page.get_by_role("tab", name="Lịch").click()
        deadline = page.locator("#id_submission_deadline")
        _type(deadline, "31/08/2027 17:00")
        assert deadline.input_value() == "31/08/2027 17:00"
        page.get_by_role("button", name="Lưu").first.click()
        page.wait_for_url(re.compile(r"/quan-tri/cuoc-thi/$"))
        saved = timezone.localtime(Contest.objects.get(pk=contest.pk).submission_deadline)
        assert saved.strftime("%d/%m/%Y %H:%M") == "31/08/2027 17:00"
    finally:
        context.close()
