"""A visitor reads the public site: home, the gallery searched without diacritics and filtered, a
winning model, an announcement — on a desktop and on a phone. Screenshots for docs/trang-cong-khai.md.
"""

import datetime as dt
import io
import re

import pytest
from django.core.files.images import ImageFile
from playwright.sync_api import expect
from wagtail.images import get_image_model

from cms.models import AnnouncementIndexPage, AnnouncementPage, GalleryPage, ShowcasePhoto
from contest.demo.illustrations import illustration
from tests.factories import ContestFactory, EntryFactory, UnitFactory
from tests.factories.certificates import make_certificate
from tests.factories.showcase import award, showcase

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def photo(scene, title):
    """A dossier-like photo: one of the demo's drawn scenes with its caption band."""
    content = illustration(scene, title)
    return get_image_model().objects.create(
        title=title, description=title, file=ImageFile(io.BytesIO(content), name="anh.jpg")
    )


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
    for i, scene in enumerate(["road", "meeting", "ceremony"]):
        ShowcasePhoto.objects.create(page=page, image=photo(scene, f"Bà con cùng làm đường, ảnh {i + 1}"), sort_order=i)
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

    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Mô hình tiêu biểu").click()
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


# --- The official portal: masthead, banner, news, results, on a desktop and on a phone ---------------


def cover(scene, title, crop=None):
    """A Wagtail image of one of the demo's drawn scenes (contest/demo/illustrations.py)."""
    content = illustration(scene, title, band=False, crop=crop)
    return get_image_model().objects.create(
        title=title, description=title, file=ImageFile(io.BytesIO(content), name="anh.jpg")
    )


@pytest.fixture
def official_portal(public_site):
    """public_site, dressed as an organiser would: site settings, banner, covers, results pages
    (one with the winners' scores only), a model page without a photo."""
    from decimal import Decimal

    from wagtail.models import Site

    from cms.models import HomePage, PortalSettings, ResultsIndexPage, ResultsPage
    from contest.core.enums import ScoreDisclosure
    from contest.results.models import ResultRow

    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    settings.parent_body = "Tỉnh ủy Quảng Trị"
    settings.organiser_name = "Ban Tuyên giáo và Dân vận"
    settings.address = "Số 1 đường Hùng Vương, phường Đông Hà, tỉnh Quảng Trị"
    settings.phone = "0233 3 852 000"
    settings.email = "btgdv@quangtri.example.vn"
    settings.responsible = "Ban Tuyên giáo và Dân vận Tỉnh ủy Quảng Trị"
    settings.save()
    home = HomePage.objects.get()
    home.banner_image = cover("riverside", "Phố đi bộ ven sông", crop=(0, 150, 1200, 570))
    home.banner_title = "Cuộc thi “Dân vận khéo” tỉnh Quảng Trị"
    home.banner_text = "Phát hiện, biểu dương và nhân rộng những cách làm hay"
    home.save_revision().publish()
    notice = AnnouncementPage.objects.get(slug="ket-qua-2025")
    notice.cover = cover("ceremony", "Lễ tổng kết, trao giải cuộc thi năm 2025")
    notice.save_revision().publish()
    index = AnnouncementIndexPage.objects.get()
    for day, (title, kind) in enumerate(
        [("Kế hoạch tổ chức cuộc thi năm 2026", "plan"), ("Thể lệ cuộc thi năm 2026", "rules")], start=1
    ):
        page = AnnouncementPage(
            title=title,
            slug=f"tb-{day}",
            kind=kind,
            summary=f"Tóm tắt: {title}.",
            date=dt.date.today() - dt.timedelta(days=7 * day),
        )
        index.add_child(instance=page)
        page.save_revision().publish()

    contest = public_site.entry.contest
    contest.score_disclosure = ScoreDisclosure.WINNERS
    contest.save()
    snapshot = ResultRow.objects.filter(entry=public_site.entry).get().snapshot
    criteria = {"can_thiet": "18.50", "sang_tao": "17.25", "hieu_qua": "27.00"}
    snapshot.rows.update(criterion_means=criteria, band="xuat_sac")
    third = EntryFactory(contest=contest, title="Tủ sách pháp luật ở nhà văn hóa thôn")
    ResultRow.objects.create(snapshot=snapshot, entry=third, code=9, rank=4, score=Decimal("64.50"), band="fair")
    snapshot.parameters = {"discrepancy_threshold": "15", "min_prize_score": "70"}
    snapshot.save()
    results = ResultsPage(title=f"Kết quả {contest.name}", slug="quang-tri-2025", contest=contest)
    # The migrations made the list of results; a transactional test that ran before may have flushed it.
    results_index = ResultsIndexPage.objects.first() or home.add_child(
        instance=ResultsIndexPage(
            title="Kết quả",
            slug="ket-qua",
            intro="<p>Kết quả đã công bố của các cuộc thi “Dân vận khéo”: bảng xếp hạng, điểm và giải thưởng.</p>",
        )
    )
    last_year = ContestFactory(name="Hội thi “Dân vận khéo” tỉnh Quảng Trị năm 2024", year=2024, kind="hoi_thi")
    older = award(EntryFactory(contest=last_year, title="Đội thi xã Triệu Phong"), "Giải Nhất")
    older.snapshot.published_at -= dt.timedelta(days=365)
    older.snapshot.save()
    for page in (ResultsPage(title=f"Kết quả {last_year.name}", slug="hoi-thi-2024", contest=last_year), results):
        results_index.add_child(instance=page)
        page.save_revision().publish()

    plain = EntryFactory(contest=contest, title="Bếp ăn nghĩa tình cho bệnh nhân nghèo")
    award(plain, "Giải Khuyến khích", prize_code="kk", rank=5, score="75.00")
    showcase(plain, summary="Mỗi ngày 300 suất cơm cho bệnh nhân nghèo ở bệnh viện huyện.")
    return results


def settle(page):
    """Load the lazy pictures below the fold before a full-page screenshot."""
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    # A Python-side poll: wait_for_function evaluates a string, which the strict CSP of public
    # pages refuses ('unsafe-eval'); page.evaluate runs through the debugging protocol instead.
    for _attempt in range(100):
        if page.evaluate("Array.from(document.images).every((img) => img.complete)"):
            break
        page.wait_for_timeout(50)
    page.evaluate("window.scrollTo(0, 0)")


def no_table_loses_columns(page):
    """Every table fits the screen: its cells are within the viewport, nothing hides sideways.
    Checked once static/js/site.js has run (it marks the tables it lays out for a phone)."""
    expect(page.locator("main table[data-stack]").first).to_have_class(re.compile("is-stackable"))
    overflow = page.evaluate(
        """() => Array.from(document.querySelectorAll('main table')).map((t) => {
            const cells = Array.from(t.querySelectorAll('th, td')).filter((c) => c.getClientRects().length);
            const right = Math.max(...cells.map((c) => c.getBoundingClientRect().right));
            return right - document.documentElement.clientWidth;
        })"""
    )
    assert overflow and all(px <= 1 for px in overflow), overflow


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_visitor_walks_the_official_portal(browser, live_server, official_portal, shot, device):
    phone = device == "phone"
    viewport = PHONE if phone else {"width": 1280, "height": 900}
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=viewport, is_mobile=phone)
    page = context.new_page()
    page.set_default_timeout(15_000)
    first, suffix = (170, "-dien-thoai") if phone else (160, "")

    def snap(n, name):
        settle(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        shot(page, f"{first + n}-{name}{suffix}")

    def go(label):
        if phone:
            toggle = page.get_by_role("button", name="Danh mục")
            toggle.click()
            expect(toggle).to_have_attribute("aria-expanded", "true")
        page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name=label, exact=True).click()

    try:
        page.goto(live_server.url + "/")
        banner = page.get_by_role("banner")
        expect(banner).to_contain_text("Tỉnh ủy Quảng Trị")
        expect(banner).to_contain_text("Ban Tuyên giáo và Dân vận")
        expect(page.get_by_role("heading", level=1)).to_have_text("Cuộc thi “Dân vận khéo” tỉnh Quảng Trị")
        expect(page.get_by_role("contentinfo")).to_contain_text("0233 3 852 000")
        expect(page.locator(".news-lead")).to_contain_text("Thông báo kết quả cuộc thi “Dân vận khéo” năm 2025")
        menu = page.get_by_role("navigation", name="Điều hướng chính")
        if phone:
            # The menu folds behind a button that says whether it is open; Escape folds it again.
            toggle = page.get_by_role("button", name="Danh mục")
            expect(toggle).to_have_attribute("aria-expanded", "false")
            expect(menu).to_be_hidden()
            toggle.click()
            expect(menu).to_be_visible()
            shot(page, f"{first + 9}-menu-dien-thoai", full_page=False)
            page.keyboard.press("Escape")
            expect(menu).to_be_hidden()
            expect(toggle).to_be_focused()
        else:
            expect(page.get_by_role("button", name="Danh mục")).to_be_hidden()
            expect(menu).to_be_visible()
        snap(0, "trang-chu")

        go("Thông báo")
        expect(page.locator(".news-lead")).to_be_visible()
        expect(page.locator(".news-item .cover-fallback")).to_have_count(2)
        snap(1, "thong-bao")
        page.locator(".news-lead").get_by_role("link").click()
        expect(page.locator("figure.announcement-cover figcaption")).to_have_text(
            "Lễ tổng kết, trao giải cuộc thi năm 2025"
        )
        snap(2, "thong-bao-chi-tiet")

        go("Mô hình tiêu biểu")
        expect(page.locator(".showcase-card .cover-fallback")).to_have_count(2)
        snap(3, "thu-vien-mo-hinh")
        page.get_by_role("link", name="Dân vận khéo: vận động Nhân dân hiến đất mở rộng đường kiệt").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("hiến đất mở rộng đường kiệt")
        no_table_loses_columns(page)
        snap(4, "trang-mo-hinh")

        go("Kết quả")  # the newest published results
        expect(page).to_have_url(live_server.url + official_portal.url)
        main = page.locator("main")
        expect(main).to_contain_text("Tủ sách pháp luật ở nhà văn hóa thôn")
        expect(main).not_to_contain_text("64,50")  # the winners' scores only
        expect(main).to_contain_text("không được công bố")
        no_table_loses_columns(page)
        if phone:
            expect(page.locator("table.results-table")).to_have_class(re.compile("is-stackable"))
            expect(page.locator("table.results-table td[data-label='Giải']").first).to_have_text("Giải Nhất")
        snap(6, "trang-ket-qua")
        page.get_by_role("link", name="Kết quả các cuộc thi khác").click()
        expect(page).to_have_url(live_server.url + "/ket-qua/")
        expect(page.get_by_role("link", name=official_portal.title)).to_be_visible()
        snap(5, "danh-sach-ket-qua")

        page.goto(live_server.url + "/trang-khong-co/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy trang")
        expect(page.get_by_role("banner")).to_contain_text("Ban Tuyên giáo và Dân vận")
        snap(7, "khong-tim-thay")
    finally:
        context.close()


def test_without_javascript_the_menu_stays_open_and_tables_scroll(browser, live_server, official_portal):
    context = browser.new_context(locale="vi-VN", viewport=PHONE, is_mobile=True, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + official_portal.url)
        expect(page.get_by_role("button", name="Danh mục")).to_be_hidden()
        expect(
            page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Thông báo")
        ).to_be_visible()
        region = page.locator(".table-scroll[role=region]").first
        expect(region).to_have_attribute("tabindex", "0")  # reachable by keyboard to scroll
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()
