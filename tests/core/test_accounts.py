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
