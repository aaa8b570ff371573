"""A judge's journey in a real browser: log in, score with a comment, autosave, reload, submit."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from contest.judging.enums import SheetStatus
from contest.judging.models import ScoreSheet
from tests.factories import PASSWORD, ContestFactory, EntryFactory, UnitFactory
from tests.factories.judging import assign, criteria, make_judge, make_round

pytestmark = pytest.mark.browser


@pytest.fixture
def judging_data(transactional_db, wagtail_site):
    contest = ContestFactory(name="Bình xét mô hình Dân vận khéo tiêu biểu năm 2026")
    round_ = make_round(contest, scoring_deadline=timezone.now() + dt.timedelta(days=5))
    judge = make_judge("giamkhao", full_name="Hoàng Văn Em")
    titles = ["Vận động Nhân dân hiến đất mở rộng đường kiệt", "Bữa cơm nghĩa tình thứ Sáu"]
    entries = [
        EntryFactory(contest=contest, unit=UnitFactory(name="Đảng ủy phường Thanh Khê"), title=t) for t in titles
    ]
    for position, entry in enumerate(entries, start=1):
        assign(round_, judge, entry, position=position)
    return round_, judge, entries[0]


def test_judge_scores_autosaves_reloads_and_submits(page, live_server, judging_data, shot):
    round_, judge, entry = judging_data
    c = criteria(round_)

    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(judge.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/giam-khao/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Hồ sơ được phân công chấm"
    shot(page, "20-giam-khao-danh-sach")

    page.get_by_role("link", name=entry.title, exact=True).click()
    page.wait_for_url(re.compile(r"/giam-khao/vong/\d+/ho-so/\d+/$"))
    assert page.get_by_text("hoàn toàn mới").is_visible()
    score = page.locator(f"#score-{c['sang_tao'].pk}")
    # The decimal comma Vietnamese judges type (a type=number input would turn it into 175).
    score.fill("17,5")
    page.locator(f"#comment-{c['sang_tao'].pk}").fill("Cách làm mới, chi phí thấp.")
    page.locator(f"#score-{c['hieu_qua'].pk}").fill("22")
    page.locator("#autosave-status[data-state=saved]").wait_for()
    assert page.locator("#autosave-status").inner_text().startswith("Đã lưu")
    assert page.locator("#sheet-total").inner_text() == "39,50"
    shot(page, "21-giam-khao-phieu-cham")

    # An invalid value is reported next to its field, in Vietnamese, and nothing is lost.
    page.locator(f"#score-{c['ho_so'].pk}").fill("7")
    page.locator("#autosave-status[data-state=error]").wait_for()
    assert page.locator(f"#errors-{c['ho_so'].pk}").inner_text() == "Điểm không được vượt quá 5."

    page.reload()
    assert score.input_value() == "17,5"
    assert page.locator(f"#comment-{c['sang_tao'].pk}").input_value() == "Cách làm mới, chi phí thấp."
    assert page.locator(f"#score-{c['ho_so'].pk}").input_value() == ""

    page.locator(f"#score-{c['ho_so'].pk}").fill("4,5")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Nộp phiếu").click()
    page.get_by_text("Phiếu đã nộp và đã khóa").wait_for()
    assert score.is_disabled()
    assert page.get_by_role("button", name="Nộp phiếu").count() == 0
    sheet = ScoreSheet.objects.get()
    assert sheet.status == SheetStatus.SUBMITTED
    assert sheet.scores.count() == 3
    assert sorted(s.value for s in sheet.scores.all()) == [Decimal("4.5"), Decimal("17.5"), Decimal("22")]
    shot(page, "22-giam-khao-da-nop")

    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("link", name="Hồ sơ được phân công chấm").click()
    assert page.get_by_text("Đã nộp: 1").is_visible()
    shot(page, "23-giam-khao-dien-thoai")
