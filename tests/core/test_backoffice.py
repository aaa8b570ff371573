"""The Wagtail back office: who reaches which page, contest set-up, the secretariat's review,
extensions, accounts, and formula-safe exports."""

import csv
import datetime as dt
import io
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from openpyxl import load_workbook

from contest.certificates.models import CertificateTemplate
from contest.core.models import Contest, RoundGroup, User
from contest.dossiers.enums import EntryAction, EntryState
from contest.dossiers.models import Entry, Extension, TeamMember
from contest.dossiers.services.entries import submit_entry
from contest.dossiers.services.review import CHECKLIST
from contest.rules import is_unit_representative
from contest.wagtail_hooks import ContestMenu
from tests.factories import PASSWORD, EntryFactory, UnitFactory, UserFactory
from tests.files import response_bytes

FORMULA = '=HYPERLINK("http://x","y")'

# ---------------------------------------------------------------------------------------------
# Every back-office URL, as every persona.
# ---------------------------------------------------------------------------------------------

ANON, UNIT, JUDGE, ORGANISER, SECRETARIAT = "anonymous", "unit", "judge", "organiser", "secretariat"
OK, LOGIN, DENIED = 200, "login", "denied"  # DENIED: Wagtail's bounce to the dashboard with a message

_NO_ADMIN = {ANON: LOGIN, UNIT: LOGIN, JUDGE: LOGIN}
_ORGANISER_ONLY = {**_NO_ADMIN, ORGANISER: OK, SECRETARIAT: DENIED}
_STAFF = {**_NO_ADMIN, ORGANISER: OK, SECRETARIAT: OK}

MATRIX = {
    "contests:index": _STAFF,
    "contests:index_results": _STAFF,
    "contests:inspect": _STAFF,
    "contests:add": _ORGANISER_ONLY,
    "contests:edit": _ORGANISER_ONLY,
    "contests:delete": _ORGANISER_ONLY,
    "contests:history": _ORGANISER_ONLY,
    "contests:history_results": _ORGANISER_ONLY,
    "contests:usage": _ORGANISER_ONLY,
    "entries:index": _STAFF,
    "entries:index_results": _STAFF,
    "entries:review": _STAFF,
    # Paper dossiers: the entry of this walk was entered online, so its paper pages are refused.
    "entries:paper_create": _STAFF,
    **{f"entries:{name}": {**_NO_ADMIN, ORGANISER: 403, SECRETARIAT: 403} for name in ("paper", "paper_edit")},
    **{
        f"entries:{name}": {**_NO_ADMIN, ORGANISER: 405, SECRETARIAT: 405}
        for name in ("paper_upload", "paper_delete_file", "paper_submit", "paper_delete")
    },
    "extensions:index": _STAFF,
    "extensions:index_results": _STAFF,
    "extensions:add": _STAFF,
    "extensions:inspect": _STAFF,
    "units:index": _STAFF,
    "units:index_results": _STAFF,
    "units:inspect": _STAFF,
    "units:add": _STAFF,
    "units:edit": _STAFF,
    "units:history": _STAFF,
    "units:history_results": _STAFF,
    "units:usage": _STAFF,
    "units:delete": _ORGANISER_ONLY,
    **{
        f"round_groups:{name}": _ORGANISER_ONLY
        for name in ("index", "index_results", "add", "edit", "delete", "history", "history_results", "usage")
    },
    **{
        f"{ns}:{name}": _STAFF if name in ("index", "index_results", "inspect") else _ORGANISER_ONLY
        for ns in ("unit_levels", "unit_types")
        for name in (
            "index",
            "index_results",
            "inspect",
            "add",
            "edit",
            "delete",
            "history",
            "history_results",
            "usage",
        )
    },
    **{
        f"certificate_templates:{name}": _STAFF if name in ("index", "index_results", "inspect") else _ORGANISER_ONLY
        for name in (
            "index",
            "index_results",
            "inspect",
            "add",
            "edit",
            "delete",
            "history",
            "history_results",
            "usage",
        )
    },
}


def _backoffice_url_names():
    for viewset in ContestMenu().registerables:
        for pattern in viewset.get_urlpatterns():
            yield f"{viewset.url_namespace}:{pattern.name}", "pk" in pattern.pattern.regex.groupindex


def test_every_backoffice_url_is_in_the_matrix():
    assert {name for name, _pk in _backoffice_url_names()} == set(MATRIX)


@pytest.fixture
def personas(unit_user, organiser, secretariat):
    return {
        ANON: None,
        UNIT: unit_user,
        JUDGE: UserFactory(username="giamkhao", roles=["judge"]),
        ORGANISER: organiser,
        SECRETARIAT: secretariat,
    }


@pytest.mark.parametrize("persona", [ANON, UNIT, JUDGE, ORGANISER, SECRETARIAT])
def test_backoffice_urls_by_persona(client, personas, persona, entry, unit):
    extension = Extension.objects.create(
        contest=entry.contest, unit=unit, until=timezone.now() + dt.timedelta(days=40), reason="Thiếu xác nhận"
    )
    objects = {
        "contests": entry.contest_id,
        "entries": entry.pk,
        "extensions": extension.pk,
        "units": unit.pk,
        "round_groups": RoundGroup.objects.create(round=entry.contest.rounds.first(), name="Cụm 1").pk,
        "unit_levels": unit.level_id,
        "unit_types": unit.unit_type_id,
        "certificate_templates": CertificateTemplate.objects.create(
            contest=entry.contest, issuing_body="BAN DÂN VẬN", signer_name="Nguyễn Văn Hùng"
        ).pk,
    }
    if personas[persona]:
        client.force_login(personas[persona])
    wrong = {}
    for name, needs_pk in _backoffice_url_names():
        url = reverse(name, args=[objects[name.split(":")[0]]] if needs_pk else [])
        response = client.get(url)
        if response.status_code == 302:
            login = response["Location"].startswith(reverse("wagtailadmin_login"))
            got = LOGIN if login else DENIED if response["Location"] == reverse("wagtailadmin_home") else 302
        else:
            got = response.status_code
        if got != MATRIX[name][persona]:
            wrong[name] = got
    assert wrong == {}


def test_entries_have_no_generic_add_edit_or_delete_view(entry):
    for name in ("add", "edit", "delete", "copy", "history"):
        with pytest.raises(NoReverseMatch):
            reverse(f"entries:{name}", args=[] if name == "add" else [entry.pk])


def _contest_menu(rf, user):
    from wagtail.admin.menu import admin_menu

    request = rf.get("/")
    request.user = user
    for item in admin_menu.menu_items_for_request(request):
        if item.name == "cuoc-thi":
            return [str(child.label) for child in item.menu.menu_items_for_request(request)]
    return None


def test_the_contest_menu_is_shown_to_staff_only(rf, organiser, secretariat):
    everything = ["Cuộc thi", "Hồ sơ dự thi", "Gia hạn", "Đơn vị", "Cấp đơn vị", "Loại đơn vị"]
    # (other back-office parts may add their own items to the menu)
    assert set(everything) <= set(_contest_menu(rf, organiser))
    assert set(everything) <= set(_contest_menu(rf, secretariat))
    editor = UserFactory(username="bientap")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert _contest_menu(rf, User.objects.get(pk=editor.pk)) is None


# ---------------------------------------------------------------------------------------------
# Contests
# ---------------------------------------------------------------------------------------------


def _formset(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
        data.update({f"{prefix}-{i}-ORDER": str(i + 1), f"{prefix}-{i}-DELETE": ""})
    return data


def _contest_post(**overrides):
    data = {
        "kind": "model_review",
        "name": "Bình xét mô hình Dân vận khéo tiêu biểu năm 2027",
        "slug": "binh-xet-2027",
        "year": "2027",
        "organiser_body": "Ban Tuyên giáo và Dân vận Tỉnh ủy",
        "document_format": "party",
        "document_place": "Hà Tĩnh",
        "rules_text": "",
        "registration_opens": "05/01/2027 08:00",
        "registration_deadline": "31/03/2027 17:00",
        "submission_deadline": "31/08/2027 17:00",
        "judging_starts": "01/09/2027",
        "judging_ends": "30/09/2027",
        "results_date": "15/10/2027",
        "score_disclosure": "all",
        "entry_quota_per_unit": "3",
        "require_endorsement": "on",
        "min_running_months": "12",
        "vote_share_cap": "0",
        "max_report_mb": "10",
        "max_report_pages": "10",
        "max_photos": "10",
        "max_photo_mb": "5",
        "max_video_mb": "200",
        "max_video_minutes": "10",
        "max_evidence_files": "10",
        "max_evidence_mb": "10",
        "allowed_report_types": "pdf,docx",
        "allowed_photo_types": "jpeg,png,webp",
        "allowed_video_types": "mp4,webm,mov",
        "allowed_evidence_types": "pdf,docx,jpeg,png",
        **_formset("fields", []),
        **_formset("rounds", []),
    }
    data.update(overrides)
    return data


def test_creating_a_contest_seeds_the_four_canonical_fields_and_one_round(client, organiser):
    client.force_login(organiser)
    response = client.post(reverse("contests:add"), _contest_post())
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    contest = Contest.objects.get(slug="binh-xet-2027")
    assert list(contest.fields.values_list("name", flat=True)) == [
        "Kinh tế",
        "Văn hóa – xã hội",
        "Quốc phòng – an ninh",
        "Xây dựng hệ thống chính trị",
    ]
    assert contest.rounds.count() == 1
    assert timezone.localtime(contest.submission_deadline).strftime("%d/%m/%Y %H:%M") == "31/08/2027 17:00"


def test_fields_given_in_the_create_form_are_kept_instead_of_the_defaults(client, organiser):
    client.force_login(organiser)
    data = _contest_post(**_formset("fields", [{"name": "Cải cách hành chính", "code": "cai-cach", "order": "0"}]))
    assert client.post(reverse("contests:add"), data).status_code == 302
    contest = Contest.objects.get(slug="binh-xet-2027")
    assert list(contest.fields.values_list("name", flat=True)) == ["Cải cách hành chính"]
    assert contest.rounds.count() == 1


def test_a_deadline_before_the_opening_is_refused_with_the_constraint_message(client, organiser):
    client.force_login(organiser)
    response = client.post(
        reverse("contests:add"), _contest_post(submission_deadline="31/12/2026 17:00", registration_deadline="")
    )
    assert response.status_code == 200
    assert "Hạn nộp hồ sơ phải sau thời điểm mở đăng ký." in response.content.decode()
    assert not Contest.objects.filter(slug="binh-xet-2027").exists()


def test_a_field_that_entries_use_cannot_be_removed(client, organiser, entry):
    contest = entry.contest
    fields = [{"id": str(f.pk), "name": f.name, "code": f.code, "order": str(f.order)} for f in contest.fields.all()]
    rounds = [{"id": str(r.pk), "name": r.name, "kind": r.kind, "order": str(r.order)} for r in contest.rounds.all()]
    data = _contest_post(
        slug=contest.slug, name=contest.name, **_formset("fields", fields), **_formset("rounds", rounds)
    )
    data.update({"fields-INITIAL_FORMS": str(len(fields)), "rounds-INITIAL_FORMS": str(len(rounds))})
    used = list(contest.fields.all()).index(entry.field)
    data[f"fields-{used}-DELETE"] = "on"
    client.force_login(organiser)
    response = client.post(reverse("contests:edit", args=[contest.pk]), data)
    assert response.status_code == 200
    assert f"Không thể xóa lĩnh vực đã có hồ sơ: {entry.field.name}." in response.content.decode()
    assert contest.fields.filter(pk=entry.field_id).exists()


def test_the_secretariat_cannot_create_a_contest(client, secretariat):
    client.force_login(secretariat)
    client.post(reverse("contests:add"), _contest_post())
    assert not Contest.objects.filter(slug="binh-xet-2027").exists()


def test_a_unit_with_entries_is_not_deleted_but_explained(client, organiser, entry):
    client.force_login(organiser)
    response = client.post(reverse("units:delete", args=[entry.unit_id]), follow=True)
    assert response.status_code == 200
    assert "Không thể xóa" in response.content.decode()
    assert Entry.objects.filter(pk=entry.pk, unit_id=entry.unit_id).exists()


# ---------------------------------------------------------------------------------------------
# The secretariat's review
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def submitted(complete_entry, unit_user):
    return submit_entry(entry=complete_entry, by=unit_user)


def _review(entry):
    return reverse("entries:review", args=[entry.pk])


def _accept_data(**overrides):
    data = {"action": "accept", "accept-note": "Hồ sơ đầy đủ"}
    data.update({f"accept-{key}": "on" for key, _label in CHECKLIST})
    data.update(overrides)
    return data


def test_the_review_page_shows_the_whole_dossier(client, secretariat, complete_entry, unit_user, jpeg_upload):
    from contest.dossiers.services.attachments import add_attachment

    photo = add_attachment(
        entry=complete_entry, kind="photo", uploaded_file=jpeg_upload, caption="Họp dân", by=unit_user
    )
    TeamMember.objects.create(entry=complete_entry, full_name="Đặng Văn Em", position="Bí thư Chi bộ")
    entry = submit_entry(entry=complete_entry, by=unit_user)
    client.force_login(secretariat)
    response = client.get(_review(entry))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        entry.title,
        entry.receipt_code,
        "Đã nộp",
        entry.unit.name,
        entry.outputs,
        "Đặng Văn Em",
        "Nộp hồ sơ",
        "Nguyễn Văn An",
    ):  # … the history names the unit's user
        assert text in html
    for attachment in entry.attachments.all():
        assert reverse("attachment-file", args=[attachment.pk]) in html
    assert reverse("attachment-thumbnail", args=[photo.pk]) in html
    for _key, label in CHECKLIST:
        assert str(label) in html
    # The secretariat can open what the page links to.
    assert client.get(reverse("attachment-thumbnail", args=[photo.pk])).status_code == 200


def test_the_entry_list_links_to_the_review_page(client, secretariat, submitted):
    client.force_login(secretariat)
    assert _review(submitted) in client.get(reverse("entries:index")).content.decode()


def test_accepting_with_the_whole_checklist_records_the_event(client, secretariat, submitted):
    client.force_login(secretariat)
    response = client.post(_review(submitted), _accept_data())
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == EntryState.ACCEPTED
    event = submitted.events.get(action=EntryAction.ACCEPTED)
    assert (event.actor, event.from_state, event.reason) == (secretariat, EntryState.SUBMITTED, "Hồ sơ đầy đủ")
    assert event.details["checklist"] == {key: True for key, _label in CHECKLIST}


def test_an_unticked_checklist_item_is_refused_and_nothing_changes(client, secretariat, submitted):
    client.force_login(secretariat)
    data = _accept_data()
    del data["accept-endorsement"]
    response = client.post(_review(submitted), data)
    assert response.status_code == 200
    assert response.context["forms"]["accept"].errors["endorsement"]
    submitted.refresh_from_db()
    assert submitted.state == EntryState.SUBMITTED
    assert not submitted.events.filter(action=EntryAction.ACCEPTED).exists()


def test_returning_records_the_reason_and_grants_the_correction_time(client, secretariat, submitted):
    client.force_login(secretariat)
    until = timezone.localtime(submitted.contest.submission_deadline + dt.timedelta(days=10)).replace(
        second=0, microsecond=0
    )
    response = client.post(
        _review(submitted),
        {
            "action": "return",
            "return-reason": "Thiếu chữ ký của Bí thư trên bản xác nhận.",
            "return-correction_until": until.strftime("%d/%m/%Y %H:%M"),
        },
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == EntryState.RETURNED
    event = submitted.events.get(action=EntryAction.RETURNED)
    assert event.reason == "Thiếu chữ ký của Bí thư trên bản xác nhận."
    extension = Extension.objects.get(contest=submitted.contest, unit=submitted.unit)
    assert (extension.until, extension.granted_by) == (until, secretariat)


def test_returning_without_a_reason_is_refused(client, secretariat, submitted):
    client.force_login(secretariat)
    response = client.post(_review(submitted), {"action": "return", "return-reason": "   "})
    assert response.status_code == 200
    assert "Vui lòng ghi rõ lý do." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == EntryState.SUBMITTED
    assert not Extension.objects.exists()


def test_a_correction_date_the_service_refuses_is_shown_next_to_the_form(client, secretariat, submitted):
    client.force_login(secretariat)
    too_early = timezone.localtime(submitted.contest.submission_deadline - dt.timedelta(days=1))
    response = client.post(
        _review(submitted),
        {
            "action": "return",
            "return-reason": "Bổ sung ảnh",
            "return-correction_until": too_early.strftime("%d/%m/%Y %H:%M"),
        },
    )
    assert response.status_code == 200
    assert response.context["forms"]["return"].errors["correction_until"] == [
        "Thời hạn gia hạn phải sau hạn nộp chung của cuộc thi."
    ]
    submitted.refresh_from_db()
    assert submitted.state == EntryState.SUBMITTED


def test_rejecting_records_the_reason(client, organiser, submitted):
    client.force_login(organiser)
    response = client.post(_review(submitted), {"action": "reject", "reject-reason": "Mô hình đã được khen cấp tỉnh."})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == EntryState.REJECTED
    assert submitted.events.get(action=EntryAction.REJECTED).reason == "Mô hình đã được khen cấp tỉnh."


def test_rejecting_without_a_reason_is_refused(client, secretariat, submitted):
    client.force_login(secretariat)
    response = client.post(_review(submitted), {"action": "reject", "reject-reason": ""})
    assert response.status_code == 200
    assert response.context["forms"]["reject"].errors["reason"]
    submitted.refresh_from_db()
    assert submitted.state == EntryState.SUBMITTED


def test_a_double_submit_is_harmless_and_explained(client, secretariat, submitted):
    client.force_login(secretariat)
    assert client.post(_review(submitted), _accept_data()).status_code == 302
    response = client.post(_review(submitted), {"action": "reject", "reject-reason": "Bấm nhầm"})
    assert response.status_code == 200
    assert response.context["forms"]["reject"].non_field_errors() == [
        "Hồ sơ đang ở trạng thái “Hợp lệ, đã tiếp nhận”, không thể xét."
    ]
    assert "không thể xét" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == EntryState.ACCEPTED
    assert list(submitted.events.values_list("action", flat=True))[-2:] == [EntryAction.SUBMITTED, EntryAction.ACCEPTED]


def test_a_draft_cannot_be_accepted(client, secretariat, entry):
    client.force_login(secretariat)
    response = client.post(_review(entry), _accept_data())
    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.state == EntryState.DRAFT


def test_review_actions_need_the_csrf_token(secretariat, submitted):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat)
    assert client.post(_review(submitted), _accept_data()).status_code == 403
    submitted.refresh_from_db()
    assert submitted.state == EntryState.SUBMITTED


def test_an_admin_user_without_the_review_permission_gets_403(client, submitted):
    # Somebody given admin access (to edit pages, say) but not a contest role.
    editor = UserFactory(username="bientap")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get(_review(submitted)).status_code == 403
    assert client.post(_review(submitted), _accept_data()).status_code == 403
    submitted.refresh_from_db()
    assert submitted.state == EntryState.SUBMITTED


def test_a_unit_user_is_sent_to_the_login_page(client, unit_user, submitted):
    client.force_login(unit_user)
    response = client.post(_review(submitted), _accept_data())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    submitted.refresh_from_db()
    assert submitted.state == EntryState.SUBMITTED


# ---------------------------------------------------------------------------------------------
# Extensions
# ---------------------------------------------------------------------------------------------


def test_the_extension_form_grants_through_the_service(client, secretariat, contest, unit):
    client.force_login(secretariat)
    until = timezone.localtime(contest.submission_deadline + dt.timedelta(days=7)).replace(second=0, microsecond=0)
    response = client.post(
        reverse("extensions:add"),
        {
            "contest": contest.pk,
            "unit": unit.pk,
            "until": until.strftime("%d/%m/%Y %H:%M"),
            "reason": "Đơn vị bị ảnh hưởng bởi bão số 3",
        },
    )
    assert response.status_code == 302
    extension = Extension.objects.get()
    assert (extension.contest, extension.unit, extension.until, extension.granted_by) == (
        contest,
        unit,
        until,
        secretariat,
    )


def test_an_extension_before_the_deadline_is_refused_with_the_service_message(client, secretariat, contest, unit):
    client.force_login(secretariat)
    until = timezone.localtime(contest.submission_deadline - dt.timedelta(days=1))
    response = client.post(
        reverse("extensions:add"),
        {
            "contest": contest.pk,
            "unit": unit.pk,
            "until": until.strftime("%d/%m/%Y %H:%M"),
            "reason": "Bão",
        },
    )
    assert response.status_code == 200
    assert "Thời hạn gia hạn phải sau hạn nộp chung của cuộc thi." in response.content.decode()
    assert not Extension.objects.exists()


# ---------------------------------------------------------------------------------------------
# Accounts
# ---------------------------------------------------------------------------------------------


def _account_post(unit, **overrides):
    data = {
        "username": "haichau",
        "full_name": "Võ Thị Hoa",
        "email": "haichau@example.vn",
        "phone": "0905123456",
        "position": "Phó Bí thư Đảng ủy",
        "unit": unit.pk,
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def test_an_organiser_creates_a_unit_representative(client, organiser, unit, password):
    client.force_login(organiser)
    response = client.post(reverse("wagtailusers_users:add"), _account_post(unit))
    assert response.status_code == 302
    user = User.objects.get(username="haichau")
    assert (user.unit, user.full_name, user.phone, user.position) == (
        unit,
        "Võ Thị Hoa",
        "0905123456",
        "Phó Bí thư Đảng ủy",
    )
    assert (user.first_name, user.last_name, user.get_full_name()) == ("Hoa", "Võ Thị", "Võ Thị Hoa")
    assert Client().login(username="haichau", password=password)


def test_an_organiser_edits_the_unit_of_an_account(client, organiser, unit_user, other_unit):
    client.force_login(organiser)
    data = _account_post(
        other_unit,
        username=unit_user.username,
        full_name=unit_user.full_name,
        email=unit_user.email,
        password1="",
        password2="",
        is_active="on",
    )
    assert client.post(reverse("wagtailusers_users:edit", args=[unit_user.pk]), data).status_code == 302
    unit_user.refresh_from_db()
    assert unit_user.unit == other_unit


def test_the_secretariat_cannot_grant_roles_or_administrator(client, secretariat, unit):
    client.force_login(secretariat)
    form = client.get(reverse("wagtailusers_users:add")).context["form"]
    assert "groups" not in form.fields and "is_superuser" not in form.fields
    data = _account_post(unit, is_superuser="on", groups=[Group.objects.get(name="organiser").pk])
    assert client.post(reverse("wagtailusers_users:add"), data).status_code == 302
    user = User.objects.get(username="haichau")
    assert not user.is_superuser
    assert not user.groups.exists()


ACCOUNT_PAGES = ("index", "add", "edit", "copy")


@pytest.mark.parametrize("persona", [ANON, UNIT, JUDGE, ORGANISER, SECRETARIAT])
def test_account_pages_by_persona(client, personas, persona, unit):
    """Wagtail's account pages, ours in part (the copy page): staff only, nobody else."""
    source = UserFactory(username="nguon", unit=unit)
    if personas[persona]:
        client.force_login(personas[persona])
    got = {}
    for name in ACCOUNT_PAGES:
        url = reverse(f"wagtailusers_users:{name}", args=[source.pk] if name in ("edit", "copy") else [])
        response = client.get(url)
        if response.status_code == 302:
            got[name] = LOGIN if response["Location"].startswith(reverse("wagtailadmin_login")) else DENIED
        else:
            got[name] = response.status_code
    expected = {
        ORGANISER: dict.fromkeys(ACCOUNT_PAGES, OK),
        # The secretariat creates accounts (and copies them); changing one is for organisers.
        SECRETARIAT: {**dict.fromkeys(ACCOUNT_PAGES, OK), "edit": DENIED},
    }.get(persona, dict.fromkeys(ACCOUNT_PAGES, LOGIN))
    assert got == expected


def test_copying_an_account_as_the_secretariat_offers_no_roles_and_keeps_the_source(client, secretariat, unit):
    source = UserFactory(username="giamkhao", roles=["judge"], unit=unit, position="Trưởng ban")
    client.force_login(secretariat)
    url = reverse("wagtailusers_users:copy", args=[source.pk])
    page = client.get(url)
    form = page.context["form"]
    assert "groups" not in form.fields and "is_superuser" not in form.fields
    assert "Vai trò" not in page.content.decode()
    assert form["unit"].value() == unit.pk and form["position"].value() == "Trưởng ban"
    data = _account_post(unit, is_superuser="on", groups=[Group.objects.get(name="organiser").pk])
    assert client.post(url, data).status_code == 302
    copy = User.objects.get(username="haichau")
    assert copy.pk != source.pk and not copy.is_superuser and not copy.groups.exists()
    source.refresh_from_db()
    assert source.username == "giamkhao" and source.groups.filter(name="judge").exists()


def test_copying_an_account_as_an_organiser_prefills_the_roles(client, organiser, unit):
    source = UserFactory(username="giamkhao", roles=["judge"], unit=unit)
    client.force_login(organiser)
    url = reverse("wagtailusers_users:copy", args=[source.pk])
    form = client.get(url).context["form"]
    assert form["groups"].value() == [Group.objects.get(name="judge").pk]
    data = _account_post(unit, groups=[Group.objects.get(name="judge").pk])
    assert client.post(url, data).status_code == 302
    assert User.objects.get(username="haichau").groups.filter(name="judge").exists()
    assert User.objects.filter(username="giamkhao").exists()


def test_a_judge_may_have_a_unit_for_conflicts_of_interest_but_does_not_represent_it(client, organiser, unit):
    client.force_login(organiser)
    data = _account_post(unit, groups=[Group.objects.get(name="judge").pk])
    assert client.post(reverse("wagtailusers_users:add"), data).status_code == 302
    judge = User.objects.get(username="haichau")
    assert judge.unit == unit
    assert not is_unit_representative(judge)


def test_an_organiser_cannot_edit_a_superuser(client, organiser):
    admin = UserFactory(username="quantri", is_superuser=True)
    client.force_login(organiser)
    response = client.get(reverse("wagtailusers_users:edit", args=[admin.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


# ---------------------------------------------------------------------------------------------
# Exports and query counts
# ---------------------------------------------------------------------------------------------


def test_the_csv_export_of_entries_neutralises_formulas(client, secretariat, contest, unit):
    EntryFactory(contest=contest, unit=unit, title=FORMULA)
    client.force_login(secretariat)
    response = client.get(reverse("entries:index"), {"export": "csv", "drafts": "1"})
    assert response.status_code == 200
    text = response_bytes(response).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:5] == ["Mã biên nhận", "Cuộc thi", "Mã đơn vị", "Đơn vị", "Tên hồ sơ"]
    assert rows[1][4] == "'" + FORMULA
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_the_xlsx_export_of_entries_neutralises_formulas(client, secretariat, contest, unit):
    submitted_at = timezone.make_aware(dt.datetime(2026, 8, 31, 16, 30))  # Asia/Ho_Chi_Minh
    EntryFactory(
        contest=contest,
        unit=unit,
        title=FORMULA,
        state=EntryState.SUBMITTED,
        receipt_code="DVK26-1",
        submitted_at=submitted_at,
    )
    client.force_login(secretariat)
    response = client.get(reverse("entries:index"), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response_bytes(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][4] == "'" + FORMULA
    assert sheet.cell(row=2, column=5).data_type == "s"
    # Local time, as the secretariat reads it (Wagtail alone would write UTC, 09:30).
    assert rows[1][8] == dt.datetime(2026, 8, 31, 16, 30)
    # A finished workbook: a named sheet, frozen bold header, filter, fitted columns, date cells.
    assert sheet.title == "Hồ sơ dự thi"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(row=1, column=len(rows[0])).column_letter}2"
    assert sheet["A1"].font.b
    assert sheet.column_dimensions["B"].width >= len(rows[1][1])
    assert sheet.cell(row=2, column=9).is_date
    assert sheet.cell(row=2, column=9).number_format == "dd/mm/yyyy hh:mm"


def test_exports_follow_the_list_filters(client, organiser, contest, unit, other_unit):
    EntryFactory(contest=contest, unit=unit, title="Bữa cơm nghĩa tình thứ Sáu")
    EntryFactory(contest=contest, unit=other_unit, title="Ngân hàng bò giống")
    client.force_login(organiser)
    response = client.get(reverse("entries:index"), {"export": "csv", "unit": unit.pk, "drafts": "1"})
    text = response_bytes(response).decode("utf-8")
    assert "Bữa cơm nghĩa tình thứ Sáu" in text and "Ngân hàng bò giống" not in text


def test_units_can_be_filtered_by_parent_and_searched_by_code(client, secretariat):
    province = UnitFactory(name="Tỉnh ủy Quảng Trị", code="tu-quang-tri")
    commune = UnitFactory(name="Đảng ủy xã Gio Linh", code="du-gio-linh", parent=province)
    UnitFactory(name="Đảng ủy phường Đông Hà", code="du-dong-ha")
    client.force_login(secretariat)
    children = client.get(reverse("units:index"), {"parent": province.pk}).context["object_list"]
    assert list(children) == [commune]
    found = client.get(reverse("units:index"), {"q": "du-gio"}).context["object_list"]
    assert list(found) == [commune]


def test_the_unit_export_is_formula_safe_too(client, organiser):
    UnitFactory(name="@SUM(A1:A9)")
    client.force_login(organiser)
    response = client.get(reverse("units:index"), {"export": "csv"})
    assert "'@SUM(A1:A9)" in response_bytes(response).decode("utf-8")


def test_the_entry_list_can_be_searched_and_filtered(client, secretariat, contest, unit, other_unit):
    mine = EntryFactory(contest=contest, unit=unit, title="Tổ liên gia an toàn")
    EntryFactory(
        contest=contest,
        unit=other_unit,
        title="Bữa cơm nghĩa tình thứ Sáu",
        state=EntryState.SUBMITTED,
        receipt_code="DVK26-000999-ABCD",
    )
    client.force_login(secretariat)
    by_code = client.get(reverse("entries:index"), {"q": "DVK26-000999"}).context["object_list"]
    assert [e.title for e in by_code] == ["Bữa cơm nghĩa tình thứ Sáu"]
    by_state = client.get(reverse("entries:index"), {"state": EntryState.DRAFT}).context["object_list"]
    assert list(by_state) == [mine]
    by_field = client.get(reverse("entries:index"), {"field": mine.field.name, "drafts": "1"}).context["object_list"]
    assert len(by_field) == 2


def test_searches_match_without_diacritics(client, organiser, contest, unit):
    EntryFactory(contest=contest, unit=unit, title="Tổ liên gia an toàn – Zalo kết nối bình yên")
    EntryFactory(contest=contest, unit=unit, title="Ngân hàng bò giống giúp hội viên thoát nghèo")
    UserFactory(username="haichau", full_name="Võ Thị Hoa")
    client.force_login(organiser)
    entries = client.get(reverse("entries:index"), {"q": "to lien gia", "drafts": "1"}).context["object_list"]
    assert [e.title for e in entries] == ["Tổ liên gia an toàn – Zalo kết nối bình yên"]
    units = client.get(reverse("units:index"), {"q": "thanh khe"}).context["object_list"]
    assert [u.name for u in units] == ["Đảng ủy phường Thanh Khê"]
    users = client.get(reverse("wagtailusers_users:index"), {"q": "vo thi hoa"}).context["object_list"]
    assert [u.username for u in users] == ["haichau"]


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url_name", ["entries:index", "extensions:index", "units:index", "contests:index", "wagtailusers_users:index"]
)
def test_list_queries_do_not_grow_with_the_rows(client, organiser, contest, django_assert_max_num_queries, url_name):
    def add_rows(n):
        for _i in range(n):
            unit = UnitFactory()
            entry = EntryFactory(contest=contest, unit=unit)
            Extension.objects.create(
                contest=contest,
                unit=unit,
                reason="Bão",
                granted_by=organiser,
                until=contest.submission_deadline + dt.timedelta(days=3),
            )
            entry.unit.parent = UnitFactory()
            entry.unit.save()

    client.force_login(organiser)
    add_rows(1)
    url = reverse(url_name) + ("?drafts=1" if url_name == "entries:index" else "")
    client.get(url)  # warm the caches (content types, site) that the first request fills
    few = _count_queries(client, url)
    add_rows(29)
    with django_assert_max_num_queries(few):
        client.get(url)
    with django_assert_max_num_queries(few):
        response = client.get(url, {"export": "csv"})
        response_bytes(response)


def test_organiser_adds_the_clusters_of_a_round(client, organiser, contest):
    first_round = contest.rounds.get()
    client.force_login(organiser)
    for order, name in enumerate(["Cụm 1 – Hải Châu", "Cụm 2 – Thanh Khê"]):
        response = client.post(reverse("round_groups:add"), {"round": first_round.pk, "name": name, "order": order})
        assert response.status_code == 302
    assert list(first_round.groups.values_list("name", flat=True)) == ["Cụm 1 – Hải Châu", "Cụm 2 – Thanh Khê"]
    duplicate = client.post(reverse("round_groups:add"), {"round": first_round.pk, "name": "Cụm 1 – Hải Châu"})
    assert duplicate.status_code == 200
    assert first_round.groups.count() == 2


def test_yes_no_columns_of_the_back_office_are_titled_in_vietnamese(client, organiser, unit_user):
    # Wagtail's boolean cell titled its icon str(value): screen readers read "True" on the accounts list.
    client.force_login(organiser)
    html = client.get(reverse("wagtailusers_users:index")).content.decode()
    assert "Đang hoạt động" in html
    assert not re.search(r">\s*(True|False)\s*<", html)
    assert re.search(r">\s*Có\s*<", html)


# -- Issue 12: drafts left out of the entry list, "Tải Excel" in sight on every list --------------


def test_the_entry_list_leaves_drafts_out_unless_asked(client, secretariat, contest, unit, other_unit):
    draft = EntryFactory(contest=contest, unit=unit, title="Tổ liên gia an toàn")
    submitted = EntryFactory(
        contest=contest, unit=other_unit, title="Bữa cơm nghĩa tình", state=EntryState.SUBMITTED, receipt_code="DVK26-7"
    )
    paper = EntryFactory(contest=contest, unit=other_unit, title="Hồ sơ giấy", paper_received_on=dt.date(2026, 8, 1))
    client.force_login(secretariat)
    url = reverse("entries:index")
    assert list(client.get(url).context["object_list"]) == [submitted]
    assert set(client.get(url, {"drafts": "1"}).context["object_list"]) == {draft, submitted, paper}
    assert set(client.get(url, {"state": EntryState.DRAFT}).context["object_list"]) == {draft, paper}
    assert list(client.get(url, {"state": EntryState.DRAFT, "paper": "1"}).context["object_list"]) == [paper]
    page = client.get(url).content.decode()
    assert "Không hiện bản nháp" in page and "Hiện cả bản nháp" in page
    # The export is the list as shown: no draft either.
    text = response_bytes(client.get(url, {"export": "csv"})).decode("utf-8")
    assert "Bữa cơm nghĩa tình" in text and "Tổ liên gia an toàn" not in text


@pytest.mark.parametrize(
    "url_name",
    ["entries:index", "extensions:index", "units:index", "contests:index", "wagtailusers_users:index", "audit:index"],
)
def test_every_exportable_list_shows_a_tai_excel_button(client, organiser, url_name):
    client.force_login(organiser)
    html = client.get(reverse(url_name), {"q": "x"}).content.decode()
    button = re.search(r'<a[^>]*href="([^"]*export=xlsx[^"]*)"[^>]*>(?:(?!</a>).)*Tải Excel\s*</a>', html, re.S)
    assert button, "no visible «Tải Excel» button (the «…» menu's «Tải Excel (XLSX)» is not enough)"
    assert "q=x" in button.group(1)  # it exports what the list shows
