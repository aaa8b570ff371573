"""A unit representative's whole journey in a real browser, with screenshots for docs/."""

import re

import pytest

from contest.dossiers.enums import EntryState
from contest.dossiers.models import Entry
from tests import files
from tests.factories import PASSWORD, ContestFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def journey_data(transactional_db, wagtail_site):
    contest = ContestFactory(name="Bình xét mô hình Dân vận khéo tiêu biểu năm 2026")
    unit = UnitFactory(name="Đảng ủy phường Thanh Khê")
    user = UserFactory(username="thanhkhe", full_name="Nguyễn Văn An", unit=unit)
    return contest, unit, user


@pytest.mark.pdf  # the receipt it downloads
def test_unit_creates_uploads_submits_and_gets_a_receipt(page, live_server, journey_data, tmp_path, shot):
    contest, unit, user = journey_data
    report = tmp_path / "bao-cao-mo-hinh.pdf"
    report.write_bytes(files.pdf_bytes(pages=3))
    endorsement = tmp_path / "xac-nhan-cap-uy.pdf"
    endorsement.write_bytes(files.pdf_bytes(pages=1))
    photo = tmp_path / "anh-hien-dat.jpg"
    photo.write_bytes(files.jpeg_bytes(size=(1200, 800), exif_gps=True))

    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/?next=/don-vi/")
    shot(page, "01-dang-nhap")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/don-vi/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Hồ sơ của đơn vị: Đảng ủy phường Thanh Khê"
    assert page.get_by_text("Đơn vị đã tạo 0/3 hồ sơ được phép.").is_visible()
    shot(page, "02-trang-don-vi")

    page.get_by_role("link", name="Tạo hồ sơ mới").click()
    page.get_by_label("Lĩnh vực").select_option(label="Văn hóa – xã hội")
    page.get_by_label("1. Tên mô hình / điển hình").fill("Vận động Nhân dân hiến đất mở rộng đường kiệt")
    dossier = {
        "2. Sự cần thiết, lý do xây dựng": "Đường kiệt chỉ rộng 1,5 m, xe cứu thương không vào được.",
        "3. Mục tiêu, tiêu chí đo lường": "Mở rộng 2,3 km đường kiệt lên 4 m trong 18 tháng.",
        "4. Nội dung, cách làm": "Cấp ủy họp dân từng tổ; đảng viên hiến đất trước; dân bàn phương án.",
        "5. Phạm vi, đối tượng thụ hưởng": "245 hộ dân của 3 tổ dân phố.",
        "6. Lực lượng chủ trì, phối hợp, tham gia": "Đảng ủy chủ trì; MTTQ, đoàn thể phối hợp; Nhân dân tham gia.",
        "7. Nguồn lực (kinh phí, ngày công, xã hội hóa)": "1.250 m² đất hiến; 1.500 ngày công; 80% xã hội hóa.",
        "9. Kết quả, sản phẩm kiểm chứng được": "2,3 km đường bê tông; 100% hộ đồng thuận.",
        "10. Tính bền vững, khả năng nhân rộng": "Đã nhân rộng ra 4 tổ dân phố khác.",
    }
    for label, text in dossier.items():
        page.get_by_label(label).fill(text)
    page.get_by_label("8a. Ngày bắt đầu triển khai").fill("01/03/2024")
    shot(page, "03-tao-ho-so")
    page.get_by_role("button", name="Lưu bản nháp").click()
    page.wait_for_url(re.compile(r"/don-vi/ho-so/\d+/$"))
    assert page.get_by_text("Đã lưu bản nháp").is_visible()
    assert page.get_by_role("button", name="Nộp hồ sơ").is_disabled()

    for kind, path in (("Báo cáo mô hình", report), ("Xác nhận của cấp ủy", endorsement), ("Ảnh", photo)):
        page.get_by_label("Loại tệp").select_option(label=kind)
        page.get_by_label("Chọn tệp").set_input_files(str(path))
        page.get_by_role("button", name="Tải lên").click()
        page.wait_for_load_state()
        assert page.get_by_text(f"Đã tải lên “{path.name}”").is_visible()
    assert page.locator(".photos img").count() == 1
    shot(page, "04-tep-dinh-kem")

    page.get_by_role("link", name="Nộp hồ sơ", exact=True).click()
    page.wait_for_url(re.compile(r"/xac-nhan-nop/$"))
    assert page.get_by_role("heading", name="Xem lại trước khi nộp").is_visible()
    assert page.get_by_text("Báo cáo mô hình: bao-cao-mo-hinh.pdf").is_visible()
    assert Entry.objects.get().state == EntryState.DRAFT
    shot(page, "124-xem-lai-truoc-khi-nop")
    page.get_by_role("button", name="Xác nhận nộp hồ sơ").click()
    page.wait_for_url(re.compile(r"/ho-so/\d+/$"))
    entry = Entry.objects.get()
    assert entry.state == EntryState.SUBMITTED
    assert page.get_by_text(entry.receipt_code).first.is_visible()
    # The receipt is a PDF to keep (Giấy biên nhận hồ sơ: tests/dossiers/test_receipt.py).
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải giấy biên nhận (PDF)").click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    assert target.name == f"bien-nhan-{entry.receipt_code}.pdf"
    assert target.read_bytes().startswith(b"%PDF")

    history = page.locator(".history")
    assert history.get_by_text("Nộp hồ sơ").is_visible()
    assert history.get_by_text("Tạo hồ sơ").is_visible()
    assert page.get_by_role("link", name="Sửa nội dung").count() == 0
    shot(page, "06-lich-su")


def test_phone_sized_portal_is_usable(browser, live_server, journey_data, shot):
    contest, unit, user = journey_data
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/?next=/don-vi/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/don-vi/$"))
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "07-dien-thoai")
    context.close()
