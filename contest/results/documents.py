"""The official documents of a frozen round: the jury's minutes (biên bản tổng hợp kết quả chấm)
and the draft decision recognising the results (dự thảo quyết định công nhận kết quả) with its
annex of awardees. Both are read from a snapshot only, so they say what was frozen, whatever
happens to the live scores afterwards; an invalidated snapshot still prints, stamped "ĐÃ HỦY".

Layout: Decree 30/2020/NĐ-CP (state) or the Party format, per contest (:func:`document_format`).
Queries do not grow with the rows: the rows with their entries and units, the round's criteria
and the head judge are each read once.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.core import officialdom
from contest.core.enums import ContestKind, DocumentFormat
from contest.core.pdf import in_official_language, render_pdf, static_path
from contest.judging.models import Criterion, JuryMembership
from contest.judging.paper import header_context
from contest.notices.services import notices as notice_gate
from contest.results import ranking
from contest.results.enums import AggregationMethod, Band, RankingScope, SnapshotStatus
from contest.results.scoring import format_score, parse_value
from contest.stage.enums import PerformanceState
from contest.stage.models import AudienceCount, StagePerformance
from contest.templatetags.vn_dates import ngay_thang

STATE, PARTY = DocumentFormat.STATE.value, DocumentFormat.PARTY.value
MONO_FONT = "fonts/DejaVuSansMono.ttf"


def document_format(contest) -> str:
    """The contest's layout: the Party's when its organiser is a Party body, Decree 30 when it is a
    state body, else as the organisers chose it (Contest.effective_document_format)."""
    return contest.effective_document_format


@dataclass
class Line:
    rank: object
    code: str
    title: str
    unit: str
    score: str
    band: str
    prize: str
    shared: bool
    scope: str
    entry_id: int
    discrepant: bool = False
    decided_by: str = ""
    judge_totals: dict = field(default_factory=dict)
    part_prizes: list = field(default_factory=list)
    part_scores: dict = field(default_factory=dict)  # part → "17,33" (or "0,00" where absent)
    absent_parts: list = field(default_factory=list)  # rubric parts the team missed on the day
    absent: bool = False  # a Hội thi team that competed in no part
    part_cells: list = field(default_factory=list)  # [{"score", "absent"}] in the order of the parts
    # The public vote as a share of the score (vote_share.py): ``score`` is then the final score.
    jury_score: str = ""
    jury_rank: object = None
    vote_count: object = None
    vote_score: str = ""


def _lines(snapshot) -> list[Line]:
    bands = dict(Band.choices)
    # Unranked rows (no score: nobody scored it, or a Hội thi team absent) last on every database.
    rank = F("rank").asc(nulls_last=True)
    rows = snapshot.rows.select_related("entry__unit").order_by("scope_label", rank, "code")
    return [
        Line(
            rank=r.rank,
            code=f"{r.code:03d}",
            title=r.entry.title,
            unit=r.entry.unit.name,
            score=format_score(r.score),
            band=str(bands.get(r.band, r.band)),
            prize=r.prize_name,
            shared=r.shared_rank,
            scope=r.scope_label,
            entry_id=r.entry_id,
            discrepant=r.discrepant,
            decided_by=r.decided_by,
            judge_totals=r.judge_totals or {},
            part_prizes=list(r.part_prizes or []),
            part_scores={part: format_score(value) for part, value in (r.part_scores or {}).items()},
            jury_score=format_score(r.jury_score),
            jury_rank=r.jury_rank,
            vote_count=r.vote_count,
            vote_score=format_score(r.vote_score),
        )
        for r in rows
    ]


def _mark_absences(snapshot, lines) -> None:
    """A Hội thi's absences as the day recorded them (contest/stage): a team with no score that
    was absent is named absent; a team that missed some parts has those parts marked."""
    by_entry = {line.entry_id: line for line in lines}
    for entry_id, part in StagePerformance.objects.filter(
        part__programme__round=snapshot.round_id, state=PerformanceState.ABSENT
    ).values_list("round_entry__entry_id", "part__rubric__part"):
        line = by_entry.get(entry_id)
        if line is None:
            continue
        if part not in line.absent_parts:
            line.absent_parts.append(part)
        line.absent = line.rank is None and not line.part_scores


def parts_of(snapshot, lines) -> list[str]:
    """The parts (phần thi) of the round in rubric order, as the frozen rows name them."""
    parts = list(
        dict.fromkeys(
            Criterion.objects.filter(rubric__round=snapshot.round_id)
            .order_by("rubric__order", "rubric_id")
            .values_list("rubric__part", flat=True)
        )
    )
    seen = {part for line in lines for part in line.part_scores}
    return [part for part in parts if part in seen] or parts


def audience(snapshot) -> dict | None:
    """The audience favourite counted in the hall (ballots or raised hands, typed by the
    secretariat on the day): every team's count, most first, and the winners (ties share)."""
    counts = list(
        AudienceCount.objects.filter(programme__round=snapshot.round_id)
        .select_related("round_entry__entry__unit")
        .order_by("-count", "round_entry__code")
    )
    if not counts:
        return None
    best = counts[0].count
    rows = [
        {"code": f"{c.round_entry.code:03d}", "team": c.round_entry.entry.unit.name, "count": c.count} for c in counts
    ]
    return {
        "prize": _("Đội được khán giả yêu thích nhất"),
        "rows": rows,
        "winners": [row for row in rows if best > 0 and row["count"] == best],
    }


def _criterion_names(round) -> dict:
    """code → the short name people use (the tie-break chain is written with it)."""
    return {c.code: c.label for c in Criterion.objects.filter(rubric__round=round).only("code", "name", "short_name")}


def _judges(snapshot) -> list[dict]:
    """The jury as frozen (parameters["judges"], head judge first), the head marked."""
    judges = snapshot.parameters.get("judges") or {}
    head = set(
        JuryMembership.objects.filter(round_id=snapshot.round_id, is_head=True).values_list("judge_id", flat=True)
    )
    listed = [{"id": int(k), "name": v, "is_head": int(k) in head} for k, v in judges.items()]
    return sorted(listed, key=lambda j: not j["is_head"])


def method_sentences(snapshot, criterion_names, *, teams=False) -> list[str]:
    """The method and its parameters, in words, as the minutes record them (of teams, for a Hội thi)."""
    p = snapshot.parameters
    method = str(AggregationMethod(snapshot.method).label) if snapshot.method in AggregationMethod.values else ""
    first = _("Cách tổng hợp điểm: %(method)s của tổng điểm các giám khảo") % {"method": method.lower()}
    if snapshot.method == AggregationMethod.TRIMMED_MEAN:
        trimmed = (
            _(" (chỉ bỏ điểm cao nhất và thấp nhất khi đội thi có từ %(n)s phiếu chấm trở lên)")
            if teams
            else _(" (chỉ bỏ điểm cao nhất và thấp nhất khi hồ sơ có từ %(n)s phiếu chấm trở lên)")
        )
        first += trimmed % {"n": p["trim_min_sheets"]}
    first += _("; làm tròn đến 2 chữ số thập phân (từ 5 trở lên làm tròn lên)")
    if p.get("max_total"):
        first += _("; tổng điểm tối đa %(max)s điểm") % {"max": format_score(p["max_total"], trim=True)}
    sentences = [first + "."]
    if teams:
        sentences.append(
            _(
                "Điểm của mỗi đội thi là tổng điểm các phần thi; điểm mỗi phần thi tổng hợp từ điểm của các "
                "giám khảo (phần trắc nghiệm: điểm Tổ Thư ký tính theo đáp án). Đội vắng mặt ở phần thi nào "
                "được 0 điểm phần thi đó."
            )
        )
    discrepancy = (
        _(
            "Đội thi có tổng điểm của các giám khảo chênh nhau từ %(t)s điểm trở lên được đánh dấu để "
            "Trưởng Ban Giám khảo xem lại."
        )
        if teams
        else _(
            "Hồ sơ có tổng điểm của các giám khảo chênh nhau từ %(t)s điểm trở lên được đánh dấu để "
            "Trưởng Ban Giám khảo xem lại."
        )
    )
    sentences.append(discrepancy % {"t": format_score(p["discrepancy_threshold"], trim=True)})
    scope = p.get("scope")
    if scope in RankingScope.values:
        sentences.append(_("Phạm vi xếp hạng: %(scope)s.") % {"scope": str(RankingScope(scope).label).lower()})
    # A code the round's rubrics do not have (the default chain is the model review's) breaks no
    # tie, and a code is not for print: only the round's own criteria are named.
    chain = [criterion_names[code] for code in p.get("tie_break_criteria") or [] if code in criterion_names]
    steps = [_("điểm tiêu chí “%(name)s”") % {"name": name} for name in chain]
    if p.get("tie_break_by_judges"):
        steps.append(_("số giám khảo xếp đội thi cao hơn") if teams else _("số giám khảo xếp hồ sơ cao hơn"))
    steps.append(_("quyết định của Ban Giám khảo"))
    sentences.append(_("Khi bằng điểm, phân định lần lượt theo: %(steps)s.") % {"steps": "; ".join(steps)})
    prizes = _("Điểm tối thiểu để được xét giải: %(min)s điểm") % {"min": format_score(p["min_prize_score"], trim=True)}
    if p.get("prize_cap_share"):
        share = parse_value(p["prize_cap_share"]) * 100
        cap = (
            _("; số giải không vượt quá %(share)s%% số đội thi")
            if teams
            else _("; số giải không vượt quá %(share)s%% số hồ sơ")
        )
        prizes += cap % {"share": format_score(share, trim=True)}
    prizes += _("; cho phép đồng giải.") if p.get("shared_prizes") else _("; không xét đồng giải.")
    sentences.append(prizes)
    tiers = [
        _("%(name)s: %(quota)s giải") % {"name": t["name"], "quota": t["quota"]}
        + (f" ({t['part']})" if t.get("part") else "")
        for t in p.get("tiers") or []
    ]
    if tiers:
        sentences.append(_("Cơ cấu giải: %(tiers)s.") % {"tiers": "; ".join(tiers)})
    sentences += vote_share_sentences(p.get("vote_share"), max_total=p.get("max_total"))
    return sentences


def vote_share_sentences(share, *, max_total) -> list[str]:
    """The public vote's share of the final score, in words (contest/results/vote_share.py)."""
    if not share:
        return []
    percent = format_score(share["percent"], trim=True)
    return [
        _(
            "Điểm chung cuộc = điểm Ban Giám khảo × (100%% − %(p)s%%) + %(p)s%% × điểm bình chọn; điểm bình chọn "
            "= %(max)s × số lượt bình chọn hợp lệ của hồ sơ ÷ số lượt hợp lệ cao nhất trong cùng bảng xếp hạng; "
            "làm tròn một lần ở điểm chung cuộc. Thể lệ cho phép bình chọn chiếm tối đa %(cap)s%%."
        )
        % {"p": percent, "max": format_score(max_total or 0, trim=True), "cap": format_score(share["cap"], trim=True)},
        _(
            "Hạng và giải xét theo điểm chung cuộc; xếp loại theo điểm Ban Giám khảo; điểm và hạng của Ban Giám "
            "khảo được ghi bên cạnh. Số lượt bình chọn hợp lệ: %(n)s (lượt bị hủy không tính), theo nhật ký bình "
            "chọn đã niêm phong, mã %(digest)s."
        )
        % {"n": share["valid_votes"], "digest": share["seal_digest"][:16]},
    ]


def _discrepancies(lines, judges) -> list[dict]:
    """Flagged entries with each judge's total, named: the minutes are the jury's own record."""
    position = {str(j["id"]): i for i, j in enumerate(judges)}
    names = {str(j["id"]): j["name"] for j in judges}
    out = []
    for line in (line for line in lines if line.discrepant):
        ordered = sorted(line.judge_totals.items(), key=lambda item: position.get(item[0], len(position)))
        values = [parse_value(total) for _judge, total in ordered]
        out.append(
            {
                "line": line,
                "totals": [f"{names.get(judge_id, judge_id)}: {format_score(total)}" for judge_id, total in ordered],
                "spread": format_score(max(values) - min(values)) if values else "—",
            }
        )
    return out


def _tie_decisions(snapshot, lines) -> list[dict]:
    by_entry = {line.entry_id: line for line in lines}
    decisions = []
    for d in snapshot.parameters.get("tie_decisions") or []:
        order = [by_entry[e] for e in d.get("entry_order", []) if e in by_entry]
        decisions.append({"order": order, "reason": d.get("reason", "")})
    return decisions


def _base_context(snapshot) -> dict:
    contest = snapshot.round.contest
    party = document_format(contest) == PARTY
    return {
        **header_context(contest),
        "party": party,
        # A Hội thi speaks of teams (đội thi) and parts (phần thi), not of models and dossiers.
        "hoi_thi": contest.kind == ContestKind.HOI_THI,
        "snapshot": snapshot,
        "round": snapshot.round,
        "round_label": snapshot.round.public_name,
        "contest": contest,
        "cancelled": snapshot.status == SnapshotStatus.INVALIDATED,
        "scoped": False,
        # The hash is printed in a monospace face, shipped like the serif (never a system font).
        "mono_font_url": static_path(MONO_FONT).as_uri(),
    }


def seal_groups(digest: str) -> str:
    """ "3f2a91bc…" → "3f2a 91bc …": 16 groups of 4, as people read a long code aloud."""
    digest = (digest or "").strip()
    return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def minutes_context(snapshot) -> dict:
    context = _base_context(snapshot)
    lines = _lines(snapshot)
    teams = context["hoi_thi"]
    if teams:
        _mark_absences(snapshot, lines)
    criterion_names = _criterion_names(snapshot.round)
    judges = _judges(snapshot)
    frozen_at = timezone.localtime(snapshot.frozen_at)
    parts = parts_of(snapshot, lines) if teams else []
    for line in lines:
        line.part_cells = [
            {"score": line.part_scores.get(part, ""), "absent": part in line.absent_parts} for part in parts
        ]
    context.update(
        parts=parts,
        absent_count=sum(1 for line in lines if line.absent),
        part_prize_lines=[line for line in lines if line.part_prizes],
        audience=audience(snapshot) if teams else None,
    )
    context.update(
        issuer=_("Ban Giám khảo"),
        doc_number=officialdom.document_number(None, "BB", "BGK", party=context["party"]),
        doc_date=frozen_at.date(),
        frozen_at=frozen_at,
        lines=lines,
        scoped=any(line.scope for line in lines),
        vote=bool(snapshot.parameters.get("vote_share")),
        judges=judges,
        method_sentences=method_sentences(snapshot, criterion_names, teams=teams),
        discrepancies=_discrepancies(lines, judges),
        tie_decisions=_tie_decisions(snapshot, lines),
        jury_decided=[line for line in lines if line.decided_by == ranking.BY_JURY],
        head_judge=next((j for j in judges if j["is_head"]), None),
        scored=sum(1 for line in lines if line.rank is not None),
        seal_groups=seal_groups(snapshot.audit_head),
        gate_overrides=notice_gate.overrides_of(snapshot.round),
        pdf_title=minutes_title(snapshot),
    )
    return context


def _round_or_contest(snapshot) -> str:
    return snapshot.round.public_name or snapshot.round.contest.name


def minutes_title(snapshot) -> str:
    return _("Biên bản tổng hợp kết quả chấm – %(round)s (phiên bản %(v)s)") % {
        "round": _round_or_contest(snapshot),
        "v": snapshot.version,
    }


def decision_title(snapshot, final=False) -> str:
    if final:
        return _("Quyết định công nhận kết quả – %(round)s (phiên bản %(v)s)") % {
            "round": _round_or_contest(snapshot),
            "v": snapshot.version,
        }
    return _("Dự thảo Quyết định công nhận kết quả – %(round)s (phiên bản %(v)s)") % {
        "round": _round_or_contest(snapshot),
        "v": snapshot.version,
    }


def _awards(snapshot, lines) -> list[dict]:
    """The annex: one group per prize (tiers in their order, then part prizes), per ranking scope."""
    tiers = snapshot.parameters.get("tiers") or []
    order = {t["name"]: i for i, t in enumerate(tiers)}
    groups = defaultdict(list)
    for line in lines:
        if line.prize:
            groups[(line.prize, line.scope)].append(line)
        for part_prize in line.part_prizes:
            groups[(part_prize, line.scope)].append(line)
    keys = sorted(groups, key=lambda k: (order.get(k[0], len(order)), k[0], k[1]))
    return [
        {"prize": prize, "scope": scope, "lines": sorted(groups[(prize, scope)], key=lambda x: (x.rank or 0, x.code))}
        for prize, scope in keys
    ]


def _team_awards(snapshot, lines, awards) -> None:
    """A Hội thi's annex: each prize's teams with the figure it was given for — the total, the
    part's score for a part prize — and the audience favourite with its count of votes."""
    part_of = {t["name"]: t.get("part") or "" for t in snapshot.parameters.get("tiers") or []}
    for group in awards:
        group["part"] = part_of.get(group["prize"], "")
        group["cells"] = [
            {"line": line, "value": line.part_scores.get(group["part"], "") if group["part"] else line.score}
            for line in group["lines"]
        ]
    favourite = audience(snapshot)
    if favourite and favourite["winners"]:
        by_code = {line.code: line for line in lines}
        winners = [w for w in favourite["winners"] if w["code"] in by_code]
        awards.append(
            {
                "prize": favourite["prize"],
                "scope": "",
                "part": "",
                "votes": True,
                "lines": [by_code[w["code"]] for w in winners],
                "cells": [{"line": by_code[w["code"]], "value": w["count"]} for w in winners],
            }
        )


def authority(contest, issuer) -> str:
    """ "Ban Tổ chức Hội thi Dân vận khéo 2026", not "Ban Tổ chức Hội thi Hội thi …" when the
    contest's name already says what it is."""
    if contest.kind == ContestKind.HOI_THI and contest.name.casefold().startswith("hội thi"):
        return _("Ban Tổ chức %(contest)s") % {"contest": contest.name}
    return f"{issuer} {contest.name}"


def decision_basis(contest, *, frozen_at) -> list[str]:
    """The "Căn cứ …" lines, with blanks for what only the organisers' office knows."""
    return [
        _(
            "Căn cứ Quyết định số ……/QĐ-…… ngày …… tháng …… năm …… của …………………… về việc thành lập "
            "Ban Tổ chức %(contest)s;"
        )
        % {"contest": contest.name},
        _("Căn cứ Kế hoạch số ……/KH-…… ngày …… tháng …… năm …… về việc tổ chức %(contest)s;")
        % {"contest": contest.name},
        _("Căn cứ Biên bản tổng hợp kết quả chấm của Ban Giám khảo %(day)s;") % {"day": ngay_thang(frozen_at)},
        _("Theo đề nghị của Trưởng Ban Giám khảo."),
    ]


def decision_signer(contest, *, party: bool) -> dict:
    """Who signs the decision for the Ban Tổ chức: "T/M BAN TỔ CHỨC" (Party) or "TM. BAN TỔ CHỨC"
    (state), then "TRƯỞNG BAN", then the name — the one on the contest's certificate template when
    it signs for the Ban Tổ chức too, else a blank line to write it in."""
    lines = [_("T/M BAN TỔ CHỨC") if party else _("TM. BAN TỔ CHỨC"), _("TRƯỞNG BAN")]
    name = ""
    for template in contest.certificate_templates.all():
        authority = " ".join(template.authority_lines()).upper()
        if "BAN TỔ CHỨC" in authority and template.signer_title.strip().upper() == "TRƯỞNG BAN":
            name = template.signer_name
            break
    return {"lines": lines, "name": name}


def decision_context(snapshot, final=False) -> dict:
    context = _base_context(snapshot)
    lines = _lines(snapshot)
    awards = _awards(snapshot, lines)
    if context["hoi_thi"]:
        _team_awards(snapshot, lines, awards)
    party = context["party"]
    contest = snapshot.round.contest
    signer = decision_signer(contest, party=party)
    context.update(
        doc_number=officialdom.document_number(None, "QĐ", "BTC", party=party),
        annex_number=officialdom.document_number(None, "QĐ", "BTC", party=party).split(" ", 1)[1].lstrip(": "),
        basis=decision_basis(contest, frozen_at=timezone.localtime(snapshot.frozen_at)),
        authority=authority(contest, context["issuer"]),
        signer_lines=signer["lines"],
        signer_name=signer["name"],
        doc_date=None,
        frozen_at=timezone.localtime(snapshot.frozen_at),
        awards=awards,
        awardee_count=len({line.entry_id for group in awards for line in group["lines"]}),
        prize_count=sum(len(group["lines"]) for group in awards),
        scoped=any(group["scope"] for group in awards),
        pdf_title=decision_title(snapshot, final),
        final=final,
    )
    return context


def _render(template, context, title, snapshot, keyword) -> bytes:
    contest = snapshot.round.contest
    return render_pdf(
        template,
        context,
        title=title,
        author=contest.organiser_body,
        subject=contest.name,
        keywords=tuple(filter(None, (keyword, contest.name, snapshot.round.public_name))),
    )


@in_official_language
def minutes_pdf(snapshot) -> bytes:
    return _render(
        "contest/results/pdf/result_minutes.html",
        minutes_context(snapshot),
        minutes_title(snapshot),
        snapshot,
        _("biên bản tổng hợp kết quả chấm"),
    )


@in_official_language
def decision_pdf(snapshot, final=False) -> bytes:
    """The draft decision, or (``final``) the copy to sign: callers check the notice gate first."""
    return _render(
        "contest/results/pdf/result_decision.html",
        decision_context(snapshot, final),
        decision_title(snapshot, final),
        snapshot,
        _("quyết định công nhận kết quả") if final else _("dự thảo quyết định công nhận kết quả"),
    )
