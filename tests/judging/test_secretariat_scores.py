"""Part scores the secretariat enters (a Hội thi's multiple-choice answers): the grid service, its
audit trail, the rubric lock, what judges never see, and the back-office pages."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contest.core import audit
from contest.core.errors import DomainError
from contest.core.models import AuditRecord, RoundGroup
from contest.judging.enums import CriterionScorer, SheetKind, SheetStatus
from contest.judging.models import Criterion, Score, ScoreSheet
from contest.judging.services import rubrics, secretariat_scores, sheets
from contest.judging.services.secretariat_scores import SecretariatScoresInvalid, save_secretariat_scores
from tests.factories import EntryFactory, UnitFactory
from tests.factories.judging import add_entry, assign, criteria, make_judge, make_round


@pytest.fixture
def round_(contest):
    return make_round(contest)


@pytest.fixture
def mcq(round_):
    """The multiple-choice criterion of tests/factories/judging.py: max 10, step 0,5."""
    return Criterion.objects.get(rubric__round=round_, code="trac_nghiem")


@pytest.fixture
def entries(round_, contest, entry):
    others = [EntryFactory(contest=contest, unit=UnitFactory(), title=t) for t in ("Bữa cơm nghĩa tình", "Đường kiệt")]
    for e in (entry, *others):
        add_entry(round_, e)
    return [entry, *others]


def _save(round_, by, values, **kwargs):
    return save_secretariat_scores(round=round_, values=values, by=by, **kwargs)


def _stored(round_):
    return {
        (s.sheet.entry_id, s.criterion.code): s.value
        for s in Score.objects.filter(sheet__round=round_, sheet__kind=SheetKind.SECRETARIAT).select_related(
            "sheet", "criterion"
        )
    }


# ---------------------------------------------------------------------------------------------
# The service
# ---------------------------------------------------------------------------------------------


def test_secretariat_criteria_are_the_ones_the_jury_never_scores(round_, entry, mcq):
    assert secretariat_scores.secretariat_criteria(round=round_, entry=entry) == [mcq]
    assert mcq not in sheets.sheet_criteria(round=round_, entry=entry)


def test_a_grid_is_saved_at_once_with_decimal_comma(round_, entries, mcq, secretariat):
    first, second, third = entries
    result = _save(round_, secretariat, {(first.pk, mcq.pk): "8,5", (second.pk, mcq.pk): "10", (third.pk, mcq.pk): ""})
    assert (result.changed_scores, result.changed_sheets) == (2, 2)
    assert _stored(round_) == {(first.pk, "trac_nghiem"): Decimal("8.50"), (second.pk, "trac_nghiem"): Decimal("10")}
    sheet = ScoreSheet.objects.get(entry=first, kind=SheetKind.SECRETARIAT)
    assert sheet.judge == secretariat and sheet.round == round_
    # Every counting secretariat criterion has a value: the sheet counts (issue 4 aggregates it).
    assert sheet.status == SheetStatus.SUBMITTED and sheet.submitted_at is not None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("10,5", "Điểm không được vượt quá 10."),
        ("7,3", "Điểm phải là bội số của 0,5."),
        ("-1", "Điểm không được âm."),
        ("tám", "Điểm phải là một số, ví dụ 8 hoặc 8,5."),
    ],
)
def test_invalid_values_are_refused_per_cell_and_nothing_is_saved(round_, entries, mcq, secretariat, raw, message):
    first, second, _third = entries
    with pytest.raises(SecretariatScoresInvalid) as caught:
        _save(round_, secretariat, {(first.pk, mcq.pk): "9", (second.pk, mcq.pk): raw})
    assert caught.value.errors == {(second.pk, mcq.pk): [message]}
    assert "chưa lưu điểm nào" in str(caught.value.message)
    assert not ScoreSheet.objects.exists() and not AuditRecord.objects.exists()


def test_a_jury_criterion_or_an_entry_outside_the_round_is_refused(round_, entries, mcq, secretariat, contest):
    outsider = EntryFactory(contest=contest)
    jury_criterion = criteria(round_)["sang_tao"]
    with pytest.raises(SecretariatScoresInvalid) as caught:
        _save(
            round_,
            secretariat,
            {(entries[0].pk, jury_criterion.pk): "5", (outsider.pk, mcq.pk): "5", (entries[1].pk, mcq.pk): "5"},
        )
    assert caught.value.errors == {
        (entries[0].pk, jury_criterion.pk): ["Tiêu chí này không do Tổ Thư ký nhập điểm cho hồ sơ này."],
        (outsider.pk, mcq.pk): ["Hồ sơ không thuộc vòng thi này."],
    }
    assert not Score.objects.exists()
    with pytest.raises(DomainError):
        _save(round_, secretariat, {("x", mcq.pk): "5"})


def test_clearing_a_value_deletes_the_score_and_the_sheet_goes_back_to_draft(round_, entries, mcq, secretariat):
    _save(round_, secretariat, {(entries[0].pk, mcq.pk): "6"})
    result = _save(round_, secretariat, {(entries[0].pk, mcq.pk): None})
    assert result.changed_scores == 1 and _stored(round_) == {}
    sheet = ScoreSheet.objects.get()
    assert sheet.status == SheetStatus.DRAFT and sheet.submitted_at is None
    # Clearing a cell nobody filled creates nothing.
    assert _save(round_, secretariat, {(entries[1].pk, mcq.pk): ""}).changed_sheets == 0
    assert ScoreSheet.objects.count() == 1


def test_a_sheet_is_draft_until_every_secretariat_criterion_has_a_value(round_, entries, mcq, secretariat):
    second = Criterion.objects.create(
        rubric=mcq.rubric, code="xu_ly", name="Xử lý tình huống", max_points=Decimal("5"), scored_by="secretariat"
    )
    _save(round_, secretariat, {(entries[0].pk, mcq.pk): "6"})
    assert ScoreSheet.objects.get().status == SheetStatus.DRAFT
    _save(round_, secretariat, {(entries[0].pk, second.pk): "4,5"})
    assert ScoreSheet.objects.get().status == SheetStatus.SUBMITTED


def test_a_blank_grid_or_a_repeated_save_changes_nothing(round_, entries, mcq, secretariat):
    assert _save(round_, secretariat, {}).changed_sheets == 0
    values = {(e.pk, mcq.pk): "7" for e in entries}
    assert _save(round_, secretariat, values).changed_scores == 3
    before = AuditRecord.objects.count()
    again = _save(round_, secretariat, dict.fromkeys(values, "7,0"))
    assert (again.changed_scores, again.changed_sheets) == (0, 0)
    assert AuditRecord.objects.count() == before
    assert ScoreSheet.objects.filter(kind=SheetKind.SECRETARIAT).count() == 3


def test_every_change_is_one_audit_record_per_sheet_and_the_chain_verifies(
    round_, entries, mcq, secretariat, organiser
):
    first, second, _third = entries
    _save(round_, secretariat, {(first.pk, mcq.pk): "8", (second.pk, mcq.pk): "9"}, ip="203.0.113.7")
    _save(round_, organiser, {(first.pk, mcq.pk): "8,5", (second.pk, mcq.pk): "9"})
    _save(round_, organiser, {(first.pk, mcq.pk): ""})
    records = list(AuditRecord.objects.filter(object_type="contest.scoresheet").order_by("seq"))
    assert [r.action for r in records] == ["score.create", "score.create", "score.change", "score.change"]
    created = records[0]
    assert (created.old, created.new, created.ip, created.actor) == (
        {"trac_nghiem": None, "_status": "draft"},
        {"trac_nghiem": "8.00", "_status": "submitted"},
        "203.0.113.7",
        secretariat,
    )
    assert (records[2].old, records[2].new, records[2].actor) == (
        {"trac_nghiem": "8.00"},
        {"trac_nghiem": "8.50"},
        organiser,
    )
    assert records[3].old == {"trac_nghiem": "8.50", "_status": "submitted"}
    assert records[3].new == {"trac_nghiem": None, "_status": "draft"}
    assert all(r.round_id == round_.pk for r in records)
    assert audit.verify_chain() == []


def test_a_secretariat_score_locks_the_rubric_and_a_reset_clears_it(round_, entries, mcq, secretariat, organiser):
    _save(round_, secretariat, {(entries[0].pk, mcq.pk): "10"})
    assert rubrics.is_locked(mcq.rubric)
    with pytest.raises(rubrics.RubricLocked):
        rubrics.update_criterion(criterion=mcq, by=organiser, max_points=Decimal("20"))
    counts = rubrics.reset_rubric_scores(rubric=mcq.rubric, by=organiser, reason="Đáp án trắc nghiệm sai câu 7")
    assert counts == {"scores": 1, "sheets": 1, "reopened_sheets": 1}
    assert _stored(round_) == {} and ScoreSheet.objects.get().status == SheetStatus.DRAFT
    assert not rubrics.is_locked(mcq.rubric)
    assert audit.verify_chain() == []


def test_scores_stay_editable_after_the_scoring_deadline(contest, entry, secretariat):
    import datetime as dt

    from django.utils import timezone

    round_ = make_round(contest, scoring_deadline=timezone.now() - dt.timedelta(days=1))
    add_entry(round_, entry)
    mcq = Criterion.objects.get(rubric__round=round_, code="trac_nghiem")
    assert _save(round_, secretariat, {(entry.pk, mcq.pk): "5"}).changed_scores == 1


def test_a_field_rubric_brings_its_own_criteria(round_, entries, mcq, secretariat):
    from contest.judging.models import Rubric

    special = Rubric.objects.create(round=round_, field=entries[0].field, name="Riêng lĩnh vực")
    own = Criterion.objects.create(
        rubric=special, code="trac_nghiem", name="Trắc nghiệm riêng", max_points=Decimal("20"), scored_by="secretariat"
    )
    assert secretariat_scores.secretariat_criteria(round=round_, entry=entries[0]) == [own]
    grid = secretariat_scores.read_grid(round=round_)
    assert {r.round_entry.entry_id: r.criteria for r in grid.rows}[entries[0].pk] == [own]
    with pytest.raises(SecretariatScoresInvalid):
        _save(round_, secretariat, {(entries[0].pk, mcq.pk): "5"})


def test_judges_never_see_secretariat_criteria_or_values(client, round_, entries, mcq, secretariat):
    judge = make_judge()
    assign(round_, judge, entries[0])
    _save(round_, secretariat, {(entries[0].pk, mcq.pk): "7,5"})
    sheet = sheets.save_sheet(
        judge=judge, round=round_, entry=entries[0], values={criteria(round_)["sang_tao"].pk: "18"}, by=judge
    )
    assert {s.criterion.code for s in sheet.scores.select_related("criterion")} == {"sang_tao"}
    with pytest.raises(DomainError):
        sheets.save_sheet(judge=judge, round=round_, entry=entries[0], values={mcq.pk: "5"}, by=judge)
    client.force_login(judge)
    html = client.get(reverse("judging:sheet", args=[round_.pk, entries[0].pk])).content.decode()
    assert "Trắc nghiệm (Tổ Thư ký chấm)" not in html and f"score-{mcq.pk}" not in html and "7,5" not in html


def test_the_grid_reads_in_constant_queries(round_, entries, mcq, secretariat, contest, django_assert_num_queries):
    _save(round_, secretariat, {(entries[0].pk, mcq.pk): "3"})
    with django_assert_num_queries(4):
        grid = secretariat_scores.read_grid(round=round_)
    assert [r.round_entry.code for r in grid.rows] == [1, 2, 3]
    assert grid.columns == [mcq] and grid.rows[0].values == {mcq.pk: Decimal("3.00")}
    for _i in range(10):
        add_entry(round_, EntryFactory(contest=contest))
    with django_assert_num_queries(4):
        assert len(secretariat_scores.read_grid(round=round_).rows) == 13


# Skipped at collection on SQLite (its in-memory test database is not shared between threads).
@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="needs PostgreSQL (DATABASE_URL)"
)
@pytest.mark.django_db(transaction=True)
def test_two_staff_members_saving_at_once_make_one_sheet_and_lose_nothing(contest, entry):
    import threading

    from django.db import connections

    from tests.factories import UserFactory

    round_ = make_round(contest)
    add_entry(round_, entry)
    mcq = Criterion.objects.get(rubric__round=round_, code="trac_nghiem")
    second = Criterion.objects.create(
        rubric=mcq.rubric, code="xu_ly", name="Xử lý tình huống", max_points=Decimal("5"), scored_by="secretariat"
    )
    staff = [UserFactory(username=f"thuky{i}", roles=["secretariat"]) for i in range(4)]
    jobs = [(staff[0], mcq, "8"), (staff[1], second, "4"), (staff[2], mcq, "8"), (staff[3], second, "4")]
    barrier, failures = threading.Barrier(len(jobs)), []

    def work(user, criterion, value):
        try:
            barrier.wait()
            _save(round_, user, {(entry.pk, criterion.pk): value})
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=job) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert ScoreSheet.objects.filter(kind=SheetKind.SECRETARIAT).count() == 1
    assert _stored(round_) == {(entry.pk, "trac_nghiem"): Decimal("8"), (entry.pk, "xu_ly"): Decimal("4")}
    assert ScoreSheet.objects.get().status == SheetStatus.SUBMITTED
    assert AuditRecord.objects.filter(action="score.create").count() == 1
    assert audit.verify_chain() == []


# ---------------------------------------------------------------------------------------------
# The back-office pages
# ---------------------------------------------------------------------------------------------


def _round_url(round_, **query):
    from urllib.parse import urlencode

    url = reverse("contest_secretariat_scores:round", args=[round_.pk])
    return f"{url}?{urlencode(query)}" if query else url


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("organiser", 200), ("secretariat", 200), ("unit_user", "login"), ("judge", "login"), ("anonymous", "login")],
)
def test_pages_by_persona(client, request, round_, entries, mcq, persona, expected):
    makers = {"judge": make_judge, "anonymous": lambda: None}
    user = makers[persona]() if persona in makers else request.getfixturevalue(persona)
    if user is not None:
        client.force_login(user)
    for url in (reverse("contest_secretariat_scores:index"), _round_url(round_)):
        response = client.get(url)
        if expected == "login":
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("wagtailadmin_login"))
        else:
            assert response.status_code == expected
    if expected == "login":
        response = client.post(_round_url(round_), {f"score-{entries[0].pk}-{mcq.pk}": "5"})
        assert response.status_code == 302 and not Score.objects.exists()


def test_staff_without_the_permission_get_403(client, round_):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    editor = UserFactory(username="bientap")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get(reverse("contest_secretariat_scores:index")).status_code == 403
    assert client.get(_round_url(round_)).status_code == 403


def test_the_index_lists_rounds_with_secretariat_criteria_and_counts(
    client, secretariat, round_, entries, mcq, contest
):
    bare = make_round(contest, name="Vòng sơ khảo")
    Criterion.objects.filter(rubric__round=bare, scored_by=CriterionScorer.SECRETARIAT).delete()
    _save(round_, secretariat, {(entries[0].pk, mcq.pk): "5"})
    client.force_login(secretariat)
    html = client.get(reverse("contest_secretariat_scores:index")).content.decode()
    assert round_.name in html and "Vòng sơ khảo" not in html
    assert "1 / 3" in html


def test_the_page_is_in_the_contest_menu_for_staff(rf, organiser, secretariat, unit_user):
    from wagtail.admin.menu import admin_menu

    def contest_menu(user):
        request = rf.get("/")
        request.user = user
        for item in admin_menu.menu_items_for_request(request):
            if item.name == "cuoc-thi":
                return [str(child.label) for child in item.menu.menu_items_for_request(request)]
        return []

    assert "Điểm do Tổ Thư ký nhập" in contest_menu(organiser)
    assert "Điểm do Tổ Thư ký nhập" in contest_menu(secretariat)
    assert "Điểm do Tổ Thư ký nhập" not in contest_menu(unit_user)


def test_the_grid_page_shows_entries_units_and_limits(client, secretariat, round_, entries, mcq):
    _save(round_, secretariat, {(entries[1].pk, mcq.pk): "8,5"})
    client.force_login(secretariat)
    html = client.get(_round_url(round_)).content.decode()
    assert "Trắc nghiệm (Tổ Thư ký chấm)" in html and "tối đa 10; bước 0,5" in html
    assert entries[0].unit.name in html and "Bữa cơm nghĩa tình" in html and ">002<" in html
    assert f'name="score-{entries[1].pk}-{mcq.pk}"' in html and 'value="8,5"' in html
    assert 'inputmode="decimal"' in html and 'data-max="10"' in html and 'data-step="0.5"' in html
    assert "sang_tao" not in html and "Tính mới, sáng tạo" not in html


def test_saving_the_page_counts_changes(client, secretariat, round_, entries, mcq):
    client.force_login(secretariat)
    names = [f"{e.pk}-{mcq.pk}" for e in entries]
    data = {f"score-{names[0]}": "8,5", f"score-{names[1]}": "", f"score-{names[2]}": "10"}
    data |= {f"shown-{n}": "" for n in names}
    response = client.post(_round_url(round_), data, follow=True)
    assert "Đã lưu 2 thay đổi điểm của 2 hồ sơ." in response.content.decode()
    assert _stored(round_) == {(entries[0].pk, "trac_nghiem"): Decimal("8.5"), (entries[2].pk, "trac_nghiem"): 10}
    response = client.post(_round_url(round_), data | {f"shown-{names[0]}": "8,5", f"shown-{names[2]}": "10"})
    assert response.status_code == 302
    assert AuditRecord.objects.count() == 2


def test_an_untouched_cell_does_not_overwrite_a_colleagues_value(client, secretariat, organiser, round_, entries, mcq):
    name = f"{entries[0].pk}-{mcq.pk}"
    client.force_login(secretariat)
    _save(round_, organiser, {(entries[0].pk, mcq.pk): "9"})  # while the page was open
    client.post(_round_url(round_), {f"score-{name}": "", f"shown-{name}": ""})
    assert _stored(round_) == {(entries[0].pk, "trac_nghiem"): Decimal("9")}


def test_errors_are_shown_beside_each_cell_with_the_typed_values_kept(client, secretariat, round_, entries, mcq):
    client.force_login(secretariat)
    good, bad = f"{entries[0].pk}-{mcq.pk}", f"{entries[1].pk}-{mcq.pk}"
    response = client.post(_round_url(round_), {f"score-{good}": "7", f"score-{bad}": "11"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Điểm không được vượt quá 10." in html and 'aria-invalid="true"' in html
    assert 'value="7"' in html and 'value="11"' in html
    assert "chưa lưu điểm nào" in html
    assert not Score.objects.exists()


def test_filter_by_cluster_search_without_diacritics_and_pages_of_50(
    client, secretariat, round_, entries, mcq, contest
):
    north = RoundGroup.objects.create(round=round_, name="Cụm phía Bắc")
    entries_of = {re.entry_id: re for re in round_.round_entries.all()}
    entries_of[entries[1].pk].group = north
    entries_of[entries[1].pk].save()
    client.force_login(secretariat)
    html = client.get(_round_url(round_, group=north.pk)).content.decode()
    assert "Bữa cơm nghĩa tình" in html and "Đường kiệt" not in html and "Cụm phía Bắc" in html
    html = client.get(_round_url(round_, q="duong kiet")).content.decode()
    assert "Đường kiệt" in html and "Bữa cơm nghĩa tình" not in html
    html = client.get(_round_url(round_, q="002")).content.decode()
    assert "Bữa cơm nghĩa tình" in html and "Đường kiệt" not in html

    for _i in range(50):
        add_entry(round_, EntryFactory(contest=contest, unit=UnitFactory(), title="Mô hình thêm"))
    first = client.get(_round_url(round_)).content.decode()
    assert first.count(f'-{mcq.pk}" id=') == 50
    second = client.get(_round_url(round_, p=2)).content.decode()
    assert second.count(f'-{mcq.pk}" id=') == 3
    # A save on page 2 comes back to page 2.
    last = round_.round_entries.order_by("-code").first()
    response = client.post(_round_url(round_, p=2), {f"score-{last.entry_id}-{mcq.pk}": "4"})
    assert response["Location"] == _round_url(round_, p=2)
    assert _stored(round_) == {(last.entry_id, "trac_nghiem"): Decimal("4")}


def test_the_round_page_queries_do_not_grow_with_entries(
    client, secretariat, round_, entries, mcq, contest, django_assert_max_num_queries
):
    client.force_login(secretariat)
    url = _round_url(round_)
    _save(round_, secretariat, {(entries[0].pk, mcq.pk): "5"})
    client.get(url)  # warm caches (content types, site)
    # Two entries, as the brief asks, then thirty.
    round_.round_entries.filter(entry=entries[2]).delete()
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(28):
        e = EntryFactory(contest=contest, unit=UnitFactory())
        add_entry(round_, e)
        _save(round_, secretariat, {(e.pk, mcq.pk): str(i % 10)})
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('inputmode="decimal"') == 30
