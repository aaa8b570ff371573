"""Unit codes are found whatever their case, spaces or Unicode form, and cannot differ only by case."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from contest.core.models import Unit, User
from tests.factories import UnitFactory
from tests.spreadsheets.test_imports import ACCOUNT_HEADERS, UNIT_HEADERS, problems, run, xlsx_bytes


@pytest.fixture
def thanh_khe(db):
    return UnitFactory(code="DU-THANHKHE", name="Đảng ủy phường Thanh Khê")


def test_a_units_file_in_lower_case_updates_the_unit_and_keeps_its_code(thanh_khe):
    rows = [
        [" du-thanhkhe ", "Đảng ủy phường Thanh Khê (mới)", "dang-uy", "xa", "", "", "", "", "", ""],
        ["CB-TDP12", "Chi bộ TDP 12", "dang-uy", "xa", "Du-ThanhKhe", "", "", "", "", ""],
    ]

    report = run("don-vi", xlsx_bytes(UNIT_HEADERS, rows))

    assert report.ok, problems(report)
    assert Unit.objects.count() == 2
    thanh_khe.refresh_from_db()
    assert (thanh_khe.code, thanh_khe.name) == ("DU-THANHKHE", "Đảng ủy phường Thanh Khê (mới)")
    assert Unit.objects.get(code="CB-TDP12").parent == thanh_khe


def test_codes_differing_only_by_case_in_one_file_are_duplicates(db):
    rows = [
        ["ubnd-x", "UBND xã X", "ubnd", "xa", "", "", "", "", "", ""],
        ["UBND-X", "UBND xã X", "ubnd", "xa", "", "", "", "", "", ""],
    ]

    report = run("don-vi", xlsx_bytes(UNIT_HEADERS, rows))

    assert "Dòng 2, cột ma_don_vi: Mã đơn vị «ubnd-x» xuất hiện nhiều lần trong tệp (cũng ở dòng 3)." in problems(
        report
    )
    assert not Unit.objects.exists()


def test_an_accounts_file_finds_the_unit_whatever_the_case(thanh_khe):
    rows = [["dvthanhkhe", "Nguyễn Văn A", "a@example.vn", "", "", "du-thanhkhe"]]

    report = run("tai-khoan", xlsx_bytes(ACCOUNT_HEADERS, rows), "tai-khoan.xlsx")

    assert report.ok, problems(report)
    assert User.objects.get(username="dvthanhkhe").unit == thanh_khe


def test_the_database_refuses_two_codes_differing_only_by_case(thanh_khe):
    twin = UnitFactory.build(code="du-thanhkhe", unit_type=thanh_khe.unit_type, level=thanh_khe.level)
    with pytest.raises(ValidationError, match="không phân biệt chữ hoa, chữ thường"):
        twin.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_a_code_is_stored_trimmed_and_found_by_any_case(db):
    unit = UnitFactory(code="  MTTQ-SONTRA ")
    assert unit.code == "MTTQ-SONTRA"
    assert Unit.objects.by_code(" mttq-sontra").get() == unit
