"""Every row error a unit list, an account list or a paper dossier file can produce is a
Vietnamese sentence about the cell, with its line and column (issue 12): what was found, what to
write instead. Django's generic validation messages ("Nhập địa chỉ email.", "Trường này không
được để trắng.") are rewritten; the resources' own sentences pass through."""

import re

import pytest

from tests.factories import UnitFactory
from tests.spreadsheets.test_imports import ACCOUNT_HEADERS, UNIT_HEADERS, problems, run, xlsx_bytes
from tests.spreadsheets.test_paper_entry_import import HEADERS, _day, _run

# Django's own wording, which names no value and says nothing of what to write.
GENERIC = re.compile(
    r"Nhập (địa chỉ email|một URL|một đường dẫn)|Trường này|Giá trị này|Enter a|This field|already exists"
)


def _unit(code="ok-1", name="Tên", kind="dang-uy", level="xa", email="", start="", end="", order=""):
    return [code, name, kind, level, "", "", email, start, end, order]


@pytest.fixture
def unit_problems(db):
    UnitFactory(code="co-san")
    rows = [
        _unit(code="ma don vi", email="khong-phai-email", start="31/02/2025", order="-1"),
        _unit(code="x" * 45, name="T" * 300, kind="khong-co", level="khong-co", order="1,5"),
        _unit(code="ok-2", name="", kind="", level="", start="01/01/2025", end="01/01/2020"),
        _unit(code="trung"),
        _unit(code="trung"),
    ]
    return problems(run("don-vi", xlsx_bytes(UNIT_HEADERS, rows), dry_run=True))


@pytest.mark.parametrize(
    "expected",
    [
        "Dòng 2, cột ma_don_vi: «ma don vi» không hợp lệ: chỉ dùng chữ không dấu, chữ số, dấu gạch nối (-) "
        "hoặc gạch dưới (_), không có dấu cách.",
        "Dòng 2, cột email: «khong-phai-email» không phải địa chỉ thư điện tử hợp lệ "
        "(ví dụ: vanphong@thanhkhe.gov.vn).",
        "Dòng 2, cột hieu_luc_tu: «31/02/2025» không phải ngày hợp lệ; hãy ghi theo dạng dd/mm/yyyy, ví dụ 01/07/2025.",
        "Dòng 2, cột thu_tu: «-1» không phải số thứ tự hợp lệ (số nguyên không âm).",
        "Dòng 3, cột ma_don_vi: Dài 45 ký tự, tối đa 40 ký tự; hãy viết gọn lại.",
        "Dòng 3, cột ten_don_vi: Dài 300 ký tự, tối đa 255 ký tự; hãy viết gọn lại.",
        "Dòng 3, cột loai: Không có loại đơn vị «khong-co». Dùng tên trong danh mục:",
        "Dòng 3, cột cap: Không có cấp đơn vị «khong-co». Dùng tên trong danh mục:",
        "Dòng 3, cột thu_tu: «1,5» không phải số thứ tự hợp lệ (số nguyên không âm).",
        "Dòng 4: Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.",
        "Dòng 4, cột ten_don_vi: Ô này bắt buộc, không được để trống.",
        "Dòng 4, cột loai: Ô này bắt buộc, không được để trống.",
        "Dòng 5, cột ma_don_vi: Mã đơn vị «trung» xuất hiện nhiều lần trong tệp (cũng ở dòng 6).",
        "Dòng 6, cột ma_don_vi: Mã đơn vị «trung» xuất hiện nhiều lần trong tệp (cũng ở dòng 5).",
    ],
)
def test_unit_list_errors(unit_problems, expected):
    assert any(p.startswith(expected) for p in unit_problems), "\n".join(unit_problems)


def test_no_unit_list_error_keeps_djangos_generic_words(unit_problems):
    assert not [p for p in unit_problems if GENERIC.search(p)]


def test_account_list_errors(db):
    UnitFactory(code="co-san")
    rows = [
        ["ten dang nhap!", "", "khong-phai-email", "0" * 25, "", "khong-co"],
        ["u" * 160, "Tên", "a@thanhkhe.gov.vn", "", "", "co-san"],
        ["trung", "Tên", "a@thanhkhe.gov.vn", "", "", "co-san"],
        ["TRUNG", "Tên", "b@thanhkhe.gov.vn", "", "", "co-san"],
    ]
    found = problems(run("tai-khoan", xlsx_bytes(ACCOUNT_HEADERS, rows), dry_run=True))
    expected = [
        "Dòng 2, cột ten_dang_nhap: «ten dang nhap!» không hợp lệ: tên đăng nhập chỉ gồm chữ, chữ số và các ký tự "
        "@ . + - _ (không có dấu cách).",
        "Dòng 2, cột ho_ten: Ô này bắt buộc, không được để trống.",
        "Dòng 2, cột email: «khong-phai-email» không phải địa chỉ thư điện tử hợp lệ",
        "Dòng 2, cột dien_thoai: Dài 25 ký tự, tối đa 20 ký tự; hãy viết gọn lại.",
        "Dòng 2, cột ma_don_vi: Không có đơn vị mã «khong-co»; hãy nhập danh sách đơn vị trước.",
        "Dòng 3, cột ten_dang_nhap: Dài 160 ký tự, tối đa 150 ký tự; hãy viết gọn lại.",
        "Dòng 4, cột ten_dang_nhap: Tên đăng nhập «trung» xuất hiện nhiều lần trong tệp (cũng ở dòng 5).",
    ]
    for line in expected:
        assert any(p.startswith(line) for p in found), f"{line}\n---\n" + "\n".join(found)
    assert not [p for p in found if GENERIC.search(p)]


def test_paper_dossier_errors(secretariat, contest):
    unit = UnitFactory(code="dv-1")
    headers = [*HEADERS, "Đường dẫn video", "Điện thoại liên hệ", "Tên điển hình"]
    rows = [
        [contest.slug, "dv-1", "32/13/2025", "", "Không có", "abc", "2024-13-01", "ftp://x", "0" * 25, ""],
        ["khong-co", "khong-co", _day(1), "T" * 310, "", "", "", "khong phai duong dan", "", "x" * 260],
        [contest.slug, unit.code, _day(1), "Bữa cơm nghĩa tình", "", "", "", "", "", ""],
        [contest.name, unit.code, _day(1), "bua com nghia tinh", "", "", "", "", "", ""],
    ]
    found = problems(_run(xlsx_bytes(headers, rows), secretariat, dry_run=True))
    expected = [
        "Dòng 2, cột ngay_nhan: «32/13/2025» không phải ngày hợp lệ; hãy ghi theo dạng dd/mm/yyyy",
        "Dòng 2, cột ten_ho_so: Ô này bắt buộc, không được để trống.",
        "Dòng 2, cột linh_vuc: Cuộc thi không có lĩnh vực «Không có». Dùng tên hoặc mã:",
        "Dòng 2, cột loai_ho_so: Không có loại hồ sơ «abc». Dùng: Mô hình, Điển hình tập thể",
        "Dòng 2, cột ngay_bat_dau: «2024-13-01» không phải ngày hợp lệ",
        "Dòng 2, cột duong_dan_video: «ftp://x» không phải đường dẫn hợp lệ; hãy ghi đầy đủ, bắt đầu bằng https://.",
        "Dòng 2, cột dien_thoai_lien_he: Dài 25 ký tự, tối đa 20 ký tự; hãy viết gọn lại.",
        "Dòng 3, cột cuoc_thi: Không có cuộc thi «khong-co». Dùng tên cuộc thi:",
        "Dòng 3, cột ma_don_vi: Không có đơn vị mã «khong-co».",
        "Dòng 3, cột ten_ho_so: Dài 310 ký tự, tối đa 300 ký tự; hãy viết gọn lại.",
        "Dòng 3, cột duong_dan_video: «khong phai duong dan» không phải đường dẫn hợp lệ",
        "Dòng 3, cột ten_dien_hinh: Dài 260 ký tự, tối đa 255 ký tự; hãy viết gọn lại.",
        # The same dossier twice (contest by code or by name, title with or without diacritics).
        "Dòng 4, cột ten_ho_so: Đơn vị này đã có hồ sơ cùng tên ở dòng 5 của tệp; mỗi hồ sơ chỉ ghi một dòng.",
        "Dòng 5, cột ten_ho_so: Đơn vị này đã có hồ sơ cùng tên ở dòng 4 của tệp; mỗi hồ sơ chỉ ghi một dòng.",
    ]
    for line in expected:
        assert any(p.startswith(line) for p in found), f"{line}\n---\n" + "\n".join(found)
    assert not [p for p in found if GENERIC.search(p)]


def test_a_file_without_the_required_columns_says_which_in_vietnamese(secretariat):
    report = _run(xlsx_bytes(["Mã đơn vị", "Tên hồ sơ", "Cột lạ"], [["dv-1", "Tên"]]), secretariat, dry_run=True)
    (message,) = problems(report)
    assert message.startswith("Tệp không đúng mẫu: thiếu cột cuoc_thi, ngay_nhan; có cột không nhận ra cot_la.")
