"""Announcements: the index (newest first, kinds, pages of ten), a page's body blocks, the feeds."""

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from cms.models import AnnouncementIndexPage, AnnouncementPage, HomePage
from tests import files
from tests.factories import ContestFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def index():
    return AnnouncementIndexPage.objects.get()


def announce(index, title, *, date=dt.date(2026, 3, 2), kind="notice", live=True, **fields):
    page = AnnouncementPage(title=title, date=date, kind=kind, summary=f"Tóm tắt: {title}.", **fields)
    index.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    else:
        page.unpublish()
    return page


def many(index, count, **fields):
    return [
        announce(index, f"Thông báo số {i:02d}", date=dt.date(2026, 1, 1) + dt.timedelta(days=i), **fields)
        for i in range(1, count + 1)
    ]


def titles(response):
    return [a.title for a in response.context["announcements"]]


def test_index_lists_live_announcements_newest_first_with_kind_date_and_summary(client, index):
    announce(index, "Kế hoạch tổ chức cuộc thi năm 2026", date=dt.date(2026, 1, 5), kind="plan")
    announce(index, "Thể lệ cuộc thi năm 2026", date=dt.date(2026, 2, 9), kind="rules")
    announce(index, "Bản nháp chưa đăng", date=dt.date(2026, 3, 1), live=False)

    response = client.get("/thong-bao/")

    assert response.status_code == 200
    assert titles(response) == ["Thể lệ cuộc thi năm 2026", "Kế hoạch tổ chức cuộc thi năm 2026"]
    html = response.content.decode()
    assert '<span class="badge badge-the-le">Thể lệ</span>' in html
    assert "09/02/2026" in html
    assert "Tóm tắt: Thể lệ cuộc thi năm 2026." in html
    assert "Bản nháp chưa đăng" not in html
    assert '<a href="/thong-bao/the-le-cuoc-thi-nam-2026/">Thể lệ cuộc thi năm 2026</a>' in html


def test_same_date_is_ordered_by_first_publication(client, index):
    announce(index, "Đăng trước")
    announce(index, "Đăng sau")

    assert titles(client.get("/thong-bao/")) == ["Đăng sau", "Đăng trước"]


def test_index_has_ten_a_page_and_forgives_bad_page_numbers(client, index):
    many(index, 25)

    first = client.get("/thong-bao/")
    third = client.get("/thong-bao/?trang=3")

    assert titles(first) == [f"Thông báo số {i:02d}" for i in range(25, 15, -1)]
    assert titles(third) == [f"Thông báo số {i:02d}" for i in range(5, 0, -1)]
    assert '<a href="?trang=2" rel="next">Trang sau</a>' in first.content.decode()
    assert client.get("/thong-bao/?trang=99").context["page_obj"].number == 3
    assert client.get("/thong-bao/?trang=abc").context["page_obj"].number == 1
    assert client.get("/thong-bao/?trang=-1").context["page_obj"].number == 3


def test_kind_filter_is_a_shareable_address_kept_across_pages(client, index):
    many(index, 12, kind="rules")
    announce(index, "Thông báo lịch chấm", kind="notice")

    rules = client.get("/thong-bao/?loai=the-le")
    notices = client.get("/thong-bao/?loai=thong-bao")

    assert len(titles(rules)) == 10 and all(t.startswith("Thông báo số") for t in titles(rules))
    assert '<a href="?loai=the-le&amp;trang=2" rel="next">Trang sau</a>' in rules.content.decode()
    assert titles(client.get("/thong-bao/?loai=the-le&trang=2")) == ["Thông báo số 02", "Thông báo số 01"]
    assert titles(notices) == ["Thông báo lịch chấm"]
    assert len(titles(client.get("/thong-bao/?loai=khong-co"))) == 10  # an unknown kind: no filter


def test_index_queries_do_not_grow_with_announcements(client, index, django_assert_num_queries):
    many(index, 1)
    client.get("/thong-bao/")  # warm Wagtail's cached site root paths
    with CaptureQueriesContext(connection) as one:
        client.get("/thong-bao/")
    many(index, 24)

    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get("/thong-bao/")
    assert len(titles(response)) == 10


def test_index_head_links_the_feeds(client, index):
    html = client.get("/thong-bao/").content.decode()

    assert '<link rel="alternate" type="application/rss+xml" title="Thông báo (RSS)" href="/thong-bao/rss.xml">' in html
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Thông báo (Atom)" href="/thong-bao/atom.xml">' in html
    )


def test_announcement_page_renders_its_kind_date_contest_and_text_blocks(client, index):
    contest = ContestFactory(name="Cuộc thi Dân vận khéo tỉnh Quảng Trị năm 2026")
    page = announce(
        index,
        "Thông báo kết quả",
        kind="results",
        date=dt.date(2026, 2, 5),
        contest=contest,
        body=[
            ("heading", {"text": "Danh sách đạt giải", "level": "h2"}),
            ("heading", {"text": "Giải Nhất", "level": "h3"}),
            ("paragraph", "<p>Có <b>6</b> mô hình đạt giải.</p>"),
        ],
    )

    html = client.get(page.url).content.decode()

    assert '<span class="badge badge-ket-qua">Kết quả</span>' in html
    assert '<time datetime="2026-02-05">Ngày 05 tháng 02 năm 2026</time>' in html
    assert "Cuộc thi: Cuộc thi Dân vận khéo tỉnh Quảng Trị năm 2026" in html
    assert '<h2 class="block-heading">Danh sách đạt giải</h2>' in html
    assert '<h3 class="block-heading">Giải Nhất</h3>' in html
    assert "<p>Có <b>6</b> mô hình đạt giải.</p>" in html


def test_image_block_is_a_figure_with_renditions_alt_text_and_caption(client, index):
    image = get_image_model().objects.create(
        title="Lễ trao giải", file=ContentFile(files.jpeg_bytes(size=(1600, 900)), name="le-trao-giai.jpg")
    )
    body = [
        (
            "image",
            {
                "image": {"image": image, "alt_text": "Đại biểu trao giải cho xã Hòa Vang", "decorative": False},
                "caption": "Lễ trao giải năm 2026",
            },
        ),
    ]
    page = announce(index, "Lễ trao giải", body=body)

    html = client.get(page.url).content.decode()

    figure = html[html.index('<figure class="block-image">') : html.index("</figure>")]
    assert 'alt="Đại biểu trao giải cho xã Hòa Vang"' in figure
    assert 'sizes="(min-width: 48rem) 46rem, 100vw"' in figure
    assert figure.count(".width-") == 4  # src, and three widths in the srcset
    assert " 480w" in figure and " 800w" in figure and " 1200w" in figure
    assert "<figcaption>Lễ trao giải năm 2026</figcaption>" in figure
    # The first picture is the one shown when the page is shared.
    og_image = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert re.fullmatch(r"http://testserver/media/images/le-trao-giai\.\w+\.fill-1200x630\.jpg", og_image)


def test_document_block_is_a_download_link_with_type_and_size(client, index):
    document = get_document_model().objects.create(
        title="Thể lệ cuộc thi", file=ContentFile(b"x" * 2048, name="the-le.pdf")
    )
    page = announce(index, "Thể lệ", body=[("document", {"document": document, "label": ""})])

    html = client.get(page.url).content.decode()

    assert f'<a href="{document.url}" download>Thể lệ cuộc thi</a>' in html
    assert "(PDF, 2,0\xa0KB)" in html


def test_video_block_without_an_embed_is_a_plain_link(client, index):
    url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    page = announce(index, "Phóng sự", body=[("video", {"video": url, "caption": "Phóng sự về mô hình"})])

    html = client.get(page.url).content.decode()

    assert f'<a href="{url}" rel="noopener">Xem video</a>' in html
    assert "<figcaption>Phóng sự về mô hình</figcaption>" in html


def _feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, ET.fromstring(response.content)  # noqa: S314 - our own output, parsed strictly


def test_rss_feed_has_the_latest_twenty_live_announcements(client, index):
    many(index, 21, kind="rules")
    announce(index, "Bản nháp", date=dt.date(2027, 1, 1), live=False)

    response, rss = _feed(client, "/thong-bao/rss.xml")

    assert response["Content-Type"].startswith("application/rss+xml")
    items = rss.findall("./channel/item")
    assert len(items) == 20
    newest = items[0]
    assert newest.findtext("title") == "Thông báo số 21"
    assert newest.findtext("link") == "http://testserver/thong-bao/thong-bao-so-21/"
    assert newest.findtext("description") == "Tóm tắt: Thông báo số 21."
    assert newest.findtext("category") == "Thể lệ"
    assert newest.findtext("pubDate") == "Thu, 22 Jan 2026 00:00:00 +0700"
    assert "Bản nháp" not in response.content.decode()
    assert rss.findtext("./channel/link") == "http://testserver/thong-bao/"


def test_atom_feed_has_the_same_entries(client, index):
    many(index, 3, kind="plan")

    _response, atom = _feed(client, "/thong-bao/atom.xml")

    entries = atom.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Thông báo số 03", "Thông báo số 02", "Thông báo số 01"]
    assert entries[0].find(f"{ATOM}link").get("href") == "http://testserver/thong-bao/thong-bao-so-03/"
    assert entries[0].find(f"{ATOM}category").get("term") == "Kế hoạch"
    assert entries[0].findtext(f"{ATOM}summary") == "Tóm tắt: Thông báo số 03."
    assert entries[0].findtext(f"{ATOM}published") == "2026-01-04T00:00:00+07:00"


def test_announcements_live_only_under_the_index_and_the_index_only_under_home():
    assert AnnouncementPage.parent_page_types == ["cms.AnnouncementIndexPage"]
    assert AnnouncementIndexPage.parent_page_types == ["cms.HomePage"]
    assert AnnouncementPage.can_create_at(AnnouncementIndexPage.objects.get())
    assert not AnnouncementPage.can_create_at(HomePage.objects.get())
    assert not AnnouncementIndexPage.can_create_at(Page.get_first_root_node())
    # One list of announcements per site: the migration made it.
    assert not AnnouncementIndexPage.can_create_at(HomePage.objects.get())
