"""A judge's work list: current work first, and "Hồ sơ tiếp theo" once a sheet is in."""

import datetime as dt

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from contest.judging.models import JuryMembership
from contest.judging.services import sheets, worklist
from tests.factories import ContestFactory, EntryFactory
from tests.factories.judging import assign, criteria, make_judge, make_round

pytestmark = pytest.mark.django_db

FULL = {"sang_tao": "18", "hieu_qua": "22,5", "ho_so": "4,5"}


def _submit(judge, round_, entry):
    c = criteria(round_)
    values = {c[code].pk: value for code, value in FULL.items()}
    sheets.submit_sheet(judge=judge, round=round_, entry=entry, values=values, by=judge)


def _sheet_url(round_, entry, name="judging:sheet"):
    return reverse(name, args=[round_.pk, entry.pk])


@pytest.fixture
def judge():
    return make_judge()


@pytest.fixture
def contest():
    return ContestFactory(name="Bình xét mô hình năm 2026")


def _round(contest, name, **kwargs):
    kwargs.setdefault("scoring_deadline", timezone.now() + dt.timedelta(days=3))
    return make_round(contest, name=name, **kwargs)


def test_home_shows_rounds_with_work_left_before_finished_and_closed_ones(client, contest, judge):
    closed = _round(contest, "Vòng sơ khảo", scoring_deadline=timezone.now() - dt.timedelta(days=1))
    finished = _round(contest, "Vòng phúc khảo")
    current = _round(contest, "Vòng chung khảo", scoring_deadline=timezone.now() + dt.timedelta(days=9))
    assign(closed, judge, EntryFactory(contest=contest, title="Hồ sơ của vòng đã hết hạn"))
    done = EntryFactory(contest=contest, title="Hồ sơ đã nộp phiếu")
    assign(finished, judge, done)
    _submit(judge, finished, done)
    assign(current, judge, EntryFactory(contest=contest, title="Hồ sơ đang chờ chấm"))

    client.force_login(judge)
    html = client.get(reverse("judging:home")).content.decode()
    headings = [html.index(f"{contest.name} – {r.name}</h2>") for r in (current, finished, closed)]
    assert headings == sorted(headings)
    assert "Cần chấm" in html and "Đã chấm xong" in html and "Đã kết thúc chấm" in html
    # The button above the list opens the first dossier still to score.
    button = html.index("Tiếp tục chấm")
    assert button < headings[0] and "Hồ sơ đang chờ chấm" in html[button : headings[0]]


def test_within_a_round_submitted_sheets_follow_the_unfinished_in_the_recorded_order(contest, judge):
    round_ = _round(contest, "Vòng chung khảo")
    entries = [EntryFactory(contest=contest, title=f"Hồ sơ {n}") for n in range(1, 5)]
    for position, entry in enumerate(entries, start=1):
        assign(round_, judge, entry, position=position)
    _submit(judge, round_, entries[0])
    _submit(judge, round_, entries[2])
    c = criteria(round_)
    sheets.save_sheet(judge=judge, round=round_, entry=entries[3], values={c["sang_tao"].pk: "10"}, by=judge)

    [work] = worklist.judge_rounds(judge)
    rows = worklist.round_page(judge, work).object_list
    assert [row.assignment.entry.title for row in rows] == ["Hồ sơ 2", "Hồ sơ 4", "Hồ sơ 1", "Hồ sơ 3"]
    assert [row.progress for row in rows] == ["not_started", "draft", "submitted", "submitted"]
    assert work.counts == {"not_started": 1, "draft": 1, "submitted": 2}
    assert work.stage == worklist.CURRENT
    # Each filter keeps the recorded order within its state.
    submitted = worklist.round_page(judge, work, progress=worklist.SUBMITTED).object_list
    assert [row.assignment.entry.title for row in submitted] == ["Hồ sơ 1", "Hồ sơ 3"]
    assert [r.assignment.entry.title for r in worklist.round_page(judge, work, progress=worklist.DRAFT)] == ["Hồ sơ 4"]


def test_frozen_results_close_a_round_whose_deadline_has_not_passed(contest, judge, organiser):
    from contest.results.services import snapshots
    from tests.factories.results import PrizeTierFactory

    round_ = _round(contest, "Vòng chung khảo", jury_only=True)
    PrizeTierFactory(round=round_)  # a round without prizes cannot be frozen
    entry = EntryFactory(contest=contest)
    assign(round_, judge, entry)
    _submit(judge, round_, entry)
    snapshots.freeze(round=round_, by=organiser)
    [work] = worklist.judge_rounds(judge)
    assert work.closed and work.stage == worklist.CLOSED


def test_after_submitting_the_judge_is_offered_the_next_unfinished_dossier(client, contest, judge):
    round_ = _round(contest, "Vòng chung khảo")
    first, already, third = (EntryFactory(contest=contest, title=t) for t in ("Thứ nhất", "Đã chấm", "Thứ ba"))
    for position, entry in enumerate((first, already, third), start=1):
        assign(round_, judge, entry, position=position)
    _submit(judge, round_, already)
    c = criteria(round_)
    data = {f"score-{c[code].pk}": value for code, value in FULL.items()}

    client.force_login(judge)
    response = client.post(_sheet_url(round_, first, "judging:submit"), data, follow=True)
    html = response.content.decode()
    assert "Phiếu đã nộp và đã khóa" in html
    assert f'href="{_sheet_url(round_, third)}">Hồ sơ tiếp theo: Thứ ba →</a>' in html

    # The last one: nothing is left, the page says so and leads back to the list.
    html = client.post(_sheet_url(round_, third, "judging:submit"), data, follow=True).content.decode()
    assert "Hồ sơ tiếp theo" not in html
    assert "Bạn đã chấm xong mọi hồ sơ của các vòng đang mở." in html
    assert f'<a href="{reverse("judging:home")}">Về danh sách hồ sơ</a>' in html


def test_the_next_dossier_wraps_around_then_moves_to_another_open_round(contest, judge):
    round_ = _round(contest, "Vòng chung khảo", scoring_deadline=timezone.now() + dt.timedelta(days=2))
    other = _round(contest, "Vòng bình chọn", scoring_deadline=timezone.now() + dt.timedelta(days=5))
    a, b = EntryFactory(contest=contest), EntryFactory(contest=contest)
    first = assign(round_, judge, a, position=1)
    second = assign(round_, judge, b, position=2)
    elsewhere = assign(other, judge, EntryFactory(contest=contest), position=1)

    assert worklist.next_assignment(judge, after=second) == first  # wraps around within the round
    _submit(judge, round_, a)
    assert worklist.next_assignment(judge, after=second) == elsewhere
    _submit(judge, other, elsewhere.entry)
    assert worklist.next_assignment(judge, after=second) is None


def test_blind_rounds_name_the_next_dossier_by_its_number(client, contest, judge):
    round_ = _round(contest, "Vòng chung khảo", blind=True)
    first, second = EntryFactory(contest=contest), EntryFactory(contest=contest, title="Tên không được lộ")
    assign(round_, judge, first, position=1)
    assign(round_, judge, second, position=2)
    _submit(judge, round_, first)
    client.force_login(judge)
    html = client.get(_sheet_url(round_, first)).content.decode()
    assert "Hồ sơ tiếp theo: Hồ sơ số 002 →" in html and "Tên không được lộ" not in html


def test_the_action_bar_carries_the_running_total_beside_the_submit_button(client, contest, judge):
    round_ = _round(contest, "Vòng chung khảo")
    entry = EntryFactory(contest=contest)
    assign(round_, judge, entry)
    c = criteria(round_)
    sheets.save_sheet(judge=judge, round=round_, entry=entry, values={c["sang_tao"].pk: "18"}, by=judge)
    client.force_login(judge)
    html = client.get(_sheet_url(round_, entry)).content.decode()
    bar = html[html.index('<div class="actions sheet-actions">') :]
    bar = bar[: bar.index("</div>")]
    assert "<strong data-total-mirror>18,00</strong>/" in bar and "Nộp phiếu</button>" in bar


def test_judges_never_read_the_set_up_placeholder_round_name(client, contest, judge, organiser):
    from django.core import mail

    from contest.core.models import Round
    from contest.judging.services import reminders

    round_ = _round(contest, "Vòng chung khảo")
    Round.objects.filter(pk=round_.pk).update(name="Vòng chấm")  # the name a new contest starts with
    entry = EntryFactory(contest=contest)
    assign(round_, judge, entry)
    JuryMembership.objects.filter(round=round_, judge=judge).update(is_head=True)
    client.force_login(judge)
    home = client.get(reverse("judging:home")).content.decode()
    sheet = client.get(_sheet_url(round_, entry)).content.decode()
    assert f"{contest.name}</h2>" in home
    assert f"Hồ sơ có điểm chênh lệch lớn – {contest.name}</a>" in home
    assert "Vòng chấm" not in home and "Vòng chấm" not in sheet
    # The head judge's links come after the dossiers to score: current work first.
    assert home.index(f"{contest.name}</h2>") < home.index("Trưởng Ban Giám khảo</h2>")

    judge.email = "em@example.vn"
    judge.save(update_fields=["email"])
    with TestCase.captureOnCommitCallbacks(execute=True):
        reminders.remind_pending_judges(round=round_, by=organiser)
    [message] = mail.outbox
    assert message.subject == f"Nhắc chấm điểm: {contest.name}"
    assert "hoàn thành việc chấm điểm. Hiện đồng chí còn 1 phiếu chấm chưa nộp:" in message.body
    assert "Vòng chấm" not in message.body


def test_a_long_list_comes_a_page_at_a_time_with_filters_and_constant_queries(client, contest, judge):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    round_ = _round(contest, "Vòng chung khảo")
    other = _round(contest, "Vòng phúc khảo", scoring_deadline=timezone.now() + dt.timedelta(days=20))
    entries = [EntryFactory(contest=contest, title=f"Mô hình số {n:02d}") for n in range(1, 31)]
    for position, entry in enumerate(entries, start=1):
        assign(round_, judge, entry, position=position)
    assign(other, judge, EntryFactory(contest=contest, title="Mô hình của vòng phúc khảo"), position=1)
    for entry in entries[:3]:
        _submit(judge, round_, entry)
    client.force_login(judge)
    home = reverse("judging:home")

    def queries(**params):
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(home, params).content.decode()
        return len(ctx.captured_queries), html

    count, html = queries()
    # The round with the soonest deadline is open: 25 of its 30 dossiers, the unfinished first.
    assert html.count("<tr") == 26 and "Hồ sơ 1–25 trong 30" in html and "Trang sau" in html
    assert html.index("Mô hình số 04") < html.index("Mô hình số 05") and "Mô hình số 01" not in html
    assert "Chưa chấm: 27" in html and "Đã nộp: 3" in html and "Tất cả: 30" in html
    # The other round shows its counts and a link to its list, not its rows.
    assert "Mô hình của vòng phúc khảo" not in html
    assert f'href="?vong={other.pk}"' in html

    page_two_count, html = queries(trang=2)
    assert "Mô hình số 01" in html and "Hồ sơ 26–30 trong 30" in html
    assert page_two_count == count

    filtered_count, html = queries(vong=round_.pk, **{"tinh-trang": "submitted"})
    table = html[html.index("<table") :]
    assert table.count("<tr") == 4 and "Mô hình số 01" in table and "Mô hình số 04" not in table
    assert filtered_count == count

    other_count, html = queries(vong=other.pk)
    table = html[html.index("<table") :]
    assert "Mô hình của vòng phúc khảo" in table and "Mô hình số 04" not in table
    assert other_count == count
    # Nonsense in the address falls back to the whole list of the first round.
    assert client.get(home, {"vong": "x", "tinh-trang": "y", "trang": "z"}).status_code == 200


def test_a_dossier_of_the_judges_own_unit_is_left_out_and_counted(client, contest, judge):
    from tests.factories import UnitFactory

    judge.unit = UnitFactory(name="Ban Dân vận Huyện ủy")
    judge.save(update_fields=["unit"])
    round_ = _round(contest, "Vòng chung khảo")
    assign(round_, judge, EntryFactory(contest=contest, unit=judge.unit, title="Mô hình của chính đơn vị mình"))
    assign(round_, judge, EntryFactory(contest=contest, title="Mô hình được chấm"))
    [work] = worklist.judge_rounds(judge)
    assert work.withdrawn == 1 and work.total == 1
    assert [r.assignment.entry.title for r in worklist.round_page(judge, work)] == ["Mô hình được chấm"]
    client.force_login(judge)
    html = client.get(reverse("judging:home")).content.decode()
    assert "Mô hình của chính đơn vị mình" not in html and "1 hồ sơ không hiển thị" in html
