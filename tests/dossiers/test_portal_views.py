"""The unit portal as a representative uses it, through the Django test client."""

import datetime as dt
import io
import unicodedata

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from contest.dossiers.enums import EntryState
from contest.dossiers.models import Entry
from tests.factories import EntryFactory
from tests.files import response_bytes


def _form(contest, **overrides):
    field = contest.fields.first()
    data = {
        "kind": "model",
        "field": field.pk,
        "title": "Bữa cơm nghĩa tình thứ Sáu",
        "situation": "Nhiều người cao tuổi neo đơn.",
        "form_token": "6f1c0f0e-1b2a-4f7e-9a55-0b8d3c2e1a10",
        "members-TOTAL_FORMS": "2",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "15",
        "members-0-full_name": "",
        "members-0-role": "contestant",
        "members-0-position": "",
        "members-1-full_name": "",
        "members-1-role": "contestant",
        "members-1-position": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def logged_in(client, unit_user):
    client.force_login(unit_user)
    return client


def test_home_lists_open_contests_and_the_units_entries(logged_in, entry, contest):
    response = logged_in.get(reverse("portal:home"))
    content = response.content.decode()
    assert contest.name in content
    assert entry.title in content
    assert "Bản nháp" in content


def test_on_a_phone_the_units_dossiers_fold_into_cards_titled_by_the_dossier(logged_in, entry):
    # data-stack: static/js/site.js labels the cells and portal.css stacks them under 40rem, the
    # row header (the title) first, so that no column (the state above all) is lost off-screen.
    content = logged_in.get(reverse("portal:home")).content.decode()
    assert '<table class="entries-table" data-stack>' in content
    url = reverse("portal:entry-detail", args=[entry.pk])
    assert f'<th scope="row"><a href="{url}">{entry.title}</a></th>' in content


def test_create_a_draft_through_the_form(logged_in, contest, unit):
    response = logged_in.post(reverse("portal:entry-create", args=[contest.pk]), _form(contest))
    entry = Entry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:entry-detail", args=[entry.pk])
    assert entry.unit == unit
    assert entry.state == EntryState.DRAFT


def test_posting_the_same_form_twice_makes_one_entry(logged_in, contest):
    url = reverse("portal:entry-create", args=[contest.pk])
    first = logged_in.post(url, _form(contest))
    second = logged_in.post(url, _form(contest))
    assert Entry.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_nfd_input_is_stored_as_nfc(logged_in, contest):
    title = unicodedata.normalize("NFD", "Chi bộ 3 cùng – đảng viên phụ trách hộ đồng bào dân tộc thiểu số")
    logged_in.post(reverse("portal:entry-create", args=[contest.pk]), _form(contest, title=title))
    assert Entry.objects.get().title == unicodedata.normalize("NFC", title)


def test_an_overlong_title_shows_a_vietnamese_error_and_keeps_the_input(logged_in, contest):
    response = logged_in.post(
        reverse("portal:entry-create", args=[contest.pk]),
        _form(contest, title="Đ" * 10_000, situation="Nội dung không được mất"),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "tối đa 300 kí tự" in content
    assert "Nội dung không được mất" in content
    assert Entry.objects.count() == 0


def test_an_empty_title_is_refused(logged_in, contest):
    response = logged_in.post(reverse("portal:entry-create", args=[contest.pk]), _form(contest, title="   "))
    assert response.status_code == 200
    assert Entry.objects.count() == 0


def test_team_members_are_saved_in_order(logged_in, contest):
    data = _form(contest, kind="team", title="Đội thi phường Thanh Khê")
    data.update(
        {"members-0-full_name": "Nguyễn Văn An", "members-1-full_name": "Trần Thị Bình", "members-1-role": "helper"}
    )
    logged_in.post(reverse("portal:entry-create", args=[contest.pk]), data)
    members = list(Entry.objects.get().members.values_list("full_name", "role"))
    assert members == [("Nguyễn Văn An", "contestant"), ("Trần Thị Bình", "helper")]


def test_edit_then_see_it_in_the_history(logged_in, entry, contest):
    data = _form(contest, title="Tên đã sửa")
    logged_in.post(reverse("portal:entry-edit", args=[entry.pk]), data)
    entry.refresh_from_db()
    assert entry.title == "Tên đã sửa"
    page = logged_in.get(reverse("portal:entry-detail", args=[entry.pk])).content.decode()
    assert "Sửa hồ sơ" in page


def test_editing_after_the_deadline_is_refused_with_a_message(logged_in, entry, contest):
    contest.registration_opens = timezone.now() - dt.timedelta(days=60)
    contest.submission_deadline = timezone.now() - dt.timedelta(minutes=5)
    contest.save()
    response = logged_in.post(reverse("portal:entry-edit", args=[entry.pk]), _form(contest, title="Muộn"))
    assert response.status_code == 200
    assert "Đã hết hạn nộp hồ sơ" in response.content.decode()
    entry.refresh_from_db()
    assert entry.title != "Muộn"


def test_submit_shows_the_receipt_code_and_offers_the_receipt(logged_in, complete_entry):
    response = logged_in.post(reverse("portal:entry-submit", args=[complete_entry.pk]), follow=True)
    complete_entry.refresh_from_db()
    assert complete_entry.state == EntryState.SUBMITTED
    content = response.content.decode()
    assert complete_entry.receipt_code in content
    # The receipt itself is a PDF (tests/dossiers/test_receipt.py).
    assert reverse("portal:entry-receipt", args=[complete_entry.pk]) in content


def test_submitting_an_incomplete_dossier_says_what_is_missing(logged_in, entry):
    response = logged_in.post(reverse("portal:entry-submit", args=[entry.pk]), follow=True)
    assert "Hồ sơ chưa đầy đủ, còn thiếu" in response.content.decode()
    entry.refresh_from_db()
    assert entry.state == EntryState.DRAFT


def test_double_submit_reports_the_receipt_instead_of_failing(logged_in, complete_entry):
    url = reverse("portal:entry-submit", args=[complete_entry.pk])
    logged_in.post(url)
    response = logged_in.post(url, follow=True)
    complete_entry.refresh_from_db()
    assert "Hồ sơ đã được nộp" in response.content.decode()
    assert complete_entry.events.filter(action="submitted").count() == 1


def test_submitted_entries_cannot_be_edited(logged_in, complete_entry):
    logged_in.post(reverse("portal:entry-submit", args=[complete_entry.pk]))
    response = logged_in.post(
        reverse("portal:entry-edit", args=[complete_entry.pk]),
        _form(complete_entry.contest, title="Đổi sau khi nộp"),
        follow=True,
    )
    assert "không thể sửa" in response.content.decode()
    complete_entry.refresh_from_db()
    assert complete_entry.title != "Đổi sau khi nộp"


def test_delete_a_draft(logged_in, entry):
    logged_in.post(reverse("portal:entry-delete", args=[entry.pk]))
    assert not Entry.objects.filter(pk=entry.pk).exists()


def test_excel_export_neutralises_formulas(logged_in, contest, unit, unit_user):
    EntryFactory(contest=contest, unit=unit, title='=HYPERLINK("http://evil.example","Bấm vào")')
    response = logged_in.get(reverse("portal:export"))
    sheet = load_workbook(io.BytesIO(response_bytes(response))).active
    titles = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles == ['\'=HYPERLINK("http://evil.example","Bấm vào")']


def test_excel_export_is_a_finished_workbook(logged_in, contest, unit, unit_user):
    """A named sheet, a bold frozen header with a filter, fitted columns and real dates."""
    submitted = timezone.make_aware(dt.datetime(2026, 3, 5, 14, 45))
    EntryFactory(contest=contest, unit=unit, state=EntryState.SUBMITTED, submitted_at=submitted, receipt_code="DVK26-7")
    response = logged_in.get(reverse("portal:export"))
    assert response["Content-Disposition"].startswith("attachment")
    workbook = load_workbook(io.BytesIO(response_bytes(response)))
    sheet = workbook.active
    assert sheet.title == "Hồ sơ"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:I2"
    assert sheet["A1"].font.b
    assert sheet.column_dimensions["D"].width >= len("Tên hồ sơ")
    cell = sheet["H2"]
    assert cell.value == dt.datetime(2026, 3, 5, 14, 45)  # local time, a date cell, not text
    assert cell.is_date and cell.number_format == "dd/mm/yyyy hh:mm"


def test_english_is_available(logged_in):
    logged_in.post(reverse("set_language"), {"language": "en", "next": reverse("portal:home")})
    response = logged_in.get(reverse("portal:home"))
    assert response.headers["Content-Language"] == "en"


@pytest.mark.parametrize("count", [1, 45])
def test_portal_home_queries_and_rows_do_not_grow_with_entries(
    client, unit_user, contest, count, django_assert_num_queries
):
    contest.entry_quota_per_unit = 200
    contest.save()
    EntryFactory.create_batch(count, contest=contest, unit=unit_user.unit)
    client.force_login(unit_user)
    # Exactly 12 at every size: the session, the user, the unit, the open contests with the quota
    # shown per contest (one grouped count), and the list's three (counts per state, per contest,
    # the page's rows). A page holds 20 dossiers, whatever the unit's history.
    with django_assert_num_queries(12):
        response = client.get(reverse("portal:home"))
    assert response.content.decode().count('class="state state-') == min(count, 20)


def test_the_units_dossiers_come_a_page_at_a_time_with_filters_by_state_and_contest(logged_in, unit_user, contest):
    from tests.factories import ContestFactory

    contest.entry_quota_per_unit = 100
    contest.save()
    older = ContestFactory(name="Cuộc thi năm 2024", year=2024)
    drafts = EntryFactory.create_batch(23, contest=contest, unit=unit_user.unit)
    submitted = EntryFactory(
        contest=contest,
        unit=unit_user.unit,
        title="Mô hình đã nộp",
        state=EntryState.SUBMITTED,
        receipt_code="DVK-2026-0001",
    )
    EntryFactory(
        contest=older,
        unit=unit_user.unit,
        title="Mô hình năm 2024",
        state=EntryState.ACCEPTED,
        receipt_code="DVK-2024-0001",
    )
    home = reverse("portal:home")

    html = logged_in.get(home).content.decode()
    assert html.count('class="state state-') == 20
    assert "Hồ sơ 1–20 trong 25" in html
    assert 'rel="next"' in html and "Trang sau" in html
    assert "Tất cả (25)" in html and "Bản nháp (23)" in html and "Đã nộp (1)" in html
    assert f"{older.name} (1)" in html and f"{contest.name} (24)" in html  # two contests: their filter shows

    html = logged_in.get(home, {"trang": 2}).content.decode()
    assert html.count('class="state state-') == 5 and "Hồ sơ 21–25 trong 25" in html

    html = logged_in.get(home, {"trang-thai": "submitted"}).content.decode()
    assert html.count('class="state state-') == 1 and submitted.title in html
    assert drafts[0].title not in html

    html = logged_in.get(home, {"cuoc-thi": older.pk}).content.decode()
    assert "Mô hình năm 2024" in html and html.count('class="state state-') == 1
    # The state chips keep the chosen contest.
    assert f'href="?trang-thai=accepted&amp;cuoc-thi={older.pk}"' in html

    html = logged_in.get(home, {"cuoc-thi": older.pk, "trang-thai": "draft"}).content.decode()
    assert "Không có hồ sơ nào khớp bộ lọc." in html
    # Nonsense in the address is ignored, not an error.
    assert logged_in.get(home, {"trang-thai": "x", "cuoc-thi": "abc", "trang": "zz"}).status_code == 200


def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(client, db):
    # db: the header reads the organiser's identity (cms/identity.py) when it is not cached yet.
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "vi"
    assert "Tên đăng nhập" in response.content.decode()
