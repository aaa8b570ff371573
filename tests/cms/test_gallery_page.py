"""The gallery page: form, cards, count, active filters, pagination, empty state, query count."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.images.models import Image

from cms.models import ShowcasePage, ShowcasePhoto
from tests.factories import ContestFactory, EntryFactory, UnitFactory
from tests.factories.showcase import award, gallery
from tests.files import jpeg_bytes

pytestmark = pytest.mark.django_db


def add_photo(page, description=""):
    image = Image.objects.create(
        title=f"Ảnh {page.title}",
        description=description,
        file=SimpleUploadedFile("anh.jpg", jpeg_bytes((96, 64)), content_type="image/jpeg"),
    )
    return ShowcasePhoto.objects.create(page=page, image=image)


def build(count, *, contest=None, photo_every=0, title="Mô hình dân vận khéo số {n}"):
    """``count`` live model pages, built without revisions: fast enough for 100 in a test."""
    contest = contest or ContestFactory(year=2025)
    parent = gallery()
    start = timezone.now() - dt.timedelta(days=1)
    pages = []
    for n in range(1, count + 1):
        entry = EntryFactory(contest=contest, unit=UnitFactory(), title=title.format(n=n))
        award(entry)
        page = ShowcasePage(
            entry=entry,
            title=entry.title,
            slug=f"mo-hinh-{entry.pk}",
            summary=f"Tóm tắt {n}.",
            live=True,
            first_published_at=start + dt.timedelta(minutes=n),
        )
        parent.add_child(instance=page)
        if photo_every and n % photo_every == 0:
            add_photo(page, description=f"Ảnh minh họa mô hình {n}")
        pages.append(page)
    return pages


def cards(html) -> list[str]:
    return re.findall(r'<h3 class="showcase-card-title"><a href="[^"]+">([^<]+)</a></h3>', html)


def test_gallery_renders_accessible_form_and_cards(client):
    [page] = build(1, photo_every=1)

    response = client.get("/mo-hinh/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="search"' in html and "<search" in html
    for name, label in [
        ("q", "Tìm kiếm"),
        ("nam", "Năm"),
        ("cuoc-thi", "Cuộc thi"),
        ("linh-vuc", "Lĩnh vực"),
        ("cap", "Cấp đơn vị"),
        ("giai", "Giải thưởng"),
        ("sap-xep", "Sắp xếp"),
    ]:
        assert f'<label for="id_{name}">{label}</label>' in html
        assert f'name="{name}"' in html
    assert 'type="search"' in html
    assert "Tìm thấy 1 mô hình" in html
    assert cards(html) == [page.title]
    assert f'href="/mo-hinh/{page.slug}/"' in html
    assert page.entry.unit.name in html
    assert page.entry.field.name in html
    assert "2025" in html
    assert '<li class="prize-badge">Giải Nhất</li>' in html
    img = re.search(r"<img [^>]*showcase-card-photo[^>]*>", html).group(0)
    assert 'alt="Ảnh minh họa mô hình 1"' in img
    assert "srcset=" in img and 'sizes="' in img
    assert 'href="/static/css/showcase.css"' in html


def test_photo_alt_falls_back_to_title(client):
    [page] = build(1, photo_every=1)
    image = page.photos.get().image
    image.description = ""
    image.save()
    html = client.get("/mo-hinh/").content.decode()
    assert f'alt="{page.title}"' in re.search(r"<img [^>]*showcase-card-photo[^>]*>", html).group(0)


def test_pagination_twelve_per_page_keeps_the_filters(client):
    build(13)

    first = client.get("/mo-hinh/?q=dan+van").content.decode()
    second = client.get("/mo-hinh/?q=dan+van&trang=2").content.decode()

    assert "Tìm thấy 13 mô hình" in first
    assert len(cards(first)) == 12
    assert cards(first)[0] == "Mô hình dân vận khéo số 13"  # newest first
    assert cards(second) == ["Mô hình dân vận khéo số 1"]
    assert 'href="?q=dan+van&amp;trang=2"' in first
    assert cards(client.get("/mo-hinh/?trang=abc").content.decode()) == cards(first)
    assert cards(client.get("/mo-hinh/?trang=999").content.decode()) == cards(second)


def test_active_filters_have_remove_links(client):
    build(1)
    html = client.get("/mo-hinh/?q=dan+van&nam=2025&trang=1").content.decode()
    assert "Tìm kiếm: <strong>dan van</strong>" in html
    assert "Năm: <strong>2025</strong>" in html
    assert '<a href="?nam=2025">xóa lọc<span class="visually-hidden"> Tìm kiếm</span></a>' in html
    assert '<a href="?q=dan+van">xóa lọc<span class="visually-hidden"> Năm</span></a>' in html


def test_empty_state(client):
    build(1)
    html = client.get("/mo-hinh/?q=khong+co+mo+hinh+nao").content.decode()
    assert "Tìm thấy 0 mô hình" in html
    assert "Không tìm thấy mô hình nào phù hợp." in html
    assert cards(html) == []
    assert 'class="pagination"' not in html


def test_gallery_with_no_models_at_all(client):
    html = client.get("/mo-hinh/").content.decode()
    assert "Tìm thấy 0 mô hình" in html
    assert "Không tìm thấy mô hình nào phù hợp." in html


def test_invalid_values_do_not_fail(client):
    build(2)
    response = client.get("/mo-hinh/?nam=abc&cap=%00&giai=x&sap-xep=zz&trang=-1&cuoc-thi=%E2%80%A8")
    assert response.status_code == 200
    assert len(cards(response.content.decode())) == 2


def _queries(client, url) -> int:
    client.get(url)  # renditions are made on the first view only
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/mo-hinh/", "/mo-hinh/?q=dan+van+kheo&nam=2025&giai=giai-nhat&sap-xep=relevance"])
def test_constant_queries_from_1_to_100_models(client, django_assert_max_num_queries, url):
    contest = ContestFactory(year=2025)
    build(1, contest=contest, photo_every=1)
    at_one = _queries(client, url)

    build(99, contest=contest, photo_every=3)
    client.get(url)
    with django_assert_max_num_queries(at_one):
        html = client.get(url).content.decode()
    assert "Tìm thấy 100 mô hình" in html
    assert len(cards(html)) == 12
    assert html.count('class="showcase-card-photo"') == 4
    assert html.count('class="cover-fallback') == 8  # the cards without a photo get a drawn panel


def test_sort_select_shows_the_order_applied(client):
    build(1)
    assert '<option value="newest" selected>' in client.get("/mo-hinh/").content.decode()
    assert '<option value="relevance" selected>' in client.get("/mo-hinh/?q=dan").content.decode()
    assert '<option value="oldest" selected>' in client.get("/mo-hinh/?q=dan&sap-xep=oldest").content.decode()
