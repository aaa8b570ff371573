"""The certificate renderer (contest/certificate_pdf.py): issued through the real batch service
from a frozen result, then read back with pypdf (text, page size, fonts, metadata) and the QR code
decoded with zxing-cpp."""

import datetime as dt
import hashlib
import io
import unicodedata
from decimal import Decimal as D

import pytest
import zxingcpp
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw
from pypdf import PdfReader

from contest.certificates import rendering as certificate_pdf
from contest.certificates.enums import CertificateStatus
from contest.certificates.models import Certificate, CertificateTemplate
from contest.certificates.rendering import (
    body_html,
    combined_pdf,
    preview_pdf,
    qr_png,
    render_certificates,
    verification_url,
)
from contest.certificates.services import issuing as certificates
from contest.core.enums import DocumentFormat
from contest.results.models import PrizeTier, ResultsPolicy
from contest.results.services import snapshots as results
from tests.factories import EntryFactory, UnitFactory
from tests.factories.judging import assign, make_judge, make_round
from tests.judging.test_paper_sheets import embedded_fonts, is_shipped_liberation_serif
from tests.results.test_results import submitted_sheet

DECIDED = dt.date(2026, 1, 5)
A4_LANDSCAPE = (842, 595)


def read(content: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(content))


def text_of(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in read(content).pages)


def page_size(content: bytes, index=0) -> tuple[float, float]:
    box = read(content).pages[index].mediabox
    return float(box.width), float(box.height)


def png(color, size=(200, 200)) -> ContentFile:
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((10, 10, size[0] - 10, size[1] - 10), outline=color, width=8)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return ContentFile(out.getvalue())


def make_template(contest, **fields) -> CertificateTemplate:
    values = {
        "parent_body": "Tỉnh ủy Hà Tĩnh",
        "issuing_body": "Ban Dân vận",
        "decision_number": "24-QĐ/BDVTU",
        "decision_date": DECIDED,
        "place": "Hà Tĩnh",
        "serial_suffix": "GCN-BTC",
        "body_text": "Đã đạt {giai} {cuoc_thi} với mô hình {mo_hinh}",
        # A Party body (Tỉnh ủy, Ban Dân vận): the Party's format and signing lines.
        "document_format": DocumentFormat.PARTY,
        "signer_authority": "T/M BAN TỔ CHỨC\nK/T TRƯỞNG BAN",
        "signer_title": "PHÓ TRƯỞNG BAN",
        "signer_name": "Nguyễn Văn An",
    }
    values.update(fields)
    return CertificateTemplate.objects.create(contest=contest, **values)


@pytest.fixture
def frozen(contest, organiser):
    """A frozen result with three prizes: Giải Nhất for one entry, Giải Nhì for two."""
    round_ = make_round(contest, jury_only=True)
    judges = [make_judge(f"gk{i}", full_name=f"Giám khảo {i}") for i in range(2)]
    entries = [
        EntryFactory(contest=contest, unit=UnitFactory(name=name), title=title)
        for name, title in [
            ("Ủy ban Mặt trận Tổ quốc xã Thạch Hạ", "Chợ phiên không tiền mặt"),
            ("Hội Liên hiệp Phụ nữ phường Bắc Hà", "Tổ dân phố xanh, sạch, đẹp"),
            ("Đoàn Thanh niên xã Cẩm Bình", "Thắp sáng đường quê"),
        ]
    ]
    for e, entry in enumerate(entries):
        for judge in judges:
            assign(round_, judge, entry)
            submitted_sheet(round_, judge, entry, {"sang_tao": 19 - e, "hieu_qua": 24 - e, "ho_so": 5})
    # Scores out of 50: the default minimum of 70 points and the cap on prizes would leave none.
    ResultsPolicy.objects.create(round=round_, min_prize_score=D(30), prize_cap_share=D(1))
    PrizeTier.objects.create(round=round_, code="nhat", name="Giải Nhất", quota=1, order=1)
    PrizeTier.objects.create(round=round_, code="nhi", name="Giải Nhì", quota=5, order=2)
    return results.freeze(round=round_, by=organiser), entries


@pytest.fixture
def issued(frozen, contest, organiser, django_capture_on_commit_callbacks):
    """The batch run for real: pending rows, then the (immediate) task renders them."""
    snapshot, _entries = frozen
    template = make_template(contest)
    template.seal_image.save("dau.png", png((200, 0, 0, 220)), save=False)
    template.signature_image.save("chu-ky.png", png((0, 0, 150, 255), (300, 150)), save=True)
    with django_capture_on_commit_callbacks(execute=True):
        batch = certificates.start_batch(snapshot=snapshot, template=template, by=organiser)
    return list(Certificate.objects.filter(batch=batch).select_related("template", "contest").order_by("number"))


def stored(certificate) -> bytes:
    with certificate.pdf.open("rb") as handle:
        return handle.read()


@pytest.mark.pdf
def test_batch_issues_one_valid_file_per_prize(issued):
    assert [c.serial for c in issued] == ["0001-GCN/BTC", "0002-GCN/BTC", "0003-GCN/BTC"]
    for certificate in issued:
        content = stored(certificate)
        assert certificate.status == CertificateStatus.VALID
        assert hashlib.sha256(content).hexdigest() == certificate.sha256
        assert len(read(content).pages) == 1
        assert page_size(content) == pytest.approx(A4_LANDSCAPE, abs=1)


@pytest.mark.pdf
def test_certificate_text_is_the_exact_vietnamese(issued, contest):
    first = issued[0]
    text = text_of(stored(first))
    assert "GIẤY CHỨNG NHẬN" in text
    assert "Ủy ban Mặt trận Tổ quốc xã Thạch Hạ" in text
    assert "Số 0001-GCN/BTC" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text
    assert "TỈNH ỦY HÀ TĨNH" in text and "BAN DÂN VẬN" in text
    assert "Hà Tĩnh, ngày 05 tháng 01 năm 2026" in text
    assert "Theo Quyết định số 24-QĐ/BDVTU ngày 05/01/2026" in text
    assert "Giải Nhất" in text and "Chợ phiên không tiền mặt" in text
    assert "T/M BAN TỔ CHỨC" in text and "K/T TRƯỞNG BAN" in text and "PHÓ TRƯỞNG BAN" in text
    assert "Nguyễn Văn An" in text
    assert "Quét mã để xác minh" in text and f"Mã xác minh: {first.token[:8]}" in text
    assert "{giai}" not in text and "{cuoc_thi}" not in text


@pytest.mark.pdf
def test_fonts_are_the_shipped_liberation_serif(issued):
    fonts = embedded_fonts(stored(issued[1]))
    assert fonts and all(is_shipped_liberation_serif(name, data) for name, data in fonts)


@pytest.mark.pdf
def test_metadata_of_each_file(issued, contest):
    certificate = issued[0]
    meta = read(stored(certificate)).metadata
    assert meta.title == "Giấy chứng nhận 0001-GCN/BTC"
    assert meta.author == "Ban Dân vận"
    assert meta.subject == f"Giải Nhất – {contest.name}"


@pytest.mark.pdf
def test_the_qr_code_leads_to_the_verification_page(issued):
    certificate = issued[0]
    url = verification_url(certificate)
    assert url == f"http://testserver/xac-minh/{certificate.token}/"
    # The PNG the template embeds decodes to the URL …
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr_png(url))))
    assert [(d.format, d.text) for d in decoded] == [(zxingcpp.BarcodeFormat.QRCode, url)]
    # … and so does the image actually inside the certificate's file.
    page = read(stored(certificate)).pages[0]
    images = [image.image for image in page.images]
    decoded = [d.text for image in images for d in zxingcpp.read_barcodes(image.convert("L"))]
    assert url in decoded
    # A click on the QR code in the PDF opens the same page.
    links = [a.get_object()["/A"]["/URI"] for a in page.get("/Annots", []) if a.get_object().get("/A")]
    assert url in links


@pytest.mark.pdf
def test_party_format_header(frozen, contest):
    snapshot, entries = frozen
    template = make_template(contest, document_format=DocumentFormat.PARTY, title="GIẤY KHEN", kind="merit")
    certificate = _unsaved(template, snapshot, entries[0])
    text = text_of(render_certificates([certificate])[0])
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "CỘNG HÒA XÃ HỘI" not in text
    assert "BAN DÂN VẬN *" in text
    assert "GIẤY KHEN" in text and "Tặng" in text


@pytest.mark.pdf
def test_portrait_when_asked(frozen, contest):
    snapshot, entries = frozen
    template = make_template(contest, landscape=False)
    content = render_certificates([_unsaved(template, snapshot, entries[0])])[0]
    assert page_size(content) == pytest.approx((595, 842), abs=1)


@pytest.mark.pdf
def test_preview_uses_sample_data(contest):
    template = make_template(contest)
    content = preview_pdf(template)
    text = text_of(content)
    assert len(read(content).pages) == 1
    assert "GIẤY CHỨNG NHẬN" in text and "Giải Nhất" in text and contest.name in text
    assert not Certificate.objects.exists()


@pytest.mark.pdf
def test_combined_pdf_reads_stored_files_and_renders_the_rest(issued, frozen):
    snapshot, entries = frozen
    extra = _unsaved(issued[0].template, snapshot, entries[2], holder_name="Chi đoàn thôn Trung")
    content = combined_pdf([*issued, extra])
    pages = read(content).pages
    assert len(pages) == 4
    assert "Ủy ban Mặt trận Tổ quốc xã Thạch Hạ" in pages[0].extract_text()
    assert "Chi đoàn thôn Trung" in pages[3].extract_text()


@pytest.mark.pdf
def test_text_is_composed_unicode(frozen, contest):
    snapshot, entries = frozen
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
    assert decomposed != "Nguyễn Thị Ánh Tuyết"
    certificate = _unsaved(make_template(contest), snapshot, entries[0], holder_name=decomposed)
    text = render_certificates([certificate])[0]
    assert "Nguyễn Thị Ánh Tuyết" in text_of(text)


def test_body_placeholders_are_escaped(frozen, contest):
    snapshot, entries = frozen
    template = make_template(contest, body_text="<i>Đạt</i> {giai} – {mo_hinh}")
    certificate = _unsaved(template, snapshot, entries[0], prize_name="Giải <b>Nhất</b>", entry_title="A & B")
    html = str(body_html(template, certificate))
    assert html == "&lt;i&gt;Đạt&lt;/i&gt; <strong>Giải &lt;b&gt;Nhất&lt;/b&gt;</strong> – <strong>“A &amp; B”</strong>"


@pytest.mark.pdf
def test_all_certificates_of_a_call_are_written_in_one_go(frozen, contest, monkeypatch):
    from weasyprint.document import Document

    snapshot, entries = frozen
    template = make_template(contest)
    writes = []
    original = Document.write_pdf
    monkeypatch.setattr(Document, "write_pdf", lambda self, *a, **k: writes.append(1) or original(self, *a, **k))
    files = render_certificates([_unsaved(template, snapshot, e) for e in entries])
    assert len(writes) == 1 and len(files) == 3
    assert [text_of(f).count("GIẤY CHỨNG NHẬN") for f in files] == [1, 1, 1]


@pytest.mark.pdf
def test_text_too_long_for_one_page_is_refused(frozen, contest):
    snapshot, entries = frozen
    template = make_template(contest, body_text="Đã đạt {giai} " + "rất xuất sắc " * 40)
    with pytest.raises(certificate_pdf.TextTooLong, match="0009/GCN-BTC"):
        certificate_pdf.render_certificates([_unsaved(template, snapshot, entries[0])])


def _unsaved(template, snapshot, entry, **fields) -> Certificate:
    values = {
        "contest": template.contest,
        "template": template,
        "snapshot": snapshot,
        "entry": entry,
        "unit": entry.unit,
        "award_key": "prize:nhat",
        "holder_name": entry.unit.name,
        "prize_name": "Giải Nhất",
        "entry_title": entry.title,
        "year": 2026,
        "number": 9,
        "serial": "0009/GCN-BTC",
    }
    values.update(fields)
    return Certificate(**values)


@pytest.mark.pdf
def test_an_uploaded_background_replaces_the_drawn_border(frozen, contest):
    snapshot, entries = frozen
    template = make_template(contest)
    template.background_image.save("khung.png", png((180, 140, 40, 255), (842, 595)), save=True)
    content = render_certificates([_unsaved(template, snapshot, entries[0])])[0]
    page = read(content).pages[0]
    assert len(read(content).pages) == 1
    assert any(image.image.size == (842, 595) for image in page.images)
