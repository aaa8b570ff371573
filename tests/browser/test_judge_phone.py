"""A judge on a 390 px phone: current work first, the running total on screen beside "Nộp phiếu"
while scrolling the criteria, and "Hồ sơ tiếp theo" after submitting (screenshots 148–151)."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.browser.axe import violations
from tests.factories import PASSWORD, ContestFactory, EntryFactory, UnitFactory
from tests.factories.judging import assign, criteria, make_judge, make_round

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone_data(transactional_db, wagtail_site):
    from contest.judging.services import sheets

    contest = ContestFactory(name="Bình xét mô hình Dân vận khéo tiêu biểu năm 2026")
    past = make_round(contest, name="Vòng sơ khảo", scoring_deadline=timezone.now() - dt.timedelta(days=10))
    final = make_round(contest, name="Vòng chung khảo", scoring_deadline=timezone.now() + dt.timedelta(days=5))
    judge = make_judge("giamkhao", full_name="Hoàng Văn Em")
    unit = UnitFactory(name="Đảng ủy phường Thanh Khê")
    old = EntryFactory(contest=contest, unit=unit, title="Mô hình của vòng sơ khảo")
    assign(past, judge, old)
    titles = ["Tổ liên gia an toàn – Zalo kết nối bình yên", "Bữa cơm nghĩa tình thứ Sáu", "Ngân hàng bò giống"]
    entries = [EntryFactory(contest=contest, unit=unit, title=t) for t in titles]
    for position, entry in enumerate(entries, start=1):
        assign(final, judge, entry, position=position)
    c = criteria(final)
    done = {c["sang_tao"].pk: "17", c["hieu_qua"].pk: "20", c["ho_so"].pk: "4"}
    sheets.submit_sheet(judge=judge, round=final, entry=entries[1], values=done, by=judge)
    return final, judge, entries


def _on_screen(page, locator):
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


def test_a_judge_on_a_phone_keeps_the_total_in_sight_and_moves_to_the_next_dossier(
    browser, live_server, phone_data, shot
):
    final, judge, (first, submitted, third) = phone_data
    c = criteria(final)
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    csp = []
    page.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)

    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(judge.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/giam-khao/$"))
    # Current work first: the open round above the closed one, the submitted sheet at its bottom.
    headings = page.get_by_role("heading", level=2).all_inner_texts()
    assert headings.index(f"{final.contest.name} – Vòng chung khảo") < headings.index(
        f"{final.contest.name} – Vòng sơ khảo"
    )
    rows = page.locator(".round-current table.assignments tbody tr td:nth-child(2) a").all_inner_texts()
    assert rows == [first.title, third.title, submitted.title]
    assert violations(page) == []
    shot(page, "148-giam-khao-dien-thoai-viec-can-lam")

    page.get_by_role("link", name=f"Tiếp tục chấm: {first.title}").click()
    page.wait_for_url(re.compile(rf"/ho-so/{first.pk}/$"))
    bar_total = page.locator(".sheet-actions [data-total-mirror]")
    submit = page.get_by_role("button", name="Nộp phiếu")
    page.locator(f"#score-{c['sang_tao'].pk}").fill("18,5")
    page.locator(f"#score-{c['hieu_qua'].pk}").fill("22")
    # Scrolled to the first criterion, the last one or the dossier's text: the bar stays on screen,
    # the total beside the button, and it follows what is typed.
    for target in (f"#score-{c['sang_tao'].pk}", f"#score-{c['ho_so'].pk}", "#dossier-heading"):
        page.locator(target).scroll_into_view_if_needed()
        if target == "#dossier-heading":
            page.evaluate("window.scrollTo(0, document.body.scrollHeight / 3)")
        assert _on_screen(page, bar_total) and _on_screen(page, submit), target
        assert bar_total.inner_text() == "40,50"
        total_box, button_box = bar_total.bounding_box(), submit.bounding_box()
        assert abs((total_box["y"] + total_box["height"] / 2) - (button_box["y"] + button_box["height"] / 2)) < 20
    page.locator(f"#score-{c['ho_so'].pk}").fill("4,5")
    assert bar_total.inner_text() == "45,00"
    page.locator("#autosave-status[data-state=saved]").wait_for()
    page.locator(f"#score-{c['hieu_qua'].pk}").scroll_into_view_if_needed()
    shot(page, "149-giam-khao-dien-thoai-tong-diem-canh-nut-nop", full_page=False)

    page.once("dialog", lambda dialog: dialog.accept())
    submit.click()
    page.get_by_text("Phiếu đã nộp và đã khóa").wait_for()
    next_link = page.get_by_role("link", name=f"Hồ sơ tiếp theo: {third.title} →")
    assert _on_screen(page, next_link)
    assert violations(page) == []
    shot(page, "150-giam-khao-dien-thoai-ho-so-tiep-theo", full_page=False)

    next_link.click()
    page.wait_for_url(re.compile(rf"/ho-so/{third.pk}/$"))
    assert page.get_by_role("heading", level=1).inner_text() == third.title
    context.close()
    assert not csp, csp
