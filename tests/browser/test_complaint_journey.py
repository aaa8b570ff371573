"""A unit asks for re-marking of its own entry in the portal and sees the answer; the organiser
assigns the head judge, who records the verification in the judges' area; the organiser reopens the
third judge's sheet; once re-marked and frozen again, the answer letter is issued and the public
results page shows what changed (the entry moves from 5th to 3rd and wins a prize). Screenshots
200–206 for docs/huong-dan-lay-y-kien.md, docs/huong-dan-don-vi.md and docs/huong-dan-giam-khao.md."""

import os
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from contest.judging.models import ScoreSheet
from contest.judging.services.sheets import submit_sheet
from contest.notices.models import Complaint
from contest.results.services import snapshots as results
from tests import files
from tests.browser.axe import violations
from tests.browser.conftest import SCREENSHOTS
from tests.factories.core import UserFactory
from tests.notices.data import out_for_opinions
from tests.results.test_result_documents import awarded_round, frozen  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

GROUNDS = (
    "Đơn vị đề nghị phúc khảo điểm của hồ sơ: hai giám khảo chấm 72 điểm, giám khảo thứ ba chấm 40 điểm, "
    "chênh lệch 32 điểm. Tiêu chí “Hiệu quả thiết thực” có số liệu kiểm chứng kèm theo (bảng tổng hợp tiết "
    "kiệm của 214 hội viên)."
)


def _sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _pdf_picture(pdf: bytes, name: str) -> None:
    """The first page of a PDF as docs/screenshots/<name>.png (only when taking screenshots)."""
    if os.environ.get("SCREENSHOTS") != "1":
        return
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "doc.pdf"
        source.write_bytes(pdf)
        command = ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile"]
        subprocess.run([*command, str(source), str(SCREENSHOTS / name)], check=True)  # noqa: S603, S607


def test_a_unit_asks_for_remarking_sees_the_answer_and_the_public_page_shows_the_change(
    page,
    live_server,
    wagtail_site,
    frozen,  # noqa: F811
    organiser,
    shot,
):
    snapshot, judges, entries = frozen
    contest = snapshot.round.contest
    contest.name = "Bình xét mô hình Dân vận khéo tiêu biểu năm 2026"
    contest.save(update_fields=["name"])
    notice = out_for_opinions(snapshot, organiser, number="12/TB-BTC")
    entry = entries[4]
    unit_user = UserFactory(username="phunu", full_name="Võ Thị Lan", unit=entry.unit, email="lan@example.vn")

    # The unit files its request from the entry's page.
    _sign_in(page, live_server, unit_user)
    page.goto(f"{live_server.url}/don-vi/ho-so/{entry.pk}/")
    page.get_by_role("link", name="Khiếu nại, đề nghị phúc khảo").click()
    page.get_by_label("Đề nghị phúc khảo").check()
    page.get_by_label("Nội dung, lý do").fill(GROUNDS)
    page.get_by_label("Tệp kèm theo (không bắt buộc)").set_input_files(
        {"name": "bang-tong-hop-tiet-kiem.pdf", "mimeType": "application/pdf", "buffer": files.pdf_bytes()}
    )
    assert violations(page) == []
    shot(page, "200-don-phuc-khao-cong-don-vi")
    page.get_by_role("button", name="Gửi đơn").click()
    complaint = Complaint.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Đề nghị phúc khảo số {complaint.number}")
    expect(page.get_by_text(f"{complaint.due_on:%d/%m/%Y}").first).to_be_visible()
    shot(page, "201-so-tiep-nhan-han-tra-loi")

    # The organiser assigns the head judge.
    _sign_in(page, live_server, organiser)
    page.goto(f"{live_server.url}/quan-tri/khieu-nai/{complaint.pk}/")
    expect(page.get_by_text(GROUNDS)).to_be_visible()
    page.get_by_label("Người xác minh").select_option(str(judges[0].pk))
    page.get_by_role("button", name="Giao xác minh").click()
    expect(page.get_by_text("Đã giao Nguyễn Thị Hồng Hạnh xác minh đơn.")).to_be_visible()

    # The head judge records the verification in the judges' area.
    _sign_in(page, live_server, judges[0])
    page.goto(f"{live_server.url}/giam-khao/")
    page.get_by_role("link", name="Đề nghị phúc khảo", exact=False).click()
    expect(page.get_by_text(GROUNDS)).to_be_visible()
    page.get_by_label("Kết quả xác minh").fill(
        "Đã đối chiếu ba phiếu chấm và nhật ký chấm: phiếu của giám khảo Lê Văn Cường thấp hơn hai phiếu kia "
        "32 điểm, chủ yếu ở tiêu chí “Nhân dân tham gia, hưởng ứng”. Đề nghị chấm lại phiếu này."
    )
    page.get_by_role("button", name="Ghi kết quả xác minh").click()
    expect(page.get_by_text("Đã ghi kết quả xác minh.")).to_be_visible()
    assert violations(page) == []
    shot(page, "206-truong-ban-giam-khao-xac-minh")

    _sign_in(page, live_server, organiser)
    page.goto(f"{live_server.url}/quan-tri/khieu-nai/{complaint.pk}/")
    expect(page.get_by_text("Đã xác minh, chờ kết luận")).to_be_visible()
    # The organiser reopens the third judge's sheet. The back office scrolls inside its own frame: a
    # tall window shows the whole page.
    page.set_viewport_size({"width": 1280, "height": 2300})
    shot(page, "202-xu-ly-don-quan-tri", full_page=False)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Lê Văn Cường", exact=False).check()
    page.get_by_label("Lý do mở lại").fill("Chấm lại theo kết quả xác minh: phiếu chênh lệch 32 điểm.")
    page.get_by_role("button", name="Mở lại phiếu chấm").click()
    expect(page.get_by_text("Đã mở lại 1 phiếu chấm", exact=False)).to_be_visible()

    # The judge re-marks the sheet (the judge's own page, tested elsewhere); the organiser freezes again.
    sheet = ScoreSheet.objects.get(round=notice.round, entry=entry, judge=judges[2])
    criteria = {c.code: c.pk for c in sheet.round.rubrics.get().criteria.all()}
    marks = {"sang_tao": 20, "hieu_qua": 25, "ho_so": 5, "nhan_dan_tham_gia": 50}
    submit_sheet(
        judge=judges[2],
        round=notice.round,
        entry=entry,
        values={criteria[k]: v for k, v in marks.items()},
        by=judges[2],
    )
    page.reload()
    page.get_by_role("button", name="Chốt lại kết quả").click()
    expect(page.get_by_text("Đã chốt lại kết quả: phiên bản 2.")).to_be_visible()
    after = results.snapshot_in_force(notice.round)
    page.get_by_label("Chấp nhận", exact=True).check()
    page.get_by_label("Lý do kết luận (in trong Phiếu trả lời)").fill(
        "Phiếu chấm của giám khảo thứ ba đã được chấm lại: 100 điểm. Điểm của hồ sơ là 81,33; hồ sơ xếp thứ 3 "
        "và đạt giải theo kết quả phiên bản 2."
    )
    page.get_by_label("Số Phiếu trả lời").fill("03/PTL-BTC")
    page.get_by_role("button", name="Trả lời đơn").click()
    expect(page.get_by_text("Đã trả lời đơn", exact=False)).to_be_visible()

    # The unit reads the answer and downloads its letter.
    _sign_in(page, live_server, unit_user)
    page.goto(f"{live_server.url}/don-vi/khieu-nai/{complaint.pk}/")
    expect(page.get_by_role("heading", name="Trả lời của Ban Tổ chức")).to_be_visible()
    expect(page.get_by_text("81,33", exact=False)).to_be_visible()
    assert violations(page) == []
    shot(page, "203-tra-loi-tren-cong-don-vi")
    letter = page.request.get(f"{live_server.url}/don-vi/khieu-nai/{complaint.pk}/phieu-tra-loi.pdf")
    assert letter.status == 200 and letter.body().startswith(b"%PDF")
    _pdf_picture(letter.body(), "204-phieu-tra-loi")

    # The public results page shows the new version and what changed.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/ket-qua/{notice.round_id}/")
    box = page.locator(".changes-box")
    expect(box).to_contain_text(f"Thay đổi ở phiên bản {after.version} so với phiên bản {snapshot.version}")
    row = box.locator("tr", has_text=entry.title)
    expect(row).to_contain_text("61,33")
    expect(row).to_contain_text("81,33")
    expect(row.locator("td").nth(5)).to_have_text("5")
    expect(row.locator("td").nth(6)).to_have_text("3")
    expect(page.get_by_text(complaint.number)).to_have_count(0)
    assert violations(page) == []
    box.scroll_into_view_if_needed()
    shot(page, "205-trang-ket-qua-thay-doi")
