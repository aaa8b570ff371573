"""Headers every page carries: no caching of logged-in pages, the Content-Security-Policy, and the
Vietnamese pages for a CSRF failure (403) and a bad request (400)."""

import pytest
from django.urls import reverse

from tests.judging_data import make_judge


def _directives(response):
    return response.get("Cache-Control", "").replace(" ", "").split(",")


@pytest.mark.django_db
def test_logged_in_pages_are_never_stored_by_a_cache(client, unit_user, organiser):
    judge = make_judge()
    for user, url in (
        (unit_user, reverse("portal:home")),
        (judge, reverse("judging:home")),
        (organiser, reverse("wagtailadmin_home")),
        (organiser, "/"),
    ):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        assert {"private", "no-store"} <= set(_directives(response)), url
        client.logout()


@pytest.mark.django_db
def test_anonymous_public_pages_stay_cacheable(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "no-store" not in _directives(response)


@pytest.mark.django_db
def test_a_csrf_failure_gets_a_vietnamese_page_in_the_site_style(unit_user, password):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": unit_user.username, "password": password})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Phiên làm việc đã hết hạn" in html and "chưa được lưu" in html
    assert 'class="site-header"' in html and "CSRF" not in html


@pytest.mark.django_db
def test_a_bad_request_gets_a_vietnamese_page_in_the_site_style(client, settings):
    settings.ALLOWED_HOSTS = ["dvk.example.gov.vn"]
    response = client.get("/", HTTP_HOST="ke-gian.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Yêu cầu không hợp lệ" in html and 'class="site-header"' in html and "Bad Request" not in html
