"""Result exports (ranking, score matrix, public CSV) and the compute_ranking / fairness_report commands."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from contest.core.errors import DomainError
from contest.judging.enums import SheetStatus
from contest.judging.models import Criterion, ScoreSheet
from contest.results import exports as result_exports
from contest.results import tabulation
from contest.results.models import PrizeTier, ResultsPolicy
from contest.results.services import snapshots as results
from contest.spreadsheets import writer
from tests.factories import EntryFactory
from tests.factories.judging import assign, make_judge, make_round
from tests.results.test_results import submitted_sheet, with_prizes

D = Decimal

MARKS = {
    0: [(18, 22, 5), (17, 21, 4), (19, 23, 5)],  # 45, 42, 47 → 44.67
    1: [(15, 20, 4), (16, 18, 4), (14, 19, 3)],  # 39, 38, 36 → 37.67
    2: [(19, 24, 5), (18, 23, 4), (10, 12, 2)],  # 48, 45, 24 → 39.00 (median 45.00)
}


@pytest.fixture
def scored_round(contest):
    """As in test_results.py: the jury alone scores this round (no secretariat part to wait for)."""
    round_ = make_round(contest, jury_only=True)
    judges = [make_judge(f"gk{i}", full_name=f"Giám khảo {i}") for i in range(3)]
    entries = [EntryFactory(contest=contest, title=f"Mô hình {i}") for i in range(3)]
    for e, entry in enumerate(entries):
        for j, judge in enumerate(judges):
            assign(round_, judge, entry)
            s, h, o = MARKS[e][j]
            submitted_sheet(round_, judge, entry, {"sang_tao": s, "hieu_qua": h, "ho_so": o, "tham_khao": 9})
    return round_, judges, entries


def parse_csv(data: bytes):
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def read_xlsx(data: bytes):
    sheet = load_workbook(io.BytesIO(data)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


# --- ranking ------------------------------------------------------------------------------------


def test_ranking_csv_has_vietnamese_headers_and_dot_decimals(scored_round):
    round_, _judges, entries = scored_round
    rows = parse_csv(writer.csv_bytes(*result_exports.ranking_from_table(tabulation.tabulate(round_))))
    assert [r["Số hiệu"] for r in rows] == ["001", "003", "002"]
    first = rows[0]
    assert first["Hạng"] == "1" and first["Đồng hạng"] == "0"
    assert first["Tên hồ sơ"] == "Mô hình 0" and first["Đơn vị"] == entries[0].unit.name
    assert first["Điểm"] == "44.67"
    assert first["TB Tính mới, sáng tạo"] == "18.00"
    assert first["TB Điểm tham khảo"] == "9.00"
    assert first["Vào vòng sau"] == "0"


def test_ranking_xlsx_writes_numbers_as_numbers(scored_round):
    round_, _judges, _entries = scored_round
    headers, rows = result_exports.ranking_from_table(tabulation.tabulate(round_))
    cells = read_xlsx(writer.xlsx_bytes(writer.Sheet("Xếp hạng", headers, rows)))
    assert cells[0][:3] == ["Hạng", "Đồng hạng", "Số hiệu"]
    score = cells[1][cells[0].index("Điểm")]
    assert isinstance(score, float) and score == pytest.approx(44.67)


def test_prizes_and_snapshot_export_match_the_live_table(scored_round, organiser):
    round_, _judges, _entries = scored_round
    ResultsPolicy.objects.create(round=round_, min_prize_score=D(38))
    PrizeTier.objects.create(round=round_, code="nhat", name="Giải Nhất", quota=1, order=1)
    live = list(result_exports.ranking_from_table(tabulation.tabulate(round_))[1])
    snapshot = results.freeze(round=round_, by=organiser)
    headers, frozen = result_exports.ranking_from_snapshot(snapshot)
    frozen = list(frozen)
    assert frozen == live
    assert frozen[0][headers.index("Giải")] == "Giải Nhất"


def test_every_text_cell_and_header_is_formula_safe(scored_round):
    round_, _judges, entries = scored_round
    entries[0].title = '=HYPERLINK("http://x","bấm")'
    entries[0].save()
    Criterion.objects.filter(rubric__round=round_, code="sang_tao").update(name="+cmd|' /C calc'!A0")
    headers, rows = result_exports.ranking_from_table(tabulation.tabulate(round_))
    rows = list(rows)
    text = writer.csv_bytes(headers, rows).decode()
    assert "'=HYPERLINK" in text and "\n=" not in text and ",=" not in text
    # The criterion name is inside the header "TB …", the matrix header starts with it.
    matrix_headers, matrix = result_exports.matrix_rows(round_)
    cells = read_xlsx(writer.xlsx_bytes(writer.Sheet("Ma trận", matrix_headers, matrix)))
    assert "'+cmd|' /C calc'!A0" in cells[0]
    assert cells[1][1] == '\'=HYPERLINK("http://x","bấm")'
    assert not any(isinstance(v, str) and v.startswith(("=", "+")) for row in cells for v in row)


# --- score matrix --------------------------------------------------------------------------------


def test_matrix_has_one_row_per_submitted_jury_sheet(scored_round):
    round_, judges, entries = scored_round
    extra = make_judge("gk-nhap")
    assign(round_, extra, entries[0])
    ScoreSheet.objects.create(round=round_, judge=extra, entry=entries[0])  # a draft: not exported
    headers, rows = result_exports.matrix_rows(round_)
    rows = list(rows)
    assert headers == [
        "Số hiệu",
        "Tên hồ sơ",
        "Giám khảo",
        "Tính mới, sáng tạo",
        "Hiệu quả thiết thực, có số liệu kiểm chứng",
        "Chất lượng hồ sơ, minh chứng",
        "Điểm tham khảo",
        "Tổng điểm phiếu",
    ]
    assert len(rows) == 9
    assert [r[0] for r in rows] == ["001", "001", "001", "002", "002", "002", "003", "003", "003"]
    assert [r[2] for r in rows[:3]] == ["GK 1", "GK 2", "GK 3"]
    assert rows[0][3:] == [D(18), D(22), D(5), D(9), D("45.00")]  # the reference score is not in the total
    named = list(result_exports.matrix_rows(round_, names=True)[1])
    assert [r[2] for r in named[:3]] == ["Giám khảo 0", "Giám khảo 1", "Giám khảo 2"]
    text = writer.csv_bytes(headers, rows).decode()
    assert "001,Mô hình 0,GK 1,18.00,22.00,5.00,9.00,45.00" in text


def _count_matrix_queries(round_):
    with CaptureQueriesContext(connection) as queries:
        headers, rows = result_exports.matrix_rows(round_)
        writer.xlsx_bytes(writer.Sheet("Ma trận", headers, rows))
    return len(queries)


def test_matrix_queries_do_not_grow_with_the_round(contest):
    round_ = make_round(contest)
    judges = [make_judge(f"gk{i}") for i in range(3)]

    def add(count):
        for i in range(count):
            entry = EntryFactory(contest=contest)
            for judge in judges:
                assign(round_, judge, entry)
                submitted_sheet(round_, judge, entry, {"sang_tao": 10 + i % 5, "hieu_qua": 20, "ho_so": 5})

    add(3)
    small = _count_matrix_queries(round_)
    add(17)
    assert _count_matrix_queries(round_) == small <= 6
    assert len(list(result_exports.matrix_rows(round_)[1])) == 60


# --- the public CSV ------------------------------------------------------------------------------


def test_public_csv_lets_anyone_recompute_the_ranking(scored_round, organiser):
    round_, _judges, _entries = scored_round
    with_prizes(round_)
    snapshot = results.freeze(round=round_, by=organiser)
    with pytest.raises(DomainError):
        result_exports.public_csv(snapshot)
    snapshot = results.publish(snapshot=snapshot, by=organiser)
    rows = parse_csv(result_exports.public_csv(snapshot))
    assert list(rows[0])[:8] == [
        "Hạng",
        "Số hiệu",
        "Tên hồ sơ",
        "Đơn vị",
        "Bảng xếp hạng",
        "Điểm",
        "Giải",
        "Phân định bằng",
    ]
    assert not any("Giám khảo" in h or "GK" in h for h in rows[0])
    # Equal scores share a rank: 1 + the number of entries of the same table with a higher score.
    for row in rows:
        higher = [
            other
            for other in rows
            if other["Bảng xếp hạng"] == row["Bảng xếp hạng"] and D(other["Điểm"]) > D(row["Điểm"])
        ]
        assert int(row["Hạng"]) == 1 + len(higher)
    assert [r["Hạng"] for r in rows] == ["1", "2", "3"]


# --- commands ------------------------------------------------------------------------------------


def test_compute_ranking_prints_csv_and_can_change_method(scored_round):
    round_, _judges, _entries = scored_round
    out = io.StringIO()
    call_command("compute_ranking", str(round_.pk), stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))  # no BOM on stdout
    assert [(r["Số hiệu"], r["Điểm"]) for r in rows] == [("001", "44.67"), ("003", "39.00"), ("002", "37.67")]
    out = io.StringIO()
    call_command("compute_ranking", str(round_.pk), "--method", "median", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    # Entries 1 and 3 both have a median of 45; the tie-break chain (hiệu quả first) puts 1 first.
    assert [(r["Số hiệu"], r["Điểm"], r["Hạng"]) for r in rows[:2]] == [("001", "45.00", "1"), ("003", "45.00", "2")]


def test_compute_ranking_writes_files_and_exports_the_snapshot(scored_round, organiser, tmp_path):
    round_, _judges, _entries = scored_round
    with_prizes(round_)
    target = tmp_path / "xep-hang.xlsx"
    call_command("compute_ranking", str(round_.pk), "--format", "xlsx", "--output", str(target), stderr=io.StringIO())
    assert read_xlsx(target.read_bytes())[1][:3] == [1, None, "001"]
    with pytest.raises(CommandError, match="chưa có kết quả đã chốt"):
        call_command("compute_ranking", str(round_.pk), "--snapshot")
    with pytest.raises(CommandError, match="--output"):
        call_command("compute_ranking", str(round_.pk), "--format", "xlsx")
    with pytest.raises(CommandError, match="Không có vòng thi"):
        call_command("compute_ranking", "999999")
    results.freeze(round=round_, by=organiser)
    target = tmp_path / "xep-hang.csv"
    call_command("compute_ranking", str(round_.pk), "--snapshot", "--output", str(target), stderr=io.StringIO())
    assert parse_csv(target.read_bytes())[0]["Điểm"] == "44.67"


def test_fairness_report_uses_pseudonyms_unless_asked(scored_round):
    round_, _judges, _entries = scored_round
    out = io.StringIO()
    call_command("fairness_report", str(round_.pk), stdout=out)
    text = out.getvalue()
    assert "GK 1" in text and "Giám khảo 0" not in text
    assert "Trung vị" in text  # a sensitivity line per other method
    out = io.StringIO()
    call_command("fairness_report", str(round_.pk), "--names", stdout=out)
    assert "Giám khảo 0" in out.getvalue()


def test_fairness_report_json(scored_round):
    round_, _judges, _entries = scored_round
    out = io.StringIO()
    call_command("fairness_report", str(round_.pk), "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["judges"] == ["GK 1", "GK 2", "GK 3"] and report["sheets"] == 9
    # GK 3 gave entry 3 a 24 where the others gave 48 and 45: the harshest.
    assert min(report["leniency"], key=lambda j: D(report["leniency"][j])) == "GK 3"
    assert len(report["agreement"]["pairs"]) == 3
    assert set(report["sensitivity"]) == {"trimmed_mean", "median", "normalised"}
    assert all(change["code"] for changes in report["sensitivity"].values() for change in changes)


def test_matrix_ignores_sheets_reopened_to_draft(scored_round):
    round_, judges, entries = scored_round
    ScoreSheet.objects.filter(round=round_, judge=judges[0], entry=entries[0]).update(status=SheetStatus.DRAFT)
    rows = list(result_exports.matrix_rows(round_)[1])
    assert len(rows) == 8 and [r[2] for r in rows[:2]] == ["GK 2", "GK 3"]


def test_fairness_report_lists_the_prizes_another_method_would_change(scored_round):
    round_, judges, entries = scored_round
    ResultsPolicy.objects.create(round=round_, min_prize_score=D(0))
    PrizeTier.objects.create(round=round_, code="nhat", name="Giải Nhất", quota=1)
    # Entry 3's totals become 48, 46, 24: mean 39.33 (behind entry 1's 44.67), median 46 (ahead of 45).
    sheet = ScoreSheet.objects.get(round=round_, judge=judges[1], entry=entries[2])
    sheet.scores.filter(criterion__code="hieu_qua").update(value=D(24))
    out = io.StringIO()
    call_command("fairness_report", str(round_.pk), "--json", stdout=out)
    median = json.loads(out.getvalue())["sensitivity"]["median"]
    assert median == [
        {"code": 1, "current": "Giải Nhất", "other": None, "current_rank": 1, "other_rank": 2},
        {"code": 3, "current": None, "other": "Giải Nhất", "current_rank": 2, "other_rank": 1},
    ]
    out = io.StringIO()
    call_command("fairness_report", str(round_.pk), stdout=out)
    assert "Hồ sơ số 003: không giải (hạng 2) → Giải Nhất (hạng 1)" in out.getvalue()


def test_compute_ranking_says_how_it_computed_and_flags_discrepancies(scored_round, organiser, tmp_path):
    round_, _judges, _entries = scored_round
    with_prizes(round_)
    ResultsPolicy.objects.create(round=round_, method="trimmed_mean", trim_min_sheets=3, discrepancy_threshold=D(20))
    out = io.StringIO()
    call_command("compute_ranking", str(round_.pk), "--format", "text", stdout=out)
    text = out.getvalue()
    header, table = text.split("\n\n", 1)
    assert "Cách tổng hợp điểm: Trung bình sau khi bỏ điểm cao nhất và thấp nhất (trimmed_mean)" in header
    assert "Bỏ điểm cao nhất và thấp nhất khi có từ: 3 phiếu" in header
    assert (
        "Phân định khi bằng điểm: TB “Hiệu quả thiết thực, có số liệu kiểm chứng” cao hơn → "
        "nhan_dan_tham_gia (không có trong thang điểm của vòng, không xét) → "
        "TB “Tính mới, sáng tạo” cao hơn → nhiều giám khảo xếp cao hơn → quyết định của Ban Giám khảo"
    ) in header
    assert "Ngưỡng chênh lệch điểm: 20,00 điểm" in header
    assert "Hồ sơ chênh lệch điểm (Trưởng Ban Giám khảo xem lại): 003 (24,00)" in header
    assert "24,00!" in table and "Mô hình 2" in table

    # CSV: plain CSV on stdout with the flag columns; the settings go to stderr.
    out, err = io.StringIO(), io.StringIO()
    call_command("compute_ranking", str(round_.pk), stdout=out, stderr=err)
    rows = {r["Số hiệu"]: r for r in csv.DictReader(io.StringIO(out.getvalue()))}
    assert (rows["003"]["Số phiếu"], rows["003"]["Độ chênh"], rows["003"]["Chênh lệch"]) == ("3", "24.00", "1")
    assert rows["001"]["Chênh lệch"] == "0"
    assert "# Ngưỡng chênh lệch điểm: 20,00" in err.getvalue()

    # XLSX: a "Cách tính" sheet; the frozen parameters when exporting the snapshot.
    results.freeze(round=round_, by=organiser)
    ResultsPolicy.objects.filter(round=round_).update(method="median")  # changed after the freeze: ignored
    target = tmp_path / "ket-qua.xlsx"
    call_command(
        "compute_ranking",
        str(round_.pk),
        "--snapshot",
        "--format",
        "xlsx",
        "--output",
        str(target),
        stderr=io.StringIO(),
    )
    workbook = load_workbook(target)
    assert workbook.sheetnames == ["Xếp hạng", "Cách tính"]
    settings = dict(row for row in workbook["Cách tính"].iter_rows(min_row=2, values_only=True))
    assert settings["Kết quả"] == "đã chốt, phiên bản 1"
    assert settings["Cách tổng hợp điểm"].endswith("(trimmed_mean)")
    assert settings["Hồ sơ chênh lệch điểm (Trưởng Ban Giám khảo xem lại)"] == "003 (24,00)"


def test_round_entries_lists_rounds_with_their_ids_then_a_rounds_entry_numbers(scored_round, organiser):
    round_, _judges, entries = scored_round
    with_prizes(round_)
    out = io.StringIO()
    call_command("round_entries", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split()[:2] == ["Mã", "vòng"]
    mine = next(line for line in lines if line.startswith(str(round_.pk) + " "))
    assert round_.name in mine and round_.contest.name in mine and "chưa chốt" in mine
    results.freeze(round=round_, by=organiser)
    out = io.StringIO()
    call_command("round_entries", "--format", "csv", stdout=out)
    states = {r["Mã vòng"]: r["Kết quả"] for r in csv.DictReader(io.StringIO(out.getvalue()))}
    assert states[str(round_.pk)] == "đã chốt v1"

    out = io.StringIO()
    call_command("round_entries", str(round_.pk), "--format", "csv", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["Số hiệu"], r["Tên hồ sơ"]) for r in rows] == [
        ("001", "Mô hình 0"),
        ("002", "Mô hình 1"),
        ("003", "Mô hình 2"),
    ]
    assert rows[0]["Đơn vị"] == entries[0].unit.name
    with pytest.raises(CommandError, match="Không có vòng thi"):
        call_command("round_entries", "999999")
