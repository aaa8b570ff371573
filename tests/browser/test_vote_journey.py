"""A voter on a phone: the model page's vote button (loaded by its own script, the page staying
cached), the e-mail, the code, the receipt; a second vote for the same model refused with a clear
message; counts hidden until the organisers publish the result. Then the organiser's review of a
suspicious cluster. Screenshots 220–226 for docs/huong-dan-binh-chon.md."""

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import expect

from contest.voting.enums import Eligibility
from contest.voting.models import Vote, VoteSettings
from contest.voting.services import seal, setup
from tests.factories import EntryFactory, UnitFactory
from tests.factories.showcase import award, showcase
from tests.factories.voting import cast, make_vote

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _code():
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)


def _vote(page, address):
    page.get_by_label("Địa chỉ thư điện tử của bạn").fill(address)
    page.get_by_text("Tôi không phải là máy tự động").click()
    expect(page.get_by_text("Đã xác minh")).to_be_visible()
    page.get_by_role("button", name="Gửi mã xác nhận").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhập mã xác nhận")
    page.get_by_label("Mã xác nhận (6 chữ số)").fill(_code())
    page.get_by_role("button", name="Xác nhận bình chọn").click()


@override_settings(CMS_CACHE_SECONDS=60)
def test_a_voter_votes_from_a_phone_and_the_result_waits_for_publication(
    page, live_server, wagtail_site, contest, organiser, password, shot, settings
):
    settings.RATELIMIT_ENABLE = False
    contest.name = "Bình xét mô hình Dân vận khéo tiêu biểu năm 2026"
    contest.save(update_fields=["name"])
    vote, _none = make_vote(contest, entries=0, eligibility=Eligibility.PUBLISHED, show_total=True)
    titles = ("Bữa cơm nghĩa tình thứ Sáu", "Tổ liên gia an toàn – Zalo kết nối bình yên", "Ngân hàng bò giống")
    units = ("Đảng ủy phường Thanh Khê", "Ủy ban nhân dân xã Hòa Vang", "Hội Nông dân xã Hòa Phong")
    entries = []
    for title, unit in zip(titles, units, strict=True):
        entry = EntryFactory(contest=contest, title=title, unit=UnitFactory(name=unit))
        award(entry)
        entries.append(entry)
    model_page = showcase(entries[0])
    for other in entries[1:]:
        showcase(other)
    page.set_viewport_size(PHONE)

    # The model page: its vote button comes from the widget's script, not from the cached page.
    page.goto(f"{live_server.url}{model_page.url}")
    button = page.get_by_role("link", name="Bình chọn cho mô hình này")
    expect(button).to_be_visible()
    button.scroll_into_view_if_needed()
    shot(page, "220-nut-binh-chon-trang-mo-hinh", full_page=False)
    button.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bình chọn cho mô hình")
    shot(page, "221-nhap-thu-dien-tu")
    _vote(page, "Lan.Nguyen@gmail.com")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cảm ơn bạn đã bình chọn")
    first = Vote.objects.get()
    expect(page.get_by_text(first.receipt)).to_be_visible()
    shot(page, "222-bien-nhan-binh-chon")

    # The same mailbox again (another spelling of it): refused, with the first receipt.
    page.goto(f"{live_server.url}{model_page.url}")
    page.get_by_role("link", name="Bình chọn cho mô hình này").click()
    _vote(page, "lannguyen+2@gmail.com")
    expect(page.get_by_role("alert")).to_contain_text(
        f"Bạn đã bình chọn cho mô hình này rồi (mã biên nhận {first.receipt})"
    )
    shot(page, "223-binh-chon-lan-hai-bi-tu-choi")
    assert Vote.objects.count() == 1

    # The voting page: the total only (the organiser chose to show it), no count per model.
    cast(vote, entries[1], "hoa.tran@yahoo.com.vn", device="b" * 32)
    page.goto(f"{live_server.url}/binh-chon/{vote.round_id}/")
    expect(page.get_by_text("Đã có 2 lượt bình chọn.")).to_be_visible()
    expect(page.get_by_text("lượt hợp lệ")).to_have_count(0)
    shot(page, "224-danh-sach-binh-chon-dien-thoai")

    VoteSettings.objects.filter(pk=vote.pk).update(
        opens_at=timezone.now() - timezone.timedelta(days=3), closes_at=timezone.now() - timezone.timedelta(minutes=1)
    )
    sealed = seal.seal(vote=VoteSettings.objects.get(pk=vote.pk), by=organiser)
    page.reload()
    expect(page.get_by_text("Đã hết thời gian bình chọn.", exact=False)).to_be_visible()
    expect(page.get_by_text("lượt hợp lệ")).to_have_count(0)
    setup.publish_results(vote=sealed, by=organiser)
    page.reload()
    expect(page.get_by_role("heading", name="Kết quả bình chọn")).to_be_visible()
    expect(page.get_by_text("1 lượt hợp lệ · 0 lượt bị hủy")).to_have_count(2)
    shot(page, "225-ket-qua-binh-chon-dien-thoai")


def test_the_organiser_reviews_a_suspicious_cluster(
    page, live_server, wagtail_site, contest, organiser, password, shot
):
    vote, entries = make_vote(contest)
    for i in range(4):
        cast(vote, entries[0], f"nhanban{i}@gmail.com", device="f" * 32, ip=f"198.51.{i}.10")
    cast(vote, entries[1], "hoa.tran@yahoo.com.vn", device="h" * 32, ip="192.0.2.4")
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(organiser.username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/quan-tri/$"))
    page.goto(f"{live_server.url}/quan-tri/binh-chon/{vote.round_id}/ra-soat/")
    expect(page.get_by_role("cell", name="Cùng một thiết bị")).to_be_visible()
    page.get_by_label("Lý do hủy").fill("Bốn địa chỉ thư từ cùng một thiết bị trong vài phút: nhân bản tài khoản.")
    shot(page, "226-ra-soat-luot-bat-thuong")
    page.get_by_role("button", name="Hủy 4 lượt").click()
    expect(page.get_by_text("Đã hủy 4 lượt bình chọn")).to_be_visible()
    assert Vote.objects.filter(void__isnull=False).count() == 4
    page.get_by_role("link", name="Về trang bình chọn của vòng").click()
    expect(page.get_by_role("heading", name="Cài đặt bình chọn")).to_be_visible()
    expect(page.get_by_text("Bốn địa chỉ thư từ cùng một thiết bị", exact=False)).to_be_visible()
    shot(page, "227-binh-chon-cua-vong")
