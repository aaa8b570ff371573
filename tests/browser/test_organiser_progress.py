"""An organiser follows the scoring in the Wagtail admin, in a real browser: the progress page,
a reminder e-mail, reopening a submitted sheet with a reason (screenshots for docs/)."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contest.judging.enums import SheetStatus
from contest.judging.models import ScoreSheet
from contest.judging.services import sheets
from tests.factories import PASSWORD, ContestFactory, EntryFactory, UnitFactory, UserFactory
from tests.factories.judging import assign, criteria, make_judge, make_round

pytestmark = pytest.mark.browser

TITLES = [
    ("Vận động Nhân dân hiến đất mở rộng đường kiệt", "Đảng ủy phường Thanh Khê"),
    ("Bữa cơm nghĩa tình thứ Sáu", "Đảng ủy xã Hòa Vang"),
    ("Tổ liên gia an toàn – Zalo kết nối bình yên", "Đảng ủy phường Hải Châu"),
]


@pytest.fixture
def progress_data(transactional_db, wagtail_site):
    contest = ContestFactory(name="Bình xét mô hình Dân vận khéo tiêu biểu năm 2026")
    round_ = make_round(contest, name="Vòng chung khảo", scoring_deadline=timezone.now() + dt.timedelta(days=5))
    round_.judges_per_entry = 2
    round_.save()
    organiser = UserFactory(username="btc", full_name="Lê Minh Châu", roles=["organiser"])
    first = make_judge("giamkhao1", full_name="Hoàng Văn Em", email="em@example.vn")
    second = make_judge("giamkhao2", full_name="Đỗ Thị Giang", email="giang@example.vn")
    entries = [EntryFactory(contest=contest, unit=UnitFactory(name=unit), title=title) for title, unit in TITLES]
    for judge in (first, second):
        for entry in entries:
            assign(round_, judge, entry)
    c = criteria(round_)
    values = {c["sang_tao"].pk: "17,5", c["hieu_qua"].pk: "22", c["ho_so"].pk: "4,5"}
    for entry in entries[:2]:
        sheets.submit_sheet(judge=first, round=round_, entry=entry, values=values, by=first)
    sheets.save_sheet(judge=second, round=round_, entry=entries[0], values={c["sang_tao"].pk: "16"}, by=second)
    return round_, organiser, first, entries[0]


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_organiser_reminds_judges_and_reopens_a_sheet(page, browser, live_server, progress_data, shot):
    round_, organiser, judge, entry = progress_data
    _login(page, live_server, organiser.username)
    page.wait_for_url(re.compile(r"/quan-tri/$"))

    page.goto(f"{live_server.url}/quan-tri/tien-do-cham/")
    page.get_by_role("link", name="Vòng chung khảo").click()
    page.wait_for_url(re.compile(r"/quan-tri/tien-do-cham/\d+/$"))
    assert page.get_by_text("2/6 phiếu đã nộp (33%)").is_visible()

    page.get_by_role("button", name="Gửi nhắc nhở").click()
    page.get_by_text("Đã gửi thư nhắc tới 2 giám khảo").wait_for()
    assert sorted(m.to[0] for m in mail.outbox) == ["em@example.vn", "giang@example.vn"]
    # The admin scrolls inside its own pane, so a taller window is what shows both tables.
    page.set_viewport_size({"width": 1280, "height": 1300})
    page.get_by_text("Đã gửi thư nhắc tới 2 giám khảo").scroll_into_view_if_needed()
    shot(page, "30-tien-do-cham")
    page.set_viewport_size({"width": 1280, "height": 900})

    row = page.locator("tr", has_text=entry.title)
    row.locator("details.reopen", has_text="Mở lại").first.locator("summary").click()
    row.get_by_label("Lý do mở lại").fill("Giám khảo báo nhập nhầm điểm tiêu chí hiệu quả.")
    row.get_by_label("Lý do mở lại").scroll_into_view_if_needed()
    shot(page, "31-mo-lai-phieu", full_page=False)
    row.get_by_role("button", name="Mở lại phiếu").click()
    page.get_by_text("Đã mở lại phiếu chấm hồ sơ số 001 của Hoàng Văn Em").wait_for()
    assert ScoreSheet.objects.get(judge=judge, entry=entry).status == SheetStatus.DRAFT

    judge_context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    judge_page = judge_context.new_page()
    try:
        _login(judge_page, live_server, judge.username)
        judge_page.wait_for_url(re.compile(r"/giam-khao/$"))
        judge_page.goto(live_server.url + reverse("judging:sheet", args=[round_.pk, entry.pk]))
        score = judge_page.locator(f"#score-{criteria(round_)['hieu_qua'].pk}")
        assert score.is_enabled()
        assert judge_page.get_by_role("button", name="Nộp phiếu").is_visible()
    finally:
        judge_context.close()
