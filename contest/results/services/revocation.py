"""Revoking an award after the decision (Luật Thi đua, khen thưởng 2022, Điều 93).

An organiser records the revoking decision (its number and date, the legal ground chosen among the
cases of Điều 93 or written out, and its legal basis, editable because citations change) for one
entry of a round whose result is published. In one transaction:

- an :class:`AwardRevocation` row is written (one per entry and round: a database constraint);
- every valid certificate of the entry in the round is revoked through the certificates' own path
  (contest/certificates/services/issuing.py ``revoke``), with a reason that names the decision and
  the ground, which the public verification page shows;
- optionally the next entry of the same ranking takes the prize: the published result is
  invalidated (kept, readable, as history) and a new version is written with the prize moved, its
  own audit record sealing it; the decision to promote is the organiser's, in the same decision;
- the audit chain records the revocation; after commit the unit (and a promoted entry's unit) are
  told by e-mail.

Nothing is deleted. The public results page, the model page and the gallery read the row
(contest/results/public.py; cms/gallery.py) — whether the model page stays with the revocation
shown or leaves the gallery is the organiser's choice (``showcase``).
"""

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.certificates.enums import CertificateStatus
from contest.certificates.models import Certificate
from contest.certificates.services import issuing
from contest.core import audit
from contest.core.errors import DomainError, InvalidTransition
from contest.core.models import Round
from contest.core.text import nfc
from contest.results.enums import RevocationGround, RevokedShowcase, SnapshotStatus
from contest.results.models import DEFAULT_REVOCATION_BASIS, AwardRevocation, ResultRow, ResultSnapshot
from contest.results.tasks import send_revocation_notice

REVOKE = audit.AuditAction.RESULTS_REVOKE_AWARD
PROMOTE = audit.AuditAction.RESULTS_PROMOTE
INVALIDATE = audit.AuditAction.RESULTS_INVALIDATE
MAX_DECISION_NUMBER = 50
MAX_LEGAL_BASIS = 300
MAX_DETAIL = 4000


def _text(value) -> str:
    return nfc(value or "").strip()


def _checked(*, ground, ground_detail, legal_basis, decision_number, decision_date, showcase) -> dict:
    if ground not in RevocationGround.values:
        raise DomainError(_("Hãy chọn căn cứ thu hồi."), field="ground")
    # The pages add the closing full stop themselves.
    detail = _text(ground_detail).rstrip(". ")
    if ground == RevocationGround.OTHER and not detail:
        raise DomainError(_("Căn cứ khác: hãy ghi rõ nội dung vi phạm."), field="ground_detail")
    if len(detail) > MAX_DETAIL:
        raise DomainError(
            _("Nội dung vi phạm dài quá %(n)s ký tự.") % {"n": f"{MAX_DETAIL:,}".replace(",", ".")},
            field="ground_detail",
        )
    basis = _text(legal_basis) or DEFAULT_REVOCATION_BASIS
    if len(basis) > MAX_LEGAL_BASIS:
        raise DomainError(_("Căn cứ pháp lý dài quá %(n)s ký tự.") % {"n": MAX_LEGAL_BASIS}, field="legal_basis")
    number = _text(decision_number)
    if not number:
        raise DomainError(_("Hãy ghi số quyết định thu hồi, ví dụ 15/QĐ-BTC."), field="decision_number")
    if len(number) > MAX_DECISION_NUMBER:
        raise DomainError(_("Số quyết định dài quá %(n)s ký tự.") % {"n": MAX_DECISION_NUMBER}, field="decision_number")
    if not isinstance(decision_date, dt.date):
        raise DomainError(_("Hãy ghi ngày ký quyết định thu hồi (dd/mm/yyyy)."), field="decision_date")
    if decision_date > timezone.localdate():
        raise DomainError(
            _("Ngày quyết định thu hồi (%(day)s) chưa đến: hãy ghi ngày đã ký.") % {"day": f"{decision_date:%d/%m/%Y}"},
            field="decision_date",
        )
    if showcase not in RevokedShowcase.values:
        raise DomainError(_("Hãy chọn cách xử lý trang mô hình."), field="showcase")
    return {
        "ground": ground,
        "ground_detail": detail,
        "legal_basis": basis,
        "decision_number": number,
        "decision_date": decision_date,
        "showcase": showcase,
    }


def public_reason(revocation) -> str:
    """What a revoked certificate's verification page says: the decision and its ground."""
    reason = _("Thu hồi theo Quyết định số %(number)s ngày %(day)s. Căn cứ: %(basis)s") % {
        "number": revocation.decision_number,
        "day": f"{revocation.decision_date:%d/%m/%Y}",
        "basis": revocation.legal_basis,
    }
    if revocation.ground != RevocationGround.OTHER:
        reason += "; " + str(RevocationGround(revocation.ground).label).lower()
    if revocation.ground_detail:
        reason += f": {revocation.ground_detail}"
    return reason + "."


def _prizes(row) -> list[str]:
    return [p for p in [row.prize_name, *(row.part_prizes or [])] if p]


def _min_score(snapshot, row):
    """The lowest score that may hold the row's prize: the tier's own minimum, else the round's."""
    parameters = snapshot.parameters or {}
    for tier in parameters.get("tiers", []):
        if tier.get("code") == row.prize_code and tier.get("min_score") is not None:
            return tier["min_score"]
    return parameters.get("min_prize_score")


def _next_in_line(snapshot, row, revoked_entry_ids):
    """The best-ranked entry of the same ranking with no prize and a score that may hold it."""
    candidates = (
        snapshot.rows.filter(scope_label=row.scope_label, prize_code="", rank__isnull=False, score__isnull=False)
        .exclude(entry_id__in=revoked_entry_ids)
        .order_by("rank", "code")
    )
    floor = _min_score(snapshot, row)
    if floor is not None:
        candidates = candidates.filter(score__gte=floor)
    return candidates.select_related("entry").first()


def _promote(*, snapshot, row, revocation, by, ip) -> ResultSnapshot:
    """Invalidate the published result and write the next version with the prize moved on."""
    if not row.prize_code:
        raise DomainError(
            _("Chỉ giải chung của bảng xếp hạng mới xét bổ sung được; giải phần thi không chuyển cho hồ sơ khác."),
            field="promote_next",
        )
    revoked_ids = set(AwardRevocation.objects.filter(round=snapshot.round).values_list("entry_id", flat=True))
    heir = _next_in_line(snapshot, row, revoked_ids)
    if heir is None:
        raise DomainError(
            _(
                "Không có hồ sơ nào đủ điều kiện để xét bổ sung %(prize)s (cùng bảng xếp hạng, chưa có giải, "
                "đủ điểm tối thiểu). Hãy bỏ chọn “xét bổ sung” nếu quyết định không xét bổ sung."
            )
            % {"prize": row.prize_name or _("giải này")},
            field="promote_next",
        )
    note = _("Thu hồi giải của hồ sơ số %(code)s theo Quyết định số %(number)s; xét bổ sung hồ sơ số %(heir)s.") % {
        "code": f"{row.code:03d}",
        "number": revocation.decision_number,
        "heir": f"{heir.code:03d}",
    }
    snapshot.status = SnapshotStatus.INVALIDATED
    snapshot.invalidated_at = timezone.now()
    snapshot.invalidated_by = by
    snapshot.invalidated_reason = note
    snapshot.save(update_fields=["status", "invalidated_at", "invalidated_by", "invalidated_reason"])
    audit.append(
        actor=by,
        action=INVALIDATE,
        obj=snapshot,
        round=snapshot.round,
        old={"status": SnapshotStatus.PUBLISHED.value, "version": snapshot.version},
        new={"status": SnapshotStatus.INVALIDATED.value},
        reason=note,
        ip=ip,
    )
    version = (ResultSnapshot.objects.filter(round=snapshot.round).aggregate(v=Max("version"))["v"] or 0) + 1
    record = audit.append(
        actor=by,
        action=PROMOTE,
        obj=snapshot.round,
        round=snapshot.round,
        old={"version": snapshot.version, "entry": row.entry_id, "prize": row.prize_name},
        new={"version": version, "entry": heir.entry_id, "prize": row.prize_name},
        reason=note,
        ip=ip,
    )
    now = timezone.now()
    successor = ResultSnapshot.objects.create(
        round=snapshot.round,
        version=version,
        status=SnapshotStatus.PUBLISHED,
        method=snapshot.method,
        parameters={
            **(snapshot.parameters or {}),
            "revocation": {
                "from_version": snapshot.version,
                "revoked_entry": row.entry_id,
                "promoted_entry": heir.entry_id,
                "decision_number": revocation.decision_number,
                "decision_date": revocation.decision_date.isoformat(),
            },
        },
        audit_head=record.digest,
        frozen_by=by,
        published_at=now,
    )
    copies = []
    for old in snapshot.rows.order_by("pk"):
        new = ResultRow(
            **{f.attname: getattr(old, f.attname) for f in ResultRow._meta.concrete_fields if not f.primary_key}
        )
        new.snapshot_id = successor.pk
        if old.pk == row.pk:
            new.prize_code, new.prize_name, new.part_prizes = "", "", []
        elif old.pk == heir.pk:
            new.prize_code, new.prize_name = row.prize_code, row.prize_name
        copies.append(new)
    ResultRow.objects.bulk_create(copies, batch_size=1000)
    revocation.promoted_entry = heir.entry
    revocation.promoted_snapshot = successor
    revocation.save(update_fields=["promoted_entry", "promoted_snapshot"])
    return successor


def revoke_award(
    *,
    round,
    entry,
    ground,
    decision_number,
    decision_date,
    ground_detail="",
    legal_basis="",
    showcase=RevokedShowcase.MARK,
    promote_next=False,
    by,
    ip=None,
) -> AwardRevocation:
    """Withdraw ``entry``'s awards in ``round`` by a revoking decision. See the module's text."""
    if not by.has_perm("results.revoke_award"):
        raise DomainError(_("Chỉ Ban Tổ chức được thu hồi giải."))
    values = _checked(
        ground=ground,
        ground_detail=ground_detail,
        legal_basis=legal_basis,
        decision_number=decision_number,
        decision_date=decision_date,
        showcase=showcase,
    )
    with transaction.atomic():
        # One revocation of a round at a time: promotions read and rewrite the round's result.
        round = Round.objects.select_for_update().select_related("contest").get(pk=round.pk)
        existing = AwardRevocation.objects.filter(round=round, entry=entry).first()
        if existing is not None:
            raise InvalidTransition(
                _("Giải của hồ sơ này đã bị thu hồi theo Quyết định số %(number)s ngày %(day)s.")
                % {"number": existing.decision_number, "day": f"{existing.decision_date:%d/%m/%Y}"}
            )
        snapshot = (
            ResultSnapshot.objects.select_for_update().filter(round=round, status=SnapshotStatus.PUBLISHED).first()
        )
        if snapshot is None:
            raise DomainError(
                _("Kết quả của vòng này chưa được công bố: chỉ thu hồi được giải đã có quyết định và đã công bố.")
            )
        snapshot.round = round
        row = snapshot.rows.filter(entry=entry).first()
        if row is None or not _prizes(row):
            raise DomainError(_("Hồ sơ này không có giải trong kết quả đã công bố."))
        published_on = timezone.localtime(snapshot.published_at).date()
        if values["decision_date"] < published_on:
            raise DomainError(
                _("Ngày quyết định thu hồi (%(day)s) trước ngày công bố kết quả (%(published)s).")
                % {"day": f"{values['decision_date']:%d/%m/%Y}", "published": f"{published_on:%d/%m/%Y}"},
                field="decision_date",
            )
        certificates = Certificate.objects.filter(entry=entry, snapshot__round=round)
        if certificates.filter(status=CertificateStatus.PENDING).exists():
            raise DomainError(
                _("Giấy chứng nhận của hồ sơ này đang được in; hãy chờ in xong rồi thu hồi cùng lúc với giải.")
            )
        revocation = AwardRevocation.objects.create(
            round=round, entry=entry, snapshot=snapshot, prize_names=_prizes(row), revoked_by=by, **values
        )
        reason = public_reason(revocation)
        revoked = [
            issuing.revoke(certificate=c, by=by, reason=reason, ip=ip).serial
            for c in certificates.filter(status=CertificateStatus.VALID).order_by("number", "edition")
        ]
        audit.append(
            actor=by,
            action=REVOKE,
            obj=revocation,
            round=round,
            old={"version": snapshot.version, "entry": entry.pk, "prizes": revocation.prize_names},
            new={
                "decision": revocation.decision_number,
                "date": revocation.decision_date.isoformat(),
                "ground": revocation.ground,
                "certificates": revoked,
                "showcase": revocation.showcase,
            },
            reason=reason,
            ip=ip,
        )
        if promote_next:
            _promote(snapshot=snapshot, row=row, revocation=revocation, by=by, ip=ip)
        transaction.on_commit(lambda: send_revocation_notice.enqueue(revocation.pk))
    return revocation


def revocations_of(round) -> list[AwardRevocation]:
    """The round's revocations, newest first, for the back office's history."""
    return list(
        AwardRevocation.objects.filter(round=round)
        .select_related("entry__unit", "promoted_entry__unit", "revoked_by", "snapshot", "promoted_snapshot")
        .order_by("-revoked_at", "-pk")
    )
