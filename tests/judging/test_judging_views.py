"""The judge's pages: the home list, the score sheet, autosave, submit, and what a judge may see."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contest.judging.enums import ConflictKind, SheetStatus
from contest.judging.models import Conflict, ScoreSheet
from contest.judging.services import sheets
from tests.factories import EntryFactory, UnitFactory
from tests.factories.judging import assign, criteria, make_judge, make_round


@pytest.fixture
def round_(contest):
    return make_round(contest, scoring_deadline=timezone.now() + dt.timedelta(days=3))


@pytest.fixture
def judge(db):
    return make_judge()


@pytest.fixture
def assigned(round_, judge, complete_entry):
    assign(round_, judge, complete_entry)
    return complete_entry


def _sheet_url(round_, entry, name="judging:sheet"):
    return reverse(name, args=[round_.pk, entry.pk])


def test_home_lists_assignments_in_the_recorded_position_order(client, contest, round_, judge):
    titles = ["Bữa cơm nghĩa tình thứ Sáu", "Ngân hàng bò giống", "Tổ liên gia an toàn"]
    entries = [EntryFactory(contest=contest, title=t) for t in titles]
    for entry, position in zip(entries, [3, 1, 2], strict=True):
        assign(round_, judge, entry, position=position)
    c = criteria(round_)
    sheets.save_sheet(judge=judge, round=round_, entry=entries[0], values={c["sang_tao"].pk: "18"}, by=judge)
    client.force_login(judge)
    response = client.get(reverse("judging:home"))
    assert response.status_code == 200
    html = response.content.decode()
    order = [html.index(t) for t in ("Ngân hàng bò giống", "Tổ liên gia an toàn", "Bữa cơm nghĩa tình thứ Sáu")]
    assert order == sorted(order)
    assert "Chưa chấm: 2" in html and "Đang chấm: 1" in html and "Đã nộp: 0" in html
    assert timezone.localtime(round_.scoring_deadline).strftime("%H:%M %d/%m/%Y") in html


def test_home_hides_conflicted_entries(client, contest, round_, judge, organiser):
    entry = EntryFactory(contest=contest, title="Mô hình của người quen")
    assign(round_, judge, entry)
    Conflict.objects.create(round=round_, judge=judge, entry=entry, kind=ConflictKind.RECUSAL, reason="Người quen")
    client.force_login(judge)
    html = client.get(reverse("judging:home")).content.decode()
    assert "Mô hình của người quen" not in html
    assert "1 hồ sơ không hiển thị vì có xung đột lợi ích." in html


def _home_queries(client, judge):
    client.force_login(judge)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("judging:home")).status_code == 200
    return len(ctx.captured_queries)


def test_home_query_count_does_not_grow_with_assignments(client, contest, round_):
    one, many = make_judge("mot"), make_judge("nhieu")
    unit = UnitFactory()
    assign(round_, one, EntryFactory(contest=contest, unit=unit))
    for _ in range(50):
        assign(round_, many, EntryFactory(contest=contest, unit=unit))
    assert _home_queries(client, many) == _home_queries(client, one)


def test_sheet_page_shows_the_dossier_bands_and_inputs(client, round_, judge, assigned):
    client.force_login(judge)
    response = client.get(_sheet_url(round_, assigned))
    assert response.status_code == 200
    html = response.content.decode()
    c = criteria(round_)
    assert assigned.title in html and assigned.unit.name in html
    assert "18–20</strong>: hoàn toàn mới" in html
    assert f'name="score-{c["sang_tao"].pk}"' in html and 'data-max="20" data-step="0.5"' in html
    assert 'data-max="5" data-step="0.25"' in html
    assert "Trắc nghiệm (Tổ Thư ký chấm)" not in html
    assert "bao-cao.pdf" in html


def test_blind_round_hides_the_unit_and_names_files_neutrally(client, contest, judge, complete_entry):
    complete_entry.contact_name = "Nguyễn Văn An"
    complete_entry.save()
    blind = make_round(contest, blind=True)
    assign(blind, judge, complete_entry)
    client.force_login(judge)
    html = client.get(_sheet_url(blind, complete_entry)).content.decode()
    assert "Hồ sơ số 001" in html
    for secret in (complete_entry.unit.name, "Nguyễn Văn An", "bao-cao.pdf"):
        assert secret not in html
    report = complete_entry.attachments.get(kind="report")
    response = client.get(reverse("attachment-file", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('inline; filename="ho-so-001-report-')
    assert "bao-cao" not in response["Content-Disposition"]
    home = client.get(reverse("judging:home")).content.decode()
    assert "Hồ sơ số 001" in home and complete_entry.unit.name not in home


def test_unassigned_judge_gets_404_and_no_data(client, round_, assigned):
    stranger = make_judge("nguoila")
    client.force_login(stranger)
    for name in ("judging:sheet", "judging:autosave", "judging:submit"):
        method = client.get if name == "judging:sheet" else client.post
        response = method(_sheet_url(round_, assigned, name))
        assert response.status_code == 404
        assert assigned.title.encode() not in response.content
    report = assigned.attachments.get(kind="report")
    assert client.get(reverse("attachment-file", args=[report.pk])).status_code == 404


def test_conflicted_judge_gets_404_even_when_assigned(client, contest, round_):
    unit = UnitFactory(name="Đảng ủy xã Ea Kar")
    judge = make_judge("eakar", unit=unit)
    entry = EntryFactory(contest=contest, unit=UnitFactory(name="Chi bộ thôn 3", parent=unit))
    assign(round_, judge, entry)
    client.force_login(judge)
    assert client.get(_sheet_url(round_, entry)).status_code == 404


def test_unit_users_never_reach_a_score(client, round_, judge, assigned, unit_user):
    c = criteria(round_)
    sheets.save_sheet(judge=judge, round=round_, entry=assigned, values={c["sang_tao"].pk: "18"}, by=judge)
    client.force_login(unit_user)
    assert client.get(reverse("judging:home")).status_code == 403
    assert client.get(_sheet_url(round_, assigned)).status_code == 403
    assert client.post(_sheet_url(round_, assigned, "judging:autosave")).status_code == 403
    detail = client.get(reverse("portal:entry-detail", args=[assigned.pk])).content.decode()
    assert "Tổng điểm" not in detail and "Phiếu chấm" not in detail


def test_autosave_returns_errors_per_criterion_in_vietnamese(client, round_, judge, assigned):
    c = criteria(round_)
    client.force_login(judge)
    url = _sheet_url(round_, assigned, "judging:autosave")
    response = client.post(url, {f"score-{c['sang_tao'].pk}": "25", f"score-{c['hieu_qua'].pk}": "20,3"})
    assert response.status_code == 400
    body = json.loads(response.content)
    assert body["ok"] is False
    assert body["errors"] == {
        str(c["sang_tao"].pk): ["Điểm không được vượt quá 20."],
        str(c["hieu_qua"].pk): ["Điểm phải là bội số của 0,5."],
    }
    response = client.post(
        url,
        {f"score-{c['sang_tao'].pk}": "18,5", f"comment-{c['sang_tao'].pk}": "Cách làm mới", "sheet_comment": "Tốt"},
    )
    assert response.status_code == 200
    assert json.loads(response.content)["total"] == "18,50"
    sheet = ScoreSheet.objects.get()
    assert sheet.comment == "Tốt" and sheet.scores.get().comment == "Cách làm mới"


def test_without_javascript_the_form_saves_and_shows_errors_in_place(client, round_, judge, assigned):
    c = criteria(round_)
    client.force_login(judge)
    url = _sheet_url(round_, assigned)
    response = client.post(url, {f"score-{c['sang_tao'].pk}": "30", f"score-{c['hieu_qua'].pk}": "20"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Điểm không được vượt quá 20." in html and 'value="30"' in html
    response = client.post(url, {f"score-{c['sang_tao'].pk}": "19", f"score-{c['hieu_qua'].pk}": "20"}, follow=True)
    assert "Đã lưu nháp phiếu chấm." in response.content.decode()
    assert 'value="19"' in response.content.decode()


def test_submit_locks_the_sheet_and_the_page_turns_read_only(client, round_, judge, assigned):
    c = criteria(round_)
    client.force_login(judge)
    data = {f"score-{c['sang_tao'].pk}": "18", f"score-{c['hieu_qua'].pk}": "22,5"}
    response = client.post(_sheet_url(round_, assigned, "judging:submit"), data)
    assert response.status_code == 200
    assert "Chưa thể nộp: còn 1 tiêu chí chưa có điểm." in response.content.decode()
    assert not ScoreSheet.objects.filter(status=SheetStatus.SUBMITTED).exists()
    data[f"score-{c['ho_so'].pk}"] = "4,5"
    response = client.post(_sheet_url(round_, assigned, "judging:submit"), data, follow=True)
    html = response.content.decode()
    assert "Phiếu đã nộp và đã khóa" in html and "disabled" in html and "Nộp phiếu</button>" not in html
    assert ScoreSheet.objects.get().status == SheetStatus.SUBMITTED
    response = client.post(_sheet_url(round_, assigned, "judging:autosave"), {f"score-{c['sang_tao'].pk}": "20"})
    assert response.status_code == 409
    assert "Phiếu chấm đã nộp" in json.loads(response.content)["message"]


def test_after_the_deadline_the_sheet_is_read_only(client, contest, judge, assigned):
    late = make_round(contest, scoring_deadline=timezone.now() - dt.timedelta(hours=1))
    assign(late, judge, assigned)
    client.force_login(judge)
    html = client.get(_sheet_url(late, assigned)).content.decode()
    assert "Đã hết hạn chấm" in html and "Lưu nháp</button>" not in html and "disabled" in html


def test_judges_see_the_scoring_link_and_land_on_their_home(client, judge):
    client.force_login(judge)
    assert client.get(reverse("home-redirect"))["Location"] == reverse("judging:home")
    assert 'href="/giam-khao/">Chấm điểm' in client.get(reverse("judging:home")).content.decode()


def test_a_judge_recuses_with_a_reason_and_the_entry_leaves_the_list(client, contest, entry):
    from contest.judging.models import Assignment
    from tests.factories.judging import assign, make_judge, make_round

    round_ = make_round(contest)
    judge = make_judge()
    assign(round_, judge, entry)
    client.force_login(judge)
    url = reverse("judging:recuse", args=[round_.pk, entry.pk])

    refused = client.post(url, {"reason": "  "}, follow=True)
    assert "Vui lòng ghi rõ lý do." in refused.content.decode()
    assert Assignment.objects.filter(round=round_, judge=judge).exists()

    response = client.post(url, {"reason": "Tôi là cán bộ của xã này đến tháng 3/2026."})
    assert response.status_code == 302 and response["Location"] == reverse("judging:home")
    assert not Assignment.objects.filter(round=round_, judge=judge).exists()
    conflict = Conflict.objects.get(judge=judge, entry=entry)
    assert conflict.kind == ConflictKind.RECUSAL
    assert client.get(reverse("judging:sheet", args=[round_.pk, entry.pk])).status_code == 404


def test_a_decimal_comma_is_kept_as_typed_on_the_sheet(client, contest, entry):
    from tests.factories.judging import assign, criteria, make_judge, make_round

    round_ = make_round(contest)
    judge = make_judge()
    assign(round_, judge, entry)
    client.force_login(judge)
    c = criteria(round_)
    url = reverse("judging:sheet", args=[round_.pk, entry.pk])
    client.post(url, {f"score-{c['sang_tao'].pk}": "8,5"})
    page = client.get(url).content.decode()
    assert 'value="8,5"' in page
    assert 'type="number"' not in page


def test_the_head_judge_sees_the_discrepant_entries_under_pseudonyms(client, contest):
    from contest.judging.models import JuryMembership
    from tests.factories import EntryFactory
    from tests.factories.judging import assign, make_judge, make_round
    from tests.results.test_results import submitted_sheet

    round_ = make_round(contest, jury_only=True)
    head, other = make_judge("truongban", full_name="Trưởng Ban"), make_judge("gk2", full_name="Giám Khảo Hai")
    calm, split = (
        EntryFactory(contest=contest, title="Hồ sơ đồng thuận"),
        EntryFactory(contest=contest, title="Hồ sơ lệch"),
    )
    for entry, (a, b) in ((calm, (40, 42)), (split, (45, 20))):
        for judge, total in ((head, a), (other, b)):
            assign(round_, judge, entry)
            submitted_sheet(
                round_, judge, entry, {"sang_tao": 0, "hieu_qua": total - 5 if total > 5 else 0, "ho_so": 5}
            )
    JuryMembership.objects.filter(round=round_, judge=head).update(is_head=True)
    url = reverse("judging:discrepancies", args=[round_.pk])

    client.force_login(other)
    assert client.get(url).status_code == 404
    assert (
        reverse("judging:discrepancies", args=[round_.pk]) not in client.get(reverse("judging:home")).content.decode()
    )

    client.force_login(head)
    assert url in client.get(reverse("judging:home")).content.decode()
    page = client.get(url).content.decode()
    assert "Hồ sơ lệch" in page and "Hồ sơ đồng thuận" not in page
    assert "25,00" in page and "GK 1" in page and "Giám Khảo Hai" not in page


def test_conflicted_assignments_are_found_for_one_judge(contest, round_, judge):
    """The judge's home asks the conflicts module: the judge's own unit, and a declared conflict."""
    from contest.judging import conflicts

    own = EntryFactory(contest=contest, unit=UnitFactory())
    judge.unit = own.unit
    judge.save()
    declared, free = EntryFactory(contest=contest), EntryFactory(contest=contest)
    for entry in (own, declared, free):
        assign(round_, judge, entry)
    Conflict.objects.create(round=round_, judge=judge, unit=declared.unit, kind=ConflictKind.DECLARED, reason="Họ hàng")
    assignments = list(judge.assignments.select_related("entry__unit"))
    assert conflicts.conflicted_assignments(judge=judge, assignments=assignments) == {
        (round_.pk, own.pk),
        (round_.pk, declared.pk),
    }
