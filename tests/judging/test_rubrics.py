"""Rubrics: the library of DOMAIN.md §7, the lock once anyone has scored, the recorded reset, and
the "Thang điểm" pages of the back office."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contest.core.audit import AuditAction
from contest.core.errors import DomainError
from contest.core.models import AuditRecord, Round
from contest.judging import rubric_library
from contest.judging.enums import CriterionScorer, SheetStatus
from contest.judging.models import Criterion, Rubric, Score, ScoreSheet
from contest.judging.services.rubrics import (
    RubricLocked,
    add_criterion,
    copy_rubric_from_library,
    delete_criterion,
    delete_rubric,
    ensure_rubric_editable,
    reset_rubric_scores,
    update_criterion,
)
from contest.results.scoring import max_total, parse_value
from tests.factories import ContestFactory, UserFactory


@pytest.fixture
def the_round(contest):
    return contest.rounds.get()


@pytest.fixture
def judge(db):
    return UserFactory(username="giamkhao", full_name="Võ Thị Hoa", roles=["judge"])


@pytest.fixture
def model_rubric(the_round, organiser):
    (rubric,) = copy_rubric_from_library(round=the_round, code="mo-hinh-100", by=organiser)
    return rubric


def _score(rubric, judge, entry, *, code, value, status=SheetStatus.DRAFT):
    submitted_at = timezone.now() if status == SheetStatus.SUBMITTED else None
    sheet, _created = ScoreSheet.objects.get_or_create(
        round=rubric.round, judge=judge, entry=entry, defaults={"status": status, "submitted_at": submitted_at}
    )
    return Score.objects.create(sheet=sheet, criterion=rubric.criteria.get(code=code), value=parse_value(value))


def _snapshot(rubric):
    return list(rubric.criteria.order_by("order").values_list("code", "name", "max_points", "step", "weight", "bands"))


# ---------------------------------------------------------------------------------------------
# The library
# ---------------------------------------------------------------------------------------------


def test_the_model_review_default_has_the_seven_criteria_of_domain_7(the_round, organiser):
    (rubric,) = copy_rubric_from_library(round=the_round, code="mo-hinh-100", by=organiser)
    criteria = list(rubric.criteria.order_by("order"))
    assert [(c.code, c.max_points) for c in criteria] == [
        ("can_thiet", Decimal(10)),
        ("sang_tao", Decimal(20)),
        ("lanh_dao_phoi_hop", Decimal(10)),
        ("nhan_dan_tham_gia", Decimal(20)),
        ("hieu_qua", Decimal(25)),
        ("ben_vung_nhan_rong", Decimal(10)),
        ("ho_so", Decimal(5)),
    ]
    assert max_total(criteria) == Decimal("100.00")
    assert {c.step for c in criteria} == {Decimal("0.5")}
    assert {c.weight for c in criteria} == {Decimal(1)}
    assert {c.scored_by for c in criteria} == {CriterionScorer.JURY}
    assert rubric.round == the_round and rubric.field is None and rubric.part == ""
    assert rubric.library_code == "mo-hinh-100"
    sang_tao = rubric.criteria.get(code="sang_tao")
    assert sang_tao.bands[0] == {
        "min": "18",
        "max": "20",
        "text": "hoàn toàn mới, sáng tạo rõ rệt; cách làm “khéo”, chi phí thấp",
    }
    assert sang_tao.bands[1]["min"] == "13" and sang_tao.bands[1]["max"] == "17.5"


def test_the_hoi_thi_default_has_three_parts_of_20_30_and_50(the_round, organiser):
    rubrics = copy_rubric_from_library(round=the_round, code="hoi-thi-100", by=organiser)
    assert [(r.part, max_total(r.criteria.all())) for r in rubrics] == [
        ("Chào hỏi", Decimal(20)),
        ("Kiến thức", Decimal(30)),
        ("Tiểu phẩm", Decimal(50)),
    ]
    knowledge, sketch = rubrics[1], rubrics[2]
    assert list(knowledge.criteria.values_list("code", "max_points", "scored_by")) == [
        ("trac_nghiem", Decimal(20), CriterionScorer.SECRETARIAT),
        ("xu_ly_tinh_huong", Decimal(10), CriterionScorer.JURY),
    ]
    assert list(sketch.criteria.values_list("code", "max_points")) == [
        ("kich_ban", Decimal(20)),
        ("thong_diep", Decimal(10)),
        ("dien_xuat", Decimal(10)),
        ("dan_dung", Decimal(6)),
        ("thoi_gian", Decimal(4)),
    ]
    assert sum(max_total(r.criteria.all()) for r in rubrics) == Decimal(100)
    assert [r.order for r in rubrics] == [1, 2, 3]


@pytest.mark.parametrize("code", list(rubric_library.LIBRARY))
def test_every_library_criterion_passes_model_validation(the_round, organiser, code):
    for rubric in copy_rubric_from_library(round=the_round, code=code, by=organiser):
        for criterion in rubric.criteria.all():
            criterion.full_clean()
            assert criterion.bands, criterion.code
            assert Decimal(criterion.bands[0]["max"]) == criterion.max_points, criterion.code
    assert rubric_library.LIBRARY[code].max_total == Decimal(100)


def test_bands_read_and_write_as_organisers_type_them():
    text = "18–20: hoàn toàn mới\n13 - 17,5: cải tiến khá\n\n4: đúng thời gian"
    bands = rubric_library.parse_bands(text)
    assert bands == [
        {"min": "18", "max": "20", "text": "hoàn toàn mới"},
        {"min": "13", "max": "17.5", "text": "cải tiến khá"},
        {"min": "4", "max": "4", "text": "đúng thời gian"},
    ]
    assert rubric_library.format_bands(bands) == "18–20: hoàn toàn mới\n13–17,5: cải tiến khá\n4: đúng thời gian"
    with pytest.raises(ValueError, match="không đúng dạng"):
        rubric_library.parse_bands("rất tốt")
    with pytest.raises(ValueError, match="điểm đầu lớn hơn điểm cuối"):
        rubric_library.parse_bands("20–18: ngược")


def test_a_round_gets_one_rubric_per_scope(the_round, organiser, model_rubric):
    with pytest.raises(DomainError, match="Vòng thi đã có thang điểm cho: toàn vòng"):
        copy_rubric_from_library(round=the_round, code="mo-hinh-100", by=organiser)
    assert Rubric.objects.count() == 1
    economy = the_round.contest.fields.get(code="kinh-te")
    (per_field,) = copy_rubric_from_library(round=the_round, code="mo-hinh-100", by=organiser, field=economy)
    assert per_field.field == economy and per_field.name.endswith("– Kinh tế")
    assert Rubric.objects.count() == 2


def test_a_field_of_another_contest_or_an_unknown_template_is_refused(the_round, organiser):
    stranger = ContestFactory().fields.first()
    with pytest.raises(DomainError, match="Lĩnh vực không thuộc cuộc thi"):
        copy_rubric_from_library(round=the_round, code="mo-hinh-100", by=organiser, field=stranger)
    with pytest.raises(DomainError, match="Không có mẫu thang điểm"):
        copy_rubric_from_library(round=the_round, code="khong-co", by=organiser)
    assert not Rubric.objects.exists()


# ---------------------------------------------------------------------------------------------
# The lock and the reset
# ---------------------------------------------------------------------------------------------


def test_criteria_can_be_edited_while_nobody_has_scored(model_rubric, organiser):
    criterion = model_rubric.criteria.get(code="ho_so")
    update_criterion(criterion=criterion, by=organiser, max_points=Decimal(10), name="Hồ sơ, minh chứng")
    criterion.refresh_from_db()
    assert (criterion.max_points, criterion.name) == (Decimal(10), "Hồ sơ, minh chứng")
    added = add_criterion(rubric=model_rubric, by=organiser, code="thuyet_trinh", name="Thuyết trình", max_points=5)
    assert added.step == Decimal("0.5")
    delete_criterion(criterion=added, by=organiser)
    assert model_rubric.criteria.count() == 7


def test_an_invalid_criterion_is_refused_with_the_reason(model_rubric, organiser):
    criterion = model_rubric.criteria.get(code="ho_so")
    with pytest.raises(DomainError, match="Điểm tối đa phải là bội số của bước điểm"):
        update_criterion(criterion=criterion, by=organiser, max_points=Decimal("5.25"))
    with pytest.raises(DomainError, match="Các mức đánh giá phải nằm trong khoảng 0–5"):
        update_criterion(criterion=criterion, by=organiser, bands=[{"min": "4", "max": "6", "text": "quá"}])
    criterion.refresh_from_db()
    assert criterion.max_points == Decimal(5)


def test_once_a_score_exists_the_rubric_cannot_change(model_rubric, organiser, judge, entry):
    _score(model_rubric, judge, entry, code="hieu_qua", value="20")
    before = _snapshot(model_rubric)
    criterion = model_rubric.criteria.get(code="ho_so")
    message = "Thang điểm “Thang điểm chấm mô hình “Dân vận khéo”” đã có 1 điểm chấm nên không thể sửa."
    with pytest.raises(RubricLocked, match=message):
        ensure_rubric_editable(model_rubric)
    with pytest.raises(RubricLocked):
        update_criterion(criterion=criterion, by=organiser, max_points=Decimal(10))
    with pytest.raises(RubricLocked):
        add_criterion(rubric=model_rubric, by=organiser, code="moi", name="Mới", max_points=5)
    with pytest.raises(RubricLocked):
        delete_criterion(criterion=criterion, by=organiser)
    with pytest.raises(RubricLocked):
        delete_rubric(rubric=model_rubric, by=organiser)
    assert _snapshot(model_rubric) == before
    assert Rubric.objects.filter(pk=model_rubric.pk).exists()


def test_a_score_on_another_rubric_does_not_lock_this_one(the_round, organiser, judge, entry):
    greeting, knowledge, _sketch = copy_rubric_from_library(round=the_round, code="hoi-thi-100", by=organiser)
    _score(greeting, judge, entry, code="chao_hoi", value="18")
    ensure_rubric_editable(knowledge)
    update_criterion(criterion=knowledge.criteria.get(code="trac_nghiem"), by=organiser, step=Decimal(1))


def test_a_reset_needs_a_reason(model_rubric, organiser, judge, entry):
    _score(model_rubric, judge, entry, code="hieu_qua", value="20")
    with pytest.raises(DomainError, match="Vui lòng ghi rõ lý do đặt lại điểm."):
        reset_rubric_scores(rubric=model_rubric, by=organiser, reason="   ")
    assert Score.objects.count() == 1
    assert not AuditRecord.objects.exists()


def test_a_reset_deletes_the_scores_reopens_sheets_is_audited_and_unlocks(
    model_rubric, organiser, judge, entry, the_round
):
    _score(model_rubric, judge, entry, code="hieu_qua", value="20", status=SheetStatus.SUBMITTED)
    _score(model_rubric, judge, entry, code="ho_so", value="4,5")
    counts = reset_rubric_scores(rubric=model_rubric, by=organiser, reason="Sai điểm tối đa tiêu chí hồ sơ")
    assert counts == {"scores": 2, "sheets": 1, "reopened_sheets": 1}
    assert not Score.objects.exists()
    sheet = ScoreSheet.objects.get()
    assert (sheet.status, sheet.submitted_at) == (SheetStatus.DRAFT, None)
    record = AuditRecord.objects.get()
    assert record.action == AuditAction.RUBRIC_RESET
    assert (record.actor, record.round, record.object_id) == (organiser, the_round, str(model_rubric.pk))
    assert record.old == counts and record.new is None
    assert record.reason == "Sai điểm tối đa tiêu chí hồ sơ"
    update_criterion(criterion=model_rubric.criteria.get(code="ho_so"), by=organiser, max_points=Decimal(10))


# ---------------------------------------------------------------------------------------------
# The back office
# ---------------------------------------------------------------------------------------------


def _rubric_post(rubric, **changes):
    data = {
        "round": str(rubric.round_id),
        "field": str(rubric.field_id or ""),
        "part": rubric.part,
        "name": rubric.name,
        "order": str(rubric.order),
    }
    criteria = list(rubric.criteria.order_by("order"))
    data.update(
        {
            "criteria-TOTAL_FORMS": str(len(criteria)),
            "criteria-INITIAL_FORMS": str(len(criteria)),
            "criteria-MIN_NUM_FORMS": "0",
            "criteria-MAX_NUM_FORMS": "1000",
        }
    )
    for i, c in enumerate(criteria):
        row = {
            "id": str(c.pk),
            "code": c.code,
            "name": c.name,
            "description": c.description,
            "max_points": str(c.max_points),
            "step": str(c.step),
            "weight": str(c.weight),
            "bands": rubric_library.format_bands(c.bands),
            "scored_by": c.scored_by,
            "order": str(c.order),
            "DELETE": "",
        }
        if c.counts_toward_total:
            row["counts_toward_total"] = "on"
        data.update({f"criteria-{i}-{k}": v for k, v in row.items()})
    data.update(changes)
    return data


def test_the_organiser_edits_criteria_and_their_bands_as_text(client, organiser, model_rubric):
    client.force_login(organiser)
    url = reverse("rubrics:edit", args=[model_rubric.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "18–20: hoàn toàn mới, sáng tạo rõ rệt" in page.content.decode()
    index = [c.code for c in model_rubric.criteria.order_by("order")].index("ho_so")
    response = client.post(
        url,
        _rubric_post(
            model_rubric,
            **{f"criteria-{index}-max_points": "10", f"criteria-{index}-bands": "9–10: đầy đủ\n0–8,5: thiếu"},
        ),
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    ho_so = model_rubric.criteria.get(code="ho_so")
    assert ho_so.max_points == Decimal(10)
    assert ho_so.bands == [{"min": "9", "max": "10", "text": "đầy đủ"}, {"min": "0", "max": "8.5", "text": "thiếu"}]


def test_a_malformed_band_line_is_shown_next_to_the_field(client, organiser, model_rubric):
    client.force_login(organiser)
    response = client.post(
        reverse("rubrics:edit", args=[model_rubric.pk]), _rubric_post(model_rubric, **{"criteria-0-bands": "tốt"})
    )
    assert response.status_code == 200
    assert "Dòng “tốt” không đúng dạng “18–20: mô tả”." in response.content.decode()


def test_a_locked_rubric_is_shown_read_only_and_saving_is_refused(client, organiser, model_rubric, judge, entry):
    _score(model_rubric, judge, entry, code="hieu_qua", value="20")
    before = _snapshot(model_rubric)
    client.force_login(organiser)
    url = reverse("rubrics:edit", args=[model_rubric.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "đã có 1 điểm chấm nên không thể sửa" in page.content.decode()
    assert page.context["form"].fields["name"].disabled
    response = client.post(url, _rubric_post(model_rubric, name="Đổi tên", **{"criteria-0-max_points": "15"}))
    assert response.status_code == 200
    assert "đã có 1 điểm chấm nên không thể sửa" in response.content.decode()
    model_rubric.refresh_from_db()
    assert model_rubric.name == "Thang điểm chấm mô hình “Dân vận khéo”"
    assert _snapshot(model_rubric) == before
    response = client.post(reverse("rubrics:delete", args=[model_rubric.pk]))
    assert response.status_code == 302
    assert Rubric.objects.filter(pk=model_rubric.pk).exists()


def test_an_unlocked_rubric_can_be_deleted(client, organiser, model_rubric):
    client.force_login(organiser)
    assert client.post(reverse("rubrics:delete", args=[model_rubric.pk])).status_code == 302
    assert not Rubric.objects.exists() and not Criterion.objects.exists()


def test_copy_from_library_in_the_admin(client, organiser, the_round):
    client.force_login(organiser)
    url = reverse("rubrics:copy_from_library")
    page = client.get(url)
    assert page.status_code == 200
    assert "Hội thi Dân vận khéo (100 điểm, 3 phần thi)" in page.content.decode()
    response = client.post(url, {"round": the_round.pk, "code": "hoi-thi-100", "field": ""})
    assert response.status_code == 302
    assert list(the_round.rubrics.values_list("part", flat=True)) == ["Chào hỏi", "Kiến thức", "Tiểu phẩm"]
    again = client.post(url, {"round": the_round.pk, "code": "hoi-thi-100", "field": ""})
    assert again.status_code == 200
    assert "Vòng thi đã có thang điểm cho" in again.content.decode()
    assert the_round.rubrics.count() == 3


def test_the_index_lists_rubrics_with_totals_and_lock(client, organiser, model_rubric, judge, entry):
    _score(model_rubric, judge, entry, code="hieu_qua", value="20")
    client.force_login(organiser)
    page = client.get(reverse("rubrics:index"), {"round": model_rubric.round_id})
    content = page.content.decode()
    assert page.status_code == 200
    assert "Thang điểm chấm mô hình" in content and "100,00" in content and "Đã có điểm – khóa" in content
    assert "Tạo từ mẫu" in content


def test_the_index_costs_the_same_queries_for_one_or_many_rubrics(client, organiser, model_rubric):
    client.force_login(organiser)
    url = reverse("rubrics:index")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for contest in [ContestFactory() for _ in range(4)]:
        copy_rubric_from_library(round=contest.rounds.get(), code="hoi-thi-100", by=organiser)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) <= len(one)


def test_the_secretariat_may_view_but_not_change(client, secretariat, model_rubric, the_round):
    client.force_login(secretariat)
    index = client.get(reverse("rubrics:index"))
    assert index.status_code == 200
    assert "Tạo từ mẫu" not in index.content.decode()
    inspect = client.get(reverse("rubrics:inspect", args=[model_rubric.pk]))
    assert inspect.status_code == 200
    assert "Tính mới, sáng tạo" in inspect.content.decode()
    assert "18–20: hoàn toàn mới" in inspect.content.decode()
    home = reverse("wagtailadmin_home")
    for url in (
        reverse("rubrics:edit", args=[model_rubric.pk]),
        reverse("rubrics:add"),
        reverse("rubrics:delete", args=[model_rubric.pk]),
        reverse("rubrics:copy_from_library"),
    ):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, home), url
    response = client.post(reverse("rubrics:copy_from_library"), {"round": the_round.pk, "code": "hoi-thi-100"})
    assert response.status_code == 302
    assert Rubric.objects.count() == 1


@pytest.mark.parametrize("persona", ["unit_user", "judge"])
def test_units_and_judges_never_reach_rubric_pages(client, request, persona, model_rubric):
    client.force_login(request.getfixturevalue(persona))
    login = reverse("wagtailadmin_login")
    for url in (
        reverse("rubrics:index"),
        reverse("rubrics:inspect", args=[model_rubric.pk]),
        reverse("rubrics:edit", args=[model_rubric.pk]),
        reverse("rubrics:copy_from_library"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(login), url


def test_the_rubric_list_is_in_the_contest_menu_for_staff(rf, organiser, secretariat, unit_user):
    from wagtail.admin.menu import admin_menu

    def contest_menu(user):
        request = rf.get("/")
        request.user = user
        for item in admin_menu.menu_items_for_request(request):
            if item.name == "cuoc-thi":
                return [str(child.label) for child in item.menu.menu_items_for_request(request)]
        return []

    assert "Thang điểm" in contest_menu(organiser)
    assert "Thang điểm" in contest_menu(secretariat)
    assert "Thang điểm" not in contest_menu(unit_user)


def test_rounds_are_never_deleted_with_a_scored_rubric_by_accident(model_rubric, judge, entry):
    # Score.criterion is PROTECT: deleting a round with scores must go through a reset first.
    from django.db.models import ProtectedError

    _score(model_rubric, judge, entry, code="hieu_qua", value="20")
    with pytest.raises(ProtectedError):
        Round.objects.filter(pk=model_rubric.round_id).delete()


_DENIED, _LOGIN = "denied", "login"
_VIEW_NAMES = {"index", "index_results", "inspect"}


@pytest.mark.parametrize("persona", ["organiser", "secretariat", "unit_user", "judge"])
def test_every_rubric_url_by_persona(client, request, persona, model_rubric):
    """Walks every URL of the viewset, so that a view added later cannot be forgotten."""
    from contest.judging.backoffice.rubrics import rubric_viewset

    client.force_login(request.getfixturevalue(persona))
    wrong = {}
    for pattern in rubric_viewset.get_urlpatterns():
        needs_pk = "pk" in pattern.pattern.regex.groupindex
        url = reverse(f"rubrics:{pattern.name}", args=[model_rubric.pk] if needs_pk else [])
        response = client.get(url)
        if response.status_code == 302:
            login = response["Location"].startswith(reverse("wagtailadmin_login"))
            got = _LOGIN if login else _DENIED if response["Location"] == reverse("wagtailadmin_home") else 302
        else:
            got = response.status_code
        if persona == "organiser":
            expected = 200
        elif persona == "secretariat":
            expected = 200 if pattern.name in _VIEW_NAMES else _DENIED
        else:
            expected = _LOGIN
        if got != expected:
            wrong[pattern.name] = got
    assert wrong == {}
