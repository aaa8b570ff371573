"""Giấy biên nhận hồ sơ: the receipt of a submitted dossier as an official document (PDF).

Laid out like the organisers' other papers (contest.core.pdf, the contest's Party or state
format): the organiser's header, number, place and date, the items received, the receiving
officer, and a QR code that opens a public page confirming the receipt is genuine. The QR
carries the receipt code signed with the site's key, so nobody can make a page for a receipt that
does not exist, and the page shows only what the paper already shows.
"""

import base64
import io

import segno
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.core import officialdom
from contest.core.enums import DocumentFormat
from contest.core.pdf import in_official_language, render_pdf
from contest.dossiers.enums import EntryState
from contest.dossiers.models import Attachment
from contest.judging.paper import header_context

SALT = "contest.dossiers.receipt"


def check_token(entry) -> str:
    return signing.Signer(salt=SALT).sign(entry.receipt_code)


def receipt_code_of(token: str) -> str | None:
    """The receipt code a QR token was made for, or None for a forged or damaged one."""
    try:
        return signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None


def check_url(entry) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("receipt-check", args=[check_token(entry)])


def received_on(entry):
    """The day the dossier was received: the paper's date for a paper dossier, else the submission's."""
    if entry.paper_received_on:
        return entry.paper_received_on
    return timezone.localtime(entry.submitted_at).date() if entry.submitted_at else timezone.localdate()


def items(entry) -> list[dict]:
    """What was received, in the order of the dossier: the registration form, then the files."""
    rows = [
        {
            "name": _("Phiếu đăng ký mô hình, điển hình (các mục thông tin của hồ sơ)"),
            "detail": entry.title,
            "size": "",
        }
    ]
    for attachment in Attachment.objects.filter(entry=entry).order_by("kind", "uploaded_at"):
        rows.append(
            {"name": attachment.get_kind_display(), "detail": attachment.original_name, "size": attachment.size}
        )
    if entry.video_url:
        rows.append({"name": _("Đường dẫn video"), "detail": entry.video_url, "size": ""})
    return rows


def _submitter(entry):
    event = entry.events.filter(to_state__in=EntryState.awaiting_review()).select_related("actor").last()
    return event.actor if event and event.actor_id else None


def receipt_context(entry) -> dict:
    contest = entry.contest
    party = contest.effective_document_format == DocumentFormat.PARTY
    submitter = _submitter(entry)
    receiver = entry.created_by if entry.is_paper else None
    return {
        **header_context(contest),
        "party": party,
        "entry": entry,
        "contest": contest,
        "doc_number": officialdom.document_number(entry.pk, "BN", "BTC", party=party),
        "doc_date": received_on(entry),
        "submitted_at": timezone.localtime(entry.submitted_at) if entry.submitted_at else None,
        "items": items(entry),
        "submitter": submitter.display_name if submitter and not entry.is_paper else "",
        "receiver": receiver.display_name if receiver else "",
        "online": not entry.is_paper,
        "check_url": check_url(entry),
        "pdf_title": receipt_title(entry),
    }


def qr_data_uri(url: str) -> str:
    """The QR code as the certificates print it (segno, level M: survives a fold or a stain)."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=8, border=2)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def receipt_title(entry) -> str:
    return _("Giấy biên nhận hồ sơ %(code)s") % {"code": entry.receipt_code}


def receipt_filename(entry) -> str:
    return f"bien-nhan-{entry.receipt_code}.pdf"


@in_official_language
def receipt_pdf(entry) -> bytes:
    context = receipt_context(entry)
    context["qr"] = qr_data_uri(context["check_url"])
    return render_pdf(
        "contest/dossiers/pdf/receipt.html",
        context,
        title=context["pdf_title"],
        author=entry.contest.organiser_body,
        subject=entry.contest.name,
        keywords=(_("giấy biên nhận hồ sơ"), entry.contest.name),
    )
