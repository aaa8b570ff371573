"""Adding and removing dossier files (hồ sơ đính kèm) while the unit may still edit the entry.

Files and rows move together: a file written for a transaction that fails is deleted at once.
A file whose row is deleted or replaced is discarded in the same transaction and kept until a
later ``sweep_orphans`` (contest/core/services/files.py), so that a backup whose database dump
still names it finds it when the files are copied.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from contest.core.errors import InvalidTransition, InvalidUpload, QuotaExceeded
from contest.core.services import files as stored_files
from contest.core.text import nfc
from contest.dossiers.enums import AttachmentKind, EntryAction
from contest.dossiers.models import Attachment
from contest.dossiers.services.entries import ensure_in_time, lock_entry
from contest.dossiers.services.history import record
from contest.dossiers.uploads import validate_upload

CAPTION_MAX_LENGTH = 255


def add_attachment(*, entry, kind, uploaded_file, caption, by) -> Attachment:
    """Validate ``uploaded_file`` and attach it to ``entry`` as ``kind``.

    A report, video or endorsement replaces the one already there. Raises a DomainError
    (InvalidUpload, QuotaExceeded, DeadlinePassed, InvalidTransition) with a readable message.
    """
    kind = _known_kind(kind)
    # Cheap refusals first, so that nobody waits for a file to be inspected only to be told
    # the deadline has passed; all of them are checked again under the lock.
    _ensure_editable(entry, by)
    _ensure_room(entry, kind)
    checked = validate_upload(contest=entry.contest, kind=kind, uploaded_file=uploaded_file)
    written = []
    try:
        with transaction.atomic():
            entry = lock_entry(entry)
            _ensure_editable(entry, by)
            _ensure_room(entry, kind)
            _ensure_not_duplicate(entry, kind, checked)
            _replace_single(entry=entry, kind=kind, by=by)
            attachment = Attachment(
                entry=entry,
                kind=kind,
                original_name=checked.original_name,
                content_type=checked.content_type,
                size=checked.size,
                sha256=checked.sha256,
                width=checked.width,
                height=checked.height,
                pages=checked.pages,
                caption=nfc(caption or "")[:CAPTION_MAX_LENGTH],
                uploaded_by=by,
            )
            # The name given here only carries the extension; upload_to makes the real one.
            attachment.file.save(f"upload.{checked.extension}", checked.content, save=False)
            written.append(attachment.file)
            if checked.thumbnail is not None:
                attachment.thumbnail.save("thumbnail.jpg", checked.thumbnail, save=False)
                written.append(attachment.thumbnail)
            attachment.save()
            entry.save(update_fields=["updated_at"])
            record(
                entry=entry,
                action=EntryAction.ATTACHMENT_ADDED,
                by=by,
                details={"kind": kind.value, "name": attachment.original_name},
            )
    except BaseException:
        for fieldfile in written:
            if fieldfile.name:
                fieldfile.storage.delete(fieldfile.name)
        raise
    return attachment


def remove_attachment(*, attachment, by) -> None:
    """Delete one file of a dossier that may still be edited. Removing it twice is harmless."""
    with transaction.atomic():
        entry = lock_entry(attachment.entry)
        _ensure_editable(entry, by)
        current = Attachment.objects.filter(pk=attachment.pk, entry=entry).first()
        if current is None:
            return
        _delete(current, entry=entry, by=by)


def _known_kind(kind) -> AttachmentKind:
    try:
        return AttachmentKind(kind)
    except ValueError as error:
        raise InvalidUpload(_("Loại tệp không hợp lệ.")) from error


def _ensure_editable(entry, by):
    if not entry.is_editable_state:
        raise InvalidTransition(
            _("Hồ sơ đang ở trạng thái “%(state)s”, không thể thay đổi tệp đính kèm.")
            % {"state": entry.get_state_display()}
        )
    ensure_in_time(entry=entry, by=by)


def _ensure_room(entry, kind):
    limit = {AttachmentKind.PHOTO: entry.contest.max_photos, AttachmentKind.EVIDENCE: entry.contest.max_evidence_files}
    if kind not in limit:
        return  # single kinds are replaced, never refused for count
    used = entry.attachments.filter(kind=kind).count()
    if used >= limit[kind]:
        raise QuotaExceeded(
            _("Hồ sơ đã có %(used)d/%(limit)d %(what)s, không thể thêm. Hãy xóa bớt trước khi tải lên tệp khác.")
            % {"used": used, "limit": limit[kind], "what": kind.label.lower()}
        )


def _ensure_not_duplicate(entry, kind, checked):
    # A double click on "Tải lên" must not store the same photo twice.
    if kind in Attachment.SINGLE_KINDS:
        return
    if entry.attachments.filter(kind=kind, sha256=checked.sha256).exists():
        raise InvalidUpload(_("Tệp “%(name)s” đã có trong hồ sơ.") % {"name": checked.original_name})


def _replace_single(*, entry, kind, by):
    if kind not in Attachment.SINGLE_KINDS:
        return
    for old in entry.attachments.filter(kind=kind):
        _delete(old, entry=entry, by=by)


def _delete(attachment, *, entry, by):
    files = [f for f in (attachment.file, attachment.thumbnail) if f]
    attachment.delete()
    entry.save(update_fields=["updated_at"])
    record(
        entry=entry,
        action=EntryAction.ATTACHMENT_REMOVED,
        by=by,
        details={"kind": attachment.kind, "name": attachment.original_name},
    )
    for fieldfile in files:
        stored_files.discard(fieldfile)
