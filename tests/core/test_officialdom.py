"""Who issues a document decides its format: Party bodies by Hướng dẫn 36-HD/VPTW, state bodies by
Decree 30; and a signer's authority lines are checked the way a clerk would check them."""

import pytest

from contest.core import officialdom
from contest.core.officialdom import PARTY, STATE


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Ban Tuyên giáo và Dân vận Thành ủy Đà Nẵng"], PARTY),
        (["Tỉnh uỷ Hà Tĩnh / Ban Dân vận"], PARTY),
        (["THÀNH ỦY ĐÀ NẴNG", "BAN TUYÊN GIÁO VÀ DÂN VẬN"], PARTY),
        (["Đảng ủy phường Thanh Khê"], PARTY),
        (["Ủy ban nhân dân tỉnh Hà Tĩnh"], STATE),
        (["Sở Nội vụ tỉnh Nghệ An"], STATE),
        (["Ủy ban MTTQ Việt Nam tỉnh Quảng Trị"], None),
        (["Ban Tổ chức"], None),
        ([""], None),
    ],
)
def test_the_issuer_tells_the_format(names, expected):
    assert officialdom.issuer_format(*names) == expected


def test_numbers_are_written_as_each_tradition_writes_them():
    assert officialdom.document_number(5, "QĐ", "UBND", party=False) == "Số: 05/QĐ-UBND"
    assert officialdom.document_number(24, "QĐ", "BTGDVTU", party=True) == "Số 24-QĐ/BTGDVTU"
    assert officialdom.document_number(None, "BB", "BGK", party=True) == "Số ……-BB/BGK"
    assert officialdom.document_number(None, "BB", "BGK", party=False) == "Số: ……/BB-BGK"
    assert officialdom.serial_in_format(12, "GCN-BTC", party=False) == "0012/GCN-BTC"
    assert officialdom.serial_in_format(12, "GCN-BTC", party=True) == "0012-GCN/BTC"
    assert officialdom.serial_in_format(12, "GCN/BTGDV", party=True) == "0012-GCN/BTGDV"
    assert officialdom.serial_in_format(12, "", party=True) == "0012"


@pytest.mark.parametrize(
    ("lines", "title", "party"),
    [
        (["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"], "PHÓ CHỦ TỊCH", False),
        (["TM. BAN TỔ CHỨC"], "TRƯỞNG BAN", False),
        (["T/M BAN TỔ CHỨC"], "TRƯỞNG BAN", True),
        (["T/M BAN THƯỜNG VỤ"], "BÍ THƯ", True),
        (["T/M BAN THƯỜNG VỤ"], "PHÓ BÍ THƯ", True),
        (["K/T TRƯỞNG BAN"], "PHÓ TRƯỞNG BAN", True),
        ([], "TRƯỞNG BAN", True),
    ],
)
def test_right_signing_lines_pass(lines, title, party):
    assert officialdom.signature_problems(lines, title, party=party) == []


@pytest.mark.parametrize(
    ("lines", "title", "party", "message"),
    [
        (["T/M BAN THƯỜNG VỤ"], "TRƯỞNG BAN", True, "Thay mặt “BAN THƯỜNG VỤ” thì người ký là “BÍ THƯ” hoặc"),
        (["TM. BAN TỔ CHỨC"], "TRƯỞNG BAN", True, "Văn bản theo thể thức của Đảng viết “T/M”, không viết “TM.”"),
        (["T/M BAN TỔ CHỨC"], "TRƯỞNG BAN", False, "Văn bản theo Nghị định 30 viết “TM.”, không viết “T/M”"),
        (["TM. ỦY BAN NHÂN DÂN"], "PHÓ CHỦ TỊCH", False, "thì người ký là “CHỦ TỊCH”"),
        (["KT. TRƯỞNG BAN"], "PHÓ BAN", False, "Ký thay “TRƯỞNG BAN” thì chức vụ người ký là “PHÓ TRƯỞNG BAN”"),
        (["T/M TRƯỞNG BAN"], "TRƯỞNG BAN", True, "không thay mặt một chức vụ"),
        (["KT. BAN TỔ CHỨC"], "PHÓ TRƯỞNG BAN", False, "không ký thay một tập thể"),
        ([], "", False, "Hãy ghi chức vụ của người ký"),
    ],
)
def test_wrong_signing_lines_are_refused_with_a_reason(lines, title, party, message):
    problems = officialdom.signature_problems(lines, title, party=party)
    assert any(message in p for p in problems), problems
