"""The organisers' rules for a round's results: the policy (aggregation method and its parameters,
ranking scope, tie-break chain, prize rules, advancement) and the prize tiers.

Every change is refused while a snapshot is in force: a frozen result must stay explained by the
rules it was computed with (the snapshot keeps a copy, but the page would otherwise show rules that
no longer match the official table). Reopening a sheet invalidates the snapshot and frees them.
Each write is audited and takes the round's row lock, the lock freezing takes first, so a change
cannot slip in while a freeze is computing.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contest.core import audit
from contest.core.errors import DomainError
from contest.core.models import Round
from contest.core.text import fold, nfc
from contest.judging.models import Criterion, Rubric
from contest.results import scoring
from contest.results.enums import AggregationMethod, RankingScope
from contest.results.models import PrizeTier, ResultsPolicy
from contest.results.services.snapshots import ResultsFrozen, snapshot_in_force

POLICY_CHANGE = audit.AuditAction.RESULTS_POLICY
TIER_CREATE = audit.AuditAction.RESULTS_TIER_CREATE
TIER_CHANGE = audit.AuditAction.RESULTS_TIER_CHANGE
TIER_DELETE = audit.AuditAction.RESULTS_TIER_DELETE

POLICY_FIELDS = (
    "method",
    "trim_min_sheets",
    "discrepancy_threshold",
    "part_methods",
    "scope",
    "tie_break_criteria",
    "tie_break_by_judges",
    "min_prize_score",
    "prize_cap_share",
    "shared_prizes",
    "advance_top",
    "advance_threshold",
)
TIER_FIELDS = ("code", "name", "quota", "min_score", "part", "order")

# DOMAIN.md §8: "often 1/2/3/5".
DEFAULT_TIERS = (
    ("nhat", gettext_lazy("Giải Nhất"), 1),
    ("nhi", gettext_lazy("Giải Nhì"), 2),
    ("ba", gettext_lazy("Giải Ba"), 3),
    ("khuyen_khich", gettext_lazy("Giải Khuyến khích"), 5),
)


def _require_organiser(user):
    if not user.has_perm("results.manage"):
        raise DomainError(_("Chỉ Ban Tổ chức được làm việc này."))


def _lock_open_round(round):
    """Lock the round (freezing locks it first) and refuse when its results are frozen."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    if snapshot_in_force(round) is not None:
        raise ResultsFrozen(
            _("Kết quả của vòng này đã được chốt nên không thể đổi cách tính hay cơ cấu giải. Hãy mở lại chấm trước.")
        )
    return round


def _parts(round) -> list[str]:
    return list(
        dict.fromkeys(Rubric.objects.filter(round=round).order_by("order", "id").values_list("part", flat=True))
    )


def _decimal(value, field, *, minimum=None, maximum=None, allow_none=False, places=Decimal("0.01")):
    if value in (None, ""):
        if allow_none:
            return None
        raise DomainError(_("Hãy nhập một số."), field=field)
    try:
        number = scoring.parse_value(value)
    except (ValueError, ArithmeticError, TypeError):
        raise DomainError(_("“%(value)s” không phải là một số.") % {"value": value}, field=field) from None
    if minimum is not None and number < minimum:
        raise DomainError(
            _("Giá trị không được nhỏ hơn %(n)s.") % {"n": scoring.format_score(minimum, trim=True)}, field=field
        )
    if maximum is not None and number > maximum:
        raise DomainError(
            _("Giá trị không được lớn hơn %(n)s.") % {"n": scoring.format_score(maximum, trim=True)}, field=field
        )
    return number.quantize(places, rounding=ROUND_HALF_UP)


def _whole(value, field, *, minimum, allow_none=False):
    if value in (None, ""):
        if allow_none:
            return None
        raise DomainError(_("Hãy nhập một số nguyên."), field=field)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise DomainError(_("“%(value)s” không phải là một số nguyên.") % {"value": value}, field=field) from None
    if number < minimum:
        raise DomainError(_("Giá trị không được nhỏ hơn %(n)s.") % {"n": minimum}, field=field)
    return number


def _method(value, field="method"):
    if value not in AggregationMethod.values:
        raise DomainError(_("Cách tổng hợp điểm “%(value)s” không có.") % {"value": value}, field=field)
    return value


def _clean_policy(round, fields) -> dict:
    unknown = set(fields) - set(POLICY_FIELDS)
    if unknown:
        raise DomainError(_("Trường không hợp lệ: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    clean = {}
    if "method" in fields:
        clean["method"] = _method(fields["method"])
    if "trim_min_sheets" in fields:
        clean["trim_min_sheets"] = _whole(fields["trim_min_sheets"], "trim_min_sheets", minimum=3)
    if "discrepancy_threshold" in fields:
        clean["discrepancy_threshold"] = _decimal(
            fields["discrepancy_threshold"], "discrepancy_threshold", minimum=Decimal("0.01")
        )
    if "part_methods" in fields:
        part_methods = fields["part_methods"] or {}
        if not isinstance(part_methods, dict):
            raise DomainError(_('Cách tổng hợp từng phần thi phải có dạng {"phần thi": "cách"}.'), field="part_methods")
        parts = set(_parts(round))
        for part, method in part_methods.items():
            if part not in parts:
                raise DomainError(_("Vòng này không có phần thi “%(part)s”.") % {"part": part}, field="part_methods")
            _method(method, "part_methods")
        clean["part_methods"] = {nfc(k): v for k, v in part_methods.items()}
    if "scope" in fields:
        if fields["scope"] not in RankingScope.values:
            raise DomainError(_("Phạm vi xếp hạng không hợp lệ."), field="scope")
        clean["scope"] = fields["scope"]
    if "tie_break_criteria" in fields:
        codes = [nfc(str(c)).strip() for c in (fields["tie_break_criteria"] or []) if str(c).strip()]
        known = set(Criterion.objects.filter(rubric__round=round).values_list("code", flat=True))
        missing = [c for c in codes if c not in known]
        if missing:
            raise DomainError(
                _("Thang điểm của vòng không có tiêu chí mã: %(codes)s.") % {"codes": ", ".join(missing)},
                field="tie_break_criteria",
            )
        if len(set(codes)) != len(codes):
            raise DomainError(_("Mỗi tiêu chí chỉ ghi một lần."), field="tie_break_criteria")
        clean["tie_break_criteria"] = codes
    for flag in ("tie_break_by_judges", "shared_prizes"):
        if flag in fields:
            clean[flag] = bool(fields[flag])
    if "min_prize_score" in fields:
        clean["min_prize_score"] = _decimal(fields["min_prize_score"], "min_prize_score", minimum=Decimal(0))
    if "prize_cap_share" in fields:
        clean["prize_cap_share"] = _decimal(
            fields["prize_cap_share"],
            "prize_cap_share",
            minimum=Decimal(0),
            maximum=Decimal(1),
            allow_none=True,
            places=Decimal("0.001"),
        )
    if "advance_top" in fields:
        clean["advance_top"] = _whole(fields["advance_top"], "advance_top", minimum=1, allow_none=True)
    if "advance_threshold" in fields:
        clean["advance_threshold"] = _decimal(
            fields["advance_threshold"], "advance_threshold", minimum=Decimal(0), allow_none=True
        )
    return clean


def _as_json(value):
    return str(value) if isinstance(value, Decimal) else value


def save_policy(round, by, ip=None, **fields) -> ResultsPolicy:
    """Create or change the round's policy with the given fields (the others keep their value)."""
    _require_organiser(by)
    with transaction.atomic():
        round = _lock_open_round(round)
        clean = _clean_policy(round, fields)
        policy = ResultsPolicy.objects.filter(round=round).first() or ResultsPolicy(round=round)
        old = {name: _as_json(getattr(policy, name)) for name in clean}
        for name, value in clean.items():
            setattr(policy, name, value)
        policy.save()
        new = {name: _as_json(value) for name, value in clean.items()}
        changed = {k: v for k, v in new.items() if old[k] != v}
        audit.append(
            actor=by,
            action=POLICY_CHANGE,
            obj=policy,
            round=round,
            old={k: old[k] for k in changed},
            new=changed,
            ip=ip,
        )
    return policy


def _clean_tier(round, fields, *, instance=None) -> dict:
    unknown = set(fields) - set(TIER_FIELDS)
    if unknown:
        raise DomainError(_("Trường không hợp lệ: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    clean = {}
    if "code" in fields:
        code = nfc(str(fields["code"] or "")).strip().lower()
        if not code or not all(c.isascii() and (c.isalnum() or c in "-_") for c in code):
            raise DomainError(
                _("Mã giải chỉ gồm chữ không dấu, số, “-” và “_” (ví dụ: nhat, khuyen_khich)."), field="code"
            )
        others = PrizeTier.objects.filter(round=round, code=code)
        if instance is not None:
            others = others.exclude(pk=instance.pk)
        if others.exists():
            raise DomainError(_("Vòng này đã có giải mã “%(code)s”.") % {"code": code}, field="code")
        clean["code"] = code
    if "name" in fields:
        name = nfc(str(fields["name"] or "")).strip()
        if not name:
            raise DomainError(_("Hãy ghi tên giải."), field="name")
        clean["name"] = name[:150]
    if "quota" in fields:
        clean["quota"] = _whole(fields["quota"], "quota", minimum=1)
    if "min_score" in fields:
        clean["min_score"] = _decimal(fields["min_score"], "min_score", minimum=Decimal(0), allow_none=True)
    if "part" in fields:
        part = nfc(str(fields["part"] or "")).strip()
        if part and part not in _parts(round):
            raise DomainError(_("Vòng này không có phần thi “%(part)s”.") % {"part": part}, field="part")
        clean["part"] = part
    if "order" in fields:
        clean["order"] = _whole(fields["order"], "order", minimum=0)
    return clean


def _tier_state(tier) -> dict:
    return {name: _as_json(getattr(tier, name)) for name in TIER_FIELDS}


def _code_for(round, name) -> str:
    """A tier's key from its name, unique in the round: "Giải Khuyến khích" → "khuyen_khich"
    (the default tiers' keys). Organisers name prizes; nobody types a code."""
    base = re.sub(r"[^a-z0-9]+", "_", fold(nfc(str(name or "")))).strip("_")
    base = base.removeprefix("giai_")[:36] or "giai"
    code, n = base, 1
    while PrizeTier.objects.filter(round=round, code=code).exists():
        n += 1
        code = f"{base}_{n}"
    return code


def add_tier(round, by, ip=None, **fields) -> PrizeTier:
    _require_organiser(by)
    for required in ("name", "quota"):
        fields.setdefault(required, "")
    with transaction.atomic():
        round = _lock_open_round(round)
        if not fields.get("code"):
            fields["code"] = _code_for(round, fields["name"])
        clean = _clean_tier(round, fields)
        if "order" not in clean:
            clean["order"] = PrizeTier.objects.filter(round=round, part=clean.get("part", "")).count() + 1
        tier = PrizeTier.objects.create(round=round, **clean)
        audit.append(actor=by, action=TIER_CREATE, obj=tier, round=round, new=_tier_state(tier), ip=ip)
    return tier


def change_tier(tier, by, ip=None, **fields) -> PrizeTier:
    _require_organiser(by)
    with transaction.atomic():
        round = _lock_open_round(tier.round)
        tier = PrizeTier.objects.select_for_update().get(pk=tier.pk, round=round)
        old = _tier_state(tier)
        for name, value in _clean_tier(round, fields, instance=tier).items():
            setattr(tier, name, value)
        tier.save()
        audit.append(actor=by, action=TIER_CHANGE, obj=tier, round=round, old=old, new=_tier_state(tier), ip=ip)
    return tier


def delete_tier(tier, by, ip=None) -> None:
    _require_organiser(by)
    with transaction.atomic():
        round = _lock_open_round(tier.round)
        tier = PrizeTier.objects.select_for_update().get(pk=tier.pk, round=round)
        audit.append(actor=by, action=TIER_DELETE, obj=tier, round=round, old=_tier_state(tier), ip=ip)
        tier.delete()


def seed_default_tiers(round, by, ip=None) -> list[PrizeTier]:
    """Giải Nhất 1, Nhì 2, Ba 3, Khuyến khích 5 (DOMAIN.md §8), added to a round with no overall tier."""
    _require_organiser(by)
    with transaction.atomic():
        round = _lock_open_round(round)
        if PrizeTier.objects.filter(round=round, part="").exists():
            raise DomainError(_("Vòng này đã có cơ cấu giải chung; hãy sửa từng giải thay vì dùng mặc định."))
        tiers = []
        for order, (code, name, quota) in enumerate(DEFAULT_TIERS, start=1):
            if PrizeTier.objects.filter(round=round, code=code).exists():
                raise DomainError(_("Vòng này đã có giải mã “%(code)s”.") % {"code": code})
            tier = PrizeTier.objects.create(round=round, code=code, name=str(name), quota=quota, order=order)
            audit.append(actor=by, action=TIER_CREATE, obj=tier, round=round, new=_tier_state(tier), ip=ip)
            tiers.append(tier)
    return tiers
