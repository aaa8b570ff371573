"""A visitor checks a signed PDF on /xac-minh/tep-pdf/ in a real browser: chosen with the button,
then an altered copy dropped on the zone (the page sends it at once), then a file that is no PDF.

Screenshots for docs/xac-minh-giay-chung-nhan.md (267–269).
"""

import base64
import hashlib

import pytest
from playwright.sync_api import expect

from contest.signing.signers import sign_if_configured
from tests.factories import ContestFactory, EntryFactory, UnitFactory
from tests.factories.certificates import make_certificate
from tests.signing.keys import make_dev_key, one_byte_changed, small_pdf

pytestmark = pytest.mark.browser


@pytest.fixture
def signed_certificate(transactional_db, settings, tmp_path):
    settings.RATELIMIT_ENABLE = False
    make_dev_key(tmp_path, settings)
    content = sign_if_configured(small_pdf())
    entry = EntryFactory(
        contest=ContestFactory(name="Bình xét mô hình Dân vận khéo tiêu biểu năm 2026"),
        unit=UnitFactory(name="Đảng ủy phường Thanh Khê"),
        title="Vận động Nhân dân hiến đất mở rộng đường kiệt",
    )
    make_certificate(entry, sha256=hashlib.sha256(content).hexdigest())
    return content


def drop(page, selector: str, name: str, content: bytes) -> None:
    """Drop a file on ``selector`` as a file manager would (a DataTransfer carrying a File)."""
    page.evaluate(
        """([selector, name, data]) => {
            const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, {type: "application/pdf"}));
            const zone = document.querySelector(selector);
            zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: transfer, bubbles: true, cancelable: true}));
            zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true}));
        }""",
        [selector, name, base64.b64encode(content).decode("ascii")],
    )


def test_a_visitor_checks_a_signed_file_then_an_altered_one(page, live_server, signed_certificate, shot, tmp_path):
    page.goto(f"{live_server.url}/xac-minh/")
    page.get_by_role("link", name="Có tệp PDF? Kiểm tra chữ ký số").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra tệp PDF có chữ ký số")

    original = tmp_path / "giay-chung-nhan-0012.pdf"
    original.write_bytes(signed_certificate)
    page.set_input_files("#pdf-check-input", str(original))  # sent as soon as it is chosen
    banner = page.locator(".pdf-report .verify-banner")
    expect(banner).to_contain_text("Tệp hợp lệ: đúng bản đã cấp, chữ ký số nguyên vẹn")
    expect(banner).to_contain_text("giay-chung-nhan-0012.pdf")
    findings = page.locator(".pdf-findings")
    expect(findings).to_contain_text("Chữ ký số hợp lệ, tệp nguyên vẹn")
    expect(findings).to_contain_text("Người ký: Ban Tổ chức Hội thi thử nghiệm")
    expect(findings).to_contain_text(
        "Đúng là tệp đã cấp: Giấy chứng nhận số 0012/GCN-BTC cấp cho Đảng ủy phường Thanh Khê"
    )
    shot(page, "267-kiem-tra-tep-ky-so-hop-le")

    drop(page, ".drop-zone", "gia-mao.pdf", one_byte_changed(signed_certificate, b"/Title ("))
    expect(banner).to_contain_text("Tệp đã bị sửa đổi")
    expect(findings).to_contain_text("Tệp đã bị sửa đổi sau khi ký")
    expect(findings).to_contain_text("Không trùng với tệp nào hệ thống đã cấp")
    shot(page, "268-kiem-tra-tep-da-bi-sua")

    # From the result, the issued document's own page is one click away.
    drop(page, ".drop-zone", "anh-chup.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    expect(banner).to_contain_text("Không phải tệp PDF")
    shot(page, "269-kiem-tra-tep-khong-phai-pdf", full_page=False)
