"""Certificates as PDF: one file per certificate, rendered many at a time.

WeasyPrint's fixed cost (fonts, stylesheets, layout set-up) dominates a one-page document, so all
certificates of a call are laid out as ONE document (one page each), written once, and then split
into one standalone PDF per page with pypdf. Each split file carries its own copy of the font
subsets and its own metadata, so its SHA-256 identifies exactly the file the holder receives.
"""

import base64
import io
import mimetypes
from pathlib import Path

import segno
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter

from contest.certificates.enums import CertificateKind, CertificateStatus
from contest.certificates.models import Certificate
from contest.certificates.numbering import serial_text
from contest.core import pdf
from contest.core.enums import DocumentFormat
from contest.core.errors import DomainError
from contest.core.links import public_url
from contest.core.text import nfc
from contest.dossiers.enums import EntryKind
from contest.signing.appearance import Appearance, Place

TEMPLATE = "contest/certificates/pdf/certificate.html"
STYLESHEETS = ("css/pdf/official.css", "css/pdf/certificate.css")
PLACEHOLDERS = ("giai", "cuoc_thi", "mo_hinh", "ho_so")
QUOTES = "\"'“”‘’«»"
# How the wording names the dossier, by its kind: {ho_so} → "mô hình “…”".
DOSSIER_WORDS = {
    EntryKind.MODEL: "mô hình",
    EntryKind.COLLECTIVE_EXEMPLAR: "điển hình",
    EntryKind.INDIVIDUAL_EXEMPLAR: "điển hình",
    EntryKind.TEAM: "đội thi",
}


class TextTooLong(DomainError):
    """The wording does not fit above the signature block and the QR code."""


def verification_url(certificate) -> str:
    return public_url(reverse("certificate-verify", args=[certificate.token]))


def qr_png(url: str) -> bytes:
    """The QR code printed on the certificate, as PNG (level M survives a stain or a fold)."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()


def _data_uri(content: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"


class _Images:
    """The template's uploaded images as URLs WeasyPrint may fetch, read once per call."""

    def __init__(self):
        self._cache = {}

    def __call__(self, field) -> str:
        if not field:
            return ""
        if field.name not in self._cache:
            try:
                uri = Path(field.path).as_uri()
            except NotImplementedError:  # remote storage: no path, send the bytes inline
                with field.open("rb") as handle:
                    mime = mimetypes.guess_type(field.name)[0] or "image/png"
                    uri = _data_uri(handle.read(), mime)
            self._cache[field.name] = uri
        return self._cache[field.name]


def _unquoted(text) -> str:
    return nfc(text or "").strip().strip(QUOTES).strip()


def _entry_kind(certificate):
    entry_id = getattr(certificate, "entry_id", None)
    return certificate.entry.kind if entry_id else EntryKind.MODEL


def body_html(template, certificate):
    """The template's wording with the prize, contest and dossier filled in (escaped, in bold).

    The entry's name is quoted once, whatever the organiser typed: quotes written around the
    placeholder in the wording, or kept in the dossier's title, are not doubled."""
    title = _unquoted(certificate.entry_title)
    quoted = f"“{title}”" if title else ""
    values = {
        "giai": nfc(certificate.prize_name),
        "cuoc_thi": nfc(certificate.contest.name),
        "mo_hinh": quoted,
        "ho_so": f"{DOSSIER_WORDS.get(_entry_kind(certificate), 'mô hình')} {quoted}".strip(),
    }
    wording = nfc(template.body_text)
    for key in ("mo_hinh", "ho_so"):
        # “{mo_hinh}” in the wording: the value brings its own quotes.
        for left, right in (("“", "”"), ('"', '"'), ("‘", "’"), ("'", "'")):
            wording = wording.replace(f"{left}{{{key}}}{right}", f"{{{key}}}")
    text = str(conditional_escape(wording))
    for key in PLACEHOLDERS:
        text = text.replace("{" + key + "}", format_html("<strong>{}</strong>", values[key]))
    return mark_safe(text.replace("\n", "<br>"))


def _issue_date(template, certificate):
    if template.decision_date:
        return template.decision_date
    if certificate.issued_at:
        return timezone.localtime(certificate.issued_at).date()
    return timezone.localdate()


def _context(certificate, images, signed=False) -> dict:
    template = certificate.template
    party = template.document_format == DocumentFormat.PARTY
    url = verification_url(certificate)
    return {
        "certificate": certificate,
        "template": template,
        "landscape": template.landscape,
        "party": party,
        "issuer_parent": [nfc(template.parent_body)] if template.parent_body else [],
        "issuer": nfc(template.issuing_body),
        # Party documents write "Số 0012-GCN/BTC", state ones "Số: 0012/GCN-BTC".
        "doc_number": (_("Số %(serial)s") if party else _("Số: %(serial)s")) % {"serial": certificate.serial},
        "hide_place_date": True,
        "title": nfc(template.title),
        "verb": _("Chứng nhận") if template.kind == CertificateKind.CERTIFICATE else _("Tặng"),
        "holder": nfc(certificate.holder_name),
        "body": body_html(template, certificate),
        "decision_number": nfc(template.decision_number),
        "decision_date": template.decision_date,
        "place": nfc(template.place),
        "date": _issue_date(template, certificate),
        "authority": [nfc(line) for line in template.authority_lines()],
        "signer_title": nfc(template.signer_title),
        "signer_name": nfc(template.signer_name),
        "seal": images(template.seal_image),
        "signature": images(template.signature_image),
        "background": images(template.background_image),
        "url": url,
        "qr": _data_uri(qr_png(url), "image/png"),
        "short_token": certificate.verification_code,
        "signed": signed,
    }


def _metadata(certificate) -> dict:
    template = certificate.template
    return {
        "/Title": nfc(f"Giấy chứng nhận {certificate.serial}"),
        "/Author": nfc(template.issuing_body),
        "/Subject": nfc(f"{certificate.prize_name} – {certificate.contest.name}"),
        "/Keywords": ", ".join(pdf.DEFAULT_KEYWORDS),
    }


def _write_document(certificates, signed=False) -> tuple[bytes, list]:
    """All ``certificates`` as one PDF, one page each, and (``signed``) where each page's digital
    signature goes (the signer's place, left blank in the page)."""
    # Imported here: WeasyPrint costs about a second to import (contest/core/pdf.py), which only
    # the worker and the PDF views should pay, not every process that imports this module.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    pdf.warn_if_slow_font_subsetting()
    images = _Images()
    contexts = [_context(c, images, signed) for c in certificates]
    html = nfc(render_to_string(TEMPLATE, {"certificates": contexts}))
    fetcher = pdf.url_fetcher()
    font_config = FontConfiguration()
    stylesheets = [CSS(string=pdf.font_face_css(), font_config=font_config, url_fetcher=fetcher)]
    stylesheets += [
        CSS(filename=str(pdf.static_path(name)), font_config=font_config, url_fetcher=fetcher) for name in STYLESHEETS
    ]
    base_url = pdf.static_path(STYLESHEETS[0]).parent.as_uri() + "/"
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
        font_config=font_config, stylesheets=stylesheets
    )
    if len(document.pages) != len(certificates):
        # One page more or less would put every later certificate into the wrong file.
        raise ValueError(f"Certificates laid out on {len(document.pages)} pages instead of {len(certificates)}.")
    places = []
    for page, certificate in zip(document.pages, certificates, strict=True):
        if _text_runs_into_the_corners(page):
            raise TextTooLong(
                _("Lời văn của giấy chứng nhận số %(serial)s quá dài, đè lên chữ ký hoặc mã QR: hãy rút gọn.")
                % {"serial": certificate.serial}
            )
        if signed:
            places.append(_signature_place(page))
    return document.write_pdf(), places


def _signature_place(page) -> Place:
    """The rectangle of the page's ``signature-place`` box; page 0, since each page becomes a file."""
    box = _boxes_by_class(page, {"signature-place"})["signature-place"]
    return Place.from_layout(
        page=0,
        page_height_px=page.height,
        x=box.border_box_x(),
        y=box.border_box_y(),
        width=box.border_width(),
        height=box.border_height(),
    )


def _boxes_by_class(page, names):
    found, stack = {}, [page._page_box]
    while stack:
        box = stack.pop()
        element = getattr(box, "element", None)
        if element is not None and box.element_tag == "div":
            for name in (element.get("class") or "").split():
                if name in names and name not in found:
                    found[name] = box
        stack.extend(getattr(box, "children", ()))
    return found


def _text_runs_into_the_corners(page) -> bool:
    """Whether the flowing text ends below the top of the QR code or of the signature block (the
    page has a fixed height, so an overlong text would otherwise print over them unnoticed)."""
    boxes = _boxes_by_class(page, {"flow-end", "verify", "signer"})
    # The template always has all three; one missing from the laid-out page was pushed off it
    # by a text far too long (WeasyPrint drops what overflows the fixed-height sheet).
    if len(boxes) < 3:
        return True
    end = boxes["flow-end"].position_y
    return any(end > boxes[name].position_y for name in ("verify", "signer"))


def _split(content: bytes, certificates) -> list[bytes]:
    reader = PdfReader(io.BytesIO(content))
    files = []
    for page, certificate in zip(reader.pages, certificates, strict=True):
        writer = PdfWriter()
        writer.add_page(page)
        writer.add_metadata(_metadata(certificate))
        buffer = io.BytesIO()
        writer.write(buffer)
        files.append(buffer.getvalue())
    return files


@pdf.in_official_language
def render_certificates(certificates) -> list[bytes]:
    """One standalone PDF per certificate, in the same order, as printed without a digital
    signature (the signature and seal images in the page)."""
    certificates = list(certificates)
    if not certificates:
        return []
    content, _places = _write_document(certificates)
    return _split(content, certificates)


def _template_image(field, cache) -> bytes:
    if not field:
        return b""
    if field.name not in cache:
        with field.open("rb") as handle:
            cache[field.name] = handle.read()
    return cache[field.name]


def _appearance(certificate, place, cache) -> Appearance:
    template = certificate.template
    return Appearance(
        place=place,
        signer_name=nfc(template.signer_name),
        organisation=nfc(template.issuing_body),
        signature_image=_template_image(template.signature_image, cache),
        seal_image=_template_image(template.seal_image, cache),
    )


@pdf.in_official_language
def render_for_signing(certificates) -> list[tuple[bytes, Appearance]]:
    """One standalone PDF per certificate with the signer's place left blank, and the visible
    signature that fills it (the template's signature and seal images, the signer, the time)."""
    certificates = list(certificates)
    if not certificates:
        return []
    content, places = _write_document(certificates, signed=True)
    cache: dict = {}
    appearances = [_appearance(c, place, cache) for c, place in zip(certificates, places, strict=True)]
    return list(zip(_split(content, certificates), appearances, strict=True))


def _sample(template):
    year = (template.decision_date or timezone.localdate()).year
    return Certificate(
        contest=template.contest,
        template=template,
        holder_name=_("Ủy ban Mặt trận Tổ quốc Việt Nam xã Thạch Hạ"),
        prize_name=_("Giải Nhất"),
        entry_title=_("Dân vận khéo trong xây dựng nông thôn mới"),
        year=year,
        number=1,
        serial=serial_text(1, template.serial_suffix, party=template.party),
        token="XemThu00" + "0" * 14,
        issued_at=timezone.now(),
    )


@pdf.in_official_language
def preview_pdf(template) -> bytes:
    """The template filled with sample data, to check the layout before issuing (not saved)."""
    (content,) = render_certificates([_sample(template)])
    return content


@pdf.in_official_language
def combined_pdf(certificates) -> bytes:
    """One print-ready file: the stored PDF of each valid certificate, the others rendered now."""
    certificates = list(certificates)
    missing = [c for c in certificates if not (c.status == CertificateStatus.VALID and c.pdf)]
    rendered = dict(zip((id(c) for c in missing), render_certificates(missing), strict=True))
    writer = PdfWriter()
    for certificate in certificates:
        if id(certificate) in rendered:
            content = rendered[id(certificate)]
        else:
            with certificate.pdf.open("rb") as handle:
                content = handle.read()
        writer.append(PdfReader(io.BytesIO(content)))
    if certificates:
        first = certificates[0]
        writer.add_metadata(
            {
                "/Title": nfc(f"Giấy chứng nhận – {first.contest.name}"),
                "/Author": nfc(first.template.issuing_body),
                "/Keywords": ", ".join(pdf.DEFAULT_KEYWORDS),
            }
        )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
