"""The Content-Security-Policy breaks nothing: the back office's own scripts (inline panels, date
choosers, the page editor) still work, and no page reports a violation. The ``page`` fixture
(tests/browser/conftest.py) fails a test on any violation Chromium prints; every other journey
checks its pages the same way."""

import re

import pytest

from tests.factories import PASSWORD, ContestFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def organiser(transactional_db, wagtail_site):
    return UserFactory(username="bantochuc", full_name="Nguyễn Thị Lan", roles=["organiser"], is_superuser=True)


def test_the_back_office_works_under_the_policy(page, live_server, organiser, wagtail_site):
    contest = ContestFactory(name="Hội thi Dân vận khéo tỉnh năm 2026")
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(organiser.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/quan-tri/$"))

    # The contest editor: tabs and inline panels are Wagtail's own scripts.
    page.goto(f"{live_server.url}/quan-tri/cuoc-thi/edit/{contest.pk}/")
    page.get_by_role("tab", name="Lĩnh vực và vòng thi").click()
    before = page.locator("[id^='inline_child_fields-']:not([id*='__prefix__'])").count()
    page.get_by_role("button", name=re.compile("lĩnh vực", re.IGNORECASE)).last.click()
    page.wait_for_function(
        "n => document.querySelectorAll(\"[id^='inline_child_fields-']:not([id*='__prefix__'])\").length > n",
        arg=before,
    )
    page.get_by_role("tab", name=re.compile("Lịch")).first.click()
    # Dates are our own dd/mm/yyyy text input: focusing one opens no picker (Wagtail's would
    # replace what it cannot read with today's date).
    page.locator("input[name='registration_opens']").click()
    assert page.locator(".xdsoft_datetimepicker:visible").count() == 0

    # The page editor of the public site (StreamField, rich text) and the usual lists.
    page.goto(f"{live_server.url}/quan-tri/pages/{wagtail_site.pk}/edit/")
    page.locator("[data-streamfield-stream-container], .w-form-width").first.wait_for()
    for path in (
        "/quan-tri/",
        "/quan-tri/ho-so/",
        "/quan-tri/don-vi/",
        "/quan-tri/users/",
        "/quan-tri/nhap-xuat/don-vi/",
    ):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")


def test_the_public_site_and_error_pages_under_the_policy(page, live_server, wagtail_site):
    for path in ("/", "/tai-khoan/dang-nhap/", "/tai-khoan/quen-mat-khau/", "/xac-minh/", "/khong-co-trang-nay/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
