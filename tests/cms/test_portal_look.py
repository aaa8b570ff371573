"""The portal's official look: the organiser's masthead and footer (site settings), the home page's
banner, news with covers, the list of results, drawn fallbacks, the phone menu."""

import datetime as dt
import io
import re

import pytest
from django.core.cache import cache
from django.core.files.images import ImageFile
from django.db import connection
from django.template import loader
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Site

from cms.models import AnnouncementIndexPage, AnnouncementPage, HomePage, PortalSettings, ResultsIndexPage, ResultsPage
from cms.models.results import results_pages_newest_first
from tests.factories import ContestFactory, EntryFactory
from tests.factories.showcase import award, published_snapshot, showcase

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    """The identity is cached across requests: start and end each test with an empty cache, so no
    organiser's name set here shows in another test's header."""
    cache.clear()
    yield
    cache.clear()


def image(title="Ảnh", size=(800, 600), colour=(180, 20, 30)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return get_image_model().objects.create(title=title, description=title, file=ImageFile(buffer, name="anh.png"))


def portal_settings(**values):
    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in values.items():
        setattr(settings, name, value)
    settings.save()
    return settings


def body(html):
    return html[html.index("<body") :]


# --- masthead and footer --------------------------------------------------------------------------


def test_a_fresh_site_shows_the_portal_name_and_the_neutral_emblem(client):
    html = client.get("/").content.decode()

    assert '<img class="brand-emblem" src="/static/img/emblem.svg" alt="" height="80">' in html
    assert '<span class="brand-portal">Cổng thông tin Cuộc thi “Dân vận khéo”</span>' in html
    assert "brand-name" not in html and "footer-contacts" not in html
    assert '<link rel="icon" href="/static/img/favicon.png" sizes="32x32">' in html
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
    assert '<link rel="apple-touch-icon" href="/static/img/apple-touch-icon.png">' in html


def test_the_organiser_set_in_site_settings_heads_and_signs_every_page(client, unit_user):
    portal_settings(
        parent_body="Tỉnh ủy Quảng Trị",
        organiser_name="Ban Tuyên giáo và Dân vận",
        address="Số 1 đường Hùng Vương, thành phố Đông Hà",
        phone="0233 3 852 000",
        email="btgdv@quangtri.example.vn",
        responsible="Ban Tuyên giáo và Dân vận Tỉnh ủy Quảng Trị",
        footer_note="Ghi rõ nguồn khi phát hành lại thông tin từ cổng này.",
    )
    client.force_login(unit_user)

    for url in ("/", "/thong-bao/", "/don-vi/", "/khong-co-trang-nay/"):
        html = client.get(url).content.decode()
        assert '<span class="brand-parent">Tỉnh ủy Quảng Trị</span>' in html, url
        assert '<span class="brand-name">Ban Tuyên giáo và Dân vận</span>' in html, url
        assert "Địa chỉ:</span> Số 1 đường Hùng Vương, thành phố Đông Hà" in html, url
    assert '<a href="tel:02333852000">0233 3 852 000</a>' in html
    assert '<a href="mailto:btgdv@quangtri.example.vn">btgdv@quangtri.example.vn</a>' in html
    assert "Cơ quan chịu trách nhiệm nội dung: Ban Tuyên giáo và Dân vận Tỉnh ủy Quảng Trị" in html
    assert "Ghi rõ nguồn khi phát hành lại thông tin từ cổng này." in html


def test_an_uploaded_emblem_replaces_the_neutral_one_and_the_favicon(client):
    portal_settings(emblem=image("Biểu trưng", size=(400, 400)))

    html = client.get("/").content.decode()

    src = re.search(r'<img class="brand-emblem" src="([^"]+)"', html).group(1)
    assert src.startswith("/media/images/") and ".max-240x160" in src
    assert re.search(r'<link rel="icon" href="/media/images/[^"]+\.max-64x64\.format-png\.png" sizes="32x32">', html)
    assert re.search(r'<link rel="apple-touch-icon" href="/media/images/[^"]+\.max-180x180\.format-png\.png">', html)
    assert "favicon.svg" not in html


def test_the_header_costs_two_queries_cold_and_none_once_cached(rf, django_assert_max_num_queries):
    portal_settings(organiser_name="Ban Dân vận")
    with django_assert_max_num_queries(2):
        html = loader.render_to_string("base.html", {}, request=rf.get("/"))
    assert "Ban Dân vận" in html
    with django_assert_max_num_queries(0):
        loader.render_to_string("base.html", {}, request=rf.get("/don-vi/"))


def test_publishing_a_page_keeps_the_header_cached_but_saving_the_settings_does_not(rf, home):
    loader.render_to_string("base.html", {}, request=rf.get("/"))
    announce("Thông báo mới", dt.date(2026, 5, 1))
    with CaptureQueriesContext(connection) as queries:
        loader.render_to_string("base.html", {}, request=rf.get("/"))
    assert len(queries) == 0

    portal_settings(organiser_name="Ban Tuyên giáo và Dân vận")
    assert "Ban Tuyên giáo và Dân vận" in loader.render_to_string("base.html", {}, request=rf.get("/"))


def test_only_organisers_change_the_portal_settings(client, organiser, secretariat):
    site = Site.objects.get(is_default_site=True)
    url = f"/quan-tri/settings/cms/portalsettings/{site.pk}/"
    client.force_login(organiser)
    response = client.get(url)
    assert response.status_code == 200
    assert "Tên cơ quan tổ chức" in response.content.decode()
    response = client.post(
        url,
        {
            "parent_body": "Thành ủy Huế",
            "organiser_name": "Ban Dân vận",
            "portal_name": "Cổng thông tin Dân vận khéo",
            "email": "khong-phai-thu",
        },
    )
    assert response.status_code == 200  # the bad e-mail address is refused, nothing saved
    assert PortalSettings.objects.filter(organiser_name="Ban Dân vận").count() == 0

    client.force_login(secretariat)
    assert client.get(url).status_code in (302, 403)


# --- the menu on a phone --------------------------------------------------------------------------


def test_the_menu_button_controls_the_menu_and_no_script_is_inline(client):
    html = client.get("/").content.decode()

    assert re.search(
        r'<button type="button" class="nav-toggle" aria-expanded="true" aria-controls="site-nav" hidden>', html
    )
    assert '<nav id="site-nav" class="site-nav" aria-label="Điều hướng chính">' in html
    assert '<script src="/static/js/site.js" defer></script>' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # CSP-ready: no inline script
    assert "<style" not in body(html) and " style=" not in html


# --- home page ------------------------------------------------------------------------------------


@pytest.fixture
def home():
    return HomePage.objects.get()


def announce(title, date, *, kind="notice", cover=None):
    index = AnnouncementIndexPage.objects.get()
    page = AnnouncementPage(title=title, slug=f"tb-{date:%Y%m%d}-{abs(hash(title)) % 10000}", kind=kind, date=date)
    page.summary = f"Tóm tắt: {title}."
    page.cover = cover
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_the_banner_shows_its_picture_and_title(client, home):
    home.banner_image = image("Băng rôn", size=(2400, 840))
    home.banner_title = "Cuộc thi “Dân vận khéo” tỉnh Quảng Trị"
    home.banner_text = "Vì Nhân dân phục vụ"
    home.save_revision().publish()

    html = client.get("/").content.decode()

    assert '<section class="banner has-image" aria-labelledby="hero-title">' in html
    banner = re.search(r'<img [^>]*class="banner-image"[^>]*>', html).group(0)
    assert 'alt=""' in banner and "srcset=" in banner and "fill-1600x560" in banner
    assert '<h1 id="hero-title">Cuộc thi “Dân vận khéo” tỉnh Quảng Trị</h1>' in html
    assert '<p class="banner-text">Vì Nhân dân phục vụ</p>' in html


def test_without_a_banner_picture_the_drawn_banner_shows_the_page_title(client, home):
    html = client.get("/").content.decode()
    assert '<section class="banner" aria-labelledby="hero-title">' in html
    assert f'<h1 id="hero-title">{home.title}</h1>' in html
    assert "banner-image" not in html


def test_news_lead_has_its_cover_and_items_without_a_cover_get_a_drawn_panel(client, home):
    announce("Kế hoạch năm 2026", dt.date(2026, 3, 1), kind="plan")
    announce("Thông báo kết quả", dt.date(2026, 3, 5), kind="results", cover=image("Lễ trao giải"))

    html = client.get("/").content.decode()

    lead = html[html.index('<article class="news-lead">') : html.index("</article>", html.index("news-lead"))]
    assert "Thông báo kết quả" in lead and "fill-640x360" in lead and 'alt=""' in lead
    item = html[html.index('<article class="news-item">') :]
    assert '<div class="cover-fallback tone-ke-hoach" aria-hidden="true">' in item
    assert '<img src="/static/img/icons/ke-hoach.svg" alt="">' in item
    assert '<time datetime="2026-03-01">01/03/2026</time>' in item


def test_announcement_list_queries_do_not_grow_with_covers(client, home, django_assert_num_queries):
    announce("Thông báo 1", dt.date(2026, 1, 1), cover=image("Ảnh 1"))
    client.get("/thong-bao/")  # renditions are made on the first view only
    with CaptureQueriesContext(connection) as one:
        client.get("/thong-bao/")
    baseline = len(one)  # now: the connection's query log is a bounded queue
    for day in range(2, 13):
        announce(f"Thông báo {day}", dt.date(2026, 1, day), cover=image(f"Ảnh {day}") if day % 2 else None)
    client.get("/thong-bao/")
    with django_assert_num_queries(baseline):
        html = client.get("/thong-bao/").content.decode()
    assert html.count('<article class="news-lead">') == 1
    assert html.count('<article class="news-item">') == 9


def test_an_announcement_shows_its_cover_with_its_caption(client, home):
    page = announce("Lễ tổng kết", dt.date(2026, 3, 5), cover=image("Lãnh đạo Ban trao giải cho các đơn vị"))
    html = client.get(page.url).content.decode()
    assert '<figure class="announcement-cover">' in html
    assert "<figcaption>Lãnh đạo Ban trao giải cho các đơn vị</figcaption>" in html
    assert re.search(r'<meta property="og:image" content="http://testserver/media/images/[^"]+fill-1200x630', html)


def test_a_card_without_a_photo_gets_a_drawn_panel_named_for_its_field(client, home):
    entry = EntryFactory()
    award(entry)
    showcase(entry, featured=True)

    html = client.get("/").content.decode()

    card = html[html.index('<article class="showcase-card">') :]
    assert re.search(r'<div class="cover-fallback tone-\d" aria-hidden="true">', card)
    assert f"<span>{entry.field.name}</span>" in card


# --- the list of results --------------------------------------------------------------------------


def results_page(contest, slug, *, days_ago=None):
    page = ResultsPage(title=f"Kết quả {contest.name}", slug=slug, contest=contest)
    ResultsIndexPage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    if days_ago is not None:
        award(EntryFactory(contest=contest))
        snapshot = published_snapshot(contest)
        snapshot.published_at = snapshot.published_at - dt.timedelta(days=days_ago)
        snapshot.save()
    return page


def test_the_results_list_shows_every_contest_newest_results_first(client):
    old = results_page(ContestFactory(name="Cuộc thi năm 2024", year=2024), "nam-2024", days_ago=400)
    new = results_page(ContestFactory(name="Cuộc thi năm 2025", year=2025), "nam-2025", days_ago=10)
    pending = results_page(ContestFactory(name="Cuộc thi năm 2026", year=2026), "nam-2026")

    html = client.get("/ket-qua/").content.decode()

    titles = re.findall(r'<h2 class="news-title"><a href="[^"]+">([^<]+)</a></h2>', html)
    assert titles == [new.title, old.title, pending.title]
    assert "1 vòng đã công bố" in html and "1 giải" in html
    assert "Chưa công bố kết quả" in html
    assert client.get("/ket-qua/moi-nhat/")["Location"] == new.url


def test_the_results_list_is_paginated_with_a_fixed_cost(client, django_assert_num_queries):
    results_page(ContestFactory(), "ket-qua-1", days_ago=1)
    client.get("/ket-qua/")
    with CaptureQueriesContext(connection) as one:
        client.get("/ket-qua/")
    baseline = len(one)
    for n in range(2, 13):
        results_page(ContestFactory(), f"ket-qua-{n}", days_ago=n)

    with django_assert_num_queries(baseline):
        html = client.get("/ket-qua/").content.decode()
    assert html.count('class="results-item"') == 10
    assert 'href="?trang=2"' in html
    assert client.get("/ket-qua/?trang=2").content.decode().count('class="results-item"') == 2


def test_the_newest_results_are_those_published_last_not_the_page_made_last(client):
    late_page = results_page(ContestFactory(), "trang-lam-sau", days_ago=300)
    early_page = ResultsPage(title="Kết quả mới công bố", slug="moi-cong-bo", contest=ContestFactory())
    ResultsIndexPage.objects.get().add_child(instance=early_page)
    early_page.save_revision().publish()
    award(EntryFactory(contest=early_page.contest))  # published just now

    assert list(results_pages_newest_first())[:2] == [early_page, late_page]
    assert client.get("/ket-qua/moi-nhat/")["Location"] == early_page.url


@pytest.mark.parametrize("slug", ["12", "moi-nhat"])
def test_a_results_page_may_not_take_an_address_the_plain_views_answer(slug):
    page = ResultsPage(title="Kết quả", slug=slug, contest=ContestFactory())
    with pytest.raises(Exception, match="trùng với một địa chỉ có sẵn"):
        ResultsIndexPage.objects.get().add_child(instance=page)
        page.full_clean()


def test_the_results_list_is_a_cached_page():
    from cms.caching import CachedPageMixin

    assert issubclass(ResultsIndexPage, CachedPageMixin)


# --- replication agrees with its text --------------------------------------------------------------


def test_the_replication_status_shows_only_when_the_editor_chose_one(client):
    entry = EntryFactory()
    award(entry)
    page = showcase(entry, replication="replicated", replication_note="Đã áp dụng cho 3 kiệt khác.")

    html = client.get(page.url).content.decode()

    assert '<h2 id="replication">Duy trì và nhân rộng</h2>' in html
    assert "Tình trạng: <strong" in html and "Đã được nhân rộng</strong>" in html
    assert "Đã áp dụng cho 3 kiệt khác." in html
