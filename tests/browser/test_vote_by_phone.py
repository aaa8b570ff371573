"""A voter on a phone gets the code by text message (the tests' in-memory gateway), the number
typed the way people type it; once the day's messages are used up, the next voter is told so and
asked for an e-mail address instead. The organiser sees the day's messages and their cost.
Screenshots 234–237 for docs/huong-dan-binh-chon.md."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from contest.voting.gateways.memory import MemoryGateway
from contest.voting.models import PhoneMessageDay, Vote
from tests.factories import EntryFactory, UnitFactory
from tests.factories.judging import add_entry
from tests.factories.voting import make_vote

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _solve(page):
    page.get_by_text("Tôi không phải là máy tự động").click()
    expect(page.get_by_text("Đã xác minh")).to_be_visible()


def test_a_vote_by_phone_then_email_when_the_days_messages_are_used_up(
    page, live_server, contest, organiser, password, shot, settings
):
    settings.RATELIMIT_ENABLE = False
    vote, _none = make_vote(contest, entries=0, identity_kinds=["phone", "email"], phone_daily_quota=1)
    entry = EntryFactory(
        contest=contest,
        title="Tổ liên gia an toàn – Zalo kết nối bình yên",
        unit=UnitFactory(name="Ủy ban nhân dân xã Hòa Vang"),
    )
    add_entry(vote.round, entry)
    url = f"{live_server.url}/binh-chon/{vote.round_id}/mo-hinh/{entry.pk}/"
    page.set_viewport_size(PHONE)

    page.goto(url)
    expect(page.get_by_text("Bước 1/2: nhận mã xác nhận qua tin nhắn điện thoại")).to_be_visible()
    page.get_by_label("Số điện thoại di động của bạn").fill("0912.345.678")
    _solve(page)
    shot(page, "234-nhap-so-dien-thoai")
    page.get_by_role("button", name="Gửi mã xác nhận").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhập mã xác nhận")
    expect(page.get_by_text("gửi qua tin nhắn tới số điện thoại của bạn")).to_be_visible()
    (message,) = MemoryGateway.outbox
    assert message.phone == "84912345678"
    page.get_by_label("Mã xác nhận (6 chữ số)").fill(message.code)
    shot(page, "235-nhap-ma-tu-tin-nhan")
    page.get_by_role("button", name="Xác nhận bình chọn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cảm ơn bạn đã bình chọn")
    assert Vote.objects.get().identity.kind == "phone"

    # The day's one message is used: the next voter is asked for an e-mail address, and told why.
    page.context.clear_cookies()
    page.goto(url)
    expect(page.get_by_text("Hôm nay đã hết số tin nhắn mã xác nhận qua điện thoại")).to_be_visible()
    expect(page.get_by_label("Số điện thoại di động của bạn")).to_have_count(0)
    page.get_by_label("Địa chỉ thư điện tử của bạn").fill("hoa.tran@gmail.com")
    _solve(page)
    shot(page, "236-het-tin-nhan-nhan-ma-qua-thu")
    page.get_by_role("button", name="Gửi mã xác nhận").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhập mã xác nhận")
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page.get_by_label("Mã xác nhận (6 chữ số)").fill(code)
    page.get_by_role("button", name="Xác nhận bình chọn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cảm ơn bạn đã bình chọn")
    assert Vote.objects.count() == 2 and PhoneMessageDay.objects.get().sent == 1

    # The organiser: the day's messages and what they cost.
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(organiser.username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/quan-tri/$"))
    page.goto(f"{live_server.url}/quan-tri/binh-chon/{vote.round_id}/")
    section = page.locator("section", has=page.get_by_role("heading", name="Tin nhắn mã xác nhận qua điện thoại"))
    expect(section).to_contain_text("giá mỗi tin: 700 đồng")
    expect(section).to_contain_text("đã hết số tin trong ngày")
    section.scroll_into_view_if_needed()
    shot(section, "237-tin-nhan-va-chi-phi")
