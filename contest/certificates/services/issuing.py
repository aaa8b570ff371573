"""Issuing certificates from frozen results, reissuing one after a typo, revoking one.

Issuing is resumable and never duplicates: ``start_batch`` first writes every missing certificate
as a *pending* row with its serial number (a partial unique constraint allows one live
certificate per award), then the background job (services/production.py) renders pending rows in
chunks, each chunk committed with its files. A crash loses at most the chunk in flight; the job
runs again by itself when its worker died (contest/core/services/workers.py), and the organiser
can resume a failed or stalled batch (``resume_batch``).

Serial numbers run per contest and year ("0012/GCN-BTC"), allocated under a row lock on the
contest. A reissue keeps the number and takes the next edition; the replaced certificate stays on
record and its verification page points to the new one.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from contest.certificates.enums import BatchStatus, CertificateStatus
from contest.certificates.models import Certificate, CertificateBatch, CertificateTemplate
from contest.certificates.numbering import serial_text
from contest.certificates.services import production, progress
from contest.certificates.tasks import issue_certificates
from contest.core import audit
from contest.core.errors import DomainError, InvalidTransition
from contest.core.models import Contest
from contest.core.services import workers
from contest.core.text import fold, nfc
from contest.dossiers.enums import EntryKind
from contest.notices.enums import GateAction
from contest.notices.services import notices as gate
from contest.results.enums import SnapshotStatus
from contest.results.models import ResultSnapshot
from contest.signing import batch_pins, signers

ISSUE = audit.AuditAction.CERTIFICATE_ISSUE
REISSUE = audit.AuditAction.CERTIFICATE_REISSUE
REVOKE = audit.AuditAction.CERTIFICATE_REVOKE


def _require_organiser(user):
    if not user.has_perm("certificates.manage"):
        raise DomainError(_("Chỉ Ban Tổ chức được cấp, cấp lại hoặc thu hồi giấy chứng nhận."))


def _require_reason(reason):
    reason = nfc(reason or "").strip()
    if not reason:
        raise DomainError(_("Hãy ghi rõ lý do."), field="reason")
    return reason


def holder_of(entry) -> str:
    """Who the certificate names: the person for an individual exemplar, else the unit."""
    if entry.kind == EntryKind.INDIVIDUAL_EXEMPLAR:
        # The dossier names its exemplar in exemplar_name (required for exemplars); members are a
        # team's contestants, an individual exemplar has none.
        if entry.exemplar_name.strip():
            return entry.exemplar_name.strip()
        person = next(iter(entry.members.all()), None)
        if person is not None:
            return person.full_name
    return entry.unit.name


def awards_of(snapshot) -> list[tuple]:
    """(row, award key, prize name) for every prize of a frozen result: the main prize of each row
    and each part prize (best greeting, best skit …)."""
    awards = []
    rows = (
        snapshot.rows.select_related("entry__unit")
        .prefetch_related("entry__members")
        .order_by("scope_label", "rank", "code")
    )
    for row in rows:
        if row.prize_code:
            awards.append((row, f"prize:{row.prize_code}", row.prize_name))
        for name in row.part_prizes or []:
            awards.append((row, f"part:{slugify(fold(name))}"[:100], name))
    return awards


def _next_number(contest, year) -> int:
    last = Certificate.objects.filter(contest=contest, year=year).aggregate(m=Max("number"))["m"]
    return (last or 0) + 1


def ensure_template_signable(template) -> None:
    """Refuse to print under a heading or signing lines a clerk would send back (the template may
    predate the checks of CertificateTemplate.clean)."""
    try:
        template.clean()
    except ValidationError as error:
        problems = [str(m) for messages in error.message_dict.values() for m in messages]
        raise DomainError(
            _("Mẫu giấy chứng nhận cần sửa trước khi cấp: %(problems)s") % {"problems": " ".join(problems)}
        ) from None


def check_token_pin(pin: str | None) -> str | None:
    """With a token whose PIN the organiser enters per batch, check ``pin`` on the token now (a
    wrong one is said at once, not by a failed batch later) and return it; otherwise None.

    The check logs in and out again: the web process does not keep the PIN."""
    if not signers.needs_pin():
        return None
    if not pin:
        raise DomainError(_("Cần nhập mã PIN của thiết bị ký số để ký đợt này."))
    try:
        signers.configured_signer(pin=pin)
    finally:
        signers.release_token()
    return pin


def _queue_with_pin(batch_id: int, pin: str | None) -> None:
    # The PIN reaches the worker through the PIN cache (encrypted, for the batch's lifetime), never
    # through the job's arguments, which the job table keeps in clear.
    if pin:
        batch_pins.keep(batch_pins.CERTIFICATES, batch_id, pin)
    _enqueue(batch_id)


def start_batch(*, snapshot, template, by, ip=None, pin=None, sign_without_timestamp=False) -> CertificateBatch:
    """Write the missing certificates of ``snapshot`` as pending rows and queue their rendering.
    ``pin``: the signing token's PIN, when the organiser enters it for each batch;
    ``sign_without_timestamp``: the organiser allows B-B when the timestamp authority is down."""
    _require_organiser(by)
    if template.contest_id != snapshot.round.contest_id:
        raise DomainError(_("Mẫu giấy chứng nhận không thuộc cuộc thi này."))
    ensure_template_signable(template)
    pin = check_token_pin(pin)
    with transaction.atomic():
        contest = Contest.objects.select_for_update().get(pk=template.contest_id)
        snapshot = ResultSnapshot.objects.select_for_update().select_related("round").get(pk=snapshot.pk)
        if snapshot.status == SnapshotStatus.INVALIDATED:
            raise InvalidTransition(_("Kết quả này đã bị hủy; không thể cấp giấy chứng nhận theo kết quả này."))
        # Not while the results are out for opinions or a complaint waits for its answer.
        gate.ensure_allowed(snapshot.round, GateAction.CERTIFICATES)
        # Across the round's versions: after a revocation promotes the next entry (a new version,
        # results/services/revocation.py) only the promoted entry's certificate is missing.
        live = set(
            Certificate.objects.filter(
                snapshot__round=snapshot.round, status__in=[CertificateStatus.PENDING, CertificateStatus.VALID]
            ).values_list("entry_id", "award_key")
        )
        missing = [a for a in awards_of(snapshot) if (a[0].entry_id, a[1]) not in live]
        if not missing:
            if Certificate.objects.filter(snapshot=snapshot, status=CertificateStatus.PENDING).exists():
                raise DomainError(
                    _(
                        "Mọi giải đều đã có giấy chứng nhận trong một đợt cấp chưa in xong; "
                        "nếu đợt đó tạm dừng, bấm “In tiếp”."
                    )
                )
            raise DomainError(_("Mọi giải của kết quả này đều đã có giấy chứng nhận."))
        year = (template.decision_date or timezone.localdate()).year
        number = _next_number(contest, year)
        batch = CertificateBatch.objects.create(
            snapshot=snapshot,
            template=template,
            total=len(missing),
            requested_by=by,
            sign_without_timestamp=sign_without_timestamp,
        )
        certificates = []
        for row, key, prize in missing:
            certificates.append(
                Certificate(
                    contest=contest,
                    batch=batch,
                    template=template,
                    snapshot=snapshot,
                    entry=row.entry,
                    unit=row.entry.unit,
                    award_key=key,
                    holder_name=nfc(holder_of(row.entry)),
                    prize_name=nfc(prize),
                    entry_title=nfc(row.entry.title),
                    year=year,
                    number=number,
                    serial=serial_text(number, template.serial_suffix, party=template.party),
                )
            )
            number += 1
        Certificate.objects.bulk_create(certificates)
        audit.append(
            actor=by,
            action=ISSUE,
            obj=batch,
            round=snapshot.round,
            new={
                "snapshot": snapshot.pk,
                "version": snapshot.version,
                "certificates": len(certificates),
                "sign_without_timestamp": sign_without_timestamp,
            },
            ip=ip,
        )
        transaction.on_commit(lambda: _queue_with_pin(batch.pk, pin))
    return batch


def _enqueue(batch_id) -> None:
    """The batch's job (the one its page follows), and helpers so that up to ``CERTIFICATE_JOBS``
    workers share a big batch: each job renders chunks no other job holds (``SKIP LOCKED``) and
    stays until the batch is printed; the one that completes it queues the e-mails. With fewer
    workers a helper simply finds nothing left when its turn comes."""
    result = issue_certificates.enqueue(batch_id)
    CertificateBatch.objects.filter(pk=batch_id).update(task_id=str(result.id))
    pending = Certificate.objects.filter(batch_id=batch_id, status=CertificateStatus.PENDING).count()
    chunks = -(-pending // max(settings.CERTIFICATE_CHUNK, 1))
    for _helper in range(min(settings.CERTIFICATE_JOBS, chunks) - 1):
        issue_certificates.enqueue(batch_id, helper=True)


def resume_batch(*, batch, by, ip=None, pin=None, sign_without_timestamp=False) -> CertificateBatch:
    """Queue the rest of a batch that failed or stalled (its worker died), once.

    Refused while the batch's job is waiting or really running, so a double click, or a click
    after the worker re-queued the job itself, never starts a second job. The stalled job is
    marked failed under the same lock, so a worker that comes back does not run it as well.
    """
    _require_organiser(by)
    pin = check_token_pin(pin)
    with transaction.atomic():
        batch = CertificateBatch.objects.select_for_update().select_related("snapshot__round").get(pk=batch.pk)
        state = progress.batch_state(batch)
        if not state.resumable:
            raise InvalidTransition(state.refusal)
        workers.abandon(batch.task_id, f"certificate batch {batch.pk} resumed by {by.get_username()}")
        pending = Certificate.objects.filter(batch=batch, status=CertificateStatus.PENDING).count()
        CertificateBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.QUEUED,
            error="",
            task_id="",
            queued_at=timezone.now(),
            sign_without_timestamp=sign_without_timestamp,
        )
        audit.append(
            actor=by,
            action=ISSUE,
            obj=batch,
            round=batch.snapshot.round,
            old={"status": batch.status, "done": batch.done},
            new={
                "status": BatchStatus.QUEUED.value,
                "pending": pending,
                "resumed": True,
                "sign_without_timestamp": sign_without_timestamp,
            },
            ip=ip,
        )
        transaction.on_commit(lambda: _queue_with_pin(batch.pk, pin))
    batch.refresh_from_db()
    return batch


def reissue(*, certificate, by, reason, holder_name=None, entry_title=None, prize_name=None, ip=None) -> Certificate:
    """A corrected certificate with the same number and the next edition; the old one is replaced."""
    _require_organiser(by)
    reason = _require_reason(reason)
    with transaction.atomic():
        old = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if old.status != CertificateStatus.VALID:
            raise InvalidTransition(_("Chỉ cấp lại được giấy chứng nhận đang hợp lệ."))
        old.status = CertificateStatus.REPLACED
        old.save(update_fields=["status"])
        new = Certificate.objects.create(
            contest_id=old.contest_id,
            template_id=old.template_id,
            snapshot_id=old.snapshot_id,
            entry_id=old.entry_id,
            unit_id=old.unit_id,
            award_key=old.award_key,
            holder_name=nfc(holder_name or old.holder_name).strip(),
            prize_name=nfc(prize_name or old.prize_name).strip(),
            entry_title=nfc(entry_title or old.entry_title).strip(),
            year=old.year,
            number=old.number,
            serial=old.serial,
            edition=old.edition + 1,
            replaces=old,
            reissue_reason=reason,
        )
        try:
            production.render_and_store([new])
        except BaseException:
            production.discard_files([new])
            raise
        audit.append(
            actor=by,
            action=REISSUE,
            obj=new,
            round=old.snapshot.round,
            old={"certificate": old.pk, "holder": old.holder_name, "sha256": old.sha256},
            new={"certificate": new.pk, "holder": new.holder_name, "sha256": new.sha256, "edition": new.edition},
            reason=reason,
            ip=ip,
        )
    return new


def revoke(*, certificate, by, reason, ip=None) -> Certificate:
    """Withdraw an award obtained by fraud (Law on Emulation and Commendation 2022): recorded, public."""
    _require_organiser(by)
    reason = _require_reason(reason)
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().select_related("snapshot__round").get(pk=certificate.pk)
        if certificate.status != CertificateStatus.VALID:
            raise InvalidTransition(_("Chỉ thu hồi được giấy chứng nhận đang hợp lệ."))
        certificate.status = CertificateStatus.REVOKED
        certificate.revoked_at = timezone.now()
        certificate.revoked_by = by
        certificate.revoked_reason = reason
        certificate.save(update_fields=["status", "revoked_at", "revoked_by", "revoked_reason"])
        audit.append(
            actor=by,
            action=REVOKE,
            obj=certificate,
            round=certificate.snapshot.round,
            old={"status": CertificateStatus.VALID.value},
            new={"status": CertificateStatus.REVOKED.value, "serial": certificate.serial},
            reason=reason,
            ip=ip,
        )
    return certificate


def template_for(contest, kind=None) -> CertificateTemplate | None:
    templates = CertificateTemplate.objects.filter(contest=contest)
    return (templates.filter(kind=kind) if kind else templates).order_by("kind").first()
