"""The secretariat reviews dossiers in the Wagtail admin, in a real browser (screenshots for docs/)."""

import re

import pytest

from contest.dossiers.enums import EntryState
from contest.dossiers.services.entries import submit_entry
from tests import files
from tests.factories import PASSWORD, ContestFactory, EntryFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.browser


def _submitted(contest, unit, user, title):
    from contest.dossiers.services.attachments import add_attachment

    entry = EntryFactory(contest=contest, unit=unit, created_by=user, title=title)
    for kind, name in (("report", "bao-cao.pdf"), ("endorsement", "xac-nhan.pdf")):
        add_attachment(
            entry=entry,
            kind=kind,
            by=user,
            caption="",
            uploaded_file=files.upload(name, files.pdf_bytes(pages=2), "application/pdf"),
        )
    add_attachment(
        entry=entry,
        kind="photo",
        by=user,
        caption="Người dân hiến đất",
        uploaded_file=files.upload("anh.jpg", files.jpeg_bytes(), "image/jpeg"),
    )
    return submit_entry(entry=entry, by=user)


@pytest.fixture
def review_data(transactional_db, wagtail_site):
    contest = ContestFactory(name="Bình xét mô hình Dân vận khéo tiêu biểu năm 2026")
    unit = UnitFactory(name="Đảng ủy phường Thanh Khê")
    user = UserFactory(username="thanhkhe", full_name="Nguyễn Văn An", unit=unit)
    secretariat = UserFactory(username="thuky", full_name="Phạm Thu Dung", roles=["secretariat"])
    first = _submitted(contest, unit, user, "Vận động Nhân dân hiến đất mở rộng đường kiệt")
    second = _submitted(contest, unit, user, "Tổ liên gia an toàn – Zalo kết nối bình yên")
    return secretariat, user, first, second


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_secretariat_returns_one_dossier_and_accepts_another(page, live_server, review_data, shot):
    secretariat, unit_user, first, second = review_data
    # A unit's draft: not the secretariat's work, left out of the list unless asked for.
    EntryFactory(contest=first.contest, unit=first.unit, title="Bữa cơm nghĩa tình thứ Sáu")
    page.set_viewport_size({"width": 1440, "height": 900})
    _login(page, live_server, secretariat.username)
    page.wait_for_url(re.compile(r"/quan-tri/$"))
    # The home page's work queue leads to the dossiers waiting for a check (issue 12).
    queue = page.locator("#viec-dang-cho-section")
    shot(queue, "128-thu-ky-viec-dang-cho")
    queue.get_by_role("link", name="2 hồ sơ chờ kiểm tra").click()
    page.wait_for_url(re.compile(r"/quan-tri/ho-so/\?state=submitted$"))
    assert page.get_by_role("link", name="Tải Excel", exact=True).is_visible()
    assert page.get_by_role("link", name="Bữa cơm nghĩa tình thứ Sáu").count() == 0
    shot(page, "129-thu-ky-ho-so-cho-kiem-tra", full_page=False)

    page.goto(f"{live_server.url}/quan-tri/ho-so/")
    assert page.get_by_role("link", name=first.title).first.is_visible()
    assert page.get_by_role("link", name="Bữa cơm nghĩa tình thứ Sáu").count() == 0
    shot(page, "10-thu-ky-danh-sach-ho-so")

    page.goto(f"{live_server.url}/quan-tri/ho-so/{first.pk}/xet/")
    page.get_by_label("Nội dung cần bổ sung, sửa chữa").fill("Bản xác nhận chưa có chữ ký của Bí thư Đảng ủy.")
    shot(page, "11-thu-ky-xet-ho-so")
    page.get_by_role("button", name="Trả lại hồ sơ").click()
    page.wait_for_load_state()
    first.refresh_from_db()
    assert first.state == EntryState.RETURNED

    page.goto(f"{live_server.url}/quan-tri/ho-so/{second.pk}/xet/")
    # Accepting without ticking the whole checklist is refused, and nothing changes.
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    page.wait_for_load_state()
    second.refresh_from_db()
    assert second.state == EntryState.SUBMITTED
    for box in page.locator("form input[type=checkbox]").all():
        box.check()
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    page.wait_for_load_state()
    second.refresh_from_db()
    assert second.state == EntryState.ACCEPTED
    shot(page, "12-thu-ky-da-tiep-nhan")

    # The unit sees the reason on its side.
    page.context.clear_cookies()
    _login(page, live_server, unit_user.username)
    page.goto(f"{live_server.url}/don-vi/ho-so/{first.pk}/")
    assert page.get_by_text("Bản xác nhận chưa có chữ ký của Bí thư Đảng ủy.").first.is_visible()
    # "Nộp lại" comes once the dossier has been changed, not before.
    assert page.get_by_role("link", name="Nộp lại hồ sơ").count() == 0
    assert page.get_by_text("hiện ra sau khi hồ sơ có thay đổi").is_visible()
    shot(page, "13-don-vi-nhan-tra-lai")
    page.get_by_role("link", name="Sửa nội dung").click()
    page.get_by_label("9. Kết quả, sản phẩm kiểm chứng được").fill("Bản xác nhận đã có chữ ký của Bí thư.")
    page.get_by_role("button", name="Lưu thay đổi (chưa nộp lại)").click()
    page.wait_for_url(re.compile(rf"/don-vi/ho-so/{first.pk}/$"))
    assert page.get_by_role("link", name="Nộp lại hồ sơ").is_visible()
    shot(page, "125-don-vi-nop-lai-sau-khi-sua", full_page=False)
