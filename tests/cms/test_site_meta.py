"""The site's frame: sharing tags, sitemap.xml, robots.txt, navigation, the language switch on
cached pages, and the friendly error pages."""

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.template import loader
from django.test import Client, RequestFactory

from cms.models import AnnouncementIndexPage, AnnouncementPage, HomePage, ResultsIndexPage, ResultsPage
from tests.factories import ContestFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def publish_child(parent, page, *, live=True):
    parent.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    else:
        page.unpublish()
    return page


def announce(title, *, live=True, **fields):
    page = AnnouncementPage(title=title, date=dt.date(2026, 4, 1), summary=f"Tóm tắt: {title}.", **fields)
    return publish_child(AnnouncementIndexPage.objects.get(), page, live=live)


def meta(html, attribute, name):
    found = re.findall(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    assert len(found) == 1, f"{name}: {found}"
    return found[0]


def test_announcement_page_shares_its_title_summary_and_absolute_address(client):
    page = announce("Thể lệ cuộc thi năm 2026", kind="rules")

    html = client.get(page.url).content.decode()

    assert meta(html, "name", "description") == "Tóm tắt: Thể lệ cuộc thi năm 2026."
    assert meta(html, "property", "og:title") == "Thể lệ cuộc thi năm 2026"
    assert meta(html, "property", "og:description") == "Tóm tắt: Thể lệ cuộc thi năm 2026."
    assert meta(html, "property", "og:type") == "article"
    assert meta(html, "property", "og:url") == "http://testserver/thong-bao/the-le-cuoc-thi-nam-2026/"
    assert meta(html, "property", "og:site_name") == "Dân vận khéo"
    assert meta(html, "property", "og:locale") == "vi_VN"
    assert meta(html, "name", "twitter:card") == "summary"
    assert '<link rel="canonical" href="http://testserver/thong-bao/the-le-cuoc-thi-nam-2026/">' in html
    assert "og:image" not in html


def test_search_description_wins_over_the_summary(client):
    page = announce("Kế hoạch", search_description="Mô tả dành cho máy tìm kiếm.")

    html = client.get(page.url).content.decode()

    assert meta(html, "name", "description") == "Mô tả dành cho máy tìm kiếm."


def test_page_meta_makes_the_sharing_picture_absolute():
    request = RequestFactory().get("/mo-hinh/bua-com/?utm_source=zalo")
    html = loader.render_to_string(
        "cms/includes/page_meta.html",
        {"title": "Bữa cơm", "description": "<p>Tóm tắt</p>", "image_url": "/media/images/a.jpg", "type": "article"},
        request=request,
    )

    assert meta(html, "property", "og:image") == "http://testserver/media/images/a.jpg"
    assert meta(html, "name", "twitter:card") == "summary_large_image"
    assert meta(html, "property", "og:description") == "Tóm tắt"
    assert '<link rel="canonical" href="http://testserver/mo-hinh/bua-com/">' in html


def test_a_second_page_or_a_filter_has_its_own_canonical_address(client):
    for i in range(11):
        announce(f"Thông báo số {i}", kind="rules")

    assert (
        '<link rel="canonical" href="http://testserver/thong-bao/?trang=2">'
        in client.get("/thong-bao/?trang=2").content.decode()
    )
    assert (
        '<link rel="canonical" href="http://testserver/thong-bao/?loai=the-le">'
        in client.get("/thong-bao/?loai=the-le").content.decode()
    )
    # Page 1 is the list itself: no query in its canonical address.
    assert (
        '<link rel="canonical" href="http://testserver/thong-bao/">'
        in client.get("/thong-bao/?trang=1").content.decode()
    )


def test_other_pages_keep_the_site_description(client):
    html = client.get("/xac-minh/").content.decode()

    assert meta(html, "property", "og:site_name") == "Dân vận khéo"
    assert meta(html, "property", "og:url") == "http://testserver/xac-minh/"


def test_sitemap_lists_live_pages_and_not_drafts(client):
    announce("Thông báo đã đăng", slug="thong-bao-da-dang")
    announce("Bản nháp chưa đăng", slug="ban-nhap-chua-dang", live=False)

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    sitemap = ET.fromstring(response.content)  # noqa: S314 - our own output, parsed strictly
    locations = [loc.text for loc in sitemap.iter(f"{SITEMAP}loc")]
    paths = {re.sub(r"^https?://[^/]+", "", loc) for loc in locations}
    assert {"/", "/thong-bao/", "/mo-hinh/", "/thong-bao/thong-bao-da-dang/"} <= paths
    assert "/thong-bao/ban-nhap-chua-dang/" not in paths


def test_robots_allows_the_public_site_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    lines = response.content.decode().strip().splitlines()
    assert lines == [
        "User-agent: *",
        "Allow: /",
        "Disallow: /quan-tri/",
        "Disallow: /tai-khoan/",
        "Disallow: /don-vi/",
        "Disallow: /giam-khao/",
        "Disallow: /tep/",
        "",
        "Sitemap: http://testserver/sitemap.xml",
    ]


def test_navigation_marks_the_current_section(client):
    home = HomePage.objects.get()
    results = publish_child(home, ResultsPage(title="Kết quả 2025", slug="ket-qua-2025", contest=ContestFactory()))
    page = announce("Thông báo lịch chấm")

    index_html = client.get("/thong-bao/").content.decode()
    page_html = client.get(page.url).content.decode()
    results_html = client.get(results.url).content.decode()

    assert '<a href="/thong-bao/" aria-current="page">Thông báo</a>' in index_html
    assert '<a href="/mo-hinh/">Mô hình tiêu biểu</a>' in index_html
    assert '<a href="/ket-qua/moi-nhat/">Kết quả</a>' in index_html
    assert '<a href="/thong-bao/" aria-current="true">Thông báo</a>' in page_html
    assert '<a href="/thong-bao/">Thông báo</a>' in results_html
    assert '<a href="/ket-qua/moi-nhat/" aria-current="true">Kết quả</a>' in results_html
    assert '<a href="/" aria-current="page">Trang chủ</a>' in client.get("/").content.decode()


def test_the_header_asks_the_database_nothing(rf, django_assert_num_queries):
    request = rf.get("/don-vi/")
    # Once the organiser's identity is cached (cms/identity.py): the first page after a change pays.
    loader.render_to_string("base.html", {}, request=rf.get("/"))
    with django_assert_num_queries(0):
        html = loader.render_to_string("base.html", {}, request=request)
    assert '<a href="/ket-qua/moi-nhat/">Kết quả</a>' in html


def test_results_link_leads_to_the_newest_results_page(client):
    home = HomePage.objects.get()
    publish_child(home, ResultsPage(title="Kết quả 2025", slug="ket-qua-2025", contest=ContestFactory()))
    publish_child(home, ResultsPage(title="Kết quả 2026", slug="ket-qua-2026", contest=ContestFactory()))
    publish_child(home, ResultsPage(title="Bản nháp", slug="ban-nhap", contest=ContestFactory()), live=False)

    response = client.get("/ket-qua/moi-nhat/")

    assert response.status_code == 302
    assert response["Location"] == "/ket-qua-2026/"


def test_results_link_without_results_pages_leads_to_the_list_of_results(client):
    response = client.get("/ket-qua/moi-nhat/")

    assert response.status_code == 302
    assert response["Location"] == "/ket-qua/"


def test_results_link_without_any_results_page_leads_to_results_announcements(client):
    ResultsIndexPage.objects.all().delete()

    response = client.get("/ket-qua/moi-nhat/")

    assert response.status_code == 302
    assert response["Location"] == "/thong-bao/?loai=ket-qua"


def test_language_switch_works_from_a_cached_anonymous_page(settings):
    settings.CMS_CACHE_SECONDS = 300
    cache.clear()
    visitor = Client(enforce_csrf_checks=True)

    first = visitor.get("/")
    second = visitor.get("/")
    switched = visitor.post("/ngon-ngu/setlang/", {"language": "en", "next": "/"})

    cache.clear()
    assert second.content == first.content
    assert b"csrfmiddlewaretoken" not in first.content
    assert "csrftoken" not in first.cookies
    assert b'<form method="post" action="/ngon-ngu/setlang/" class="inline lang">' in first.content
    assert switched.status_code == 302
    assert switched.cookies["django_language"].value == "en"


def test_logout_form_keeps_its_token(client, organiser):
    client.force_login(organiser)

    html = client.get("/").content.decode()

    logout_form = html[html.index('action="/tai-khoan/dang-xuat/"') :][:300]
    assert 'name="csrfmiddlewaretoken"' in logout_form


def test_friendly_404_in_vietnamese_with_a_way_on(client):
    response = client.get("/trang-khong-ton-tai/")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<h1 id="error-title">Không tìm thấy trang</h1>' in html
    assert '<form class="search-form" method="get" action="/mo-hinh/" role="search">' in html
    assert '<input type="search" id="error-search" name="q"' in html
    for href, label in (("/", "Trang chủ"), ("/thong-bao/", "Thông báo"), ("/mo-hinh/", "Mô hình tiêu biểu")):
        assert f'<li><a href="{href}">{label}</a></li>' in html


def test_500_page_renders_without_a_request_or_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = loader.get_template("500.html").render()

    assert "<h1>Hệ thống đang gặp sự cố</h1>" in html
    assert '<form method="get" action="/mo-hinh/" role="search">' in html
    assert '<li><a href="/thong-bao/">Thông báo</a></li>' in html


def test_home_index_and_announcement_are_cached_pages():
    from cms.caching import CachedPageMixin

    assert all(issubclass(m, CachedPageMixin) for m in (HomePage, AnnouncementIndexPage, AnnouncementPage))
