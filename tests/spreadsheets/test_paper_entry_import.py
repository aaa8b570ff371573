"""The Excel import of paper dossiers: preview, errors by line and column, all or nothing, the same
rules as the secretariat's paper form, and files attached afterwards."""

import datetime as dt
import io

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from contest.dossiers.enums import EntryAction, EntryState
from contest.dossiers.models import Entry
from contest.spreadsheets import importing
from tests.factories import EntryFactory, UnitFactory
from tests.spreadsheets.test_imports import problems, upload, xlsx_bytes

HEADERS = ["Cuộc thi", "Mã đơn vị", "Ngày nhận", "Tên hồ sơ", "Lĩnh vực", "Loại hồ sơ", "Ngày bắt đầu"]


def _day(days_ago):
    return (timezone.localdate() - dt.timedelta(days=days_ago)).strftime("%d/%m/%Y")


def _rows(contest, units):
    return [
        [
            contest.slug,
            units[0].code,
            _day(3),
            "Ngân hàng bò giống giúp hội viên thoát nghèo",
            "Kinh tế",
            "",
            "15/01/2024",
        ],
        [contest.name, units[1].code, _day(2), "Bữa cơm nghĩa tình thứ Sáu", "van-hoa-xa-hoi", "mo hinh", ""],
    ]


def _run(content, user, *, dry_run=False):
    dataset = importing.read_table(content, "ho-so-giay.xlsx")
    return importing.run_import(importing.KINDS["ho-so-giay"], dataset, dry_run=dry_run, by=user)


def test_paper_dossiers_are_imported_as_paper_drafts_with_their_history(secretariat, contest):
    units = [UnitFactory(), UnitFactory()]
    preview = _run(xlsx_bytes(HEADERS, _rows(contest, units)), secretariat, dry_run=True)
    assert preview.ok and preview.new == 2 and not Entry.objects.exists()

    report = _run(xlsx_bytes(HEADERS, _rows(contest, units)), secretariat)
    assert report.ok, problems(report)
    first = Entry.objects.get(unit=units[0])
    assert first.is_paper and first.state == EntryState.DRAFT and first.created_by == secretariat
    assert first.field.name == "Kinh tế" and first.started_on == dt.date(2024, 1, 15)
    assert Entry.objects.get(unit=units[1]).field.code == "van-hoa-xa-hoi"
    event = first.events.get()
    assert event.action == EntryAction.CREATED and event.details["source"] == "import"

    # The same file again changes nothing; it never doubles a dossier.
    again = _run(xlsx_bytes(HEADERS, _rows(contest, units)), secretariat)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    assert Entry.objects.count() == 2


def test_one_bad_row_imports_nothing_and_says_where(secretariat, contest):
    units = [UnitFactory(), UnitFactory()]
    rows = _rows(contest, units)
    rows[1][2] = _day(-2)  # received in the future
    rows.append([contest.slug, "khong-co", "2026-13-45", "Tổ liên gia an toàn", "Thể thao", "", ""])
    contest.entry_quota_per_unit = 1
    contest.save()
    rows.append([contest.slug, units[0].code, _day(1), "Hồ sơ thứ hai của cùng đơn vị", "", "", ""])
    report = _run(xlsx_bytes(HEADERS, rows), secretariat)
    found = problems(report)
    assert "Dòng 3, cột ngay_nhan: Ngày nhận hồ sơ giấy không được sau hôm nay." in found
    assert any(p.startswith("Dòng 4, cột ma_don_vi: Không có đơn vị mã «khong-co»") for p in found)
    assert any(p.startswith("Dòng 4, cột ngay_nhan: «2026-13-45» không phải ngày hợp lệ") for p in found)
    assert any(p.startswith("Dòng 5, cột ma_don_vi: Đơn vị đã có 1/1 hồ sơ") for p in found)
    assert not Entry.objects.exists()


def test_a_dossier_the_unit_entered_online_is_never_overwritten(secretariat, contest):
    unit = UnitFactory()
    online = EntryFactory(contest=contest, unit=unit, title="Bữa cơm nghĩa tình thứ Sáu")
    rows = [[contest.slug, unit.code, _day(2), online.title, "", "", ""]]
    report = _run(xlsx_bytes(HEADERS, rows), secretariat)
    assert any("nộp trực tuyến hoặc đã nộp" in p for p in problems(report))
    online.refresh_from_db()
    assert not online.is_paper


def test_the_import_page_previews_then_confirms_and_the_template_lists_the_contests(client, secretariat, contest):
    units = [UnitFactory(), UnitFactory()]
    client.force_login(secretariat)
    url = reverse("contest_imports:import", args=["ho-so-giay"])
    assert "Nhập hồ sơ giấy từ Excel" in client.get(url).content.decode()
    preview = client.post(url, {"file": upload(xlsx_bytes(HEADERS, _rows(contest, units)), "ho-so-giay.xlsx")})
    assert "2 dòng: 2 hồ sơ mới" in preview.content.decode() and not Entry.objects.exists()
    confirm = client.post(reverse("contest_imports:confirm", args=["ho-so-giay"]), {"token": preview.context["token"]})
    assert confirm.status_code == 302 and Entry.objects.filter(paper_received_on__isnull=False).count() == 2

    template = client.get(reverse("contest_imports:template", args=["ho-so-giay"]))
    workbook = load_workbook(io.BytesIO(template.content))
    guide = list(workbook["Hướng dẫn"].iter_rows(values_only=True))
    assert (contest.name, None) in [tuple(r[:2]) for r in guide]
    cells = {c for row in guide for c in row if c}
    assert contest.slug not in cells and "team" not in cells and "Đội thi" in cells
    exported = client.get(reverse("contest_imports:export", args=["ho-so-giay"]))
    rows = list(load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("cuoc_thi", "ma_don_vi", "ngay_nhan", "loai_ho_so") and len(rows) == 3
