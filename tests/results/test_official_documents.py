"""Every document to the decree, read back from the PDF: header blocks in the issuer's format,
number, place-and-date line, signer block, page numbers and page count."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from contest.certificates.models import Certificate, CertificateTemplate
from contest.certificates.rendering import body_html, render_certificates
from contest.core.models import Contest, Round
from contest.judging.paper import score_sheets_pdf
from contest.results import documents
from tests.factories import EntryFactory, UnitFactory
from tests.factories.judging import assign, make_judge, make_round
from tests.judging.test_paper_sheets import read, text_of
from tests.results.test_result_documents import awarded_round, frozen  # noqa: F401  (fixtures)
from tests.results.test_results import submitted_sheet  # noqa: F401

pytestmark = pytest.mark.pdf

STATE_BODY = "Ủy ban nhân dân tỉnh Hà Tĩnh"


def _as_state(snapshot):
    Contest.objects.filter(pk=snapshot.round.contest_id).update(
        organiser_body=STATE_BODY, document_format="state", document_place="Hà Tĩnh"
    )
    snapshot.round.contest.refresh_from_db()
    return snapshot


def _place_date(moment):
    day = timezone.localtime(moment).date()
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"Hà Tĩnh, ngày {day.day:02d} tháng {month} năm {day.year}"


def _pages(pdf):
    return [" ".join(page.extract_text().split()) for page in read(pdf).pages]


def test_minutes_state_seal_in_words_with_its_annex_and_page_numbers_from_page_two(frozen):  # noqa: F811
    snapshot = _as_state(frozen[0])
    pdf = documents.minutes_pdf(snapshot)
    text = text_of(pdf)
    for expected in (
        "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH",
        "BAN GIÁM KHẢO",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: ……/BB-BGK",
        _place_date(snapshot.frozen_at),
        "BIÊN BẢN",
        "Tổng hợp kết quả chấm Vòng chung khảo",
        f"Mã niêm phong: {documents.seal_groups(snapshot.audit_head)}",
        "Cách kiểm tra mã này ghi tại Phụ lục",
        "PHỤ LỤC",
        "CÁCH KIỂM TRA MÃ NIÊM PHONG KẾT QUẢ",
        "“Kiểm tra mã niêm phong”",
        "THƯ KÝ",
        "TRƯỞNG BAN GIÁM KHẢO",
        "Nguyễn Thị Hồng Hạnh",
    ):
        assert expected in text, expected
    # No shell command, no internal code, no placeholder round name.
    for absent in ("verify_audit", "manage.py", "python", "--expected-head", "Vòng chấm", "ĐẢNG CỘNG SẢN"):
        assert absent not in text, absent
    pages = _pages(pdf)
    assert len(pages) >= 2
    # Decree 30: the page number at the top centre (pypdf reads that margin box last), from the
    # second page only.
    assert not pages[0].endswith(" 1")
    for number, page in enumerate(pages[1:], start=2):
        assert page.endswith(f" {number}"), page[-40:]
    # The annex starts a page of its own.
    assert any(page.startswith("PHỤ LỤC CÁCH KIỂM TRA MÃ NIÊM PHONG") for page in pages[1:])


def test_minutes_of_a_party_body_take_the_party_heading(frozen):  # noqa: F811
    snapshot = frozen[0]
    text = text_of(documents.minutes_pdf(snapshot))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY" in text
    assert "Số ……-BB/BGK" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text


def test_the_default_round_name_never_reaches_a_document(frozen):  # noqa: F811
    snapshot = frozen[0]
    Round.objects.filter(pk=snapshot.round_id).update(name="Vòng chấm")
    snapshot.round.refresh_from_db()
    for pdf in (documents.minutes_pdf(snapshot), documents.decision_pdf(snapshot)):
        text = text_of(pdf)
        assert "Vòng chấm" not in text and "VÒNG CHẤM" not in text
    assert "về việc công nhận kết quả " + snapshot.round.contest.name in text_of(documents.decision_pdf(snapshot))
    assert "Vòng chấm" not in documents.minutes_title(snapshot)


def test_the_state_decision_draft_has_the_authority_line_and_a_name_line(frozen):  # noqa: F811
    snapshot = _as_state(frozen[0])
    pdf = documents.decision_pdf(snapshot)
    text = text_of(pdf)
    contest = snapshot.round.contest
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: ……/QĐ-BTC",
        "QUYẾT ĐỊNH",
        "Về việc công nhận kết quả Vòng chung khảo",
        f"BAN TỔ CHỨC {contest.name.upper()}",
        "Căn cứ Biên bản tổng hợp kết quả chấm của Ban Giám khảo",
        "TM. BAN TỔ CHỨC TRƯỞNG BAN",
        "(Họ và tên)",
        "Nơi nhận:",
    ):
        assert expected in text, expected
    assert text.index("TM. BAN TỔ CHỨC") < text.index("(Họ và tên)") < text.index("DANH SÁCH CÁC MÔ HÌNH")
    # Once the contest's certificate template names who signs for the Ban Tổ chức, so does the draft.
    CertificateTemplate.objects.create(
        contest=contest,
        parent_body="ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH",
        issuing_body="BAN TỔ CHỨC CUỘC THI",
        signer_authority="TM. BAN TỔ CHỨC",
        signer_title="TRƯỞNG BAN",
        signer_name="Võ Thị Thu Hà",
    )
    text = text_of(documents.decision_pdf(snapshot))
    assert "TM. BAN TỔ CHỨC TRƯỞNG BAN Võ Thị Thu Hà" in text


def test_the_party_decision_draft_follows_the_party_layout(frozen):  # noqa: F811
    snapshot = frozen[0]
    contest = snapshot.round.contest
    text = text_of(documents.decision_pdf(snapshot))
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số ……-QĐ/BTC",
        "về việc công nhận kết quả Vòng chung khảo",
        "- Căn cứ Quyết định số",
        f"BAN TỔ CHỨC {contest.name.upper()} QUYẾT ĐỊNH:",
        "T/M BAN TỔ CHỨC TRƯỞNG BAN",
        "(Kèm theo Quyết định số ……-QĐ/BTC",
    ):
        assert expected in text, expected
    assert "CỘNG HÒA XÃ HỘI" not in text and "TM. BAN TỔ CHỨC" not in text


def test_each_paper_score_sheet_is_one_page_with_its_own_number(contest):
    round_ = make_round(contest, name="Vòng sơ khảo")
    judge = make_judge(full_name="Nguyễn Văn A")
    for i in range(3):
        assign(round_, judge, EntryFactory(contest=contest, unit=UnitFactory(), title=f"Mô hình {i}"))
    pdf = score_sheets_pdf(round_, judges=[judge])
    pages = _pages(pdf)
    assert len(pages) == 3
    for n, page in enumerate(pages, start=1):
        # Criteria, total, remarks and the signature on the same page, numbered per sheet.
        for expected in ("PHIẾU CHẤM ĐIỂM", "Tính mới, sáng tạo", "Tổng cộng", "Nhận xét chung", "GIÁM KHẢO CHẤM"):
            assert expected in page, (n, expected)
        assert f"Hồ sơ số 00{n} – Phiếu {n}/3" in page
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in page


def _certificate(template, snapshot, entry, prize, number):
    return Certificate(
        contest=template.contest,
        template=template,
        snapshot=snapshot,
        entry=entry,
        unit=entry.unit,
        award_key=f"prize:{number}",
        holder_name=entry.unit.name,
        prize_name=prize,
        entry_title=entry.title,
        year=2026,
        number=number,
        serial=f"{number:04d}-GCN/BTC",
        token=f"tok{number:019d}",
        issued_at=timezone.now(),
    )


def test_two_prizes_of_one_unit_read_differently_and_quotes_are_never_doubled(frozen):  # noqa: F811
    snapshot, _judges, entries = frozen
    contest = snapshot.round.contest
    template = CertificateTemplate.objects.create(
        contest=contest,
        document_format="party",
        parent_body="TỈNH ỦY HÀ TĨNH",
        issuing_body="BAN TUYÊN GIÁO VÀ DÂN VẬN",
        signer_authority="",
        signer_title="TRƯỞNG BAN",
        signer_name="Lê Minh Châu",
        place="Hà Tĩnh",
    )
    unit = entries[0].unit
    second = EntryFactory(contest=contest, unit=unit, title="“Bữa cơm nghĩa tình thứ Sáu”")
    first = _certificate(template, snapshot, entries[0], "Giải Nhất", 1)
    other = _certificate(template, snapshot, second, "Giải Nhất", 2)
    texts = [text_of(pdf) for pdf in render_certificates([first, other])]
    assert texts[0] != texts[1]
    assert f"Với mô hình “{entries[0].title}” đã đạt Giải Nhất" in texts[0]
    assert "Với mô hình “Bữa cơm nghĩa tình thứ Sáu” đã đạt Giải Nhất" in texts[1]
    for text in texts:
        assert not re.search(r"[“”\"]{2}", text), text
        assert "Số 000" in text and "-GCN/BTC" in text and "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    # The organiser's own quotes around the placeholder are not doubled either.
    template.body_text = "Có mô hình “{mo_hinh}” đạt {giai}"
    assert "“<strong>“Bữa" not in str(body_html(template, other))
    assert "<strong>“Bữa cơm nghĩa tình thứ Sáu”</strong>" in str(body_html(template, other))


def test_the_audit_page_checks_a_seal_typed_from_the_minutes(client, organiser, frozen):  # noqa: F811
    snapshot = frozen[0]
    client.force_login(organiser)
    url = reverse("audit:index")
    page = client.get(url, {"ma_niem_phong": documents.seal_groups(snapshot.audit_head).upper()}).content.decode()
    assert 'data-seal-check="ok"' in page and "Mã niêm phong khớp" in page
    assert f"kết quả phiên bản {snapshot.version}" in page
    wrong = "f" * 64
    page = client.get(url, {"ma_niem_phong": wrong}).content.decode()
    assert 'data-seal-check="problems"' in page
    page = client.get(url, {"ma_niem_phong": "abc"}).content.decode()
    assert 'data-seal-check="malformed"' in page
