"""A visitor reads the public site: home, the gallery searched without diacritics and filtered, a
winning model, an announcement — on a desktop and on a phone. Screenshots for docs/trang-cong-khai.md.
"""

import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from playwright.sync_api import expect
from wagtail.images import get_image_model

from cms.models import AnnouncementIndexPage, AnnouncementPage, GalleryPage, ShowcasePhoto
from tests.factories import ContestFactory, EntryFactory, UnitFactory
from tests.showcase_data import award, showcase
from tests.verification_data import make_certificate

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def photo(colour, title):
    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 800), colour).save(buffer, "JPEG")
    return get_image_model().objects.create(title=title, description=title, file=ImageFile(buffer, name="anh.jpg"))


@pytest.fixture
def public_site(wagtail_site, settings):
    settings.RATELIMIT_ENABLE = False
    home = wagtail_site
    # The migrations made these; a transactional test that ran before may have flushed them.
    announcements = AnnouncementIndexPage.objects.first() or home.add_child(
        instance=AnnouncementIndexPage(title="Thông báo", slug="thong-bao")
    )
    if not GalleryPage.objects.exists():
        home.add_child(instance=GalleryPage(title="Mô hình tiêu biểu", slug="mo-hinh"))
    contest = ContestFactory(name="Cuộc thi “Dân vận khéo” tỉnh Quảng Trị năm 2025", year=2025)
    winner = EntryFactory(
        contest=contest,
        unit=UnitFactory(name="Ủy ban nhân dân xã Hòa Vang", address="xã Hòa Vang, TP Đà Nẵng"),
        title="Dân vận khéo: vận động Nhân dân hiến đất mở rộng đường kiệt",
    )
    second = EntryFactory(
        contest=contest,
        unit=UnitFactory(name="Hội Liên hiệp Phụ nữ xã Ea Kar"),
        title="Ngân hàng bò giống giúp hội viên thoát nghèo",
    )
    award(winner, "Giải Nhất")
    award(second, "Giải Ba", prize_code="ba", rank=3, score="82.00")
    make_certificate(winner)
    page = showcase(
        winner,
        featured=True,
        summary="Nhân dân tự nguyện hiến 1.250 m² đất, góp 1.500 ngày công làm mới 2,3 km đường kiệt.",
    )
    for i, colour in enumerate([(30, 110, 160), (170, 90, 40), (60, 140, 70)]):
        ShowcasePhoto.objects.create(
            page=page, image=photo(colour, f"Bà con cùng làm đường, ảnh {i + 1}"), sort_order=i
        )
    page.save_revision().publish()
    showcase(second, summary="Mỗi hội viên nghèo được nhận một con bò giống, trả lại bằng con bê đầu tiên.")
    notice = AnnouncementPage(
        title="Thông báo kết quả cuộc thi “Dân vận khéo” năm 2025",
        slug="ket-qua-2025",
        kind="results",
        summary="Ban Tổ chức công bố kết quả và danh sách các mô hình đạt giải.",
        body=[("heading", {"text": "Kết quả", "level": "h2"}), ("paragraph", "<p>Có 6 mô hình đạt giải.</p>")],
    )
    announcements.add_child(instance=notice)
    notice.save_revision().publish()
    return page


def test_visitor_finds_a_model_without_diacritics_on_desktop(page, live_server, public_site, shot):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Dân vận khéo: vận động Nhân dân hiến đất")
    shot(page, "70-trang-chu")

    page.get_by_role("navigation").get_by_role("link", name="Mô hình tiêu biểu").click()
    page.get_by_role("searchbox").fill("dan van kheo duong kiet")
    page.get_by_role("searchbox").press("Enter")
    expect(page.locator("main")).to_contain_text("Dân vận khéo: vận động Nhân dân hiến đất")
    expect(page.locator("main")).not_to_contain_text("Ngân hàng bò giống")
    assert "q=dan+van+kheo" in page.url  # the search is a shareable address
    shot(page, "71-thu-vien-tim-kiem")

    page.get_by_role("link", name="Dân vận khéo: vận động Nhân dân hiến đất mở rộng đường kiệt").first.click()
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text(
        "Dân vận khéo: vận động Nhân dân hiến đất mở rộng đường kiệt"
    )
    expect(main.locator("table").first).to_contain_text("Chỉ số 1")
    expect(main).to_contain_text("Giải Nhất")
    expect(main).to_contain_text("24-QĐ/BDVTU")
    expect(main.locator("img").first).to_have_attribute("alt", "Bà con cùng làm đường, ảnh 1")
    shot(page, "72-mo-hinh")

    main.get_by_role("link", name="Xác minh giấy chứng nhận").click()
    expect(page.locator(".verify-banner")).to_contain_text("Hợp lệ")

    page.goto(live_server.url + "/thong-bao/")
    page.get_by_role("link", name="Thông báo kết quả cuộc thi “Dân vận khéo” năm 2025").click()
    expect(page.locator("main")).to_contain_text("Có 6 mô hình đạt giải.")
    shot(page, "73-thong-bao")


def test_visitor_on_a_phone_filters_the_gallery(browser, live_server, public_site, shot):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=PHONE, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(live_server.url + "/mo-hinh/")
        expect(page.locator("main")).to_contain_text("Ngân hàng bò giống")
        page.get_by_role("combobox", name="Giải thưởng").select_option(label="Giải Ba")
        page.get_by_role("button", name="Tìm").click()
        expect(page.locator("main")).to_contain_text("Ngân hàng bò giống")
        expect(page.locator("main")).not_to_contain_text("hiến đất mở rộng đường kiệt")
        assert "giai=giai-ba" in page.url
        # Nothing overflows sideways on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        shot(page, "74-thu-vien-dien-thoai")
        page.goto(live_server.url + public_site.url)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        shot(page, "75-mo-hinh-dien-thoai")
    finally:
        context.close()
