"""A visitor sends an opinion on a provisional list from a phone: the public list with its notice,
the form, the proof-of-work challenge solved by the real browser (its worker, under the site's
Content-Security-Policy), the receipt. Screenshots 210–212 for docs/huong-dan-lay-y-kien.md."""

import pytest
from playwright.sync_api import expect

from contest.notices.models import Opinion
from tests.notices.data import out_for_opinions
from tests.results.test_result_documents import awarded_round, frozen  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_a_visitor_sends_an_opinion_on_the_provisional_list_from_a_phone(
    page,
    live_server,
    wagtail_site,
    frozen,  # noqa: F811
    organiser,
    shot,
    settings,
):
    settings.RATELIMIT_ENABLE = False
    snapshot, _judges, entries = frozen
    contest = snapshot.round.contest
    contest.name = "Bình xét mô hình Dân vận khéo tiêu biểu năm 2026"
    contest.save(update_fields=["name"])
    notice = out_for_opinions(snapshot, organiser, number="12/TB-BTC")
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/ket-qua/{notice.round_id}/")
    expect(page.get_by_text("Danh sách dự kiến", exact=False).first).to_be_visible()
    shot(page, "210-danh-sach-du-kien-dien-thoai", full_page=False)

    page.get_by_role("link", name="Gửi ý kiến").click()
    page.get_by_label("Họ và tên").fill("Hoàng Văn Sơn")
    page.get_by_label("Điện thoại hoặc thư điện tử").fill("0912 345 678")
    page.get_by_label("Hồ sơ được góp ý").select_option(str(entries[1].pk))
    page.get_by_label("Nội dung góp ý").fill(
        "Mô hình này đã được Ủy ban nhân dân tỉnh tặng Bằng khen năm 2024; đề nghị Ban Tổ chức xem lại "
        "điều kiện “chưa được khen thưởng cùng cấp” trong thể lệ."
    )
    # The visitor ticks the box; the browser solves the challenge in its worker.
    page.get_by_text("Tôi không phải là máy tự động").click()
    expect(page.get_by_text("Đã xác minh")).to_be_visible()
    shot(page, "211-gop-y-dien-thoai")

    page.get_by_role("button", name="Gửi ý kiến").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Đã nhận ý kiến")
    opinion = Opinion.objects.get()
    expect(page.get_by_text(opinion.receipt_code)).to_be_visible()
    assert opinion.entry == entries[1] and opinion.contact == "0912345678"
    shot(page, "212-bien-nhan-y-kien-dien-thoai")
