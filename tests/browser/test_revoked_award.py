"""An organiser records a revoking decision in the back office; a visitor then finds the award's
certificate marked revoked, with its ground, and the model page saying so. Screenshots 213–215 for
docs/huong-dan-ket-qua.md and docs/xac-minh-giay-chung-nhan.md."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contest.results.models import AwardRevocation
from tests.factories import PASSWORD, ContestFactory, EntryFactory, UnitFactory, UserFactory
from tests.factories.certificates import make_certificate
from tests.factories.showcase import award, showcase

pytestmark = pytest.mark.browser


@pytest.fixture
def revocable(wagtail_site, settings):
    from cms.models import GalleryPage

    settings.RATELIMIT_ENABLE = False
    if not GalleryPage.objects.exists():
        wagtail_site.add_child(instance=GalleryPage(title="Mô hình tiêu biểu", slug="mo-hinh"))
    contest = ContestFactory(name="Bình xét mô hình Dân vận khéo tiêu biểu năm 2026", year=2026)
    entry = EntryFactory(
        contest=contest,
        unit=UnitFactory(name="Ủy ban nhân dân xã Hòa Vang"),
        title="Vận động Nhân dân hiến đất mở rộng đường kiệt",
    )
    row = award(entry, "Giải Nhất")
    row.snapshot.published_at = timezone.now()
    row.snapshot.save(update_fields=["published_at"])
    certificate = make_certificate(entry, holder_name=entry.unit.name)
    page = showcase(entry, summary="Nhân dân tự nguyện hiến 1.250 m² đất, làm mới 2,3 km đường kiệt.")
    organiser = UserFactory(username="btc", full_name="Lê Minh Châu", roles=["organiser"])
    return organiser, row.snapshot.round, certificate, page


def test_a_revoked_award_shows_on_its_verify_page_and_model_page(page, live_server, revocable, shot):
    organiser, round_, certificate, model_page = revocable
    page.set_viewport_size({"width": 1280, "height": 1400})
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(organiser.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/quan-tri/$"))

    page.goto(f"{live_server.url}/quan-tri/ket-qua/{round_.pk}/")
    page.get_by_role("link", name="Thu hồi giải").click()
    page.get_by_label("Hồ sơ bị thu hồi giải").select_option(str(certificate.entry_id))
    page.get_by_label("Làm giả hồ sơ, giấy tờ đề nghị khen thưởng").check()
    page.get_by_label("Nội dung vi phạm").fill("Biên bản hiến đất của 12 hộ là giả; xác minh ngày 02/12/2026.")
    page.get_by_label("Số quyết định thu hồi").fill("15/QĐ-BTC")
    today = f"{timezone.localdate():%d/%m/%Y}"
    page.get_by_label("Ngày ký quyết định").fill(today)
    page.get_by_label("Giữ trang mô hình, ghi rõ giải đã bị thu hồi").check()
    shot(page, "213-thu-hoi-giai")
    page.get_by_role("button", name="Ghi quyết định thu hồi").click()
    expect(page.get_by_text("Đã thu hồi giải của hồ sơ")).to_be_visible()
    assert AwardRevocation.objects.get().decision_number == "15/QĐ-BTC"

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/xac-minh/{certificate.token}/")
    banner = page.locator(".verify-banner")
    expect(banner).to_contain_text("Đã thu hồi")
    expect(banner).to_contain_text(f"Thu hồi theo Quyết định số 15/QĐ-BTC ngày {today}")
    expect(banner).to_contain_text("làm giả hồ sơ, giấy tờ đề nghị khen thưởng")
    shot(page, "214-xac-minh-da-thu-hoi")

    page.goto(f"{live_server.url}{model_page.url}")
    notice = page.locator(".showcase-revoked")
    expect(notice).to_contain_text("Giải đã bị thu hồi")
    expect(notice).to_contain_text("15/QĐ-BTC")
    expect(page.locator("main")).not_to_contain_text("Xác minh giấy chứng nhận")
    shot(page, "215-mo-hinh-da-thu-hoi")
