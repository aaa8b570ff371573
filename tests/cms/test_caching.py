"""Anonymous whole-page caching of the gallery and model pages, and its invalidation."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from cms.models import ShowcasePage
from contest.results.enums import SnapshotStatus
from tests.factories import EntryFactory, UserFactory
from tests.factories.showcase import award, published_snapshot, showcase

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache():
    cache.clear()
    with override_settings(CMS_CACHE_SECONDS=60):
        yield
    cache.clear()


def awarded(contest, title):
    entry = EntryFactory(contest=contest, title=title)
    award(entry)
    return showcase(entry)


def get(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize("kind", ["gallery", "model"])
def test_second_anonymous_get_is_served_from_cache(client, contest, kind):
    page = awarded(contest, "Dân vận khéo ở tổ dân phố 12")
    url = "/mo-hinh/?q=dan+van" if kind == "gallery" else page.url

    first, first_queries = get(client, url)
    second, second_queries = get(client, url)

    assert second == first
    assert first_queries
    # Answered by PageCacheMiddleware: not even Wagtail's site lookup and routing.
    assert second_queries == []


def test_a_cached_page_keeps_the_security_headers(client, contest, settings):
    page = awarded(contest, "Bữa cơm nghĩa tình thứ Sáu")
    client.get(page.url)
    response = client.get(page.url)
    assert response["X-Frame-Options"] == settings.X_FRAME_OPTIONS
    assert "Cookie" in response["Vary"]
    assert response["Content-Language"] == "vi"


def test_publishing_another_page_makes_the_gallery_fresh(client, contest):
    awarded(contest, "Mô hình thứ nhất")
    assert "Mô hình thứ nhất" in get(client, "/mo-hinh/")[0]

    awarded(contest, "Mô hình thứ hai")

    html = get(client, "/mo-hinh/")[0]
    assert "Mô hình thứ hai" in html and "Tìm thấy 2 mô hình" in html


def test_unpublishing_makes_the_gallery_fresh(client, contest):
    page = awarded(contest, "Mô hình sẽ gỡ xuống")
    assert "Mô hình sẽ gỡ xuống" in get(client, "/mo-hinh/")[0]

    page.unpublish()

    assert "Mô hình sẽ gỡ xuống" not in get(client, "/mo-hinh/")[0]
    assert client.get(page.url).status_code == 404


def test_result_snapshot_save_makes_the_pages_fresh(client, contest):
    awarded(contest, "Mô hình có kết quả")
    assert "Tìm thấy 1 mô hình" in get(client, "/mo-hinh/")[0]

    snapshot = published_snapshot(contest)
    snapshot.status = SnapshotStatus.INVALIDATED
    snapshot.save()

    assert "Tìm thấy 0 mô hình" in get(client, "/mo-hinh/")[0]


def test_logged_in_user_is_never_served_the_cached_page(client, contest):
    page = awarded(contest, "Tên cũ của mô hình")
    assert "Tên cũ của mô hình" in get(client, "/mo-hinh/")[0]  # cached for anonymous visitors
    ShowcasePage.objects.filter(pk=page.pk).update(title="Tên mới của mô hình")  # no signal: no bump

    assert "Tên cũ của mô hình" in get(client, "/mo-hinh/")[0]
    client.force_login(UserFactory())
    assert "Tên mới của mô hình" in get(client, "/mo-hinh/")[0]


def test_logged_in_user_never_fills_the_cache(client, contest):
    page = awarded(contest, "Tên cũ của mô hình")
    client.force_login(UserFactory())
    assert "Tên cũ của mô hình" in get(client, page.url)[0]
    ShowcasePage.objects.filter(pk=page.pk).update(title="Tên mới của mô hình")
    client.logout()
    client.cookies.clear()

    html, queries = get(client, page.url)
    assert "Tên mới của mô hình" in html
    assert queries
