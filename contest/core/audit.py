"""The tamper-evident judging log: append records to a SHA-256 hash chain and verify it.

Every record stores the digest of the record before it, and its own digest covers its whole
canonical content plus that link. Editing any stored field changes the recomputed digest;
deleting or inserting a row breaks the ``seq`` sequence or the ``previous_digest`` link. What the
chain alone cannot show is the removal of its *last* rows (the shortened chain is still valid),
so the head digest is printed on each round's minutes and ``verify_chain(expected_head=…)``
checks that the printed value is still in the chain.

``append`` is called inside the caller's transaction: a score change that rolls back leaves no
record, and the record becomes visible only together with the change it describes.
"""

import datetime
import decimal
import hashlib
import json
import uuid
from dataclasses import dataclass

from django.db import connections, models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from contest.core.models import AuditRecord

GENESIS_DIGEST = "0" * 64

# An arbitrary constant key for PostgreSQL's advisory lock that serialises appends.
_PG_LOCK_KEY = 0x64766B_617564  # "dvk" + "aud"


class AuditAction(models.TextChoices):
    """The usual actions; ``append`` accepts any short code so new services need no migration."""

    SCORE_CREATE = "score.create", _("tạo phiếu chấm")
    SCORE_CHANGE = "score.change", _("sửa điểm")
    SCORE_SUBMIT = "score.submit", _("nộp phiếu chấm")
    SCORE_REOPEN = "score.reopen", _("mở lại phiếu chấm")
    SCORE_IMPORT = "score.import", _("nhập phiếu chấm từ tệp")
    RUBRIC_RESET = "rubric.reset", _("đặt lại thang điểm")
    ROUND_CLOSE = "round.close", _("chốt kết quả, khóa vòng thi (niêm phong nhật ký)")
    ROUND_ADMIT = "round.admit", _("đưa hồ sơ vào vòng")
    JURY_ADD = "jury.add", _("thêm giám khảo")
    JURY_HEAD = "jury.head", _("đặt Trưởng Ban Giám khảo")
    JURY_REMOVE = "jury.remove", _("rút giám khảo")
    CONFLICT_DECLARE = "conflict.declare", _("ghi nhận xung đột lợi ích")
    CONFLICT_RECUSE = "conflict.recuse", _("giám khảo từ chối chấm")
    ASSIGNMENT_AUTO = "assignment.auto", _("phân công tự động")
    ASSIGNMENT_MANUAL = "assignment.manual", _("phân công thủ công")
    ASSIGNMENT_REMOVE = "assignment.remove", _("bỏ phân công")
    RESULTS_POLICY = "results.policy", _("sửa cách tính kết quả")
    RESULTS_TIER_CREATE = "results.tier_create", _("thêm giải")
    RESULTS_TIER_CHANGE = "results.tier_change", _("sửa giải")
    RESULTS_TIER_DELETE = "results.tier_delete", _("xóa giải")
    RESULTS_TIE_DECISION = "results.tie_decision", _("quyết định phân định bằng điểm")
    RESULTS_PUBLISH = "results.publish", _("công bố kết quả")
    RESULTS_INVALIDATE = "results.invalidate", _("hủy kết quả đã chốt")
    RESULTS_ADVANCE = "results.advance", _("đưa hồ sơ vào vòng sau")
    RESULTS_REVOKE_AWARD = "results.revoke_award", _("thu hồi giải sau quyết định khen thưởng")
    RESULTS_PROMOTE = "results.promote", _("xét bổ sung giải cho hồ sơ kế tiếp")
    CERTIFICATE_ISSUE = "certificate.issue", _("cấp giấy chứng nhận")
    CERTIFICATE_REISSUE = "certificate.reissue", _("cấp lại giấy chứng nhận")
    CERTIFICATE_REVOKE = "certificate.revoke", _("thu hồi giấy chứng nhận")
    VOTE_SETTINGS = "vote.settings", _("cài đặt bình chọn")
    VOTE_VOID = "vote.void", _("hủy lượt bình chọn")
    VOTE_SEAL = "vote.seal", _("niêm phong các lượt bình chọn")
    VOTE_PUBLISH = "vote.publish", _("công bố kết quả bình chọn")
    VOTE_WITHDRAW = "vote.withdraw", _("gỡ kết quả bình chọn")


@dataclass(frozen=True)
class Problem:
    """One break in the chain; ``seq`` is the record where it shows (None for the whole chain)."""

    seq: int | None
    message: str

    def __str__(self):
        return self.message


def _json_default(value):
    if isinstance(value, datetime.datetime):
        return _iso(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    raise TypeError(f"Không ghi được giá trị kiểu {type(value).__name__} vào nhật ký")


def _iso(moment):
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    return moment.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def _dumps(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default)


def _plain(value):
    """The value exactly as the JSON column will give it back, so the digest survives a reload.

    Decimals become strings (a score of 8.5 is never hashed as a float), dict keys become
    strings, tuples lists.
    """
    if value is None:
        return None
    # Unsorted here: mixed int and str keys cannot be sorted until they are all strings.
    return json.loads(json.dumps(value, ensure_ascii=False, default=_json_default))


def _ip(value):
    # The field normalises IPv6 on save; hash the normalised form that will be read back.
    return AuditRecord._meta.get_field("ip").get_prep_value(value or None)


def canonical(*, seq, at, actor_id, ip, action, round_id, object_type, object_id, old, new, reason, previous_digest):
    """The exact bytes that are hashed for one record."""
    content = {
        "seq": seq,
        "at": _iso(at),
        "actor_id": actor_id,
        "ip": ip,
        "action": action,
        "round_id": round_id,
        "object_type": object_type,
        "object_id": object_id,
        "old": old,
        "new": new,
        "reason": reason,
        "previous_digest": previous_digest,
    }
    return _dumps(content).encode("utf-8")


def compute_digest(**content):
    return hashlib.sha256(canonical(**content)).hexdigest()


_CONTENT_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "ip",
    "action",
    "round_id",
    "object_type",
    "object_id",
    "old",
    "new",
    "reason",
    "previous_digest",
)


def _lock_chain(using):
    """Serialise writers until the caller's transaction ends.

    On PostgreSQL a ``SELECT … FOR UPDATE`` of the last row is not enough: a writer that waited
    for the lock re-reads that same (old) last row and computes the same seq, and an empty table
    has no row to lock at all. A transaction-scoped advisory lock has neither gap, and the
    following SELECT (READ COMMITTED) sees the previous writer's committed record. On SQLite the
    IMMEDIATE transaction mode (settings) already lets one writer in at a time.
    """
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])


def append(*, actor, action, obj, round=None, old=None, new=None, reason="", ip=None):
    """Append one record to the chain and return it.

    ``obj`` is the model instance the action touched; ``old`` / ``new`` are JSON-able values
    (Decimal, dates and UUIDs are stored as strings). Call it inside the transaction that makes the
    change. The unique constraints on ``seq`` and ``digest`` are the last guard against a fork.
    """
    using = AuditRecord.objects.db
    with transaction.atomic(using=using):
        _lock_chain(using)
        last = AuditRecord.objects.select_for_update().order_by("-seq").only("seq", "digest").first()
        content = {
            "seq": last.seq + 1 if last else 1,
            # Microseconds are kept by both databases; truncate anything finer so a reload matches.
            "at": timezone.now().astimezone(datetime.UTC),
            "actor_id": actor.pk if actor is not None else None,
            "ip": _ip(ip),
            "action": str(action),
            "round_id": round.pk if round is not None else None,
            "object_type": obj._meta.label_lower,
            "object_id": str(obj.pk),
            "old": _plain(old),
            "new": _plain(new),
            "reason": reason or "",
            "previous_digest": last.digest if last else GENESIS_DIGEST,
        }
        return AuditRecord.objects.create(digest=compute_digest(**content), **content)


def last_digest(round=None):
    """The chain's head digest (GENESIS_DIGEST if empty) or, for a round, the digest of its last
    record (None if it has none): the value printed on the minutes."""
    records = AuditRecord.objects.order_by("-seq")
    if round is not None:
        records = records.filter(round=round)
    digest = records.values_list("digest", flat=True).first()
    if digest is None and round is None:
        return GENESIS_DIGEST
    return digest


@dataclass(frozen=True)
class Verification:
    count: int
    head: str
    problems: list

    @property
    def ok(self):
        return not self.problems


def verify(expected_head=None, *, chunk_size=2000):
    """Recompute every digest in seq order; return counts, head and problems (see verify_chain)."""
    problems = []
    count = 0
    previous_seq = 0
    previous_digest = GENESIS_DIGEST
    digests_seen: set[str] | None = set() if expected_head else None
    rows = AuditRecord.objects.order_by("seq").values(*_CONTENT_FIELDS, "digest").iterator(chunk_size=chunk_size)
    for row in rows:
        count += 1
        seq = row["seq"]
        if seq != previous_seq + 1:
            if seq <= previous_seq:
                message = gettext("Bản ghi #%(seq)s sai thứ tự sau bản ghi #%(previous)s.")
            elif previous_seq == 0:
                message = gettext("Thiếu các bản ghi trước #%(seq)s: chuỗi phải bắt đầu từ #1.")
            else:
                message = gettext("Thiếu bản ghi giữa #%(previous)s và #%(seq)s (đã bị xóa hoặc số thứ tự bị sửa).")
            problems.append(Problem(seq, message % {"seq": seq, "previous": previous_seq}))
        if row["previous_digest"] != previous_digest:
            message = gettext("Bản ghi #%(seq)s không nối với bản ghi trước nó: có bản ghi bị xóa, chèn hoặc sửa.")
            problems.append(Problem(seq, message % {"seq": seq}))
        stored = row.pop("digest")
        if compute_digest(**row) != stored:
            message = gettext("Nội dung bản ghi #%(seq)s đã bị sửa sau khi ghi (mã băm không khớp).")
            problems.append(Problem(seq, message % {"seq": seq}))
        if digests_seen is not None:
            digests_seen.add(stored)
        previous_seq = seq
        # Follow the stored digest, so one edited row is reported once rather than at every later row.
        previous_digest = stored
    if (
        expected_head
        and expected_head != GENESIS_DIGEST
        and digests_seen is not None
        and expected_head not in digests_seen
    ):
        message = gettext(
            "Không tìm thấy mã %(digest)s đã in trên biên bản: các bản ghi cuối của nhật ký đã bị xóa hoặc sửa."
        )
        problems.append(Problem(None, message % {"digest": expected_head}))
    return Verification(count=count, head=previous_digest, problems=problems)


def verify_chain(expected_head=None):
    """Every problem found in the chain, in seq order; an empty list means it is intact.

    Detects edited content (digest mismatch), deleted or inserted rows (a gap in ``seq`` or a
    ``previous_digest`` that does not match) and reordering (seq is part of the digest). Deleting
    the *last* rows leaves a shorter but valid chain; pass a digest printed earlier (the minutes,
    ``last_digest``) as ``expected_head`` to catch that too.
    """
    return verify(expected_head).problems
