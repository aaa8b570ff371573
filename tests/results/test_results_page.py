"""The back-office page "Kết quả" (contest/backoffice/results.py) and the policy and prize tier
services behind it (contest/services/results_policy.py)."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contest.core.errors import DomainError
from contest.core.models import AuditRecord
from contest.judging.enums import SheetStatus
from contest.judging.models import ScoreSheet
from contest.judging.services import sheets
from contest.results.enums import AggregationMethod, SnapshotStatus
from contest.results.models import PrizeTier, ResultSnapshot, ResultsPolicy, TieDecision
from contest.results.services import policy as results_policy
from contest.results.services import snapshots as results
from tests.factories import EntryFactory, UnitFactory, UserFactory
from tests.factories.judging import assign, make_judge, make_round
from tests.results.test_results import scored_round, submitted_sheet, with_prizes  # noqa: F401  (a fixture)

D = Decimal


def url_of(round_):
    return reverse("contest_results:round", args=[round_.pk])


def _get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


# ---------------------------------------------------------------------------------------------
# Who may see and do what
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("organiser", 200), ("secretariat", 200), ("unit_user", "login"), ("judge", "login"), ("anonymous", "login")],
)
def test_results_pages_by_persona(client, request, scored_round, persona, expected):  # noqa: F811
    round_, _judges, _entries = scored_round
    makers = {"judge": lambda: make_judge("gk-khach"), "anonymous": lambda: None}
    user = makers[persona]() if persona in makers else request.getfixturevalue(persona)
    for url in (reverse("contest_results:index"), url_of(round_)):
        response = _get(client, user, url)
        if expected == "login":
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("wagtailadmin_login"))
        else:
            assert response.status_code == expected


def test_a_staff_member_without_the_results_permission_gets_403(client, scored_round):  # noqa: F811
    from django.contrib.auth.models import Permission

    round_, _judges, _entries = scored_round
    editor = UserFactory(username="bientap")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get(url_of(round_)).status_code == 403
    assert client.get(reverse("contest_results:index")).status_code == 403


def test_the_secretariat_sees_pseudonyms_and_no_forms(client, secretariat, scored_round):  # noqa: F811
    round_, _judges, entries = scored_round
    client.force_login(secretariat)
    page = client.get(url_of(round_)).content.decode()
    assert entries[0].title in page and "44,67" in page
    assert "GK 1" in page and "GK 3" in page
    assert "Giám khảo 0" not in page
    for action in ("save_policy", "seed_tiers", "add_tier", "freeze", "publish", "tie_decision"):
        assert f'value="{action}"' not in page
    for action in ("save_policy", "seed_tiers", "freeze"):
        assert client.post(url_of(round_), {"action": action, "confirm": "1"}).status_code == 403
    assert not PrizeTier.objects.exists() and not ResultSnapshot.objects.exists()


def test_the_organiser_sees_names_flags_and_charts(client, organiser, scored_round):  # noqa: F811
    round_, _judges, _entries = scored_round
    with_prizes(round_)
    client.force_login(organiser)
    page = client.get(url_of(round_)).content.decode()
    assert "Giám khảo 0" in page and "Giám khảo 2" in page
    assert "chênh lệch ≥ 20" in page  # entry 2: 48, 45, 24
    assert page.count("<svg") >= 3
    assert "Báo cáo công bằng" in page and "Spearman" in page
    assert 'value="save_policy"' in page and 'value="freeze"' in page
    assert "Chưa chốt" in page


def test_the_index_shows_each_rounds_state(client, organiser, scored_round):  # noqa: F811
    round_, _judges, _entries = scored_round
    with_prizes(round_)
    client.force_login(organiser)
    assert "Chưa chốt" in client.get(reverse("contest_results:index")).content.decode()
    snapshot = results.freeze(round=round_, by=organiser)
    assert "Đã chốt v1" in client.get(reverse("contest_results:index")).content.decode()
    results.publish(snapshot=snapshot, by=organiser)
    assert "Đã công bố v1" in client.get(reverse("contest_results:index")).content.decode()


# ---------------------------------------------------------------------------------------------
# Policy and tiers
# ---------------------------------------------------------------------------------------------


def test_save_policy_validates_every_rule(scored_round, organiser, secretariat):  # noqa: F811
    round_, _judges, _entries = scored_round
    with pytest.raises(DomainError):
        results_policy.save_policy(round_, secretariat, method="median")
    with pytest.raises(DomainError, match="không có"):
        results_policy.save_policy(round_, organiser, method="geometric")
    with pytest.raises(DomainError, match="phần thi"):
        results_policy.save_policy(round_, organiser, part_methods={"tiểu phẩm": "median"})
    with pytest.raises(DomainError, match="không có"):
        results_policy.save_policy(round_, organiser, part_methods={"": "cube"})
    with pytest.raises(DomainError, match="nhan_dan_tham_gia"):
        results_policy.save_policy(round_, organiser, tie_break_criteria=["hieu_qua", "nhan_dan_tham_gia"])
    with pytest.raises(DomainError):
        results_policy.save_policy(round_, organiser, trim_min_sheets=2)
    with pytest.raises(DomainError):
        results_policy.save_policy(round_, organiser, prize_cap_share="1,5")
    assert not ResultsPolicy.objects.exists()

    policy = results_policy.save_policy(
        round_,
        organiser,
        method="trimmed_mean",
        part_methods={"": "median"},
        tie_break_criteria=["hieu_qua", "sang_tao"],
        discrepancy_threshold="15,5",
        prize_cap_share="0,3",
    )
    policy.refresh_from_db()
    assert policy.method == "trimmed_mean" and policy.part_methods == {"": "median"}
    assert policy.discrepancy_threshold == D("15.5") and policy.prize_cap_share == D("0.3")
    assert AuditRecord.objects.filter(action=results_policy.POLICY_CHANGE).exists()


def test_policy_and_tiers_are_refused_while_frozen(scored_round, organiser):  # noqa: F811
    round_, _judges, _entries = scored_round
    tier = results_policy.add_tier(round_, organiser, code="nhat", name="Giải Nhất", quota=1)
    results.freeze(round=round_, by=organiser)
    with pytest.raises(results.ResultsFrozen):
        results_policy.save_policy(round_, organiser, method="median")
    with pytest.raises(results.ResultsFrozen):
        results_policy.add_tier(round_, organiser, code="nhi", name="Giải Nhì", quota=2)
    with pytest.raises(results.ResultsFrozen):
        results_policy.change_tier(tier, organiser, quota=3)
    with pytest.raises(results.ResultsFrozen):
        results_policy.delete_tier(tier, organiser)
    with pytest.raises(results.ResultsFrozen):
        results_policy.seed_default_tiers(round_, organiser)
    assert list(PrizeTier.objects.values_list("code", "quota")) == [("nhat", 1)]


def test_tiers_crud_through_the_page(client, organiser, scored_round):  # noqa: F811
    round_, _judges, _entries = scored_round
    client.force_login(organiser)
    url = url_of(round_)
    response = client.post(url, {"action": "seed_tiers"}, follow=True)
    assert "Đã thêm cơ cấu giải mặc định" in response.content.decode()
    assert list(PrizeTier.objects.order_by("order").values_list("code", "quota")) == [
        ("nhat", 1),
        ("nhi", 2),
        ("ba", 3),
        ("khuyen_khich", 5),
    ]
    response = client.post(url, {"action": "seed_tiers"}, follow=True)
    assert "đã có cơ cấu giải" in response.content.decode()

    client.post(url, {"action": "add_tier", "name": "Giải Động viên", "quota": "4"})
    extra = PrizeTier.objects.get(code="dong_vien")
    # A code typed into the request is not the form's: the name decides, and "Giải Nhất" again
    # gets a key of its own instead of clashing with the first.
    client.post(url, {"action": "add_tier", "code": "nhat", "name": "Giải Nhất", "quota": "1"}, follow=True)
    assert PrizeTier.objects.filter(round=round_, name="Giải Nhất").count() == 2
    assert PrizeTier.objects.filter(round=round_, code="nhat_2").exists()
    PrizeTier.objects.filter(code="nhat_2").delete()

    client.post(
        url,
        {"action": "change_tier", "tier": extra.pk, "name": "Giải Động viên", "quota": "6",
         "min_score": "30,5", "part": ""},
    )  # fmt: skip
    extra.refresh_from_db()
    assert (extra.quota, extra.min_score) == (6, D("30.5"))
    client.post(url, {"action": "delete_tier", "tier": extra.pk})
    assert not PrizeTier.objects.filter(pk=extra.pk).exists()

    results.freeze(round=round_, by=organiser)
    nhat = PrizeTier.objects.get(code="nhat")
    response = client.post(url, {"action": "delete_tier", "tier": nhat.pk}, follow=True)
    assert "đã được chốt" in response.content.decode()
    assert PrizeTier.objects.filter(pk=nhat.pk).exists()
    page = client.get(url).content.decode()
    assert 'value="delete_tier"' not in page and 'value="save_policy"' not in page


def test_policy_through_the_page(client, organiser, scored_round):  # noqa: F811
    round_, _judges, entries = scored_round
    client.force_login(organiser)
    url = url_of(round_)
    form = {
        "action": "save_policy",
        "method": "median",
        "trim_min_sheets": "5",
        "discrepancy_threshold": "20",
        "scope": "overall",
        "tie_break_1": "hieu_qua",
        "tie_break_2": "sang_tao",
        "tie_break_3": "",
        "tie_break_by_judges": "on",
        "min_prize_score": "0",
        "prize_cap_share": "",
        "shared_prizes": "on",
        "advance_top": "",
        "advance_threshold": "",
    }
    response = client.post(url, form, follow=True)
    assert "Đã lưu cách tính kết quả" in response.content.decode()
    policy = ResultsPolicy.objects.get(round=round_)
    assert policy.method == AggregationMethod.MEDIAN and policy.tie_break_criteria == ["hieu_qua", "sang_tao"]
    assert "45,00" in response.content.decode()  # entry 2's median

    # A round without named parts offers no per-part choice: a forged one changes nothing.
    assert 'name="part_method_1"' not in client.get(url).content.decode()
    client.post(url, {**form, "part_method_1": "mean"}, follow=True)
    assert ResultsPolicy.objects.get(round=round_).part_methods == {}
    response = client.post(url, {**form, "tie_break_1": "khong_co"}, follow=True)
    assert "Hãy chọn một tiêu chí trong danh sách" in response.content.decode()
    response = client.post(url, {**form, "tie_break_2": "hieu_qua"}, follow=True)
    assert "Mỗi tiêu chí chỉ ghi một lần" in response.content.decode()
    assert ResultsPolicy.objects.get(round=round_).tie_break_criteria == ["hieu_qua", "sang_tao"]


def test_the_tie_break_chain_is_chosen_by_criterion_name_not_typed_as_codes(client, organiser, scored_round):  # noqa: F811
    """Issue 12: one list per place, each offering the round's criteria by their Vietnamese names."""
    round_, _judges, _entries = scored_round
    results_policy.save_policy(round_, organiser, tie_break_criteria=["hieu_qua", "sang_tao"])
    client.force_login(organiser)
    html = client.get(url_of(round_)).content.decode()
    assert 'name="tie_break_criteria"' not in html
    first = re.search(r'<select name="tie_break_1"[^>]*>(.*?)</select>', html, re.S).group(1)
    options = dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', first))
    assert options["hieu_qua"].startswith("Hiệu quả")
    assert options[""] == "— không xét —"
    assert re.search(r'<option value="hieu_qua" selected>', first)
    second = re.search(r'<select name="tie_break_2"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert re.search(r'<option value="sang_tao" selected>', second)
    assert 'name="tie_break_3"' in html


# ---------------------------------------------------------------------------------------------
# Freezing, publishing, tie decisions
# ---------------------------------------------------------------------------------------------


def test_freeze_and_publish_through_the_page(client, organiser, scored_round):  # noqa: F811
    round_, judges, entries = scored_round
    with_prizes(round_)
    client.force_login(organiser)
    url = url_of(round_)
    response = client.post(url, {"action": "freeze"}, follow=True)
    assert "Hãy đánh dấu xác nhận" in response.content.decode()
    assert not ResultSnapshot.objects.exists()

    response = client.post(url, {"action": "freeze", "confirm": "1"}, follow=True)
    content = response.content.decode()
    assert "Đã chốt kết quả, phiên bản 1" in content
    snapshot = ResultSnapshot.objects.get(round=round_)
    assert "Bảng xếp hạng đã chốt" in content and snapshot.audit_head in content
    assert 'value="publish"' in content

    # The contest still takes dossiers (the factory's deadline is ahead): two ticks are needed.
    publish = {"action": "publish", "snapshot": snapshot.pk}
    response = client.post(url, publish, follow=True)
    assert "Hãy đánh dấu xác nhận đã đọc những gì sẽ được công khai" in response.content.decode()
    response = client.post(url, {**publish, "confirm": "1"}, follow=True)
    assert "Cuộc thi vẫn còn hồ sơ chưa vào bảng xếp hạng" in response.content.decode()
    snapshot.refresh_from_db()
    assert snapshot.status == SnapshotStatus.FROZEN

    response = client.post(url, {**publish, "confirm": "1", "confirm_open": "1"}, follow=True)
    assert "Đã công bố kết quả phiên bản 1" in response.content.decode()
    snapshot.refresh_from_db()
    assert snapshot.status == SnapshotStatus.PUBLISHED
    response = client.post(url, {**publish, "confirm": "1", "confirm_open": "1"}, follow=True)
    assert "Chỉ công bố được" in response.content.decode()

    # Reopening invalidates; the history keeps the reason and the live table returns.
    sheet = ScoreSheet.objects.get(round=round_, judge=judges[0], entry=entries[0])
    sheets.reopen_sheet(sheet=sheet, by=organiser, reason="Sai cộng điểm")
    page = client.get(url).content.decode()
    assert "Sai cộng điểm" in page and "Bảng xếp hạng (tạm tính)" in page


def test_freeze_problems_are_shown_and_a_refused_freeze_says_why(client, organiser, scored_round):  # noqa: F811
    round_, _judges, entries = scored_round
    assign(round_, make_judge("gk-tre"), entries[0])
    client.force_login(organiser)
    page = client.get(url_of(round_)).content.decode()
    assert "Chưa thể chốt kết quả" in page and "chưa nộp" in page
    assert 'value="freeze"' not in page
    assert reverse("contest_progress:round", args=[round_.pk]) in page
    response = client.post(url_of(round_), {"action": "freeze", "confirm": "1"}, follow=True)
    assert "chưa nộp" in response.content.decode()
    assert not ResultSnapshot.objects.exists()


@pytest.fixture
def tied_round(contest, organiser):
    round_ = make_round(contest, jury_only=True)
    judge = make_judge()
    entries = [EntryFactory(contest=contest, title=f"Mô hình bằng điểm {i}") for i in range(2)]
    for entry in entries:
        assign(round_, judge, entry)
        submitted_sheet(round_, judge, entry, {"sang_tao": 18, "hieu_qua": 20, "ho_so": 5})
    ResultsPolicy.objects.create(round=round_, shared_prizes=False, min_prize_score=D(0))
    PrizeTier.objects.create(round=round_, code="nhat", name="Giải Nhất", quota=1)
    return round_, entries


def test_tie_decision_through_the_page(client, organiser, tied_round):
    round_, entries = tied_round
    client.force_login(organiser)
    url = url_of(round_)
    page = client.get(url).content.decode()
    assert 'value="tie_decision"' in page and "bằng điểm" in page

    response = client.post(url, {"action": "tie_decision", "place": [entries[1].pk, entries[0].pk]}, follow=True)
    assert "Hãy ghi căn cứ" in response.content.decode()
    response = client.post(
        url, {"action": "tie_decision", "place": [entries[1].pk, entries[1].pk], "reason": "Biểu quyết"}, follow=True
    )
    assert "hai hồ sơ khác nhau" in response.content.decode()
    response = client.post(
        url,
        {"action": "tie_decision", "place": [entries[1].pk, entries[0].pk], "reason": "Biểu quyết 5/7"},
        follow=True,
    )
    content = response.content.decode()
    assert "Đã ghi quyết định phân định" in content
    assert TieDecision.objects.get(round=round_).entry_order == [entries[1].pk, entries[0].pk]
    assert 'value="tie_decision"' not in content and 'value="freeze"' in content
    assert "Phân định theo quyết định của Ban Giám khảo" in content


def test_sensitivity_lists_the_prizes_another_method_would_move(client, organiser, scored_round):  # noqa: F811
    round_, _judges, entries = scored_round
    # Mean: 44.67, 39.00, 37.67; median: 45, 45, 38. With no tie-break rule and shared prizes, the
    # median would give entry 2 a share of the single first prize.
    ResultsPolicy.objects.create(
        round=round_, min_prize_score=D(0), tie_break_criteria=[], tie_break_by_judges=False, shared_prizes=True
    )
    PrizeTier.objects.create(round=round_, code="nhat", name="Giải Nhất", quota=1, order=1)
    client.force_login(organiser)
    page = client.get(url_of(round_)).content.decode()
    report = page.split("Nếu đổi cách tổng hợp điểm", 1)[1].split("Cách tính kết quả và cơ cấu giải", 1)[0]
    median = report.split("Trung vị", 1)[1].split("<h4", 1)[0]
    assert entries[2].title in median and "Giải Nhất" in median
    assert entries[1].title not in median
    assert "Không giải nào thay đổi" in report  # the trimmed mean keeps the mean below 5 sheets


# ---------------------------------------------------------------------------------------------
# Scale
# ---------------------------------------------------------------------------------------------


def test_the_page_queries_do_not_grow_with_entries(client, organiser, contest):
    round_ = make_round(contest, jury_only=True)
    judges = [make_judge(f"gk{i}", full_name=f"Giám khảo {i}") for i in range(3)]
    results_policy.seed_default_tiers(round_, organiser)
    client.force_login(organiser)

    def grow_to(n):
        while round_.round_entries.count() < n:
            i = round_.round_entries.count()
            entry = EntryFactory(contest=contest, unit=UnitFactory())
            for j, judge in enumerate(judges):
                assign(round_, judge, entry)
                submitted_sheet(
                    round_, judge, entry, {"sang_tao": 10 + (i + j) % 9, "hieu_qua": 15 + i % 7, "ho_so": 4}
                )

    grow_to(3)
    client.get(url_of(round_))  # warm caches (content types, site)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url_of(round_)).status_code == 200
    grow_to(30)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url_of(round_))
    assert len(many.captured_queries) == len(few.captured_queries)
    assert response.content.decode().count('class="title"') == 30

    results.freeze(round=round_, by=organiser)
    with CaptureQueriesContext(connection) as frozen:
        response = client.get(url_of(round_))
    assert response.content.decode().count('class="title"') == 30
    assert len(frozen.captured_queries) <= len(few.captured_queries) + 3


def test_a_large_round_is_paginated(client, organiser, contest):
    from contest.judging.models import RoundEntry

    round_ = make_round(contest, jury_only=True)
    unit = UnitFactory()
    RoundEntry.objects.bulk_create(
        RoundEntry(round=round_, entry=EntryFactory(contest=contest, unit=unit), code=i + 1) for i in range(205)
    )
    client.force_login(organiser)
    assert client.get(url_of(round_)).content.decode().count('class="title"') == 200
    assert client.get(url_of(round_), {"p": 2}).content.decode().count('class="title"') == 5


def test_drafts_are_not_counted_on_the_page(client, organiser, scored_round):  # noqa: F811
    round_, judges, entries = scored_round
    ScoreSheet.objects.filter(round=round_, judge=judges[2], entry=entries[2]).update(status=SheetStatus.DRAFT)
    client.force_login(organiser)
    page = client.get(url_of(round_)).content.decode()
    assert "46,50" in page  # (48 + 45) / 2
    assert "Còn 1 phiếu chấm" in page


def test_advance_through_the_page(client, organiser, scored_round, contest):  # noqa: F811
    from contest.core.models import Round
    from contest.judging.models import RoundEntry
    from contest.results.models import ResultsPolicy

    round_, _judges, entries = scored_round
    ResultsPolicy.objects.create(round=round_, advance_top=1)
    final = Round.objects.create(contest=contest, name="Vòng chung kết", order=round_.order + 1)
    results.freeze(round=round_, by=organiser)
    client.force_login(organiser)
    page = client.get(url_of(round_)).content.decode()
    assert "Đưa 1 hồ sơ được chọn vào Vòng chung kết" in page
    snapshot = round_.snapshots.get()
    response = client.post(url_of(round_), {"action": "advance", "snapshot": snapshot.pk}, follow=True)
    assert "Đã đưa 1 hồ sơ vào Vòng chung kết." in response.content.decode()
    assert list(RoundEntry.objects.filter(round=final).values_list("entry_id", flat=True)) == [entries[0].pk]


def test_ranking_and_matrix_downloads(client, organiser, secretariat, unit_user, scored_round):  # noqa: F811
    import csv
    import io

    from openpyxl import load_workbook

    round_, judges, entries = scored_round
    entries[0].title = '=HYPERLINK("http://x","y")'
    entries[0].save()
    ranking_url = reverse("contest_result_downloads:ranking", args=[round_.pk, "xlsx"])
    matrix_csv = reverse("contest_result_downloads:matrix", args=[round_.pk, "csv"])

    client.force_login(unit_user)
    assert client.get(ranking_url).status_code == 302  # Wagtail's login: no admin access

    client.force_login(secretariat)
    sheet = load_workbook(io.BytesIO(client.get(ranking_url).content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Hạng"
    assert not any(isinstance(v, str) and v.startswith("=") for row in values for v in row)
    matrix = list(csv.reader(io.StringIO(client.get(matrix_csv).content.decode("utf-8-sig"))))
    assert len(matrix) == 1 + 9 and "GK 1" in {row[2] for row in matrix[1:]}
    assert judges[0].display_name not in str(matrix)
    assert client.get(reverse("contest_result_downloads:ranking", args=[round_.pk, "pdf"])).status_code == 404

    client.force_login(organiser)
    named = client.get(matrix_csv).content.decode("utf-8-sig")
    assert judges[0].display_name in named


# ---------------------------------------------------------------------------------------------
# Guard rails (issue 12): no freeze without prizes, publishing says what goes public, and the
# page says when dossiers are still coming
# ---------------------------------------------------------------------------------------------


def test_a_round_without_a_prize_structure_cannot_be_frozen(client, organiser, scored_round):  # noqa: F811
    round_, _judges, _entries = scored_round
    PrizeTier.objects.filter(round=round_).delete()
    with pytest.raises(DomainError, match="Vòng chưa có cơ cấu giải"):
        results.freeze(round=round_, by=organiser)
    client.force_login(organiser)
    page = client.get(url_of(round_)).content.decode()
    assert "Vòng chưa có cơ cấu giải" in page and 'value="freeze"' not in page
    response = client.post(url_of(round_), {"action": "freeze", "confirm": "1"}, follow=True)
    assert "Vòng chưa có cơ cấu giải" in response.content.decode()
    assert not ResultSnapshot.objects.exists()

    # A cluster round that only sends entries on needs no prizes.
    results_policy.save_policy(round_, organiser, advance_top=1)
    assert results.freeze(round=round_, by=organiser).version == 1


def test_publishing_shows_what_becomes_public_and_what_cannot_be_undone(client, organiser, scored_round):  # noqa: F811
    round_, _judges, _entries = scored_round
    with_prizes(round_)
    results.freeze(round=round_, by=organiser)
    client.force_login(organiser)
    page = client.get(url_of(round_)).content.decode()
    assert 'id="publish-confirmation"' in page
    assert "điểm, xếp loại và điểm từng tiêu chí của mọi hồ sơ" in page
    assert "không công khai: tên giám khảo" in page
    assert "Không thể rút lại:" in page
    assert 'name="confirm" value="1" id="publish-confirm" required' in page


def test_the_page_warns_while_dossiers_are_still_coming(client, organiser, contest, scored_round):  # noqa: F811
    from django.utils import timezone

    from contest.dossiers.enums import EntryState

    round_, _judges, _entries = scored_round
    with_prizes(round_)
    EntryFactory(contest=contest, state=EntryState.SUBMITTED, receipt_code="BN-2026-0099", title="Đang chờ kiểm tra")
    client.force_login(organiser)
    page = client.get(url_of(round_)).content.decode()
    assert "Bảng xếp hạng chưa phải kết quả cuối cùng" in page
    assert "Cuộc thi vẫn đang nhận hồ sơ (hạn nộp" in page
    assert "1 hồ sơ đã nộp còn chờ Tổ Thư ký kiểm tra" in page

    # Deadline passed and every dossier checked: no warning, one tick publishes.
    contest.registration_opens = timezone.now() - timezone.timedelta(days=60)
    contest.submission_deadline = timezone.now() - timezone.timedelta(days=1)
    contest.save()
    contest.entries.filter(state=EntryState.SUBMITTED).update(state=EntryState.REJECTED)
    assert results.entries_still_coming(round_) == []
    snapshot = results.freeze(round=round_, by=organiser)
    page = client.get(url_of(round_)).content.decode()
    assert 'id="still-coming"' not in page and "confirm_open" not in page
    client.post(url_of(round_), {"action": "publish", "snapshot": snapshot.pk, "confirm": "1"})
    snapshot.refresh_from_db()
    assert snapshot.status == SnapshotStatus.PUBLISHED


def test_prizes_are_named_and_parts_get_their_method_from_a_list_no_code_typed(client, organiser, contest):
    """Issue 12: the organiser names a prize (its key is derived) and picks each part's method by name."""
    from tests.factories import RoundFactory
    from tests.factories.judging import CriterionFactory, RubricFactory

    round_ = RoundFactory(contest=contest)
    for order, part in enumerate(["Chào hỏi", "Tiểu phẩm"]):
        CriterionFactory(rubric=RubricFactory(round=round_, part=part, order=order), code=f"phan_{order}")
    client.force_login(organiser)
    url = url_of(round_)
    html = client.get(url).content.decode()
    assert 'name="code"' not in html and 'name="part_methods"' not in html
    first = re.search(r'<select name="part_method_1"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert "— như cách chung —" in first and "Trung vị" in first
    assert re.search(r'<label[^>]*for="id_part_method_2"[^>]*>\s*Tiểu phẩm', html)

    client.post(url, {"action": "add_tier", "name": "Giải Khuyến khích", "quota": "3"})
    client.post(url, {"action": "add_tier", "name": "Giải Khuyến khích", "quota": "1"})
    assert list(PrizeTier.objects.filter(round=round_).values_list("code", flat=True)) == [
        "khuyen_khich",
        "khuyen_khich_2",
    ]
    form = {"action": "save_policy", "method": "mean", "trim_min_sheets": "5", "discrepancy_threshold": "20"}
    form |= {"scope": "overall", "min_prize_score": "0", "part_method_2": "median"}
    client.post(url, form, follow=True)
    assert ResultsPolicy.objects.get(round=round_).part_methods == {"Tiểu phẩm": "median"}
    assert re.search(r'<option value="median" selected>', client.get(url).content.decode())
    response = client.post(url, {**form, "part_method_2": "cube"}, follow=True)
    assert "Hãy chọn một cách trong danh sách" in response.content.decode()
