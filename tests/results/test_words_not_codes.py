"""Codes stay inside: results tables, tie-break lines and exports show the criterion's short
name (full name as a tooltip), band labels and padded entry numbers; rounds are named as people
name them, never by the set-up's placeholder."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from contest.core.enums import RoundKind
from contest.core.models import Round
from contest.core.services.contests import seed_default_fields
from contest.judging import rubric_library
from contest.judging.models import Criterion
from contest.judging.services.rubrics import copy_rubric_from_library, update_criterion
from contest.results import exports as result_exports
from contest.results import labels, tabulation
from contest.results.models import PrizeTier, ResultsPolicy
from contest.results.services import snapshots as results
from tests.factories import ContestFactory
from tests.results.test_results import scored_round, submitted_sheet  # noqa: F401  (fixtures)

D = Decimal


@pytest.fixture
def named(scored_round):  # noqa: F811
    """The scored round with short names, as the library gives them, and a tie-break chain."""
    round_, judges, entries = scored_round
    Criterion.objects.filter(rubric__round=round_, code="sang_tao").update(short_name="Sáng tạo")
    Criterion.objects.filter(rubric__round=round_, code="hieu_qua").update(short_name="Hiệu quả")
    ResultsPolicy.objects.create(round=round_, tie_break_criteria=["hieu_qua", "sang_tao"], min_prize_score=D(38))
    PrizeTier.objects.create(round=round_, code="nhat", name="Giải Nhất", quota=1, order=1)
    return round_, judges, entries


def test_the_library_gives_every_criterion_a_short_name_that_the_copy_keeps(db, organiser):
    for entry in rubric_library.LIBRARY.values():
        for part in entry.parts:
            for criterion in part.criteria:
                assert criterion.short_name, criterion.code
                assert len(criterion.short_name) < len(criterion.name) or criterion.short_name == criterion.name
    contest = ContestFactory()
    seed_default_fields(contest=contest)
    round_ = contest.rounds.get()
    copy_rubric_from_library(round=round_, code="mo-hinh-100", by=organiser)
    copied = Criterion.objects.get(rubric__round=round_, code="hieu_qua")
    assert copied.short_name == "Hiệu quả"
    assert copied.label == "Hiệu quả"
    # Editable like the rest of the criterion while no one has scored.
    update_criterion(criterion=copied, by=organiser, short_name="Hiệu quả thực tế")
    copied.refresh_from_db()
    assert copied.label == "Hiệu quả thực tế"
    # Without one, the full name stands in.
    assert Criterion(name="Tính mới, sáng tạo").label == "Tính mới, sáng tạo"


def test_the_results_page_heads_columns_and_tie_breaks_with_short_names(client, organiser, named):
    round_, _judges, _entries = named
    client.force_login(organiser)
    page = client.get(reverse("contest_results:round", args=[round_.pk])).content.decode()
    assert '<abbr title="Hiệu quả thiết thực, có số liệu kiểm chứng">Hiệu quả</abbr>' in page
    assert '<abbr title="Tính mới, sáng tạo">Sáng tạo</abbr>' in page
    # The tie-break chain in words, in order, codes nowhere in the text people read.
    chain = page.index('<abbr title="Hiệu quả thiết thực, có số liệu kiểm chứng">Hiệu quả</abbr> → ')
    assert chain < page.index("số giám khảo xếp cao hơn → quyết định của Ban Giám khảo", chain)
    assert ">hieu_qua<" not in page and "hieu_qua →" not in page and ">sang_tao<" not in page


def test_the_public_table_heads_columns_with_the_short_name_and_the_full_name_as_tooltip(client, named, organiser):
    round_, _judges, _entries = named
    results.publish(snapshot=results.freeze(round=round_, by=organiser), by=organiser)
    html = client.get(reverse("public-results", args=[round_.pk])).content.decode()
    assert '<abbr title="Điểm trung bình: Hiệu quả thiết thực, có số liệu kiểm chứng">Hiệu quả</abbr>' in html
    assert "điểm tiêu chí “Hiệu quả”; điểm tiêu chí “Sáng tạo”" in html
    # The round has its own name: printed as it is.
    assert "Kết quả Vòng chung khảo" in html


def test_exports_write_band_labels_padded_numbers_and_short_names(named, organiser):
    round_, _judges, _entries = named
    headers, rows = result_exports.ranking_from_table(tabulation.tabulate(round_))
    rows = list(rows)
    assert "TB Hiệu quả" in headers and "TB Sáng tạo" in headers
    column = {name: i for i, name in enumerate(headers)}
    assert [r[column["Số hiệu"]] for r in rows] == ["001", "003", "002"]
    assert {r[column["Xếp loại"]] for r in rows} <= {"Xuất sắc", "Tốt", "Khá", "Chưa đạt"}
    assert rows[0][column["Xếp loại"]] == "Chưa đạt"  # 44,67 of 50: below 50 points
    snapshot = results.freeze(round=round_, by=organiser)
    frozen_headers, frozen = result_exports.ranking_from_snapshot(snapshot)
    assert list(frozen) == rows and frozen_headers == headers
    results.publish(snapshot=snapshot, by=organiser)
    snapshot.refresh_from_db()
    text = result_exports.public_csv(snapshot).decode("utf-8-sig")
    public = list(csv.DictReader(io.StringIO(text)))
    assert [r["Số hiệu"] for r in public] == ["001", "003", "002"]
    assert "criterion:" not in text and "hieu_qua" not in text


def test_words_for_codes():
    assert labels.entry_number(3) == "003" and labels.entry_number(1234) == "1234" and labels.entry_number(None) == ""
    assert labels.band_label("xuat_sac") == "Xuất sắc" and labels.band_label("tot") == "Tốt"
    assert labels.band_label("") == "" and labels.band_label("la") == "la"
    assert labels.decided_label("criterion:1", ["hieu_qua", "sang_tao"], {"sang_tao": "Sáng tạo"}) == (
        "Phân định theo tiêu chí “Sáng tạo”"
    )
    assert labels.decided_label("judges", [], {}) == "Phân định theo số giám khảo xếp cao hơn"
    assert labels.decided_label("", [], {}) == ""


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("Vòng chấm", RoundKind.SINGLE, ""),
        ("  vòng  CHẤM ", RoundKind.SINGLE, ""),
        ("Vòng chấm", RoundKind.PRELIMINARY, "Vòng sơ khảo"),
        ("Vòng chấm", RoundKind.FINAL, "Vòng chung khảo"),
        ("Vòng cụm", RoundKind.PRELIMINARY, "Vòng cụm"),
        ("Vòng chung khảo", RoundKind.SINGLE, "Vòng chung khảo"),
    ],
)
def test_a_round_is_named_as_people_name_it(name, kind, expected):
    assert Round(name=name, kind=kind).public_name == expected


def test_the_default_round_name_never_reaches_the_public_page(client, named, organiser):
    round_, _judges, _entries = named
    Round.objects.filter(pk=round_.pk).update(name="Vòng chấm")
    results.publish(snapshot=results.freeze(round=round_, by=organiser), by=organiser)
    html = client.get(reverse("public-results", args=[round_.pk])).content.decode()
    assert "Vòng chấm" not in html
    assert "Kết quả chung cuộc" in html
