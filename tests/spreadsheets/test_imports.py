"""Importing units and unit accounts from Excel/CSV, and exporting them formula-safe.

The files are built in the tests (openpyxl for .xlsx, bytes for .csv) so that each test shows
exactly what the secretariat would upload.
"""

import csv
import datetime as dt
import io
import re
import unicodedata

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from contest.core.models import Unit, User
from contest.spreadsheets import importing
from contest.spreadsheets.tabular import ImportFileError
from tests.factories import UnitFactory, UserFactory

UNIT_HEADERS = [
    "ma_don_vi",
    "ten_don_vi",
    "loai",
    "cap",
    "ma_don_vi_cap_tren",
    "dia_chi",
    "email",
    "hieu_luc_tu",
    "hieu_luc_den",
    "thu_tu",
]
ACCOUNT_HEADERS = ["ten_dang_nhap", "ho_ten", "email", "dien_thoai", "chuc_vu", "ma_don_vi"]

UNITS = [
    # The child comes before its parent: the parent is attached at the end of the import.
    [
        "p-thanh-khe",
        "Đảng ủy phường Thanh Khê",
        "dang-uy",
        "xa",
        "tinh-da-nang",
        "",
        "thanhkhe@example.vn",
        "01/07/2025",
        "",
        2,
    ],
    ["tinh-da-nang", "Tỉnh ủy Đà Nẵng", "Đảng ủy, chi bộ", "Tỉnh, thành phố", "", "", "", "", "", 1],
    ["x-hoa-vang", "Ủy ban nhân dân xã Hòa Vang", "ubnd", "xa", "tinh-da-nang", "Hòa Vang, Đà Nẵng", "", "", "", 3],
]


def xlsx_bytes(headers, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(headers, rows, *, bom=True, delimiter=","):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode()


def run(kind, content, filename="don-vi.xlsx", *, dry_run=False):
    dataset = importing.read_table(content, filename)
    return importing.run_import(importing.KINDS[kind], dataset, dry_run=dry_run)


def problems(report):
    return [str(p) for p in report.problems]


# --- units ---------------------------------------------------------------------------------------


def test_xlsx_creates_units_with_parents_types_levels_and_dates(db):
    report = run("don-vi", xlsx_bytes(UNIT_HEADERS, UNITS))

    assert report.ok, problems(report)
    assert (report.new, report.updated, report.unchanged) == (3, 0, 0)
    thanh_khe = Unit.objects.select_related("parent", "unit_type", "level").get(code="p-thanh-khe")
    assert thanh_khe.parent.code == "tinh-da-nang"
    assert thanh_khe.unit_type.code == "dang-uy"
    assert thanh_khe.valid_from == dt.date(2025, 7, 1)
    assert thanh_khe.email == "thanhkhe@example.vn"
    assert thanh_khe.order == 2
    province = Unit.objects.get(code="tinh-da-nang")
    assert (province.unit_type.code, province.level.code, province.parent) == ("dang-uy", "tinh", None)


def test_csv_with_bom_imports_and_text_is_stored_nfc(db):
    nfd_name = unicodedata.normalize("NFD", "Ủy ban MTTQ Việt Nam phường Sơn Trà")
    rows = [["son-tra", nfd_name, "mttq", "xa", "", "", "", "", "", ""]]

    report = run("don-vi", csv_bytes(UNIT_HEADERS, rows), "don-vi.csv")

    assert report.ok, problems(report)
    name = Unit.objects.get(code="son-tra").name
    assert name == unicodedata.normalize("NFC", nfd_name) == "Ủy ban MTTQ Việt Nam phường Sơn Trà"


def test_csv_without_bom_separated_by_semicolons_imports(db):
    rows = [["son-tra", "Ủy ban MTTQ phường Sơn Trà", "mttq", "xa", "", "", "", "", "", ""]]

    report = run("don-vi", csv_bytes(UNIT_HEADERS, rows, bom=False, delimiter=";"), "don-vi.csv")

    assert report.ok, problems(report)
    assert Unit.objects.filter(code="son-tra").exists()


def test_headers_typed_with_diacritics_or_in_english_are_accepted(db):
    headers = ["Mã đơn vị", "Tên đơn vị", "type", "Cấp"]

    report = run("don-vi", xlsx_bytes(headers, [["son-tra", "Ủy ban MTTQ phường Sơn Trà", "mttq", "xa"]]))

    assert report.ok, problems(report)
    assert Unit.objects.get(code="son-tra").unit_type.code == "mttq"


def test_reimport_updates_by_code_and_never_duplicates(db):
    run("don-vi", xlsx_bytes(UNIT_HEADERS, UNITS))
    changed = [row[:] for row in UNITS]
    changed[2][1] = "UBND xã Hòa Vang"

    report = run("don-vi", xlsx_bytes(UNIT_HEADERS, changed))

    assert report.ok, problems(report)
    assert (report.new, report.updated, report.unchanged) == (0, 1, 2)
    assert Unit.objects.count() == 3
    assert Unit.objects.get(code="x-hoa-vang").name == "UBND xã Hòa Vang"


def test_optional_columns_left_out_keep_their_values(db):
    run("don-vi", xlsx_bytes(UNIT_HEADERS, UNITS))

    report = run(
        "don-vi",
        xlsx_bytes(
            ["ma_don_vi", "ten_don_vi", "loai", "cap"], [["p-thanh-khe", "Đảng ủy phường Thanh Khê", "dang-uy", "xa"]]
        ),
    )

    assert report.ok, problems(report)
    unit = Unit.objects.get(code="p-thanh-khe")
    assert unit.parent.code == "tinh-da-nang"
    assert unit.email == "thanhkhe@example.vn"


def test_dry_run_reports_counts_and_writes_nothing(db):
    report = run("don-vi", xlsx_bytes(UNIT_HEADERS, UNITS), dry_run=True)

    assert report.ok
    assert report.new == 3
    assert [r.line for r in report.rows] == [2, 3, 4]
    assert not Unit.objects.exists()


def test_duplicate_codes_name_both_lines_and_nothing_is_saved(db):
    rows = [UNITS[1], UNITS[2], [*UNITS[2][:1], "Bản trùng", *UNITS[2][2:]]]

    report = run("don-vi", xlsx_bytes(UNIT_HEADERS, rows))

    assert not report.ok
    duplicate = "Dòng %s, cột ma_don_vi: Mã đơn vị «x-hoa-vang» xuất hiện nhiều lần trong tệp (cũng ở dòng %s)."
    assert duplicate % (3, 4) in problems(report)
    assert duplicate % (4, 3) in problems(report)
    assert not Unit.objects.exists()


def test_unknown_parent_type_and_level_are_named(db):
    rows = [
        ["a", "Đơn vị A", "khong-co", "xa", "", "", "", "", "", ""],
        ["b", "Đơn vị B", "ubnd", "quan", "", "", "", "", "", ""],
        ["c", "Đơn vị C", "ubnd", "xa", "ma-la", "", "", "", "", ""],
    ]

    report = run("don-vi", xlsx_bytes(UNIT_HEADERS, rows))

    messages = problems(report)
    assert any(m.startswith("Dòng 2, cột loai: Không có loại đơn vị «khong-co»") for m in messages), messages
    assert any(m.startswith("Dòng 3, cột cap: Không có cấp đơn vị «quan»") for m in messages), messages
    assert (
        "Dòng 4, cột ma_don_vi_cap_tren: Không có đơn vị cấp trên mã «ma-la» (trong tệp hay trong hệ thống)."
        in messages
    )
    assert not Unit.objects.exists()


def test_parent_already_in_the_database_is_found(db):
    UnitFactory(code="tinh-quang-tri", name="Tỉnh ủy Quảng Trị")

    report = run(
        "don-vi",
        xlsx_bytes(UNIT_HEADERS[:5], [["ca-qt", "Công an tỉnh Quảng Trị", "cong-an", "tinh", "tinh-quang-tri"]]),
    )

    assert report.ok, problems(report)
    assert Unit.objects.get(code="ca-qt").parent.code == "tinh-quang-tri"


def test_a_parent_loop_is_refused(db):
    rows = [
        ["a", "Đơn vị A", "ubnd", "xa", "b"],
        ["b", "Đơn vị B", "ubnd", "xa", "a"],
        ["c", "Đơn vị C", "ubnd", "xa", "c"],
    ]

    report = run("don-vi", xlsx_bytes(UNIT_HEADERS[:5], rows))

    messages = problems(report)
    assert "Dòng 2, cột ma_don_vi_cap_tren: Quan hệ cấp trên tạo thành vòng lặp: a → b → a." in messages
    assert "Dòng 4, cột ma_don_vi_cap_tren: Đơn vị không thể là cấp trên của chính nó." in messages
    assert not Unit.objects.exists()


def test_missing_columns_give_one_error_listing_the_expected_columns(db):
    report = run("don-vi", xlsx_bytes(["ma_don_vi", "ten", "loai"], [["a", "Đơn vị A", "ubnd"]]))

    assert len(report.problems) == 1
    message = problems(report)[0]
    assert "thiếu cột ten_don_vi, cap" in message
    assert "có cột không nhận ra ten" in message
    assert ", ".join(UNIT_HEADERS) in message
    assert report.rows == []
    assert not Unit.objects.exists()


def test_formula_cells_are_refused_not_stored(db):
    rows = [["a", '=HYPERLINK("http://evil.example","Bấm vào")', "ubnd", "xa"], ["b", "Đơn vị B", "ubnd", "xa"]]

    report = run("don-vi", xlsx_bytes(UNIT_HEADERS[:4], rows))

    messages = problems(report)
    assert len(messages) == 1
    assert messages[0].startswith("Dòng 2, cột ten_don_vi: Ô chứa công thức «=HYPERLINK(")
    assert not Unit.objects.exists()


def test_formula_in_a_csv_is_refused_too(db):
    report = run("don-vi", csv_bytes(UNIT_HEADERS[:4], [["a", "=1+2", "ubnd", "xa"]]), "don-vi.csv")

    assert problems(report)[0].startswith("Dòng 2, cột ten_don_vi: Ô chứa công thức «=1+2»")


def test_bad_date_and_bad_email_are_row_errors_with_line_numbers(db):
    rows = [UNITS[1], ["a", "Đơn vị A", "ubnd", "xa", "", "", "khong-phai-email", "31/02/2026", "", ""]]

    report = run("don-vi", xlsx_bytes(UNIT_HEADERS, rows))

    messages = problems(report)
    assert (
        "Dòng 3, cột hieu_luc_tu: «31/02/2026» không phải ngày hợp lệ; hãy ghi theo dạng dd/mm/yyyy, ví dụ 01/07/2025."
    ) in messages
    assert any(m.startswith("Dòng 3, cột email: ") for m in messages), messages
    assert not Unit.objects.exists()


def test_validity_period_must_be_ordered(db):
    rows = [["a", "Đơn vị A", "ubnd", "xa", "", "", "", "01/07/2025", "30/06/2025", ""]]

    report = run("don-vi", xlsx_bytes(UNIT_HEADERS, rows))

    assert "Dòng 2: Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực." in problems(report)


def test_blank_lines_are_skipped_and_line_numbers_stay_true(db):
    rows = [UNITS[1], [None] * 10, ["a", "", "ubnd", "xa", "", "", "", "", "", ""]]

    report = run("don-vi", xlsx_bytes(UNIT_HEADERS, rows))

    assert any(m.startswith("Dòng 4, cột ten_don_vi: ") for m in problems(report)), problems(report)


def test_numbers_typed_as_numbers_in_excel_become_text(db):
    report = run("don-vi", xlsx_bytes(UNIT_HEADERS[:4], [[12345, "Chi bộ Tổ dân phố 12", "dang-uy", "co-so"]]))

    assert report.ok, problems(report)
    assert Unit.objects.filter(code="12345").exists()


def test_other_file_types_and_broken_files_are_refused_clearly():
    with pytest.raises(ImportFileError, match="Chỉ nhận tệp Excel .xlsx hoặc .csv"):
        importing.read_table(b"...", "don-vi.xls")
    with pytest.raises(ImportFileError, match="Không đọc được tệp Excel"):
        importing.read_table(b"PK\x03\x04 not really a zip", "don-vi.xlsx")
    with pytest.raises(ImportFileError, match="UTF-8"):
        importing.read_table("ma_don_vi\nHòa Vang".encode("cp1252"), "don-vi.csv")


def test_too_many_rows_is_refused_before_importing():
    content = csv_bytes(UNIT_HEADERS[:4], [["a", "A", "ubnd", "xa"]] * 3)

    with pytest.raises(ImportFileError, match="Tệp có quá 2 dòng"):
        importing.read_table(content, "don-vi.csv", max_rows=2)
    assert len(importing.read_table(content, "don-vi.csv", max_rows=3)) == 3


# --- accounts ------------------------------------------------------------------------------------


@pytest.fixture
def units(db):
    return [UnitFactory(code="p-thanh-khe"), UnitFactory(code="x-hoa-vang")]


ACCOUNTS = [
    ["thanhkhe", "Nguyễn Văn An", "an@example.vn", "0905123456", "Phó Bí thư", "p-thanh-khe"],
    ["hoavang", "Trần Thị Bình", "binh@example.vn", "", "Chủ tịch UBND xã", "x-hoa-vang"],
]


def test_accounts_import_creates_unit_users_without_password_and_invites_them(
    units, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = run("tai-khoan", xlsx_bytes(ACCOUNT_HEADERS, ACCOUNTS))

    assert report.ok, problems(report)
    assert (report.new, report.invitations) == (2, 2)
    an = User.objects.get(username="thanhkhe")
    assert (an.full_name, an.unit.code, an.phone, an.position) == (
        "Nguyễn Văn An",
        "p-thanh-khe",
        "0905123456",
        "Phó Bí thư",
    )
    assert not an.has_usable_password()
    assert sorted(m.to[0] for m in mail.outbox) == ["an@example.vn", "binh@example.vn"]
    message = next(m for m in mail.outbox if m.to == ["an@example.vn"])
    assert "thanhkhe" in message.body
    link = re.search(r"http://testserver(/\S+)", message.body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert "new_password1" in response.content.decode()


def test_dry_run_of_accounts_sends_nothing(units, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = run("tai-khoan", xlsx_bytes(ACCOUNT_HEADERS, ACCOUNTS), dry_run=True)

    assert report.invitations == 2
    assert mail.outbox == []
    assert not User.objects.filter(username="thanhkhe").exists()


def test_existing_username_is_updated_and_keeps_its_password(
    units, unit_user, password, django_capture_on_commit_callbacks
):
    rows = [[unit_user.username, "Nguyễn Văn An", "moi@example.vn", "", "Bí thư", "x-hoa-vang"]]

    with django_capture_on_commit_callbacks(execute=True):
        report = run("tai-khoan", xlsx_bytes(ACCOUNT_HEADERS, rows))

    assert report.ok, problems(report)
    assert report.updated == 1
    unit_user.refresh_from_db()
    assert (unit_user.email, unit_user.unit.code, unit_user.position) == ("moi@example.vn", "x-hoa-vang", "Bí thư")
    assert unit_user.check_password(password)
    assert mail.outbox == []  # they already have a password


def test_duplicate_usernames_in_the_file_are_refused(units):
    rows = [ACCOUNTS[0], ACCOUNTS[1], ["ThanhKhe", "Người khác", "khac@example.vn", "", "", "x-hoa-vang"]]

    report = run("tai-khoan", xlsx_bytes(ACCOUNT_HEADERS, rows))

    assert (
        "Dòng 2, cột ten_dang_nhap: Tên đăng nhập «thanhkhe» xuất hiện nhiều lần trong tệp (cũng ở dòng 4)."
        in problems(report)
    )
    assert not User.objects.filter(username__iexact="thanhkhe").exists()


def test_unknown_unit_missing_email_and_staff_usernames_are_refused(units, organiser):
    rows = [
        ["moi", "Lê Văn Cường", "cuong@example.vn", "", "", "khong-co"],
        ["moi2", "Lê Văn Dũng", "", "", "", "p-thanh-khe"],
        [organiser.username, "Lê Minh Châu", "chau@example.vn", "", "", "p-thanh-khe"],
    ]

    report = run("tai-khoan", xlsx_bytes(ACCOUNT_HEADERS, rows))

    messages = problems(report)
    assert "Dòng 2, cột ma_don_vi: Không có đơn vị mã «khong-co»; hãy nhập danh sách đơn vị trước." in messages
    assert "Dòng 3, cột email: Cần thư điện tử để gửi đường dẫn đặt mật khẩu." in messages
    assert any(m.startswith(f"Dòng 4, cột ten_dang_nhap: «{organiser.username}» là tài khoản cán bộ") for m in messages)
    organiser.refresh_from_db()
    assert organiser.unit is None
    assert not User.objects.filter(username__startswith="moi").exists()


def test_resend_invitations_reaches_accounts_still_without_password(
    units, unit_user, django_capture_on_commit_callbacks
):
    run("tai-khoan", xlsx_bytes(ACCOUNT_HEADERS, ACCOUNTS))

    with django_capture_on_commit_callbacks(execute=True):
        count = importing.resend_invitations()

    assert count == 1  # "thanhkhe" is unit_user, who already has a password
    assert [m.to for m in mail.outbox] == [["binh@example.vn"]]


# --- exports and templates -----------------------------------------------------------------------


def _sheet_rows(content):
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows()]


def test_xlsx_export_neutralises_formulas(db):
    UnitFactory(code="doc-hai", name='=HYPERLINK("http://evil.example","Bấm vào")', address="+84 cmd", order=1)

    download = importing.export_file(importing.KINDS["don-vi"])

    assert download.filename.endswith(".xlsx")
    header, row = _sheet_rows(download.content)
    assert [c.value for c in header] == UNIT_HEADERS
    name_cell = row[UNIT_HEADERS.index("ten_don_vi")]
    assert name_cell.data_type == "s"
    assert name_cell.value == '\'=HYPERLINK("http://evil.example","Bấm vào")'
    assert row[UNIT_HEADERS.index("dia_chi")].value == "'+84 cmd"


def test_csv_export_neutralises_formulas_and_starts_with_a_bom(units):
    UserFactory(username="doc-hai", full_name="=cmd|' /C calc'!A0", email="x@example.vn", phone="-1+1", unit=units[0])
    UserFactory(username="btc-khong-xuat", roles=["organiser"])

    download = importing.export_file(importing.KINDS["tai-khoan"], "csv")

    text = download.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ACCOUNT_HEADERS
    assert rows[1:] == [["doc-hai", "'=cmd|' /C calc'!A0", "x@example.vn", "'-1+1", "", "p-thanh-khe"]]


def test_an_export_imports_back_unchanged(db):
    run("don-vi", xlsx_bytes(UNIT_HEADERS, UNITS))
    Unit.objects.filter(code="x-hoa-vang").update(address="-Hòa Vang")  # exported as "'-Hòa Vang"

    exported = importing.export_file(importing.KINDS["don-vi"]).content
    report = run("don-vi", exported)

    assert report.ok, problems(report)
    assert (report.new, report.updated, report.unchanged) == (0, 0, 3)


def test_template_has_the_headers_and_a_guide(db):
    download = importing.template_file(importing.KINDS["don-vi"])

    workbook = load_workbook(io.BytesIO(download.content))
    assert [c.value for c in workbook.worksheets[0][1]] == UNIT_HEADERS
    guide = [row[0] for row in workbook["Hướng dẫn"].iter_rows(values_only=True)]
    assert "Đảng ủy, chi bộ" in guide and "dang-uy" not in guide
    csv_download = importing.template_file(importing.KINDS["tai-khoan"], "csv")
    assert csv_download.content.decode() == "\ufeff" + ",".join(ACCOUNT_HEADERS) + "\r\n"


# --- the back-office pages -----------------------------------------------------------------------


def upload(content, name="don-vi.xlsx"):
    return SimpleUploadedFile(name, content)


@pytest.fixture(autouse=True)
def no_pending_files():
    """The private storage outlives a test; start each one without kept uploads."""
    storage = storages["private"]
    for name in pending_files():
        storage.delete(f"{importing.PENDING_DIR}/{name}")


def pending_files():
    try:
        return storages["private"].listdir(importing.PENDING_DIR)[1]
    except FileNotFoundError:
        return []


@pytest.mark.parametrize("persona", ["organiser", "secretariat"])
@pytest.mark.parametrize("name", ["import", "template", "export"])
@pytest.mark.parametrize("kind", ["don-vi", "tai-khoan"])
def test_staff_may_open_the_import_pages(client, request, persona, name, kind):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse(f"contest_imports:{name}", args=[kind]))

    assert response.status_code == 200


def test_unit_users_and_the_public_are_kept_out(client, unit_user):
    url = reverse("contest_imports:import", args=["don-vi"])
    assert client.get(url).status_code == 302  # to the log-in page
    client.force_login(unit_user)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert client.post(reverse("contest_imports:confirm", args=["don-vi"])).status_code == 302


def test_admin_users_without_the_permission_get_403(client, db):
    user = UserFactory(username="bientap")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    for name in ("import", "template", "export"):
        assert client.get(reverse(f"contest_imports:{name}", args=["don-vi"])).status_code == 403


def test_unknown_kind_is_404(client, organiser):
    client.force_login(organiser)
    assert client.get("/quan-tri/nhap-xuat/khong-co/").status_code == 404


def test_menu_shows_the_import_pages_to_staff_only(client, secretariat):
    client.force_login(secretariat)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    # The sidebar is JSON in the page (labels escaped), so look for the item names and URLs.
    assert '"name": "nhap-xuat"' in page
    assert reverse("contest_imports:import", args=["tai-khoan"]) in page

    editor = UserFactory(username="bientap")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert '"name": "nhap-xuat"' not in page


def test_preview_then_confirm_imports_and_deletes_the_kept_file(client, organiser):
    client.force_login(organiser)
    url = reverse("contest_imports:import", args=["don-vi"])

    preview = client.post(url, {"file": upload(xlsx_bytes(UNIT_HEADERS, UNITS))})

    assert preview.status_code == 200
    page = preview.content.decode()
    assert "3 dòng: 3 đơn vị mới, 0 cập nhật, 0 không đổi." in page
    assert "Tỉnh ủy Đà Nẵng" in page
    assert not Unit.objects.exists()
    assert len(pending_files()) == 1
    token = preview.context["token"]

    confirm = client.post(reverse("contest_imports:confirm", args=["don-vi"]), {"token": token})

    assert confirm.status_code == 302
    assert Unit.objects.count() == 3
    assert pending_files() == []
    again = client.post(reverse("contest_imports:confirm", args=["don-vi"]), {"token": token}, follow=True)
    assert "Phiên nhập đã hết hạn hoặc không hợp lệ" in again.content.decode()


def test_preview_with_errors_offers_no_confirmation_and_keeps_no_file(client, secretariat):
    client.force_login(secretariat)
    rows = [UNITS[1], ["a", "=1+1", "ubnd", "xa", "", "", "", "", "", ""]]

    response = client.post(
        reverse("contest_imports:import", args=["don-vi"]), {"file": upload(xlsx_bytes(UNIT_HEADERS, rows))}
    )

    page = response.content.decode()
    assert "Dòng 3, cột ten_don_vi: Ô chứa công thức «=1+1»" in page
    assert "Có 1 lỗi; chưa có dữ liệu nào được nhập." in page
    assert response.context["token"] is None
    assert 'name="token"' not in page
    assert pending_files() == []


def test_a_token_from_another_session_imports_nothing(client, organiser, secretariat):
    client.force_login(organiser)
    preview = client.post(
        reverse("contest_imports:import", args=["don-vi"]),
        {"file": upload(csv_bytes(UNIT_HEADERS, UNITS), "don-vi.csv")},
    )
    token = preview.context["token"]
    client.logout()
    client.force_login(secretariat)

    client.post(reverse("contest_imports:confirm", args=["don-vi"]), {"token": token})
    client.post(reverse("contest_imports:confirm", args=["don-vi"]), {"token": "../../etc/passwd"})

    assert not Unit.objects.exists()


def test_a_token_for_another_kind_imports_nothing(client, organiser):
    client.force_login(organiser)
    preview = client.post(
        reverse("contest_imports:import", args=["don-vi"]), {"file": upload(xlsx_bytes(UNIT_HEADERS, UNITS))}
    )

    client.post(reverse("contest_imports:confirm", args=["tai-khoan"]), {"token": preview.context["token"]})

    assert not Unit.objects.exists()
    assert pending_files() == []


def test_confirm_checks_again_and_imports_nothing_if_the_data_changed(client, organiser):
    client.force_login(organiser)
    preview = client.post(
        reverse("contest_imports:import", args=["tai-khoan"]), {"file": upload(xlsx_bytes(ACCOUNT_HEADERS, ACCOUNTS))}
    )
    assert "Không có đơn vị mã «p-thanh-khe»" in preview.content.decode()
    UnitFactory(code="p-thanh-khe")
    UnitFactory(code="x-hoa-vang")
    preview = client.post(
        reverse("contest_imports:import", args=["tai-khoan"]), {"file": upload(xlsx_bytes(ACCOUNT_HEADERS, ACCOUNTS))}
    )
    Unit.objects.filter(code="x-hoa-vang").update(code="x-hoa-vang-cu")  # renamed meanwhile

    response = client.post(reverse("contest_imports:confirm", args=["tai-khoan"]), {"token": preview.context["token"]})

    assert response.status_code == 200
    assert "Dữ liệu đã thay đổi từ lúc xem trước" in response.content.decode()
    assert not User.objects.filter(username__in=["thanhkhe", "hoavang"]).exists()


def test_confirmed_account_import_sends_invitations(client, organiser, units, django_capture_on_commit_callbacks):
    client.force_login(organiser)
    preview = client.post(
        reverse("contest_imports:import", args=["tai-khoan"]), {"file": upload(xlsx_bytes(ACCOUNT_HEADERS, ACCOUNTS))}
    )
    assert "2 tài khoản sẽ nhận thư mời đặt mật khẩu" in preview.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("contest_imports:confirm", args=["tai-khoan"]), {"token": preview.context["token"]}, follow=True
        )

    assert "Đang gửi thư mời đặt mật khẩu đến 2 tài khoản." in response.content.decode()
    assert len(mail.outbox) == 2
    assert User.objects.filter(unit__isnull=False).count() == 2


def test_cancel_deletes_the_kept_file(client, organiser):
    client.force_login(organiser)
    preview = client.post(
        reverse("contest_imports:import", args=["don-vi"]), {"file": upload(xlsx_bytes(UNIT_HEADERS, UNITS))}
    )

    client.post(reverse("contest_imports:confirm", args=["don-vi"]), {"token": preview.context["token"], "cancel": ""})

    assert pending_files() == []
    assert not Unit.objects.exists()


def test_upload_page_rejects_a_file_that_is_not_a_spreadsheet(client, organiser):
    client.force_login(organiser)

    response = client.post(reverse("contest_imports:import", args=["don-vi"]), {"file": upload(b"%PDF-1.7", "a.pdf")})

    assert "Chỉ nhận tệp Excel .xlsx hoặc .csv" in response.content.decode()


def test_export_download_from_the_admin_is_an_xlsx_attachment(client, secretariat, unit):
    client.force_login(secretariat)

    response = client.get(reverse("contest_imports:export", args=["don-vi"]))

    assert response["Content-Type"] == importing.XLSX_CONTENT_TYPE
    assert 'attachment; filename="don-vi-' in response["Content-Disposition"]
    assert _sheet_rows(response.content)[1][1].value == unit.name


# --- the command ---------------------------------------------------------------------------------


def test_import_units_command_dry_run_then_import(db, tmp_path):
    path = tmp_path / "don-vi.xlsx"
    path.write_bytes(xlsx_bytes(UNIT_HEADERS, UNITS))

    call_command("import_units", str(path), "--dry-run", stdout=io.StringIO())
    assert not Unit.objects.exists()
    call_command("import_units", str(path), stdout=io.StringIO())
    assert Unit.objects.count() == 3


def test_import_units_command_fails_on_errors(db, tmp_path):
    path = tmp_path / "don-vi.csv"
    path.write_bytes(csv_bytes(UNIT_HEADERS[:4], [["a", "=1", "ubnd", "xa"]]))

    with pytest.raises(CommandError, match="1 lỗi"):
        call_command("import_units", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert not Unit.objects.exists()
