"""The running total on a judge's score sheet counts only values the server would accept: a score
above its criterion's maximum (25 where 20 is the most), a negative one or one off the step is
flagged at once with the server's own words and left out of the total (screenshot 123)."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.factories import PASSWORD, ContestFactory, EntryFactory, UnitFactory
from tests.factories.judging import assign, criteria, make_judge, make_round

pytestmark = pytest.mark.browser


@pytest.fixture
def sheet_data(transactional_db, wagtail_site):
    contest = ContestFactory(name="Bình xét mô hình Dân vận khéo tiêu biểu năm 2026")
    round_ = make_round(contest, scoring_deadline=timezone.now() + dt.timedelta(days=5))
    judge = make_judge("giamkhao", full_name="Hoàng Văn Em")
    entry = EntryFactory(contest=contest, unit=UnitFactory(name="Đảng ủy phường Thanh Khê"), title="Chợ phiên 0 đồng")
    assign(round_, judge, entry)
    return round_, judge, entry


def test_the_running_total_leaves_out_what_the_server_would_refuse(page, live_server, sheet_data, shot):
    round_, judge, entry = sheet_data
    c = criteria(round_)
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(judge.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/giam-khao/$"))
    page.get_by_role("link", name=entry.title, exact=True).click()

    total = page.locator("#sheet-total")
    note = page.locator("#sheet-total-note")
    page.locator(f"#score-{c['hieu_qua'].pk}").fill("20,5")
    assert total.inner_text() == "20,50" and note.is_hidden()

    # 25 where at most 20: flagged at once, not added (the total was 45,50 before the fix).
    page.locator(f"#score-{c['sang_tao'].pk}").fill("25")
    assert total.inner_text() == "20,50"
    assert page.locator(f"#errors-{c['sang_tao'].pk}").inner_text() == "Điểm không được vượt quá 20."
    assert page.locator(f"#score-{c['sang_tao'].pk}").get_attribute("aria-invalid") == "true"
    assert note.is_visible()
    shot(page, "123-tong-diem-bo-qua-o-sai", full_page=False)

    for typed, message in (
        ("-1", "Điểm không được âm."),
        ("4,3", "Điểm phải là bội số của 0,5."),
        ("4abc", "Điểm phải là một số, ví dụ 8 hoặc 8,5."),
    ):
        page.locator(f"#score-{c['sang_tao'].pk}").fill(typed)
        assert page.locator(f"#errors-{c['sang_tao'].pk}").inner_text() == message
        assert total.inner_text() == "20,50"

    # The same rule as the server's: what it accepts is counted, and the flag goes away.
    page.locator(f"#score-{c['sang_tao'].pk}").fill("19,5")
    page.locator(f"#score-{c['ho_so'].pk}").fill("4,75")
    assert total.inner_text() == "44,75"
    assert page.locator(f"#errors-{c['sang_tao'].pk}").inner_text() == ""
    assert note.is_hidden()
    page.locator("#autosave-status[data-state=saved]").wait_for()
    assert total.inner_text() == "44,75"
