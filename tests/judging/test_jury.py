"""Juries, conflicts of interest and assignment: contest/conflicts.py, contest/services/jury.py and
the back-office page "Ban Giám khảo và phân công"."""

from collections import Counter

import pytest
from django.urls import reverse

from contest.core.errors import DomainError
from contest.core.models import AuditRecord
from contest.dossiers.enums import EntryState
from contest.judging import conflicts
from contest.judging.enums import ConflictKind, SheetStatus
from contest.judging.models import Assignment, Conflict, JuryMembership, RoundEntry, ScoreSheet
from contest.judging.services import jury
from contest.rules import is_conflicted, is_jury_member
from tests.factories import EntryFactory, UnitFactory, UserFactory

# ---------------------------------------------------------------------------------------------
# Data: a province with two communes, a department, and judges from some of them.
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def province(db):
    return UnitFactory(name="Ban Tuyên giáo và Dân vận Tỉnh ủy")


@pytest.fixture
def commune(province):
    return UnitFactory(name="Đảng ủy phường Thanh Khê", parent=province)


@pytest.fixture
def other_commune(province):
    return UnitFactory(name="Đảng ủy xã Hòa Vang", parent=province)


@pytest.fixture
def hamlet(commune):
    return UnitFactory(name="Chi bộ Tổ dân phố 12", parent=commune)


@pytest.fixture
def the_round(contest):
    return contest.rounds.get()


_receipts = iter(range(1, 100_000))


def accepted(contest, unit, **kwargs):
    return EntryFactory(
        contest=contest, unit=unit, state=EntryState.ACCEPTED, receipt_code=f"DVK26-{next(_receipts):06d}", **kwargs
    )


def judge(unit=None, **kwargs):
    return UserFactory(roles=["judge"], unit=unit, **kwargs)


def admitted(the_round, organiser, *entries):
    jury.admit_accepted_entries(round=the_round, by=organiser)
    return entries


def pairs(the_round):
    return set(Assignment.objects.filter(round=the_round).values_list("judge_id", "entry_id"))


# ---------------------------------------------------------------------------------------------
# Entries of the round
# ---------------------------------------------------------------------------------------------


def test_admission_takes_accepted_entries_once_with_sequential_codes(contest, the_round, organiser, unit, other_unit):
    first = [accepted(contest, unit), accepted(contest, other_unit)]
    EntryFactory(contest=contest, unit=unit)  # a draft stays out
    created = jury.admit_accepted_entries(round=the_round, by=organiser)
    assert sorted(r.entry_id for r in created) == sorted(e.pk for e in first)
    assert jury.admit_accepted_entries(round=the_round, by=organiser) == []
    late = accepted(contest, other_unit)
    (added,) = jury.admit_accepted_entries(round=the_round, by=organiser)
    assert added.entry_id == late.pk
    assert sorted(RoundEntry.objects.filter(round=the_round).values_list("code", flat=True)) == [1, 2, 3]
    assert added.code == 3
    assert AuditRecord.objects.filter(action="round.admit").count() == 2


# ---------------------------------------------------------------------------------------------
# Members
# ---------------------------------------------------------------------------------------------


def test_only_accounts_with_the_judge_role_join_the_jury(the_round, organiser, unit_user):
    with pytest.raises(DomainError, match="chưa có vai trò Giám khảo"):
        jury.add_judge(round=the_round, judge=unit_user, by=organiser)
    member = judge()
    jury.add_judge(round=the_round, judge=member, by=organiser)
    jury.add_judge(round=the_round, judge=member, by=organiser)  # idempotent
    assert JuryMembership.objects.filter(round=the_round).count() == 1
    assert is_jury_member(member, the_round)
    assert not is_jury_member(unit_user, the_round)


def test_a_round_has_one_head_judge(the_round, organiser):
    head, other = judge(full_name="Hoàng Văn Em"), judge()
    jury.add_judge(round=the_round, judge=head, is_head=True, by=organiser)
    with pytest.raises(DomainError, match="đã có Trưởng Ban Giám khảo: Hoàng Văn Em"):
        jury.add_judge(round=the_round, judge=other, is_head=True, by=organiser)
    assert not JuryMembership.objects.filter(round=the_round, judge=other).exists()  # nothing half-done
    jury.add_judge(round=the_round, judge=other, by=organiser)
    jury.set_head(round=the_round, judge=other, by=organiser)
    assert list(JuryMembership.objects.filter(round=the_round, is_head=True).values_list("judge", flat=True)) == [
        other.pk
    ]


def test_removing_a_judge_withdraws_the_assignments_unless_a_sheet_was_submitted(
    contest, the_round, organiser, unit, other_unit
):
    entry = accepted(contest, unit)
    jury.admit_accepted_entries(round=the_round, by=organiser)
    first, second = judge(), judge()
    for member in (first, second):
        jury.add_judge(round=the_round, judge=member, by=organiser)
        jury.assign_manually(round=the_round, judge=member, entry=entry, by=organiser)
    ScoreSheet.objects.create(round=the_round, judge=second, entry=entry, status=SheetStatus.SUBMITTED)
    with pytest.raises(DomainError, match="đã nộp phiếu chấm"):
        jury.remove_judge(round=the_round, judge=second, by=organiser, confirmed=True)
    jury.remove_judge(round=the_round, judge=first, by=organiser, confirmed=True)
    assert pairs(the_round) == {(second.pk, entry.pk)}
    assert not JuryMembership.objects.filter(round=the_round, judge=first).exists()


# ---------------------------------------------------------------------------------------------
# Conflicts
# ---------------------------------------------------------------------------------------------


def test_automatic_conflicts_follow_the_unit_hierarchy_one_level_each_way(
    contest, the_round, organiser, province, commune, other_commune, hamlet
):
    own, parent, child, sibling = (
        accepted(contest, commune),
        accepted(contest, province),
        accepted(contest, hamlet),
        accepted(contest, other_commune),
    )
    jury.admit_accepted_entries(round=the_round, by=organiser)
    member = judge(unit=commune)
    from_province = judge(unit=province)
    for j in (member, from_province):
        jury.add_judge(round=the_round, judge=j, by=organiser)

    reasons = conflicts.conflict_reasons(the_round)
    assert reasons[(member.pk, own.pk)] == conflicts.OWN_UNIT
    assert reasons[(member.pk, parent.pk)] == conflicts.PARENT_UNIT
    assert reasons[(member.pk, child.pk)] == conflicts.CHILD_UNIT
    assert (member.pk, sibling.pk) not in reasons
    # From the province: its own entry and its children, but not the hamlet two levels down.
    assert {e for j, e in reasons if j == from_province.pk} == {parent.pk, own.pk, sibling.pk}
    for entry in (own, parent, child):
        assert conflicts.is_conflicted(round=the_round, judge=member, entry=entry)
    assert not conflicts.is_conflicted(round=the_round, judge=member, entry=sibling)


def test_declared_conflicts_by_entry_or_unit_and_recusals(contest, the_round, organiser, unit, other_unit):
    a, b, c = accepted(contest, unit), accepted(contest, unit), accepted(contest, other_unit)
    jury.admit_accepted_entries(round=the_round, by=organiser)
    member = judge()
    jury.add_judge(round=the_round, judge=member, by=organiser)
    assert conflicts.forbidden_pairs(the_round) == set()

    with pytest.raises(DomainError, match="lý do"):
        jury.declare_conflict(round=the_round, judge=member, unit=unit, reason="  ", by=organiser)
    jury.declare_conflict(round=the_round, judge=member, unit=unit, reason="Vợ công tác tại đơn vị", by=organiser)
    assert conflicts.forbidden_pairs(the_round) == {(member.pk, a.pk), (member.pk, b.pk)}

    jury.assign_manually(round=the_round, judge=member, entry=c, by=organiser)
    jury.recuse(round=the_round, judge=member, entry=c, reason="Từng góp ý xây dựng mô hình này")
    assert conflicts.forbidden_pairs(the_round) == {(member.pk, a.pk), (member.pk, b.pk), (member.pk, c.pk)}
    assert pairs(the_round) == set()  # the recusal withdrew the assignment
    recusal = Conflict.objects.get(kind=ConflictKind.RECUSAL)
    assert recusal.recorded_by == member
    assert AuditRecord.objects.filter(action="conflict.recuse", actor=member).exists()
    round_entry = RoundEntry.objects.get(round=the_round, entry=c)
    assert is_conflicted(member, round_entry)


def test_declaring_a_conflict_withdraws_assignments_but_not_a_submitted_sheet(contest, the_round, organiser, unit):
    entry = accepted(contest, unit)
    jury.admit_accepted_entries(round=the_round, by=organiser)
    member = judge()
    jury.add_judge(round=the_round, judge=member, by=organiser)
    jury.assign_manually(round=the_round, judge=member, entry=entry, by=organiser)
    ScoreSheet.objects.create(round=the_round, judge=member, entry=entry, status=SheetStatus.SUBMITTED)
    with pytest.raises(DomainError, match="cần mở lại phiếu"):
        jury.declare_conflict(round=the_round, judge=member, entry=entry, reason="Người thân", by=organiser)
    with pytest.raises(DomainError, match="cần mở lại phiếu"):
        jury.recuse(round=the_round, judge=member, entry=entry, reason="Người thân")
    assert not Conflict.objects.exists()  # all or nothing
    ScoreSheet.objects.update(status=SheetStatus.DRAFT)
    jury.declare_conflict(round=the_round, judge=member, entry=entry, reason="Người thân", by=organiser)
    assert pairs(the_round) == set()


def test_forbidden_pairs_cost_three_queries_whatever_the_size(contest, the_round, organiser, django_assert_num_queries):
    for _i in range(30):
        accepted(contest, UnitFactory(parent=UnitFactory()))
    jury.admit_accepted_entries(round=the_round, by=organiser)
    for _i in range(5):
        member = judge(unit=UnitFactory())
        jury.add_judge(round=the_round, judge=member, by=organiser)
        jury.declare_conflict(round=the_round, judge=member, unit=UnitFactory(), reason="Khai báo thử", by=organiser)
    with django_assert_num_queries(3):
        conflicts.forbidden_pairs(the_round)


# ---------------------------------------------------------------------------------------------
# Assignment
# ---------------------------------------------------------------------------------------------


def _jury_of(the_round, organiser, units):
    members = [judge(unit=u) for u in units]
    for member in members:
        jury.add_judge(round=the_round, judge=member, by=organiser)
    return members


def test_automatic_assignment_meets_the_quota_and_respects_conflicts(
    contest, the_round, organiser, commune, other_commune, province
):
    the_round.judges_per_entry = 2
    the_round.save()
    entries = [accepted(contest, commune) for _i in range(3)] + [accepted(contest, other_commune) for _i in range(3)]
    jury.admit_accepted_entries(round=the_round, by=organiser)
    members = _jury_of(the_round, organiser, [commune, None, None, None])
    result = jury.assign_automatically(round=the_round, by=organiser, seed=42)

    assigned = pairs(the_round)
    assert Counter(e for _j, e in assigned) == {e.pk: 2 for e in entries}
    assert not {(members[0].pk, e.pk) for e in entries[:3]} & assigned
    assert max(result.loads.values()) - min(result.loads.values()) <= 1
    record = AuditRecord.objects.get(action="assignment.auto")
    assert record.new["seed"] == 42
    # Each judge's order is 1..n.
    for member in members:
        positions = sorted(Assignment.objects.filter(round=the_round, judge=member).values_list("position", flat=True))
        assert positions == list(range(1, len(positions) + 1))


def test_automatic_assignment_keeps_existing_ones_and_is_idempotent(contest, the_round, organiser, unit):
    the_round.judges_per_entry = 2
    the_round.save()
    entries = [accepted(contest, unit) for _i in range(4)]
    jury.admit_accepted_entries(round=the_round, by=organiser)
    members = _jury_of(the_round, organiser, [None, None, None])
    jury.assign_manually(round=the_round, judge=members[0], entry=entries[0], by=organiser)
    jury.assign_automatically(round=the_round, by=organiser, seed=1)
    assigned = pairs(the_round)
    assert (members[0].pk, entries[0].pk) in assigned
    assert len(assigned) == 8
    again = jury.assign_automatically(round=the_round, by=organiser, seed=2)
    assert again.pairs == []
    assert pairs(the_round) == assigned


def test_automatic_assignment_explains_an_impossibility_and_saves_nothing(contest, the_round, organiser, commune):
    the_round.judges_per_entry = 2
    the_round.save()
    accepted(contest, commune)
    accepted(contest, UnitFactory())
    jury.admit_accepted_entries(round=the_round, by=organiser)
    _jury_of(the_round, organiser, [commune, None])
    code = RoundEntry.objects.get(round=the_round, entry__unit=commune).code
    with pytest.raises(jury.AssignmentImpossible) as error:
        jury.assign_automatically(round=the_round, by=organiser, seed=1)
    message = str(error.value)
    assert "Không thể phân công tự động: 1 hồ sơ không đủ giám khảo" in message
    assert f"Hồ sơ số {code:03d}: chỉ 1 giám khảo có thể chấm, cần thêm 2 (1 giám khảo vướng xung đột" in message
    assert pairs(the_round) == set()
    assert not AuditRecord.objects.filter(action="assignment.auto").exists()


def test_all_judges_score_all(contest, the_round, organiser, commune):
    the_round.all_judges_score_all = True
    the_round.save()
    own, other = accepted(contest, commune), accepted(contest, UnitFactory())
    jury.admit_accepted_entries(round=the_round, by=organiser)
    _jury_of(the_round, organiser, [commune, None, None])
    jury.assign_automatically(round=the_round, by=organiser)
    assert Counter(e for _j, e in pairs(the_round)) == {own.pk: 2, other.pk: 3}


def test_manual_assignment_of_a_conflicted_judge_is_refused(contest, the_round, organiser, commune, hamlet):
    entry = accepted(contest, hamlet)
    jury.admit_accepted_entries(round=the_round, by=organiser)
    (member,) = _jury_of(the_round, organiser, [commune])
    with pytest.raises(DomainError, match=r"vướng xung đột lợi ích với hồ sơ số 001 \(Hồ sơ của đơn vị trực thuộc\)"):
        jury.assign_manually(round=the_round, judge=member, entry=entry, by=organiser)
    outsider = judge()
    with pytest.raises(DomainError, match="không phải thành viên"):
        jury.assign_manually(round=the_round, judge=outsider, entry=entry, by=organiser)
    assert pairs(the_round) == set()


def test_manual_assignment_is_appended_to_the_judges_order(contest, the_round, organiser, unit):
    first, second = accepted(contest, unit), accepted(contest, unit)
    jury.admit_accepted_entries(round=the_round, by=organiser)
    (member,) = _jury_of(the_round, organiser, [None])
    a = jury.assign_manually(round=the_round, judge=member, entry=first, by=organiser)
    b = jury.assign_manually(round=the_round, judge=member, entry=second, by=organiser)
    assert jury.assign_manually(round=the_round, judge=member, entry=first, by=organiser) == a
    assert (a.position, b.position) == (1, 2)
    jury.unassign(round=the_round, judge=member, entry=first, by=organiser)
    assert pairs(the_round) == {(member.pk, second.pk)}


# ---------------------------------------------------------------------------------------------
# The back-office page
# ---------------------------------------------------------------------------------------------


def _get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("organiser", 200), ("secretariat", 200), ("unit_user", "login"), ("judge", "login"), ("anonymous", "login")],
)
def test_jury_pages_by_persona(client, request, the_round, persona, expected):
    makers = {"judge": judge, "anonymous": lambda: None}
    user = makers[persona]() if persona in makers else request.getfixturevalue(persona)
    for url in (reverse("contest_jury:index"), reverse("contest_jury:round", args=[the_round.pk])):
        response = _get(client, user, url)
        if expected == "login":
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("wagtailadmin_login"))
        else:
            assert response.status_code == expected


def test_a_staff_member_without_the_jury_permission_gets_403(client, the_round):
    from django.contrib.auth.models import Permission

    editor = UserFactory(username="bientap")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get(reverse("contest_jury:round", args=[the_round.pk])).status_code == 403
    assert client.get(reverse("contest_jury:index")).status_code == 403


def test_the_secretariat_sees_but_cannot_change(client, secretariat, contest, the_round, unit):
    accepted(contest, unit)
    client.force_login(secretariat)
    url = reverse("contest_jury:round", args=[the_round.pk])
    page = client.get(url).content.decode()
    assert "Ban Giám khảo" in page
    assert 'value="admit"' not in page and 'value="auto_assign"' not in page
    assert client.post(url, {"action": "admit"}).status_code == 403
    assert not RoundEntry.objects.exists()


def test_organiser_runs_the_jury_from_the_page(client, organiser, contest, the_round, commune):
    the_round.judges_per_entry = 1
    the_round.save()
    own = accepted(contest, commune, title="Tổ liên gia an toàn")
    other = accepted(contest, UnitFactory(), title="Bữa cơm nghĩa tình")
    first, second = judge(unit=commune, full_name="Hoàng Văn Em"), judge(full_name="Đỗ Thị Giang")
    url = reverse("contest_jury:round", args=[the_round.pk])
    client.force_login(organiser)

    assert client.post(url, {"action": "admit"}).status_code == 302
    assert RoundEntry.objects.filter(round=the_round).count() == 2
    client.post(url, {"action": "add_judge", "judge": first.pk, "is_head": "on"})
    client.post(url, {"action": "add_judge", "judge": second.pk})
    assert JuryMembership.objects.get(round=the_round, is_head=True).judge == first

    own_code = RoundEntry.objects.get(entry=own).code
    response = client.post(
        url, {"action": "assign", "judge": first.pk, "round_entry": RoundEntry.objects.get(entry=own).pk}, follow=True
    )
    assert f"vướng xung đột lợi ích với hồ sơ số {own_code:03d}" in response.content.decode()

    response = client.post(url, {"action": "auto_assign", "seed": "7"}, follow=True)
    assert "Đã phân công tự động thêm 2 lượt chấm (mã ngẫu nhiên 7" in response.content.decode()
    assert pairs(the_round) - {(first.pk, other.pk), (second.pk, other.pk)} == {(second.pk, own.pk)}

    client.post(url, {"action": "declare_conflict", "judge": second.pk, "unit": other.unit_id, "reason": "Quê nhà"})
    assert Conflict.objects.filter(judge=second, unit=other.unit).exists()
    page = client.get(url).content.decode()
    assert "Quê nhà" in page and "Hoàng Văn Em" in page and "Trưởng Ban Giám khảo" in page


def test_the_page_explains_an_impossible_assignment(client, organiser, contest, the_round, commune):
    accepted(contest, commune)
    jury.admit_accepted_entries(round=the_round, by=organiser)
    _jury_of(the_round, organiser, [commune])
    client.force_login(organiser)
    response = client.post(reverse("contest_jury:round", args=[the_round.pk]), {"action": "auto_assign"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Không thể phân công tự động: 1 hồ sơ không đủ giám khảo" in content
    assert "Hồ sơ số 001: chỉ 0 giám khảo có thể chấm, cần thêm 3" in content


def test_the_round_page_queries_do_not_grow_with_entries(
    client, organiser, contest, the_round, django_assert_max_num_queries
):
    members = _jury_of(the_round, organiser, [UnitFactory() for _i in range(4)])
    client.force_login(organiser)
    url = reverse("contest_jury:round", args=[the_round.pk])

    def grow_to(n):
        while RoundEntry.objects.filter(round=the_round).count() < n:
            accepted(contest, UnitFactory(parent=members[0].unit))
            jury.admit_accepted_entries(round=the_round, by=organiser)
        jury.assign_automatically(round=the_round, by=organiser)
        jury.declare_conflict(round=the_round, judge=members[1], unit=UnitFactory(), reason="Khai báo", by=organiser)

    grow_to(5)
    client.get(url)  # warm caches (content types, site)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow_to(50)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("<tr") > 50


def test_the_page_flags_an_assignment_that_a_later_unit_change_made_conflicted(
    client, organiser, contest, the_round, unit
):
    entry = accepted(contest, unit)
    jury.admit_accepted_entries(round=the_round, by=organiser)
    (member,) = _jury_of(the_round, organiser, [None])
    jury.assign_manually(round=the_round, judge=member, entry=entry, by=organiser)
    member.unit = unit
    member.save()
    client.force_login(organiser)
    page = client.get(reverse("contest_jury:round", args=[the_round.pk])).content.decode()
    assert "vướng xung đột lợi ích (đơn vị đã thay đổi sau khi phân công)" in page


def test_the_round_lists_count_each_table_once(client, organiser, contest):
    """Counts per round come from one subquery each: a join of entries × judges × assignments
    would multiply rows (and, without DISTINCT, the numbers)."""
    from contest.core.backoffice.sections import count_per_round, rounds_with
    from contest.judging.enums import SheetKind
    from contest.judging.models import Assignment, JuryMembership, RoundEntry, ScoreSheet
    from tests.factories import EntryFactory
    from tests.factories.judging import assign, make_judge, make_round

    round_ = make_round(contest)
    judges = [make_judge(f"gk{i}") for i in range(3)]
    entries = [EntryFactory(contest=contest) for _ in range(4)]
    for entry in entries:
        for judge in judges[:2]:
            assign(round_, judge, entry)
    JuryMembership.objects.get_or_create(round=round_, judge=judges[2])
    ScoreSheet.objects.create(round=round_, judge=judges[0], entry=entries[0], kind=SheetKind.JURY)
    counted = rounds_with(
        n_entries=count_per_round(RoundEntry),
        n_judges=count_per_round(JuryMembership),
        n_assignments=count_per_round(Assignment),
        n_sheets=count_per_round(ScoreSheet, kind=SheetKind.JURY),
    ).get(pk=round_.pk)
    assert (counted.n_entries, counted.n_judges, counted.n_assignments, counted.n_sheets) == (4, 3, 8, 1)
    empty = rounds_with(n_entries=count_per_round(RoundEntry)).exclude(pk=round_.pk).first()
    assert empty is None or empty.n_entries == 0


# ---------------------------------------------------------------------------------------------
# After the results: the round's entries and jury are fixed.
# ---------------------------------------------------------------------------------------------


def _results_in_force(round_, organiser, status):
    from django.utils import timezone

    from contest.results.enums import AggregationMethod, SnapshotStatus
    from contest.results.models import ResultSnapshot

    return ResultSnapshot.objects.create(
        round=round_,
        version=1,
        status=status,
        method=AggregationMethod.MEAN,
        parameters={},
        audit_head="0" * 64,
        frozen_by=organiser,
        published_at=timezone.now() if status == SnapshotStatus.PUBLISHED else None,
    )


@pytest.mark.parametrize(("status", "word"), [("published", "công bố"), ("frozen", "chốt")])
def test_no_admission_or_assignment_once_the_results_are_in_force(
    contest, the_round, organiser, commune, other_commune, status, word
):
    first = accepted(contest, commune)
    a_judge = judge(unit=other_commune)
    jury.admit_accepted_entries(round=the_round, by=organiser)
    jury.add_judge(round=the_round, judge=a_judge, by=organiser)
    _results_in_force(the_round, organiser, status)
    late = accepted(contest, other_commune)
    records = AuditRecord.objects.count()

    attempts = [
        lambda: jury.admit_accepted_entries(round=the_round, by=organiser),
        lambda: jury.add_judge(round=the_round, judge=judge(), by=organiser),
        lambda: jury.assign_manually(round=the_round, judge=a_judge, entry=first, by=organiser),
        lambda: jury.assign_automatically(round=the_round, by=organiser, seed=1),
        lambda: jury.remove_judge(round=the_round, judge=a_judge, by=organiser),
    ]
    for attempt in attempts:
        with pytest.raises(DomainError, match=f"đã được {word}.*mở lại phiếu chấm"):
            attempt()
    assert not RoundEntry.objects.filter(entry=late).exists()
    assert not Assignment.objects.exists()
    assert JuryMembership.objects.filter(round=the_round).count() == 1
    assert AuditRecord.objects.count() == records


def test_the_jury_page_says_why_it_is_locked_and_hides_the_actions(client, organiser, contest, the_round, commune):
    accepted(contest, commune)
    _results_in_force(the_round, organiser, "published")
    client.force_login(organiser)
    url = reverse("contest_jury:round", args=[the_round.pk])
    page = client.get(url).content.decode()
    assert "Kết quả của vòng này đã được công bố" in page
    assert 'value="admit"' not in page and 'value="auto_assign"' not in page
    response = client.post(url, {"action": "admit"}, follow=True)
    assert "đã được công bố" in response.content.decode()
    assert not RoundEntry.objects.exists()


def test_removing_a_judge_with_work_asks_first_and_says_what_goes(client, organiser, contest, the_round, unit):
    """Issue 12: the service refuses without the confirmation; the page says how many assignments
    and sheets being scored go, then removes on the second, confirmed post."""
    entries = [accepted(contest, unit), accepted(contest, UnitFactory())]
    jury.admit_accepted_entries(round=the_round, by=organiser)
    member = judge(full_name="Đỗ Thị Giang")
    jury.add_judge(round=the_round, judge=member, by=organiser)
    for entry in entries:
        jury.assign_manually(round=the_round, judge=member, entry=entry, by=organiser)
    ScoreSheet.objects.create(round=the_round, judge=member, entry=entries[0], status=SheetStatus.DRAFT)

    with pytest.raises(jury.RemovalNeedsConfirmation) as refused:
        jury.remove_judge(round=the_round, judge=member, by=organiser)
    assert (refused.value.assignments, refused.value.drafts) == (2, 1)
    assert JuryMembership.objects.filter(round=the_round, judge=member).exists()

    client.force_login(organiser)
    url = reverse("contest_jury:round", args=[the_round.pk])
    response = client.post(url, {"action": "remove_judge", "judge": member.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Rút Đỗ Thị Giang khỏi Ban Giám khảo?" in page
    assert "2 lượt chấm đã phân công sẽ bị bỏ" in page
    assert "1 phiếu chấm đang chấm dở (chưa nộp) sẽ không được tính" in page
    assert 'name="confirm" value="1"' in page
    assert Assignment.objects.filter(round=the_round, judge=member).count() == 2

    response = client.post(url, {"action": "remove_judge", "judge": member.pk, "confirm": "1"}, follow=True)
    assert "Đã rút Đỗ Thị Giang khỏi Ban Giám khảo." in response.content.decode()
    assert not JuryMembership.objects.filter(round=the_round, judge=member).exists()
    assert not Assignment.objects.filter(round=the_round, judge=member).exists()


def test_a_judge_without_work_is_removed_at_once(the_round, organiser):
    member = judge()
    jury.add_judge(round=the_round, judge=member, by=organiser)
    jury.remove_judge(round=the_round, judge=member, by=organiser)
    assert not JuryMembership.objects.filter(round=the_round).exists()


def test_the_jury_page_gives_each_form_its_own_field_ids(client, organiser, contest, the_round, unit):
    """Three forms have a "judge" list: each label must point at its own (issue 12)."""
    from tests.english import repeated_ids

    accepted(contest, unit)
    jury.admit_accepted_entries(round=the_round, by=organiser)
    jury.add_judge(round=the_round, judge=judge(), by=organiser)
    judge()  # not in the jury yet: the "Thêm giám khảo" list is shown too
    client.force_login(organiser)
    page = client.get(reverse("contest_jury:round", args=[the_round.pk])).content.decode()
    assert page.count('name="judge"') >= 3
    assert repeated_ids(page) == []
    assert 'for="id_add_judge"' in page and 'id="id_add_judge"' in page


def test_adding_a_judge_explains_where_judge_accounts_come_from(client, organiser, the_round):
    client.force_login(organiser)
    page = client.get(reverse("contest_jury:round", args=[the_round.pk])).content.decode()
    assert "chọn vai trò Giám khảo ở thẻ «Vai trò»" in page
    assert f'href="{reverse("wagtailusers_users:add")}"' in page
    # No judge account at all: no empty list, the reason instead.
    assert 'id="no-judge-accounts"' in page and 'value="add_judge"' not in page
    judge(full_name="Đỗ Thị Giang")
    page = client.get(reverse("contest_jury:round", args=[the_round.pk])).content.decode()
    assert 'value="add_judge"' in page and "Đỗ Thị Giang" in page
