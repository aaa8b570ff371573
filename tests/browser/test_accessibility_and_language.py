"""Checks a user does not do by hand (issue 12): axe-core finds no serious or critical violation on
the main page of every role and on the public pages, and the back office reads Vietnamese in an
English-language browser — the strings its scripts render too (the sidebar, the editor), which
the client-side walk (tests/core/test_backoffice_vietnamese.py) cannot see. Screenshots 130–135
for docs/huong-dan-to-thu-ky.md.
"""

import io
import re
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from wagtail.models import Site

from cms.models import AnnouncementIndexPage, GalleryPage, ResultsPage, ShowcasePage
from cms.roles import ensure_site_permissions
from contest.core.models import User
from contest.core.roles import ensure_role_groups
from contest.management.commands.seed_demo import DEMO_PASSWORD
from tests.browser.axe import violations
from tests.english import english_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(wagtail_site, settings):
    """The demo (seed_demo, seed_site) on a database that an earlier transactional test may have
    flushed: the rows the migrations and the post-migrate hooks made come back first."""
    settings.RATELIMIT_ENABLE = False
    import_module("contest.migrations.0002_levels_and_types").seed(django_apps, None)
    ensure_role_groups()
    ensure_site_permissions()
    home = wagtail_site
    Site.objects.filter(is_default_site=True).update(site_name="Dân vận khéo")
    if not AnnouncementIndexPage.objects.exists():
        home.add_child(instance=AnnouncementIndexPage(title="Thông báo", slug="thong-bao"))
    if not GalleryPage.objects.exists():
        home.add_child(instance=GalleryPage(title="Mô hình tiêu biểu", slug="mo-hinh"))
    call_command("seed_demo", force=True, stdout=io.StringIO())
    call_command("seed_site", stdout=io.StringIO())
    return wagtail_site


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def log_out(page):
    page.context.clear_cookies()


def broken_images(page):
    return page.evaluate("Array.from(document.images).filter(i => i.complete && i.naturalWidth === 0).map(i => i.src)")


def test_no_serious_accessibility_violation_on_any_roles_main_page_or_the_public_site(page, live_server, demo):
    found = []

    def check(path):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        found.extend(violations(page))

    model_page = ShowcasePage.objects.live().order_by("pk").first()
    results_page = ResultsPage.objects.live().first()
    for path in ["/", "/thong-bao/", "/mo-hinh/", model_page.url, results_page.url, "/ket-qua/"]:
        check(path)

    log_in(page, live_server, "thanhkhe")  # a unit
    check("/don-vi/")
    log_out(page)

    log_in(page, live_server, "giamkhao1")  # a judge: the list, then a score sheet
    check("/giam-khao/")
    sheet = page.locator("a[href*='/ho-so/']").first.get_attribute("href")
    check(sheet)
    log_out(page)

    for username in ("thuky", "btc"):  # the secretariat and the organisers
        log_in(page, live_server, username)
        for path in ["/quan-tri/", "/quan-tri/ho-so/", "/quan-tri/cuoc-thi/"]:
            check(path)
        log_out(page)

    assert not found, "axe-core:\n" + "\n".join(found)


def test_the_back_office_reads_vietnamese_in_an_english_browser(english_page, live_server, demo, shot):
    page = english_page
    model_page = ShowcasePage.objects.live().order_by("pk").first()
    secretariat = User.objects.get(username="thuky")
    model_page.save_revision(user=secretariat)
    model_page.get_workflow().start(model_page, secretariat)
    found, broken = {}, []

    def read(name=None):
        page.wait_for_load_state("networkidle")
        english = english_in([page.title(), page.evaluate("document.body.innerText")])
        if english:
            found[page.url] = english
        broken.extend(broken_images(page))
        if name:
            shot(page, name, full_page=False)

    log_in(page, live_server, "btc")
    page.goto(f"{live_server.url}/quan-tri/")
    read("130-quan-tri-tong-quan")
    assert page.get_by_role("heading", name="Đang chờ bạn duyệt").is_visible()
    page.locator("#wagtail-sidebar").get_by_role("button", name="Cài đặt").click()
    read("131-quan-tri-trinh-don")
    page.goto(f"{live_server.url}/quan-tri/pages/{model_page.pk}/edit/")
    read("132-quan-tri-sua-trang-cho-duyet")
    page.goto(f"{live_server.url}/quan-tri/mau-giay-chung-nhan/new/")
    page.locator("form[method=post] button[type=submit]").last.click()
    page.get_by_text("Chưa tạo được mẫu giấy chứng nhận vì có lỗi.").wait_for()
    read("133-quan-tri-loi-bieu-mau")
    page.goto(f"{live_server.url}/quan-tri/images/")
    read("134-quan-tri-anh")
    page.context.clear_cookies()

    log_in(page, live_server, "thuky")
    page.goto(f"{live_server.url}/quan-tri/")
    read("135-thu-ky-tong-quan")
    page.goto(f"{live_server.url}/quan-tri/pages/{model_page.get_parent().pk}/")
    read()
    assert page.get_by_text(re.compile("Đang chờ duyệt", re.IGNORECASE)).first.is_visible()

    assert not found, f"English in the back office: {found}"
    assert not broken, f"Pictures that did not load: {broken}"
