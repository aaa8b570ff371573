"""Paper score sheets: export a round's sheets, download the typing template, import the filled
file all-or-nothing (contest/services/paper_import.py and the "Nhập/xuất điểm chấm" page).

Files are built in the tests (openpyxl for .xlsx, bytes for .csv) so that each test shows what the
secretariat would upload.
"""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from contest.core import audit
from contest.core.models import AuditRecord, Field
from contest.judging.enums import ConflictKind, SheetStatus
from contest.judging.models import Conflict, Criterion, JuryMembership, Rubric, ScoreSheet
from contest.judging.services import paper_import, sheets
from contest.spreadsheets import importing
from contest.spreadsheets.tabular import ImportFileError
from tests.factories import EntryFactory
from tests.factories.judging import add_entry, assign, criteria, make_judge, make_round
from tests.files import response_bytes

HEAD = [
    "Số hiệu hồ sơ",
    "Tên hồ sơ",
    "Tài khoản giám khảo",
    "Họ tên giám khảo",
    "sang_tao",
    "hieu_qua",
    "ho_so",
    "tham_khao",
    "Nhận xét chung",
]


def xlsx(rows, headers=HEAD):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows, headers=HEAD, delimiter=",", bom=True):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode()


def run(round_, content, name="phieu-giay.xlsx", by=None, dry_run=False):
    dataset = importing.read_table(content, name)
    return paper_import.import_scores(round=round_, dataset=dataset, by=by, filename=name, dry_run=dry_run)


def messages(report):
    return [str(p) for p in report.problems]


def values(sheet):
    return {s.criterion.code: s.value for s in sheet.scores.select_related("criterion")}


@pytest.fixture
def round_(contest):
    return make_round(contest)


@pytest.fixture
def gk1(db):
    return make_judge("gk1", full_name="Hoàng Văn Em")


@pytest.fixture
def gk2(db):
    return make_judge("gk2", full_name="Đỗ Thị Giang")


@pytest.fixture
def entry2(contest, other_unit):
    return EntryFactory(contest=contest, unit=other_unit, title="Bữa cơm nghĩa tình thứ Sáu")


@pytest.fixture
def scene(round_, gk1, gk2, entry, entry2):
    """Two judges, each assigned both entries (numbers 001 and 002)."""
    add_entry(round_, entry, code=1)
    add_entry(round_, entry2, code=2)
    for judge in (gk1, gk2):
        assign(round_, judge, entry)
        assign(round_, judge, entry2)
    return round_


GOOD = [
    [1, "", "gk1", "", "17,5", 20, 4.5, "", "Cách làm sáng tạo"],
    [2, "", "gk1", "", "18", "22.5", "5", "7", ""],
    ["001", "", "gk2", "", 19, "21,5", "4,25", None, None],
]


# ---------------------------------------------------------------------------------------------
# A correct paper file
# ---------------------------------------------------------------------------------------------


def test_a_paper_file_creates_submitted_sheets_from_paper_with_one_audit_record_each(scene, secretariat, entry):
    report = run(scene, xlsx(GOOD), by=secretariat)
    assert report.ok, messages(report)
    assert (report.new, report.changed, report.unchanged) == (3, 0, 0)

    assert ScoreSheet.objects.count() == 3
    sheet = ScoreSheet.objects.get(judge__username="gk1", entry=entry)
    assert sheet.status == SheetStatus.SUBMITTED and sheet.from_paper and sheet.submitted_at
    assert sheet.comment == "Cách làm sáng tạo"
    # "17,5" (decimal comma), a numeric cell and "4.5" are all read.
    assert values(sheet) == {"sang_tao": Decimal("17.5"), "hieu_qua": Decimal("20"), "ho_so": Decimal("4.5")}

    records = AuditRecord.objects.filter(action=audit.AuditAction.SCORE_IMPORT)
    assert records.count() == 3
    record = records.get(object_id=str(sheet.pk))
    assert record.actor == secretariat and record.round_id == scene.pk
    assert record.reason == "nhập từ tệp phieu-giay.xlsx"
    assert record.old is None
    assert record.new["sang_tao"] == "17.50" and record.new["_status"] == "submitted"
    assert record.new["_total"] == "42.00"
    assert audit.verify_chain() == []


def test_a_dry_run_previews_and_writes_nothing(scene):
    report = run(scene, xlsx(GOOD), dry_run=True)
    assert report.ok and report.new == 3
    assert [c.column for c in report.rows[0].changes] == ["sang_tao", "hieu_qua", "ho_so", "Nhận xét chung"]
    assert not ScoreSheet.objects.exists() and not AuditRecord.objects.exists()


def test_csv_with_bom_and_semicolons_is_read(scene):
    rows = [[str(c) if c is not None else "" for c in row] for row in GOOD]
    report = run(scene, csv_bytes(rows, delimiter=";"), name="phieu.csv")
    assert report.ok, messages(report)
    assert ScoreSheet.objects.filter(from_paper=True).count() == 3


def test_empty_template_rows_are_skipped(scene):
    rows = [*GOOD[:1], [2, "Bữa cơm", "gk2", "Đỗ Thị Giang", "", "", "", "", ""]]
    report = run(scene, xlsx(rows))
    assert report.ok and report.new == 1 and report.skipped == 1
    assert ScoreSheet.objects.count() == 1


def test_the_scoring_deadline_does_not_block_paper_sheets(scene):
    scene.scoring_deadline = timezone.now() - dt.timedelta(days=1)
    scene.save()
    assert run(scene, xlsx(GOOD)).ok
    assert ScoreSheet.objects.filter(status=SheetStatus.SUBMITTED).count() == 3


def test_a_paper_sheet_completes_an_online_draft(scene, gk1, entry, secretariat):
    c = criteria(scene)
    sheets.save_sheet(judge=gk1, round=scene, entry=entry, values={c["sang_tao"].pk: "10"}, by=gk1)
    report = run(scene, xlsx(GOOD[:1]), by=secretariat)
    assert report.ok and report.changed == 1
    assert report.rows[0].changes[0].old == "10" and report.rows[0].changes[0].new == "17,5"
    sheet = ScoreSheet.objects.get(judge=gk1, entry=entry)
    assert sheet.status == SheetStatus.SUBMITTED and sheet.from_paper
    record = AuditRecord.objects.get(action=audit.AuditAction.SCORE_IMPORT)
    assert record.old["sang_tao"] == "10.00" and record.old["_status"] == "draft"


# ---------------------------------------------------------------------------------------------
# Errors: named by line and column; one bad row and nothing is written
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (0, 99, "Dòng 3, cột Số hiệu hồ sơ: Không có hồ sơ số «99» trong vòng thi này."),
        (0, "", "Dòng 3, cột Số hiệu hồ sơ: Thiếu số hiệu hồ sơ."),
        (2, "ai-do", "Dòng 3, cột Tài khoản giám khảo: «ai-do» không phải thành viên Ban Giám khảo của vòng thi này."),
        (4, "21", "Dòng 3, cột sang_tao: Điểm không được vượt quá 20."),
        (4, "17,3", "Dòng 3, cột sang_tao: Điểm phải là bội số của 0,5."),
        (4, "mười", "Dòng 3, cột sang_tao: Điểm phải là một số, ví dụ 8 hoặc 8,5."),
        (5, "", "Dòng 3, cột hieu_qua: Chưa có điểm; phiếu chấm giấy phải có điểm mọi tiêu chí."),
        (
            5,
            "=10+10",
            "Dòng 3, cột hieu_qua: Ô chứa công thức «=10+10»; hãy dán dạng giá trị (Paste Special → Values).",
        ),
    ],
)
def test_a_bad_row_is_named_by_line_and_column_and_nothing_is_written(scene, column, value, message):
    bad = list(GOOD[1])
    bad[column] = value
    report = run(scene, xlsx([GOOD[0], bad, GOOD[2]]))
    assert messages(report) == [message]
    assert not ScoreSheet.objects.exists() and not AuditRecord.objects.exists()


def test_an_unassigned_judge_is_refused(scene, entry):
    JuryMembership.objects.create(round=scene, judge=make_judge("gk4"))
    report = run(scene, xlsx([[1, "", "gk4", "", 18, 20, 5, "", ""]]))
    assert messages(report) == [
        "Dòng 2, cột Tài khoản giám khảo: Giám khảo «gk4» không được phân công chấm hồ sơ số 001."
    ]
    assert not ScoreSheet.objects.exists()


def test_a_conflicted_judge_is_refused(scene, gk1, entry, organiser):
    Conflict.objects.create(
        round=scene, judge=gk1, entry=entry, kind=ConflictKind.DECLARED, reason="Người thân", recorded_by=organiser
    )
    report = run(scene, xlsx(GOOD))
    assert len(report.problems) == 1
    assert str(report.problems[0]).startswith("Dòng 2, cột Tài khoản giám khảo: Giám khảo «gk1» có xung đột lợi ích")
    assert not ScoreSheet.objects.exists()


def test_a_repeated_judge_and_entry_is_refused(scene):
    report = run(scene, xlsx([GOOD[0], GOOD[1], GOOD[0]]))
    assert messages(report) == [
        "Dòng 4, cột Tài khoản giám khảo: Giám khảo «gk1» và hồ sơ số 001 đã có ở dòng 2; mỗi phiếu chỉ một dòng."
    ]
    assert not ScoreSheet.objects.exists()


def test_a_sheet_submitted_online_with_other_values_is_refused_and_identical_is_a_no_op(scene, gk1, entry):
    c = criteria(scene)
    online = {c["sang_tao"].pk: "17,5", c["hieu_qua"].pk: "20", c["ho_so"].pk: "4,5"}
    sheets.submit_sheet(judge=gk1, round=scene, entry=entry, values=online, sheet_comment="Cách làm sáng tạo", by=gk1)
    before = AuditRecord.objects.count()

    different = list(GOOD[0])
    different[5] = "21"
    report = run(scene, xlsx([different]))
    assert messages(report) == [
        "Dòng 2, cột hieu_qua: Phiếu của giám khảo «gk1» cho hồ sơ số 001 đã nộp trực tuyến; "
        "Ban Tổ chức phải mở lại trước khi nhập điểm khác."
    ]

    report = run(scene, xlsx(GOOD[:1]))
    assert report.ok and report.unchanged == 1 and report.new == 0
    sheet = ScoreSheet.objects.get(judge=gk1, entry=entry)
    assert not sheet.from_paper
    assert AuditRecord.objects.count() == before


def test_a_criterion_of_another_field_must_stay_empty(scene, contest, entry2):
    own_field = Field.objects.create(contest=contest, code="rieng", name="Lĩnh vực riêng", order=9)
    entry2.field = own_field
    entry2.save()
    rubric = Rubric.objects.create(round=scene, name="Thang điểm riêng", field=own_field)
    for i, code in enumerate(("sang_tao", "hieu_qua", "ho_so", "rieng")):
        Criterion.objects.create(rubric=rubric, code=code, name=code, max_points=Decimal(10), order=i)
    headers = [*HEAD[:-1], "rieng", "Nhận xét chung"]
    assert paper_import.build_layout(scene).criterion_columns == ["sang_tao", "hieu_qua", "ho_so", "tham_khao", "rieng"]

    report = run(scene, xlsx([[1, "", "gk1", "", 18, 20, 5, "", 3, ""]], headers=headers))
    assert messages(report) == [
        "Dòng 2, cột rieng: Tiêu chí này không áp dụng cho hồ sơ số 001 (lĩnh vực khác); hãy để trống."
    ]
    report = run(scene, xlsx([[2, "", "gk1", "", 8, 9, 5, "", 3, ""]], headers=headers))
    assert report.ok, messages(report)
    assert values(ScoreSheet.objects.get()) == {
        "sang_tao": Decimal(8),
        "hieu_qua": Decimal(9),
        "ho_so": Decimal(5),
        "rieng": Decimal(3),
    }


def test_a_file_without_a_criterion_column_is_refused_as_a_whole(scene):
    headers = [h for h in HEAD if h != "hieu_qua"]
    with pytest.raises(ImportFileError, match="thiếu cột hieu_qua"):
        run(scene, xlsx([], headers=headers))


# ---------------------------------------------------------------------------------------------
# Export and template
# ---------------------------------------------------------------------------------------------


def _content(response):
    return response_bytes(response) if response.streaming else response.content


def _download(client, user, name, round_, fmt):
    client.force_login(user)
    response = client.get(reverse(f"contest_scores:{name}", args=[round_.pk, fmt]))
    assert response.status_code == 200
    return _content(response)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_exported_file_imports_back_as_a_no_op(client, scene, secretariat, gk1, gk2, entry, entry2, fmt):
    c = criteria(scene)
    sheets.submit_sheet(
        judge=gk1,
        round=scene,
        entry=entry,
        values={c["sang_tao"].pk: "17,5", c["hieu_qua"].pk: "20", c["ho_so"].pk: "4,25", c["tham_khao"].pk: "3"},
        sheet_comment='=HYPERLINK("http://x")',
        by=gk1,
    )
    sheets.save_sheet(judge=gk2, round=scene, entry=entry, values={c["sang_tao"].pk: "9,5"}, by=gk2)
    sheets.save_sheet(judge=gk2, round=scene, entry=entry2, values={}, by=gk2)
    assert run(scene, xlsx([GOOD[1]])).ok  # one paper sheet too
    before = AuditRecord.objects.count()

    content = _download(client, secretariat, "export", scene, fmt)
    report = run(scene, content, name=f"xuat.{fmt}", by=secretariat)
    assert report.ok, messages(report)
    assert (report.new, report.changed, report.unchanged) == (0, 0, 3)
    assert report.skipped == 1  # the draft with no score yet
    assert AuditRecord.objects.count() == before


def test_the_export_neutralises_formula_like_text(client, scene, secretariat, gk1, entry):
    entry.title = "=cmd|' /C calc'!A0"
    entry.save()
    c = criteria(scene)
    sheets.save_sheet(
        judge=gk1, round=scene, entry=entry, values={c["sang_tao"].pk: "1"}, sheet_comment="@SUM(1)", by=gk1
    )

    sheet = load_workbook(io.BytesIO(_download(client, secretariat, "export", scene, "xlsx"))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == ["Số hiệu hồ sơ", "Tên hồ sơ", "Tài khoản giám khảo", "Họ tên giám khảo", "Trạng thái",
                             "sang_tao", "hieu_qua", "ho_so", "tham_khao", "Nhận xét chung"]  # fmt: skip
    assert rows[1][1] == "'=cmd|' /C calc'!A0" and rows[1][-1] == "'@SUM(1)"
    assert rows[1][4] == "Đang chấm" and rows[1][5] == 1
    assert all(cell.data_type != "f" for cell in sheet[2])

    text = _download(client, secretariat, "export", scene, "csv").decode("utf-8-sig")
    assert "'=cmd|' /C calc'!A0" in text and "'@SUM(1)" in text


def test_the_template_has_one_empty_row_per_assignment_in_each_judges_order(client, scene, secretariat, gk1, entry2):
    sheet = load_workbook(io.BytesIO(_download(client, secretariat, "template", scene, "xlsx"))).active
    rows = [r[:4] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert rows[1] == (2, "Bữa cơm nghĩa tình thứ Sáu", "gk1", "Hoàng Văn Em")
    assert [(r[0], r[2]) for r in rows] == [(1, "gk1"), (2, "gk1"), (1, "gk2"), (2, "gk2")]
    report = run(scene, _download(client, secretariat, "template", scene, "csv"), name="mau.csv")
    assert report.ok and report.skipped == 4 and not ScoreSheet.objects.exists()


def test_the_export_query_count_does_not_grow_with_sheets(client, contest, secretariat):
    def build(n_judges, n_entries, name):
        round_ = make_round(contest, name=name)
        entries = [EntryFactory(contest=contest) for _ in range(n_entries)]
        for j in range(n_judges):
            judge = make_judge(f"{name}-gk{j}")
            for e in entries:
                assign(round_, judge, e)
                ScoreSheet.objects.create(round=round_, judge=judge, entry=e)
        return round_

    small, large = build(1, 2, "nho"), build(6, 5, "lon")
    client.force_login(secretariat)
    counts = []
    for round_ in (small, large):
        for name in ("export", "template"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse(f"contest_scores:{name}", args=[round_.pk, "xlsx"])).status_code == 200
            counts.append(len(queries))
    assert counts[:2] == counts[2:]


# ---------------------------------------------------------------------------------------------
# The page and its permissions
# ---------------------------------------------------------------------------------------------


def _urls(round_):
    return [
        reverse("contest_scores:index"),
        reverse("contest_scores:round", args=[round_.pk]),
        reverse("contest_scores:export", args=[round_.pk, "xlsx"]),
        reverse("contest_scores:export", args=[round_.pk, "csv"]),
        reverse("contest_scores:template", args=[round_.pk, "xlsx"]),
        reverse("contest_scores:template", args=[round_.pk, "csv"]),
    ]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("organiser", 200), ("secretariat", 200), ("unit_user", "login"), ("judge", "login"), ("anonymous", "login")],
)
def test_score_file_pages_by_persona(client, request, scene, persona, expected):
    makers = {"judge": lambda: make_judge("gk-khac"), "anonymous": lambda: None}
    user = makers[persona]() if persona in makers else request.getfixturevalue(persona)
    if user is not None:
        client.force_login(user)
    upload = SimpleUploadedFile("phieu.xlsx", xlsx(GOOD))
    responses = [client.get(url) for url in _urls(scene)]
    responses.append(client.post(reverse("contest_scores:import", args=[scene.pk]), {"file": upload}))
    for response in responses:
        if expected == "login":
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("wagtailadmin_login"))
        else:
            assert response.status_code == expected
    confirm = client.post(reverse("contest_scores:confirm", args=[scene.pk]), {"token": "0" * 32})
    if expected == "login":
        assert confirm["Location"].startswith(reverse("wagtailadmin_login"))
    else:
        assert confirm["Location"] == reverse("contest_scores:round", args=[scene.pk])  # unknown token
    assert not ScoreSheet.objects.exists()  # a preview never writes


def test_a_staff_member_without_the_scores_permissions_gets_403(client, scene):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    editor = UserFactory(username="bientap")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    for url in _urls(scene):
        assert client.get(url).status_code == 403
    assert client.post(reverse("contest_scores:import", args=[scene.pk])).status_code == 403


def test_an_unknown_format_is_404(client, scene, secretariat):
    client.force_login(secretariat)
    assert client.get(reverse("contest_scores:export", args=[scene.pk, "pdf"])).status_code == 404


def test_the_secretariat_previews_then_confirms_an_import(client, scene, secretariat):
    client.force_login(secretariat)
    upload = SimpleUploadedFile("phieu-giay.xlsx", xlsx(GOOD))
    response = client.post(reverse("contest_scores:import", args=[scene.pk]), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Xác nhận nhập" in page and "17,5" in page
    assert not ScoreSheet.objects.exists()

    token = response.context["token"]
    confirm = reverse("contest_scores:confirm", args=[scene.pk])
    response = client.post(confirm, {"token": token, "confirm": "1"})
    assert response.status_code == 302
    assert ScoreSheet.objects.filter(from_paper=True, status=SheetStatus.SUBMITTED).count() == 3
    assert AuditRecord.objects.get(object_id=str(ScoreSheet.objects.first().pk)).actor == secretariat
    # A token works once.
    client.post(confirm, {"token": token, "confirm": "1"})
    assert AuditRecord.objects.count() == 3


def test_the_page_shows_errors_by_line_and_column_and_offers_no_confirmation(client, scene, organiser):
    client.force_login(organiser)
    bad = list(GOOD[0])
    bad[4] = "25"
    upload = SimpleUploadedFile("phieu-giay.xlsx", xlsx([bad]))
    page = client.post(reverse("contest_scores:import", args=[scene.pk]), {"file": upload}).content.decode()
    assert "Dòng 2, cột sang_tao: Điểm không được vượt quá 20." in page
    assert 'name="token"' not in page


def test_a_token_of_another_round_is_refused(client, scene, contest, secretariat):
    other = make_round(contest, name="Vòng sơ khảo")
    client.force_login(secretariat)
    upload = SimpleUploadedFile("phieu-giay.xlsx", xlsx(GOOD))
    token = client.post(reverse("contest_scores:import", args=[scene.pk]), {"file": upload}).context["token"]
    client.post(reverse("contest_scores:confirm", args=[other.pk]), {"token": token, "confirm": "1"})
    assert not ScoreSheet.objects.exists()


# ---------------------------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------------------------


def test_the_command_checks_then_imports(scene, tmp_path, secretariat, capsys):
    path = tmp_path / "phieu-giay.xlsx"
    path.write_bytes(xlsx(GOOD))
    call_command("import_scores", scene.pk, str(path), "--dry-run")
    assert "Kiểm tra xong (chưa lưu): 3 phiếu mới" in capsys.readouterr().out
    assert not ScoreSheet.objects.exists()

    call_command("import_scores", scene.pk, str(path), "--user", "thuky")
    assert ScoreSheet.objects.filter(from_paper=True).count() == 3
    assert set(AuditRecord.objects.values_list("actor__username", flat=True)) == {"thuky"}

    bad = tmp_path / "sai.csv"
    bad.write_bytes(csv_bytes([["7", "", "gk1", "", "1", "1", "1", "", ""]]))
    with pytest.raises(CommandError, match="1 lỗi"):
        call_command("import_scores", scene.pk, str(bad))


def test_a_code_shared_by_two_parts_of_a_hoi_thi_is_qualified_by_its_part(contest, gk1, entry):
    round_ = make_round(contest, name="Hội thi")
    Rubric.objects.filter(round=round_).delete()
    for order, part in enumerate(("chao_hoi", "tieu_pham")):
        rubric = Rubric.objects.create(round=round_, name=part, part=part, order=order)
        Criterion.objects.create(rubric=rubric, code="noi_dung", name="Nội dung", max_points=Decimal(10))
    assign(round_, gk1, entry)
    layout = paper_import.build_layout(round_)
    assert layout.criterion_columns == ["chao_hoi/noi_dung", "tieu_pham/noi_dung"]

    headers = ["Số hiệu hồ sơ", "Tài khoản giám khảo", "Chao hoi / noi dung", "tieu_pham/noi_dung"]
    report = run(round_, xlsx([[1, "gk1", "8,5", 9]], headers=headers))
    assert report.ok, messages(report)
    record = AuditRecord.objects.get(action=audit.AuditAction.SCORE_IMPORT)
    assert record.new["chao_hoi/noi_dung"] == "8.50" and record.new["tieu_pham/noi_dung"] == "9.00"


def test_a_frozen_round_refuses_paper_scores(scene, round_, organiser):
    """Once the results are frozen no import (nor its preview) may change a score."""
    from contest.core.errors import DomainError
    from contest.results.models import ResultSnapshot

    ResultSnapshot.objects.create(
        round=round_, version=1, method="mean", parameters={}, audit_head="0" * 64, frozen_by=organiser
    )
    with pytest.raises(DomainError, match="đã được chốt"):
        run(round_, xlsx([]), dry_run=True)
