"""The published model page: content, photos, recognition, privacy, routing and query count."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image

from cms.models import ShowcaseIndicator, ShowcasePhoto
from tests.factories import EntryFactory
from tests.factories.certificates import certificate_template, make_certificate
from tests.factories.showcase import award, showcase
from tests.files import jpeg_bytes

pytestmark = pytest.mark.django_db


def photo(page, caption="", description="", size=(640, 480)):
    image = Image.objects.create(
        title=f"Ảnh {page.title}",
        description=description,
        file=SimpleUploadedFile("anh.jpg", jpeg_bytes(size), content_type="image/jpeg"),
    )
    return ShowcasePhoto.objects.create(page=page, image=image, caption=caption)


def awarded_page(entry, **fields):
    award(entry)
    return showcase(entry, **fields)


def test_model_page_renders_its_story_and_indicators(client, entry):
    entry.contact_name = "Nguyễn Thị Liên Hệ"
    entry.contact_phone = "0905123456"
    entry.save()
    page = awarded_page(entry, title="Dân vận khéo ở tổ dân phố 12", video_url="https://www.youtube.com/watch?v=abc")

    response = client.get(f"/mo-hinh/{page.slug}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Dân vận khéo ở tổ dân phố 12</h1>" in html
    assert entry.unit.name in html
    assert "phường Thanh Khê, TP Đà Nẵng" in html
    assert entry.field.name in html
    assert "<dd>2024</dd>" in html
    assert f"Tóm tắt mô hình “{entry.title}”." in html
    assert entry.situation in html
    assert entry.content_methods in html
    assert '<caption id="indicators-caption">Chỉ số trước và sau khi thực hiện mô hình</caption>' in html
    for header in ("Chỉ số", "Đơn vị tính", "Trước", "Sau"):
        assert f'<th scope="col">{header}</th>' in html
    assert '<th scope="row">Chỉ số 1</th>' in html
    assert '<a href="https://www.youtube.com/watch?v=abc">Xem video</a>' in html
    # No replication status until the editor chooses one that agrees with the note.
    assert "Đã được nhân rộng" not in html and "Chưa nhân rộng" not in html
    assert '<meta name="description" content="Tóm tắt mô hình' in html
    assert 'href="/mo-hinh/"' in html  # breadcrumb back to the gallery
    assert "Nguyễn Thị Liên Hệ" not in html
    assert "0905123456" not in html


def test_recognition_shows_decision_and_verification_link(client, entry):
    page = awarded_page(entry)
    template = certificate_template(entry.contest)
    template.decision_number = "24-QĐ/BDVTU"
    template.decision_date = dt.date(2025, 12, 5)
    template.save()
    certificate = make_certificate(entry)

    html = client.get(page.url).content.decode()

    assert "Giải Nhất" in html
    assert entry.contest.name in html
    assert "Quyết định số 24-QĐ/BDVTU ngày 05/12/2025" in html
    assert f'<a href="/xac-minh/{certificate.token}/">Xác minh giấy chứng nhận</a>' in html


def test_no_verification_link_without_a_valid_certificate(client, entry):
    page = awarded_page(entry)
    html = client.get(page.url).content.decode()
    assert "Giải Nhất" in html
    assert "Xác minh giấy chứng nhận" not in html


def test_photos_have_renditions_srcset_alt_and_share_image(client, entry):
    page = awarded_page(entry)
    photo(page, caption="Nhân dân hiến đất", description="Bà con tháo dỡ tường rào mở đường kiệt", size=(1600, 1200))
    photo(page, caption="Lễ khánh thành")

    html = client.get(page.url).content.decode()

    main = html[html.index("<main") : html.index("</main>")]
    images = re.findall(r"<img [^>]*>", main)
    assert len(images) == 2
    assert 'alt="Bà con tháo dỡ tường rào mở đường kiệt"' in images[0]
    assert 'alt="Lễ khánh thành"' in images[1]
    assert "srcset=" in images[0] and "480w" in images[0] and "1200w" in images[0]
    assert 'sizes="(min-width: 48em) 34rem, 100vw"' in images[0]
    assert "<figcaption>Nhân dân hiến đất</figcaption>" in html
    assert re.search(r'<meta property="og:image" content="http://testserver/media/images/[^"]+\.fill-1200x630', html)


def test_print_and_gallery_stylesheets_are_linked(client, entry):
    html = client.get(awarded_page(entry).url).content.decode()
    assert 'href="/static/css/print.css" media="print"' in html
    assert 'href="/static/css/showcase.css"' in html


def test_draft_page_is_not_found_for_anonymous(client, entry):
    award(entry)
    page = showcase(entry, live=False)
    assert client.get(f"/mo-hinh/{page.slug}/").status_code == 404


def _count(client, page) -> int:
    client.get(page.url)  # renditions are made on the first view only
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page.url).status_code == 200
    return len(queries)


def _assert_at_most(client, page, limit, django_assert_max_num_queries):
    client.get(page.url)
    with django_assert_max_num_queries(limit):
        assert client.get(page.url).status_code == 200


def test_constant_queries_with_1_or_10_photos(client, contest, django_assert_max_num_queries):
    one = awarded_page(EntryFactory(contest=contest))
    photo(one)
    baseline = _count(client, one)
    ten = awarded_page(EntryFactory(contest=contest))
    for _ in range(10):
        photo(ten)
    _assert_at_most(client, ten, baseline, django_assert_max_num_queries)


def test_constant_queries_with_1_or_10_indicators(client, contest, django_assert_max_num_queries):
    one = awarded_page(EntryFactory(contest=contest), indicators=1)
    baseline = _count(client, one)
    ten = awarded_page(EntryFactory(contest=contest), indicators=10)
    assert ShowcaseIndicator.objects.filter(page=ten).count() == 10
    _assert_at_most(client, ten, baseline, django_assert_max_num_queries)
