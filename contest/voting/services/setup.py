"""The organisers' settings of a round's public vote, and publishing its result."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.core import audit
from contest.core.errors import DomainError, InvalidTransition
from contest.core.text import nfc
from contest.results import vote_share
from contest.results.scoring import format_score
from contest.voting import gateways
from contest.voting.enums import Eligibility, IdentityKind, Purpose, QuotaKind
from contest.voting.models import VoteSettings
from contest.voting.services.tally import tally

FIELDS = (
    "enabled",
    "eligibility",
    "opens_at",
    "closes_at",
    "quota",
    "daily_votes",
    "purpose",
    "prize_name",
    "show_total",
    "score_share",
    "identity_kinds",
    "phone_daily_quota",
)


def _check_manager(by):
    if not by.has_perm("voting.manage"):
        raise DomainError(_("Chỉ Ban Tổ chức được cài đặt và công bố bình chọn."))


def _identity_kinds(kinds) -> list[str]:
    """Known kinds, each once, in the order of IdentityKind (the order the public page offers
    them); e-mail alone when none is given. Phones only when a gateway is configured."""
    kinds = [IdentityKind.EMAIL.value] if kinds is None else list(kinds)
    unknown = [k for k in kinds if k not in IdentityKind.values]
    if unknown or not kinds:
        raise DomainError(_("Hãy chọn ít nhất một cách xác nhận người bình chọn."), field="identity_kinds")
    if IdentityKind.PHONE in kinds and not gateways.is_configured():
        raise DomainError(
            _(
                "Máy chủ chưa được cấu hình tổng đài tin nhắn (SMS hoặc Zalo): chưa nhận mã qua điện thoại được. "
                "Hãy liên hệ bộ phận kỹ thuật."
            ),
            field="identity_kinds",
        )
    return [k for k in IdentityKind.values if k in kinds]


def _snapshot(vote) -> dict:
    return {name: getattr(vote, name) for name in FIELDS}


def _share(round, purpose, score_share) -> Decimal:
    """The vote's percent of the final score: 0 for a separate prize, else within the cap the
    contest's rules set (and never above half: contest/results/vote_share.py)."""
    if purpose != Purpose.SCORE_SHARE:
        return Decimal(0)
    cap = round.contest.vote_share_cap
    if cap <= 0:
        raise DomainError(
            _(
                "Thể lệ cuộc thi chưa cho phép tính bình chọn vào điểm (mức trần là 0 %). Hãy ghi mức trần ở "
                "mục Cuộc thi → Hồ sơ và tệp → “Bình chọn của công chúng chiếm tối đa”, hoặc chọn giải riêng."
            ),
            field="purpose",
        )
    try:
        share = Decimal(str(score_share)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        share = Decimal(0)
    problems = vote_share.share_problems(share, cap)
    if "positive" in problems:
        raise DomainError(_("Hãy ghi tỷ lệ của bình chọn trong điểm chung cuộc (lớn hơn 0)."), field="score_share")
    if problems:
        raise DomainError(
            _("Tỷ lệ của bình chọn không được vượt mức trần %(cap)s %% mà thể lệ cho phép.")
            % {"cap": format_score(cap, trim=True)},
            field="score_share",
        )
    return share


def save_settings(
    *,
    round,
    by,
    enabled,
    eligibility,
    opens_at,
    closes_at,
    quota,
    daily_votes,
    prize_name,
    show_total,
    purpose=Purpose.AUDIENCE_PRIZE,
    score_share=None,
    identity_kinds=None,
    phone_daily_quota=500,
    ip=None,
) -> VoteSettings:
    """Create or change the settings. Once votes exist, what decides who may vote how often (the
    candidates, the quota) is fixed: changing it mid-vote would treat voters unequally."""
    _check_manager(by)
    if eligibility not in Eligibility.values:
        raise DomainError(_("Hãy chọn những mô hình được bình chọn."), field="eligibility")
    if quota not in QuotaKind.values:
        raise DomainError(_("Hãy chọn số lượt mỗi người."), field="quota")
    if purpose not in Purpose.values:
        raise DomainError(_("Hãy chọn kết quả bình chọn dùng để làm gì."), field="purpose")
    share = _share(round, purpose, score_share)
    if not 1 <= int(daily_votes or 0) <= 20:
        raise DomainError(_("Số lượt mỗi ngày phải từ 1 đến 20."), field="daily_votes")
    identity_kinds = _identity_kinds(identity_kinds)
    if phone_daily_quota is None or not 0 <= int(phone_daily_quota) <= 1_000_000:
        raise DomainError(_("Số tin nhắn mỗi ngày phải từ 0 đến 1.000.000."), field="phone_daily_quota")
    prize_name = nfc(prize_name or "").strip()
    if not prize_name:
        raise DomainError(_("Hãy ghi tên giải."), field="prize_name")
    if enabled and (opens_at is None or closes_at is None):
        raise DomainError(_("Hãy ghi thời gian mở và đóng bình chọn."), field="opens_at")
    if opens_at and closes_at and closes_at <= opens_at:
        raise DomainError(_("Thời gian đóng bình chọn phải sau thời gian mở."), field="closes_at")
    with transaction.atomic():
        vote, _created = VoteSettings.objects.select_for_update().get_or_create(round=round)
        if vote.sealed_at is not None:
            raise InvalidTransition(_("Bình chọn đã được niêm phong; không sửa cài đặt được nữa."))
        old = _snapshot(vote)
        if round.votes.exists() and (
            vote.eligibility != eligibility or vote.quota != quota or vote.daily_votes != daily_votes
        ):
            raise InvalidTransition(
                _("Đã có lượt bình chọn: không đổi được danh sách mô hình hay số lượt mỗi người nữa.")
            )
        vote.enabled = enabled
        vote.eligibility = eligibility
        vote.opens_at = opens_at
        vote.closes_at = closes_at
        vote.quota = quota
        vote.daily_votes = daily_votes
        vote.purpose = purpose
        vote.prize_name = prize_name
        vote.show_total = show_total
        vote.score_share = share
        vote.identity_kinds = identity_kinds
        vote.phone_daily_quota = int(phone_daily_quota)
        vote.save()
        audit.append(actor=by, action="vote.settings", obj=vote, round=round, old=old, new=_snapshot(vote), ip=ip)
    return vote


def publish_results(*, vote, by, ip=None) -> VoteSettings:
    """Make the sealed result public (valid and voided counts per entry)."""
    _check_manager(by)
    with transaction.atomic():
        vote = VoteSettings.objects.select_for_update().select_related("round").get(pk=vote.pk)
        if vote.sealed_at is None:
            raise InvalidTransition(_("Hãy niêm phong bình chọn trước khi công bố kết quả."))
        if vote.published_at is not None:
            return vote
        vote.published_at = timezone.now()
        vote.save(update_fields=["published_at"])
        rows = tally(vote.round)
        audit.append(
            actor=by,
            action="vote.publish",
            obj=vote,
            round=vote.round,
            new={"tally": {str(r.entry_id): [r.valid, r.voided] for r in rows}},
            ip=ip,
        )
    return vote


def withdraw_results(*, vote, by, ip=None) -> VoteSettings:
    """Take a published result off the site again (e.g. to void a cluster found late)."""
    _check_manager(by)
    with transaction.atomic():
        vote = VoteSettings.objects.select_for_update().select_related("round").get(pk=vote.pk)
        if vote.published_at is None:
            return vote
        vote.published_at = None
        vote.save(update_fields=["published_at"])
        audit.append(actor=by, action="vote.withdraw", obj=vote, round=vote.round, ip=ip)
    return vote
