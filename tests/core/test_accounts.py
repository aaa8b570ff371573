"""Logging in, the landing page of each role, and the password pages."""

import re

import pytest
from django.core import mail
from django.urls import reverse


def test_login_sends_each_role_to_its_home(client, unit_user, secretariat, password):
    response = client.post(reverse("login"), {"username": unit_user.username, "password": password}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:home")
    client.logout()
    response = client.post(reverse("login"), {"username": secretariat.username, "password": password}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_home")


def test_a_wrong_password_says_so_in_vietnamese(client, unit_user):
    response = client.post(reverse("login"), {"username": unit_user.username, "password": "sai"})
    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.content.decode()


def test_login_urls_are_vietnamese_and_unique():
    assert reverse("login") == "/tai-khoan/dang-nhap/"
    assert reverse("password_reset") == "/tai-khoan/quen-mat-khau/"


@pytest.mark.django_db
def test_password_reset_round_trip(client, unit_user):
    page = client.get(reverse("password_reset"))
    assert "Quên mật khẩu" in page.content.decode()
    client.post(reverse("password_reset"), {"email": unit_user.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/tai-khoan/dat-lai/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Hoa-Vang-2026-moi", "new_password2": "Hoa-Vang-2026-moi"},
        follow=True,
    )
    assert "Đã đặt lại mật khẩu" in done.content.decode()
    assert client.login(username=unit_user.username, password="Hoa-Vang-2026-moi")


def test_logout_is_a_post(client, unit_user):
    client.force_login(unit_user)
    response = client.post(reverse("logout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert client.get(reverse("portal:home")).status_code == 302


@pytest.mark.django_db
def test_password_reset_is_throttled_per_address_and_per_visitor_with_the_same_answer(client, unit_user):
    from django.core.cache import cache

    from tests.factories import UserFactory

    cache.clear()
    try:
        pages = [client.post(reverse("password_reset"), {"email": unit_user.email}) for _ in range(8)]
        assert {p.status_code for p in pages} == {302}
        assert {p["Location"] for p in pages} == {reverse("password_reset_done")}
        # Three e-mails to one address an hour, however often the form is sent …
        assert len(mail.outbox) == 3
        # … and the same address in capitals is the same address.
        client.post(reverse("password_reset"), {"email": unit_user.email.upper()})
        assert len(mail.outbox) == 3
        # One visitor asking for many addresses is stopped after ten requests in all.
        others = [UserFactory(username=f"dv{i}", email=f"dv{i}@example.gov.vn") for i in range(5)]
        for other in others:
            client.post(reverse("password_reset"), {"email": other.email})
        assert len(mail.outbox) == 4  # the visitor's 10th request; the 11th and later send nothing
        # Another visitor (behind the same nginx) is not limited by the first.
        client.post(
            reverse("password_reset"),
            {"email": others[-1].email},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )
        assert len(mail.outbox) == 5
    finally:
        cache.clear()
