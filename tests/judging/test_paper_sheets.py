"""Blank paper score sheets (phiếu chấm điểm): contest/paper.py, contest/pdf.py, the Decree 30
date helper and the back-office pages "Phiếu chấm giấy". PDFs are read back with pypdf."""

import datetime as dt
import io
import os

import pytest
from django.urls import reverse
from pypdf import PdfReader

from contest.core.enums import ContestKind
from contest.core.models import Field
from contest.judging.models import Conflict, Criterion, JuryMembership
from contest.judging.paper import judge_packets, score_sheets_pdf
from contest.judging.services import rubrics as rubric_services
from contest.templatetags.vn_dates import ngay_thang, noi_ngay
from tests.factories import EntryFactory, UnitFactory, UserFactory
from tests.factories.judging import assign, make_judge, make_round

# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def text_of(pdf: bytes) -> str:
    """The text of every page, with line breaks and runs of blanks folded to one space."""
    return " ".join(" ".join(page.extract_text().split()) for page in read(pdf).pages)


def embedded_fonts(pdf: bytes) -> set[tuple[str, bytes]]:
    """(/BaseFont without the subset tag, the /FontFile2 bytes) of every font the pages use."""
    fonts = set()
    for page in read(pdf).pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font)["/FontDescriptor"].get_object()
            data = descriptor["/FontFile2"].get_object().get_data() if "/FontFile2" in descriptor else b""
            fonts.add((str(font["/BaseFont"]).split("+", 1)[-1], data))
    return fonts


def is_shipped_liberation_serif(base_font: str, data: bytes) -> bool:
    """The family contest/pdf.py declares (no system font answers to it), embedded as TrueType,
    and the file's name table says Liberation Serif 2.1."""
    return (
        base_font.startswith("DVK-Serif")
        and "Liberation Serif".encode("utf-16-be") in data
        and "Version 2.1".encode("utf-16-be") in data
    )


@pytest.fixture
def the_round(contest):
    return make_round(contest, name="Vòng 2")


@pytest.fixture
def judge(db):
    return make_judge(full_name="Nguyễn Văn A")


@pytest.fixture
def other_judge(db):
    return make_judge(username="giamkhao2", full_name="Trần Thị Bích Ngọc")


def _entry(contest, unit_name, title):
    return EntryFactory(contest=contest, unit=UnitFactory(name=unit_name), title=title)


# ---------------------------------------------------------------------------------------------
# The date of official documents (Decree 30/2020)
# ---------------------------------------------------------------------------------------------


def test_dates_take_a_leading_zero_below_ten_and_for_january_and_february_only():
    assert ngay_thang(dt.date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert "15 tháng 3" in ngay_thang(dt.date(2026, 3, 15))
    assert "05 tháng 02" in ngay_thang(dt.date(2026, 2, 5))
    assert ngay_thang(dt.date(2026, 11, 5)) == "ngày 05 tháng 11 năm 2026"
    assert ngay_thang(dt.date(2026, 12, 31)) == "ngày 31 tháng 12 năm 2026"
    assert ngay_thang(None) == ""
    assert noi_ngay("Hà Tĩnh", dt.date(2026, 1, 5)) == "Hà Tĩnh, ngày 05 tháng 01 năm 2026"


def test_an_aware_datetime_is_read_in_vietnamese_time():
    # 20:00 UTC on 4 January is 03:00 on 5 January in Hà Nội.
    assert ngay_thang(dt.datetime(2026, 1, 4, 20, 0, tzinfo=dt.UTC)) == "ngày 05 tháng 01 năm 2026"


# ---------------------------------------------------------------------------------------------
# The PDF
# ---------------------------------------------------------------------------------------------


@pytest.mark.pdf
def test_a_judges_sheet_is_an_official_a4_form_in_the_shipped_font(contest, the_round, judge, other_judge):
    mine = _entry(contest, "Đảng ủy phường Thanh Khê", "Tổ liên gia an toàn")
    theirs = _entry(contest, "Hội Nông dân xã Kỳ Anh", "Ngân hàng bò giống")
    assign(the_round, judge, mine)
    assign(the_round, other_judge, theirs)

    pdf = score_sheets_pdf(the_round, judges=[judge])
    reader = read(pdf)
    text = text_of(pdf)

    for expected in (
        # The organiser is a Party body: the Party's heading (contest.core.officialdom).
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY",
        "PHIẾU CHẤM ĐIỂM",
        "Họ và tên giám khảo: Nguyễn Văn A",
        "Hồ sơ số 001",
        "Tổ liên gia an toàn",
        "Đảng ủy phường Thanh Khê",
        "Tính mới, sáng tạo",
        "Hiệu quả thiết thực, có số liệu kiểm chứng",
        "18–20: hoàn toàn mới",
        "Điểm tham khảo (không tính vào tổng)",
        "Tổng cộng",
        "Nhận xét chung",
        "GIÁM KHẢO CHẤM",
        "Phiếu 1/1",
    ):
        assert expected in text, expected
    # The secretariat's criterion and the other judge's entry are not on this judge's sheet.
    assert "Trắc nghiệm" not in text
    assert "Ngân hàng bò giống" not in text
    assert "Trần Thị Bích Ngọc" not in text

    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - 595.28) < 1 and abs(height - 841.89) < 1
    fonts = embedded_fonts(pdf)
    assert len(fonts) >= 3  # regular, bold, italic
    assert all(is_shipped_liberation_serif(name, data) for name, data in fonts), [name for name, _ in fonts]
    assert reader.metadata.title == "Phiếu chấm điểm – Vòng 2 – Nguyễn Văn A"
    assert reader.metadata.author == contest.organiser_body
    assert reader.metadata.subject == contest.name


@pytest.mark.pdf
def test_text_arriving_decomposed_is_printed_composed(contest, the_round, judge):
    import unicodedata

    entry = _entry(contest, "Đảng ủy xã Hòa Vang", unicodedata.normalize("NFD", "Bữa cơm nghĩa tình"))
    assign(the_round, judge, entry)
    assert "Bữa cơm nghĩa tình" in text_of(score_sheets_pdf(the_round, judges=[judge]))


@pytest.mark.pdf
def test_a_blind_round_prints_neither_the_unit_nor_the_title(contest, judge):
    blind = make_round(contest, name="Vòng sơ khảo", blind=True)
    entry = _entry(contest, "Đảng ủy phường Thanh Khê", "Tổ liên gia an toàn")
    assign(blind, judge, entry)
    text = text_of(score_sheets_pdf(blind, judges=[judge]))
    assert "Hồ sơ số 001" in text
    assert entry.field.name in text
    assert "Thanh Khê" not in text
    assert "Tổ liên gia an toàn" not in text


@pytest.mark.pdf
def test_conflicted_entries_are_left_out(contest, the_round, judge, organiser):
    kept = _entry(contest, "Đảng ủy phường Thanh Khê", "Tổ liên gia an toàn")
    declared = _entry(contest, "Hội Nông dân xã Kỳ Anh", "Ngân hàng bò giống")
    assign(the_round, judge, kept)
    assign(the_round, judge, declared)
    Conflict.objects.create(round=the_round, judge=judge, entry=declared, kind="declared", reason="Người thân")
    # An automatic conflict: the judge's own unit.
    own_unit = UnitFactory(name="Ủy ban MTTQ phường Sơn Trà")
    judge.unit = own_unit
    judge.save()
    own = EntryFactory(contest=contest, unit=own_unit, title="Camera an ninh tự quản")
    assign(the_round, judge, own)

    [packet] = judge_packets(the_round, [judge])
    assert [s.entry for s in packet.sheets] == [kept]
    text = text_of(score_sheets_pdf(the_round, judges=[judge]))
    assert "Ngân hàng bò giống" not in text and "Camera an ninh" not in text


@pytest.mark.pdf
def test_sheets_follow_the_judges_recorded_order(contest, the_round, judge):
    first = _entry(contest, "Đảng ủy phường Thanh Khê", "Tổ liên gia an toàn")
    second = _entry(contest, "Hội Nông dân xã Kỳ Anh", "Ngân hàng bò giống")
    assign(the_round, judge, first, position=2)
    assign(the_round, judge, second, position=1)
    [packet] = judge_packets(the_round, [judge])
    assert [s.entry for s in packet.sheets] == [second, first]
    pages = [p.extract_text() for p in read(score_sheets_pdf(the_round, judges=[judge])).pages]
    assert "Ngân hàng bò giống" in pages[0] and "Tổ liên gia an toàn" in pages[-1]


@pytest.mark.pdf
def test_a_hoi_thi_prints_each_part_and_entries_of_another_field_get_their_rubric(contest, organiser, judge):
    contest.kind = ContestKind.HOI_THI
    contest.save()
    the_round = make_round(contest, name="Vòng chung kết")
    the_round.rubrics.all().delete()
    rubric_services.copy_rubric_from_library(round=the_round, code="hoi-thi-100", by=organiser)
    other_field = Field.objects.filter(contest=contest).exclude(pk=contest.fields.first().pk).first()
    team = _entry(contest, "Đảng ủy xã Hòa Vang", "Đội thi xã Hòa Vang")
    other = EntryFactory(contest=contest, unit=UnitFactory(name="Đoàn Thanh niên"), field=other_field, title="Đội B")
    assign(the_round, judge, team)
    assign(the_round, judge, other)
    rubric = the_round.rubrics.order_by("order").first()
    field_rubric = the_round.rubrics.create(
        name="Chào hỏi (lĩnh vực riêng)", part=rubric.part, field=other_field, order=rubric.order
    )
    Criterion.objects.create(rubric=field_rubric, code="rieng", name="Tiêu chí riêng của lĩnh vực", max_points=20)

    [packet] = judge_packets(the_round, [judge])
    team_sheet, other_sheet = packet.sheets
    assert len(team_sheet.parts) == 3 and all(p.heading.startswith("Phần ") for p in team_sheet.parts)
    assert [r["criterion"].name for r in other_sheet.parts[0].criteria] == ["Tiêu chí riêng của lĩnh vực"]
    text = text_of(score_sheets_pdf(the_round, judges=[judge]))
    assert "Phần I." in text and "Phần III." in text
    assert "BAN TỔ CHỨC HỘI THI" in text


@pytest.mark.pdf
def test_all_judges_in_one_document(contest, the_round, judge, other_judge):
    assign(the_round, judge, _entry(contest, "Đảng ủy phường Thanh Khê", "Tổ liên gia an toàn"))
    assign(the_round, other_judge, _entry(contest, "Hội Nông dân xã Kỳ Anh", "Ngân hàng bò giống"))
    pdf = score_sheets_pdf(the_round)
    reader = read(pdf)
    assert len(reader.pages) == 2
    text = text_of(pdf)
    assert "Nguyễn Văn A" in text and "Trần Thị Bích Ngọc" in text
    # Each sheet is numbered within its judge's packet, not within the file.
    assert "Nguyễn Văn A – Hồ sơ số 001 – Phiếu 1/1" in text
    assert "Trần Thị Bích Ngọc – Hồ sơ số 002 – Phiếu 1/1" in text
    assert reader.metadata.title == "Phiếu chấm điểm – Vòng 2"


@pytest.mark.pdf
def test_a_judge_without_entries_gets_a_page_saying_so(the_round, judge):
    JuryMembership.objects.create(round=the_round, judge=judge)
    text = text_of(score_sheets_pdf(the_round, judges=[judge]))
    assert "Chưa có hồ sơ nào được phân công" in text


def test_missing_fast_font_subsetting_is_reported_once(caplog, monkeypatch):
    import weasyprint.text.ffi

    from contest.core import pdf

    pdf.warn_if_slow_font_subsetting.cache_clear()
    monkeypatch.setattr(weasyprint.text.ffi, "harfbuzz_subset", None)
    with caplog.at_level("WARNING", logger="contest.core.pdf"):
        assert pdf.warn_if_slow_font_subsetting() is False
        pdf.warn_if_slow_font_subsetting()
    assert len([r for r in caplog.records if "harfbuzz-subset" in r.message]) == 1
    pdf.warn_if_slow_font_subsetting.cache_clear()


@pytest.mark.skipif(not os.environ.get("PAPER_SAMPLE"), reason="writes a sample PDF for a human to look at")
def test_write_sample(contest, organiser):
    contest.organiser_body = "Tỉnh ủy Hà Tĩnh / Ban Tuyên giáo và Dân vận"
    contest.name = "Cuộc thi Dân vận khéo tỉnh Hà Tĩnh năm 2026"
    contest.save()
    the_round = make_round(contest, name="Vòng 2 – Chung khảo")
    the_round.rubrics.all().delete()
    rubric_services.copy_rubric_from_library(round=the_round, code=os.environ.get("PAPER_SAMPLE"), by=organiser)
    judge = make_judge(full_name="Nguyễn Văn An")
    for title in ("Tổ liên gia an toàn – Zalo kết nối bình yên", "Vận động Nhân dân hiến đất mở rộng đường kiệt"):
        assign(the_round, judge, _entry(contest, "Đảng ủy phường Thạch Linh", title))
    with open("/tmp/phieu-cham.pdf", "wb") as out:
        out.write(score_sheets_pdf(the_round, judges=[judge]))


# ---------------------------------------------------------------------------------------------
# The back-office pages
# ---------------------------------------------------------------------------------------------


def _urls(the_round, judge):
    return [
        reverse("contest_paper:index"),
        reverse("contest_paper:round", args=[the_round.pk]),
        reverse("contest_paper:judge_pdf", args=[the_round.pk, judge.pk]),
        reverse("contest_paper:round_pdf", args=[the_round.pk]),
    ]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("organiser", 200), ("secretariat", 200), ("unit_user", "login"), ("judge", "login"), ("anonymous", "login")],
)
@pytest.mark.pdf
def test_paper_pages_by_persona(client, request, contest, the_round, judge, persona, expected):
    assign(the_round, judge, _entry(contest, "Đảng ủy phường Thanh Khê", "Tổ liên gia an toàn"))
    own = {"anonymous": None, "judge": judge}
    user = own[persona] if persona in own else request.getfixturevalue(persona)
    if user is not None:
        client.force_login(user)
    for url in _urls(the_round, judge):
        response = client.get(url)
        if expected == "login":
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("wagtailadmin_login"))
        else:
            assert response.status_code == expected, url


def test_a_staff_member_without_the_permission_gets_403(client, the_round, judge):
    from django.contrib.auth.models import Permission

    editor = UserFactory(username="bientap")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    for url in _urls(the_round, judge):
        assert client.get(url).status_code == 403, url


def test_the_round_page_lists_the_jury_with_their_downloads(client, secretariat, contest, the_round, judge):
    assign(the_round, judge, _entry(contest, "Đảng ủy phường Thanh Khê", "Tổ liên gia an toàn"))
    client.force_login(secretariat)
    page = client.get(reverse("contest_paper:round", args=[the_round.pk])).content.decode()
    assert "Nguyễn Văn A" in page
    assert reverse("contest_paper:judge_pdf", args=[the_round.pk, judge.pk]) in page
    assert reverse("contest_paper:round_pdf", args=[the_round.pk]) in page
    assert "Tải phiếu chấm trống (PDF)" in page
    index = client.get(reverse("contest_paper:index")).content.decode()
    assert reverse("contest_paper:round", args=[the_round.pk]) in index


@pytest.mark.pdf
def test_the_download_is_a_pdf_named_for_the_round_and_judge(client, organiser, contest, the_round, judge):
    assign(the_round, judge, _entry(contest, "Đảng ủy phường Thanh Khê", "Tổ liên gia an toàn"))
    client.force_login(organiser)
    response = client.get(reverse("contest_paper:judge_pdf", args=[the_round.pk, judge.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="phieu-cham-vong-2-nguyen-van-a.pdf"' in response["Content-Disposition"]
    assert "Nguyễn Văn A" in text_of(response.content)
    everyone = client.get(reverse("contest_paper:round_pdf", args=[the_round.pk]))
    assert 'filename="phieu-cham-vong-2-tat-ca.pdf"' in everyone["Content-Disposition"]


def test_a_judge_outside_the_jury_is_404(client, organiser, the_round, other_judge):
    client.force_login(organiser)
    assert client.get(reverse("contest_paper:judge_pdf", args=[the_round.pk, other_judge.pk])).status_code == 404


def test_queries_do_not_grow_with_the_entries(client, organiser, contest, the_round, judge, other_judge, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from contest.core.pdf import render_html

    # The queries are the context's and the template's: laying the HTML out (WeasyPrint, seconds
    # for 20 sheets) adds none, so the count is taken on the HTML.
    monkeypatch.setattr(
        "contest.judging.paper.render_pdf", lambda template, context, **meta: render_html(template, context).encode()
    )
    client.force_login(organiser)
    urls = [
        reverse("contest_paper:round_pdf", args=[the_round.pk]),
        reverse("contest_paper:judge_pdf", args=[the_round.pk, judge.pk]),
        reverse("contest_paper:round", args=[the_round.pk]),
    ]

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for i in range(2):
        assign(the_round, judge, _entry(contest, f"Đơn vị {i}", f"Mô hình {i}"))
    small = [count(url) for url in urls]
    for i in range(2, 20):
        assign(the_round, judge if i % 2 else other_judge, _entry(contest, f"Đơn vị {i}", f"Mô hình {i}"))
    assert [count(url) for url in urls] == small
