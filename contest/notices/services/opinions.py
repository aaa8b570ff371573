"""Opinions on a provisional list: anyone sends one while the notice is open (name, contact,
which entry, content, up to three files checked like dossier evidence), gets a receipt code at
once (and by e-mail when the contact is an address); the organisers and the secretariat record
how each was handled. Opinions never appear on a public page.

A form carries a token: posting the same form twice (a double click, a reload) finds the opinion
the first post made instead of making a second one.
"""

import secrets
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.core import audit
from contest.core.errors import DomainError, InvalidTransition
from contest.core.services.files import delete_unrecorded
from contest.core.text import nfc
from contest.dossiers.enums import AttachmentKind
from contest.dossiers.uploads import validate_upload
from contest.notices.enums import OpinionStatus
from contest.notices.models import Opinion, OpinionFile
from contest.notices.services.contacts import clean_contact, is_email
from contest.notices.tasks import send_opinion_receipt
from contest.results.models import ResultRow

MAX_CONTENT = 5000
MAX_FILES = 3
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone


def _receipt_code() -> str:
    return "YK-" + "".join(secrets.choice(RECEIPT_ALPHABET) for _i in range(8))


def _entry_of(notice, entry_id):
    if not entry_id:
        return None
    rows = ResultRow.objects.filter(snapshot__round_id=notice.round_id, entry_id=entry_id).select_related("entry")
    row = rows.first()
    if row is None:
        raise DomainError(_("Hồ sơ được chọn không có trong danh sách dự kiến."), field="entry")
    return row.entry


def sent_with(*, notice, form_token) -> Opinion | None:
    """The opinion a form (its token) already sent on this notice, if any: a double click posts the
    same proof of work twice, which the challenge refuses the second time; the visitor must see the
    receipt, not an error."""
    try:
        token = uuid.UUID(str(form_token))
    except ValueError:
        return None
    return Opinion.objects.filter(notice=notice, form_token=token).first()


def submit_opinion(*, notice, name, contact, content, entry_id=None, files=(), form_token, ip=None) -> Opinion:
    """Record an opinion from a visitor; returns the existing one for a form already sent."""
    existing = Opinion.objects.filter(form_token=form_token).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    if today > notice.ends_on:
        raise DomainError(
            _("Đã hết thời gian lấy ý kiến (đến hết ngày %(day)s); ý kiến không được tiếp nhận.")
            % {"day": f"{notice.ends_on:%d/%m/%Y}"}
        )
    name = nfc(name or "").strip()
    if not name:
        raise DomainError(_("Hãy ghi họ tên người góp ý."), field="name")
    if len(name) > 150:
        raise DomainError(_("Họ tên dài quá 150 ký tự."), field="name")
    contact = clean_contact(contact)
    content = nfc(content or "").strip()
    if not content:
        raise DomainError(_("Hãy ghi nội dung góp ý."), field="content")
    if len(content) > MAX_CONTENT:
        raise DomainError(
            _("Nội dung dài %(n)s ký tự, vượt quá %(max)s ký tự; hãy rút gọn hoặc gửi kèm tệp.")
            % {"n": f"{len(content):,}".replace(",", "."), "max": f"{MAX_CONTENT:,}".replace(",", ".")},
            field="content",
        )
    files = [f for f in files if f]
    if len(files) > MAX_FILES:
        raise DomainError(_("Gửi kèm tối đa %(n)s tệp.") % {"n": MAX_FILES}, field="files")
    entry = _entry_of(notice, entry_id)
    contest = notice.round.contest
    checked = [validate_upload(contest=contest, kind=AttachmentKind.EVIDENCE, uploaded_file=f) for f in files]
    written = []
    try:
        with transaction.atomic():
            opinion = Opinion.objects.create(
                notice=notice,
                entry=entry,
                name=name,
                contact=contact,
                content=content,
                receipt_code=_receipt_code(),
                form_token=form_token,
                ip=ip,
            )
            for item in checked:
                stored = OpinionFile(
                    opinion=opinion,
                    original_name=item.original_name,
                    content_type=item.content_type,
                    size=item.size,
                    sha256=item.sha256,
                )
                stored.file.save(f"upload.{item.extension}", item.content, save=False)
                written.append(stored.file)
                stored.save()
            audit.append(
                actor=None,
                action="opinion.receive",
                obj=opinion,
                round=notice.round,
                new={"receipt": opinion.receipt_code, "entry": entry.pk if entry else None, "files": len(checked)},
                ip=ip,
            )
            if is_email(contact):
                transaction.on_commit(lambda: send_opinion_receipt.enqueue(opinion.pk))
    except IntegrityError:
        delete_unrecorded(written)
        # The same form posted twice at once: the other request made it.
        existing = Opinion.objects.filter(form_token=form_token).first()
        if existing is None:
            raise
        return existing
    except BaseException:
        delete_unrecorded(written)
        raise
    return opinion


def handle_opinion(*, opinion, handling, by, ip=None) -> Opinion:
    """Record how an opinion was handled (verified, forwarded, no change needed …)."""
    if not by.has_perm("notices.handle_opinion"):
        raise DomainError(_("Chỉ Ban Tổ chức và Tổ Thư ký được xử lý ý kiến."))
    handling = nfc(handling or "").strip()
    if not handling:
        raise DomainError(_("Hãy ghi kết quả xử lý ý kiến."), field="handling")
    with transaction.atomic():
        opinion = Opinion.objects.select_for_update().select_related("notice__round").get(pk=opinion.pk)
        if opinion.notice.status != "open":
            raise InvalidTransition(_("Thời gian lấy ý kiến đã kết thúc; báo cáo tổng hợp đã được niêm phong."))
        old = {"status": opinion.status, "handling": opinion.handling}
        opinion.status = OpinionStatus.HANDLED
        opinion.handling = handling
        opinion.handled_by = by
        opinion.handled_at = timezone.now()
        opinion.save(update_fields=["status", "handling", "handled_by", "handled_at"])
        audit.append(
            actor=by, action="opinion.handle", obj=opinion, round=opinion.notice.round, old=old,
            new={"status": opinion.status, "handling": handling}, ip=ip,
        )  # fmt: skip
    return opinion


def unhandled_count(notice) -> int:
    return Opinion.objects.filter(notice=notice, status=OpinionStatus.RECEIVED).count()
