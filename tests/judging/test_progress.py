"""Scoring progress, reminders to judges and reopening a sheet: contest/services/progress.py,
contest/services/reminders.py, contest/tasks.py (send_judge_reminders) and the back-office page
"Tiến độ chấm"."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contest.core.audit import AuditAction
from contest.core.errors import DeadlinePassed, DomainError
from contest.core.models import AuditRecord
from contest.judging.enums import ConflictKind, SheetKind, SheetStatus
from contest.judging.models import Conflict, JuryMembership, ScoreSheet
from contest.judging.services import progress, reminders, sheets
from tests.factories import EntryFactory, UnitFactory, UserFactory
from tests.factories.judging import assign, criteria, make_judge, make_round

DEADLINE = dt.datetime(2026, 12, 5, 17, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture
def the_round(contest):
    return make_round(contest, name="Vòng chung khảo", scoring_deadline=timezone.now() + dt.timedelta(days=5))


@pytest.fixture
def judges(db):
    return (
        make_judge("giamkhao1", full_name="Hoàng Văn Em", email="em@example.vn"),
        make_judge("giamkhao2", full_name="Đỗ Thị Giang", email="giang@example.vn"),
    )


@pytest.fixture
def entries(contest):
    return [
        EntryFactory(contest=contest, unit=UnitFactory(name="Đảng ủy phường Thanh Khê"), title="Tổ liên gia an toàn"),
        EntryFactory(contest=contest, unit=UnitFactory(name="Đảng ủy xã Hòa Vang"), title="Bữa cơm nghĩa tình"),
        EntryFactory(contest=contest, unit=UnitFactory(name="Đảng ủy xã Hòa Tiến"), title="Ngân hàng bò giống"),
    ]


def full_values(round_):
    c = criteria(round_)
    return {c["sang_tao"].pk: "17,5", c["hieu_qua"].pk: "22", c["ho_so"].pk: "4.5"}


def draft(round_, judge, entry):
    return sheets.save_sheet(
        judge=judge, round=round_, entry=entry, values={criteria(round_)["sang_tao"].pk: "15"}, by=judge
    )


def submitted(round_, judge, entry):
    return sheets.submit_sheet(judge=judge, round=round_, entry=entry, values=full_values(round_), by=judge)


@pytest.fixture
def scored(the_round, judges, entries):
    """Both judges on every entry. First: 1 submitted, 1 draft, 1 not started. Second: all submitted
    but the third entry, which a declared conflict withdrew from him after assignment."""
    first, second = judges
    for judge in judges:
        for entry in entries:
            assign(the_round, judge, entry)
    submitted(the_round, first, entries[0])
    draft(the_round, first, entries[1])
    submitted(the_round, second, entries[0])
    submitted(the_round, second, entries[1])
    Conflict.objects.create(round=the_round, judge=second, entry=entries[2], kind=ConflictKind.RECUSAL, reason="Quê")
    return the_round


# ---------------------------------------------------------------------------------------------
# Progress numbers
# ---------------------------------------------------------------------------------------------


def test_progress_per_judge(scored, judges):
    state = progress.round_progress(scored)
    first, second = (state.judge(j.pk) for j in judges)
    assert (first.assigned, first.not_started, first.draft, first.submitted, first.withdrawn) == (3, 1, 1, 1, 0)
    assert (second.assigned, second.not_started, second.draft, second.submitted, second.withdrawn) == (2, 0, 0, 2, 1)
    assert [r.code for r in first.pending] == [2, 3]
    assert second.pending == []
    assert first.last_activity == ScoreSheet.objects.filter(judge=judges[0]).latest("updated_at").updated_at
    assert (state.submitted, state.assigned, state.percent) == (3, 5, 60)


def test_progress_per_entry_needs_k_judges_or_the_whole_jury(scored, judges):
    scored.judges_per_entry = 2
    scored.save()
    rows = {e.round_entry.code: e for e in progress.round_progress(scored).entries}
    assert [(rows[c].submitted, rows[c].assigned, rows[c].needed, rows[c].short) for c in (1, 2, 3)] == [
        (2, 2, 2, False),
        (1, 2, 2, True),
        (0, 1, 2, True),
    ]
    assert [(s.judge.username, s.status) for s in rows[2].sheets] == [
        ("giamkhao2", SheetStatus.SUBMITTED),
        ("giamkhao1", SheetStatus.DRAFT),
    ]
    assert rows[3].under_assigned and rows[3].conflicted == 1

    scored.all_judges_score_all = True
    scored.save()
    rows = {e.round_entry.code: e for e in progress.round_progress(scored).entries}
    # The conflicted judge is not expected on entry 3: one judge suffices there.
    assert [rows[c].needed for c in (1, 2, 3)] == [2, 2, 1]


def test_the_secretariats_sheet_is_not_a_judges_progress(scored, secretariat, entries):
    ScoreSheet.objects.create(
        round=scored, judge=secretariat, entry=entries[2], kind=SheetKind.SECRETARIAT, status=SheetStatus.SUBMITTED
    )
    state = progress.round_progress(scored)
    assert state.submitted == 3
    assert state.judge(secretariat.pk) is None


def test_progress_reads_a_fixed_number_of_tables(scored, django_assert_num_queries):
    with django_assert_num_queries(7):
        progress.round_progress(scored)


# ---------------------------------------------------------------------------------------------
# Reminders
# ---------------------------------------------------------------------------------------------


def test_remind_e_mails_only_judges_with_pending_sheets(
    scored, judges, organiser, entries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = reminders.remind_pending_judges(round=scored, by=organiser)
    assert outcome.reminded == [judges[0]]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["em@example.vn"]
    assert message.subject == f"Nhắc chấm điểm: Vòng chung khảo – {scored.contest.name}"
    assert message.body.startswith("Kính gửi đồng chí Hoàng Văn Em,")
    assert "còn 2 phiếu chấm chưa nộp" in message.body
    assert "- Hồ sơ số 002: Bữa cơm nghĩa tình" in message.body
    assert "- Hồ sơ số 003: Ngân hàng bò giống" in message.body
    assert "Hồ sơ số 001" not in message.body
    assert "http://testserver" + reverse("judging:home") in message.body
    assert message.body.rstrip().endswith("Ban Tổ chức")
    assert JuryMembership.objects.get(round=scored, judge=judges[0]).last_reminded_at is not None
    assert JuryMembership.objects.get(round=scored, judge=judges[1]).last_reminded_at is None


def test_the_deadline_is_written_the_vietnamese_way(
    contest, judges, entries, organiser, django_capture_on_commit_callbacks
):
    round_ = make_round(contest, scoring_deadline=DEADLINE)
    assign(round_, judges[0], entries[0])
    with django_capture_on_commit_callbacks(execute=True):
        reminders.remind_pending_judges(round=round_, by=organiser, now=DEADLINE - dt.timedelta(days=3))
    assert "Hạn chấm: 17:00 ngày 05/12/2026." in mail.outbox[0].body


def test_a_blind_round_reminder_names_only_the_neutral_code(
    contest, judges, entries, organiser, django_capture_on_commit_callbacks
):
    round_ = make_round(contest, blind=True)
    assign(round_, judges[0], entries[0])
    with django_capture_on_commit_callbacks(execute=True):
        reminders.remind_pending_judges(round=round_, by=organiser)
    body = mail.outbox[0].body
    assert "- Hồ sơ số 001\n" in body
    assert "Thanh Khê" not in body and "Tổ liên gia" not in body and "Thanh Khê" not in mail.outbox[0].subject


def test_nothing_pending_sends_nothing(the_round, judges, entries, organiser, django_capture_on_commit_callbacks):
    assign(the_round, judges[0], entries[0])
    submitted(the_round, judges[0], entries[0])
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError, match="Không có giám khảo nào"):
        reminders.remind_pending_judges(round=the_round, by=organiser)
    assert mail.outbox == []
    assert JuryMembership.objects.get(judge=judges[0]).last_reminded_at is None


def test_a_second_reminder_within_the_hour_is_refused(scored, judges, organiser, django_capture_on_commit_callbacks):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        reminders.remind_pending_judges(round=scored, by=organiser, now=now)
    with pytest.raises(DomainError, match="vừa được nhắc trong vòng 60 phút"):
        reminders.remind_pending_judges(round=scored, by=organiser, now=now + dt.timedelta(minutes=59))
    with django_capture_on_commit_callbacks(execute=True):
        outcome = reminders.remind_pending_judges(round=scored, by=organiser, now=now + dt.timedelta(minutes=61))
    assert outcome.reminded == [judges[0]]
    assert len(mail.outbox) == 2


def test_judges_without_e_mail_are_reported_not_marked(the_round, entries, organiser, judges):
    silent = make_judge("giamkhao3", full_name="Vũ Văn Hải", email="")
    assign(the_round, silent, entries[0])
    assign(the_round, judges[0], entries[0])
    outcome = reminders.remind_pending_judges(round=the_round, by=organiser)
    assert outcome.without_email == [silent]
    assert outcome.reminded == [judges[0]]
    assert JuryMembership.objects.get(judge=silent).last_reminded_at is None


def test_only_the_chosen_judges_are_reminded(the_round, entries, organiser, judges):
    for judge in judges:
        assign(the_round, judge, entries[0])
    outcome = reminders.remind_pending_judges(round=the_round, by=organiser, judge_ids=[judges[1].pk])
    assert outcome.reminded == [judges[1]]


def test_no_reminder_after_the_scoring_deadline(contest, judges, entries, organiser):
    round_ = make_round(contest, scoring_deadline=timezone.now() - dt.timedelta(hours=1))
    assign(round_, judges[0], entries[0])
    with pytest.raises(DeadlinePassed):
        reminders.remind_pending_judges(round=round_, by=organiser)


def test_a_judge_cannot_send_reminders(scored, judges):
    with pytest.raises(DomainError):
        reminders.remind_pending_judges(round=scored, by=judges[0])


# ---------------------------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------------------------


def url_of(round_):
    return reverse("contest_progress:round", args=[round_.pk])


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("organiser", 200), ("secretariat", 200), ("unit_user", "login"), ("judge", "login"), ("anonymous", "login")],
)
def test_progress_pages_by_persona(client, request, the_round, persona, expected):
    makers = {"judge": lambda: make_judge("giamkhao9"), "anonymous": lambda: None}
    user = makers[persona]() if persona in makers else request.getfixturevalue(persona)
    if user is not None:
        client.force_login(user)
    for url in (reverse("contest_progress:index"), url_of(the_round)):
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"action": "remind"} if method == "post" else None)
            if expected == "login":
                assert response.status_code == 302
                assert response["Location"].startswith(reverse("wagtailadmin_login"))
            elif method == "get":
                assert response.status_code == expected


def test_a_staff_member_without_the_progress_permission_gets_403(client, the_round):
    from django.contrib.auth.models import Permission

    editor = UserFactory(username="bientap")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get(url_of(the_round)).status_code == 403
    assert client.get(reverse("contest_progress:index")).status_code == 403


def test_the_page_shows_judges_and_entries(client, organiser, scored, entries):
    client.force_login(organiser)
    page = client.get(url_of(scored)).content.decode()
    assert "3/5 phiếu đã nộp (60%)" in page
    assert "Hoàng Văn Em" in page and "Bữa cơm nghĩa tình" in page
    assert "1 hồ sơ rút do xung đột lợi ích" in page
    assert page.count('value="reopen"') == 3
    assert "Gửi nhắc nhở" in page
    index = client.get(reverse("contest_progress:index")).content.decode()
    assert url_of(scored) in index


def test_the_short_filter_lists_only_entries_missing_sheets(client, organiser, scored):
    scored.judges_per_entry = 2
    scored.save()
    client.force_login(organiser)
    page = client.get(url_of(scored), {"loc": "chua-du-phieu"}).content.decode()
    assert "Bữa cơm nghĩa tình" in page and "Ngân hàng bò giống" in page
    assert "Tổ liên gia an toàn" not in page


def test_the_page_sends_reminders_and_reports_missing_e_mail(
    client, secretariat, scored, entries, judges, django_capture_on_commit_callbacks
):
    silent = make_judge("giamkhao3", full_name="Vũ Văn Hải", email="")
    assign(scored, silent, entries[0])
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url_of(scored), {"action": "remind"}, follow=True)
    page = response.content.decode()
    assert "Đã gửi thư nhắc tới 1 giám khảo: Hoàng Văn Em." in page
    assert "chưa có địa chỉ e-mail: Vũ Văn Hải" in page
    assert len(mail.outbox) == 1
    again = client.post(url_of(scored), {"action": "remind"}, follow=True).content.decode()
    assert "Bỏ qua vì vừa được nhắc trong vòng 60 phút qua: Hoàng Văn Em." in again
    assert len(mail.outbox) == 1


def test_the_page_reminds_the_selected_judges(
    client, organiser, the_round, entries, judges, django_capture_on_commit_callbacks
):
    for judge in judges:
        assign(the_round, judge, entries[0])
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url_of(the_round), {"action": "remind", "judge": [judges[1].pk]})
    assert [m.to for m in mail.outbox] == [["giang@example.vn"]]


def _submitted_sheet(scored, judges, entries):
    return ScoreSheet.objects.get(round=scored, judge=judges[0], entry=entries[0])


def test_reopen_needs_a_reason(client, organiser, scored, judges, entries):
    sheet = _submitted_sheet(scored, judges, entries)
    client.force_login(organiser)
    response = client.post(url_of(scored), {"action": "reopen", "sheet": sheet.pk, "reason": "  "}, follow=True)
    assert "Hãy ghi lý do mở lại phiếu chấm." in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED
    assert not AuditRecord.objects.filter(action=AuditAction.SCORE_REOPEN).exists()


def test_organiser_reopens_with_a_reason_and_the_log_keeps_it(client, organiser, scored, judges, entries):
    sheet = _submitted_sheet(scored, judges, entries)
    client.force_login(organiser)
    response = client.post(
        url_of(scored),
        {"action": "reopen", "sheet": sheet.pk, "reason": "Giám khảo nhập nhầm điểm hiệu quả"},
        follow=True,
    )
    assert "Đã mở lại phiếu chấm hồ sơ số 001 của Hoàng Văn Em" in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT
    record = AuditRecord.objects.filter(action=AuditAction.SCORE_REOPEN).get()
    assert record.reason == "Giám khảo nhập nhầm điểm hiệu quả"
    assert record.actor == organiser
    # The judge can save again.
    sheets.save_sheet(judge=judges[0], round=scored, entry=entries[0], values={}, by=judges[0])


def test_the_secretariat_cannot_reopen(client, secretariat, scored, judges, entries):
    sheet = _submitted_sheet(scored, judges, entries)
    client.force_login(secretariat)
    page = client.get(url_of(scored)).content.decode()
    assert 'value="reopen"' not in page and "Mở lại" not in page
    response = client.post(url_of(scored), {"action": "reopen", "sheet": sheet.pk, "reason": "Thử"})
    assert response.status_code == 403
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED


def test_a_sheet_of_another_round_cannot_be_reopened_from_this_page(
    client, organiser, scored, contest, judges, entries
):
    other = make_round(contest, name="Vòng sơ khảo")
    sheet = _submitted_sheet(scored, judges, entries)
    client.force_login(organiser)
    response = client.post(url_of(other), {"action": "reopen", "sheet": sheet.pk, "reason": "Thử"})
    assert response.status_code == 404


def test_the_page_queries_do_not_grow_with_entries(client, organiser, the_round, judges, contest):
    client.force_login(organiser)

    def grow_to(n):
        while the_round.round_entries.count() < n:
            entry = EntryFactory(contest=contest, unit=UnitFactory())
            for judge in judges:
                assign(the_round, judge, entry)
            submitted(the_round, judges[0], entry)
            draft(the_round, judges[1], entry)

    grow_to(1)
    client.get(url_of(the_round))  # warm caches (content types, site)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url_of(the_round)).status_code == 200
    grow_to(30)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url_of(the_round))
    assert len(many.captured_queries) == len(few.captured_queries)
    assert response.content.decode().count('value="reopen"') == 30


def test_a_large_round_is_paginated(client, organiser, the_round, contest, judges):
    from contest.judging.models import RoundEntry

    units = [UnitFactory() for _i in range(3)]
    RoundEntry.objects.bulk_create(
        RoundEntry(round=the_round, entry=EntryFactory(contest=contest, unit=units[i % 3]), code=i + 1)
        for i in range(120)
    )
    client.force_login(organiser)
    first = client.get(url_of(the_round)).content.decode()
    assert first.count("Chưa phân công") == 100
    second = client.get(url_of(the_round), {"p": 2}).content.decode()
    assert second.count("Chưa phân công") == 20


def test_the_demo_round_has_a_submitted_and_a_draft_sheet_and_a_rerun_adds_none(db):
    import io

    from django.core.management import call_command

    from contest.core.models import Round
    from contest.management.commands.seed_demo import MODEL_REVIEW_SLUG

    call_command("seed_demo", force=True, stdout=io.StringIO())
    demo_round = Round.objects.filter(contest__slug=MODEL_REVIEW_SLUG).order_by("order").first()
    state = progress.round_progress(demo_round)
    counts = {j.judge.username: (j.submitted, j.draft) for j in state.judges}
    assert counts == {"giamkhao1": (1, 0), "giamkhao2": (0, 1)}
    before = list(ScoreSheet.objects.order_by("pk").values("pk", "status", "updated_at"))
    call_command("seed_demo", force=True, stdout=io.StringIO())
    assert list(ScoreSheet.objects.order_by("pk").values("pk", "status", "updated_at")) == before
