"""Scanning a certificate's QR code in a real browser: the holder, the file check, a revoked one.

Screenshots for docs/xac-minh-giay-chung-nhan.md.
"""

import re

import pytest
from playwright.sync_api import expect

from contest.certificates.enums import CertificateStatus
from contest.certificates.views.verification import verification_code
from tests.factories import ContestFactory, EntryFactory, UnitFactory
from tests.factories.certificates import PDF_BYTES, make_certificate

pytestmark = pytest.mark.browser

CONTEST = "Bình xét mô hình Dân vận khéo tiêu biểu năm 2026"


@pytest.fixture
def certificates(transactional_db, settings):
    settings.RATELIMIT_ENABLE = False
    contest = ContestFactory(name=CONTEST)
    first = EntryFactory(
        contest=contest,
        unit=UnitFactory(name="Đảng ủy phường Thanh Khê"),
        title="Vận động Nhân dân hiến đất mở rộng đường kiệt",
    )
    second = EntryFactory(
        contest=contest, unit=UnitFactory(name="Hội Liên hiệp Phụ nữ xã Ea Kar"), title="Ngân hàng bò giống"
    )
    valid = make_certificate(first)
    revoked = make_certificate(second, number=13, prize_name="Giải Ba", status=CertificateStatus.REVOKED)
    return valid, revoked


def test_scan_shows_the_holder_and_checks_the_file(page, live_server, certificates, shot, tmp_path):
    valid, _revoked = certificates
    # What the QR code encodes: the absolute verification URL with its token.
    page.goto(f"{live_server.url}/xac-minh/{valid.token}/")
    expect(page.locator(".verify-banner")).to_contain_text("Hợp lệ")
    expect(page.locator(".verify-holder")).to_have_text("Đảng ủy phường Thanh Khê")

    pdf = tmp_path / "giay-chung-nhan-0012.pdf"
    pdf.write_bytes(PDF_BYTES)
    page.set_input_files("#file-check-input", str(pdf))
    expect(page.locator(".file-check-result")).to_contain_text("Tệp trùng khớp với giấy chứng nhận đã cấp")
    shot(page, "61-xac-minh")

    forged = tmp_path / "gia-mao.pdf"
    forged.write_bytes(PDF_BYTES + b"% sua doi\n")
    page.set_input_files("#file-check-input", str(forged))
    expect(page.locator(".file-check-result")).to_contain_text("Tệp KHÔNG trùng khớp")


def test_lookup_by_serial_and_code_then_a_revoked_certificate(page, live_server, certificates, shot):
    _valid, revoked = certificates
    page.goto(f"{live_server.url}/xac-minh/")
    page.get_by_label("Số hiệu").fill("0013/GCN-BTC")
    page.get_by_label("Mã xác minh").fill(verification_code(revoked))
    page.get_by_role("button", name="Tra cứu").click()
    expect(page).to_have_url(re.compile(rf"/xac-minh/{re.escape(revoked.token)}/$"))
    expect(page.locator(".verify-banner")).to_contain_text("Đã thu hồi")
    expect(page.locator(".verify-banner")).to_contain_text("Hồ sơ khai man số liệu.")
    shot(page, "62-da-thu-hoi")
