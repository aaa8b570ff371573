"""The back office speaks Vietnamese to every role (issue 12): Wagtail's own strings come from
locale_libraries/ (scripts/library_catalogue.py), and a walk through the pages each role can open
finds no English word a user would read (tests/english.py says what counts as read).

The walk starts at the dashboard and follows the back office's links breadth first, one page per
shape of address (/quan-tri/pages/12/edit/ and /quan-tri/pages/40/edit/ are one shape), over the
demo's data (seed_demo, seed_site) with a page waiting in moderation. It also posts an empty
"create" form, since error pages are where Wagtail's English hid ("The … could not be created").
"""

import io
import re
from collections import deque

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from cms.models import ShowcasePage
from contest.core.models import User
from tests.english import english_in, read_texts, repeated_ids

ROOT = "/quan-tri/"
# Links that leave the back office's HTML (downloads, previews of the public site) or log out.
SKIP = re.compile(
    r"/(logout|dang-xuat|jsi18n|preview|xem-thu|view_draft|tai-ve|download|xlsx|csv|pdf)\b|\.(xlsx|csv|pdf|zip)$"
)
MAX_PAGES = 90


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, seeded once for the module and rolled back at its end (as in test_seed_demo)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", force=True, stdout=io.StringIO())
        call_command("seed_site", stdout=io.StringIO())
        # A model page the secretariat submitted: "đang chờ duyệt" for everyone, to review for
        # the organisers.
        page = ShowcasePage.objects.order_by("pk").first()
        page.save_revision(user=User.objects.get(username="thuky"))
        page.get_workflow().start(page, User.objects.get(username="thuky"))
        yield
        transaction.set_rollback(True)


def _shape(path):
    return re.sub(r"/\d+(?=/)", "/N", path)


def english_lines(html):
    return sorted(set(english_in(read_texts(html))))


def walk(client, start=ROOT, limit=MAX_PAGES, *, check=english_lines, prefix=ROOT):
    """{path: what ``check`` found} for every page under ``prefix`` reached from ``start``
    (by default the English lines of every back-office page)."""
    queue, shapes, found = deque([start]), set(), {}
    link_re = re.compile(rf'href="({re.escape(prefix)}[^"#?]*)')
    menu_re = re.compile(rf'"url": "({re.escape(prefix)}[^"#?]*)')
    while queue and len(shapes) < limit:
        path = queue.popleft()
        if _shape(path) in shapes or SKIP.search(path):
            continue
        shapes.add(_shape(path))
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        if problems := check(html):
            found[path] = problems
        # Links, and the sidebar's menu (JSON that its script renders).
        links = link_re.findall(html) + menu_re.findall(html)
        for link in links:
            if _shape(link) not in shapes:
                queue.append(link)
    return shapes, found


def _report(found):
    return "\n".join(f"{path}: {lines}" for path, lines in found.items())


@pytest.mark.parametrize("username", ["btc", "thuky"])
def test_every_back_office_page_a_role_opens_is_vietnamese(demo, db, client, username):
    client.force_login(User.objects.get(username=username))
    shapes, found = walk(client)
    assert len(shapes) > 30, shapes  # the walk really went through the back office
    assert not found, "English in the back office:\n" + _report(found)


def test_the_page_editor_and_its_moderation_are_vietnamese(demo, db, client):
    """An editor's pages: the page tree, editing a model page that waits in moderation, adding an
    announcement, images and documents; then the organiser reviewing it."""
    page = ShowcasePage.objects.order_by("pk").first()
    paths = [
        reverse("wagtailadmin_explore", args=[page.get_parent().pk]),
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse("wagtailadmin_pages:history", args=[page.pk]),
        reverse("wagtailadmin_pages:workflow_history", args=[page.pk]),
        reverse("wagtailimages:index"),
        reverse("wagtailimages:add"),
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs:add"),
        reverse("wagtailadmin_account"),
    ]
    found = {}
    for username in ("thuky", "btc"):
        client.force_login(User.objects.get(username=username))
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, (username, path)
            english = english_in(read_texts(response.content.decode()))
            if english:
                found[f"{username} {path}"] = english
    assert not found, "English in the page editor:\n" + _report(found)


def test_a_refused_form_says_so_in_vietnamese(demo, db, client):
    client.force_login(User.objects.get(username="btc"))
    response = client.post(reverse("certificate_templates:add"), {})
    html = response.content.decode()
    assert "Chưa tạo được mẫu giấy chứng nhận vì có lỗi." in html
    assert not english_in(read_texts(html))


def _menu_names(html):
    props = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S)
    return set(re.findall(r'"name": "([^"]*)"', props.group(1)))


@pytest.mark.parametrize("username", ["btc", "thuky"])
def test_menus_a_role_cannot_use_are_hidden(demo, db, client, username):
    client.force_login(User.objects.get(username=username))
    html = client.get(ROOT).content.decode()
    names = _menu_names(html)
    assert "cuoc-thi" in names  # the menu is there …
    assert not names & {"reports", "help", "editor-guide"}  # … without Wagtail's reports and help
    assert "guide.wagtail.org" not in html  # nor the dashboard's link to its English guide
    assert "<title>Tổng quan - Dân vận khéo</title>" in html


def test_administrators_keep_wagtails_reports(db, client):
    client.force_login(User.objects.create_superuser("quantri", "quantri@example.vn", "x-Quantri-2026"))
    assert {"reports", "help"} <= _menu_names(client.get(ROOT).content.decode())


def test_the_avatar_is_a_picture_that_exists(demo, db, client):
    """No Gravatar (settings): every account shows Wagtail's default avatar, which must be served."""
    from django.contrib.staticfiles import finders

    client.force_login(User.objects.get(username="btc"))
    html = client.get(ROOT).content.decode()
    avatars = set(re.findall(r"/static/(wagtailadmin/images/[\w-]+avatar[\w-]*\.png)", html))
    assert avatars == {"wagtailadmin/images/default-user-avatar.png"}
    assert all(finders.find(path) for path in avatars)


def test_the_settings_menu_does_not_show_wagtails_version(demo, db, client):
    client.force_login(User.objects.get(username="btc"))
    html = client.get(ROOT).content.decode()
    assert "cai-dat" in _menu_names(html) or "settings" in _menu_names(html)
    assert "Wagtail v" not in html


# Each role from its home page: the back office (organiser, secretariat), the judge's pages and
# the unit's portal.
ROLE_WALKS = [("btc", ROOT), ("thuky", ROOT), ("giamkhao1", "/giam-khao/"), ("thanhkhe", "/don-vi/")]


@pytest.mark.parametrize(("username", "start"), ROLE_WALKS)
def test_no_page_a_role_opens_gives_one_id_to_two_elements(demo, db, client, username, start):
    client.force_login(User.objects.get(username=username))
    shapes, found = walk(client, start, check=repeated_ids, prefix=start)
    assert len(shapes) > (30 if start == ROOT else 1), shapes
    assert not found, "Repeated HTML ids:\n" + _report(found)
