"""What a blank paper score sheet (phiếu chấm điểm) shows: read-only, for the PDF templates.

Per judge of a round: the entries assigned to them and not conflicted, in the judge's recorded
order (Assignment.position), each with the rubric(s) that score it — only the criteria the jury
scores (the secretariat's multiple-choice parts never reach a judge), the non-counting ones marked.

The queries do not grow with the entries or the judges: memberships, assignments, entry codes and
conflicts are each read once; rubrics are chosen once per field (a contest has a handful), and all
their criteria are read in one query.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from contest.core.enums import ContestKind, DocumentFormat
from contest.core.pdf import in_official_language, render_pdf
from contest.judging import conflicts
from contest.judging.models import Assignment, JuryMembership, RoundEntry
from contest.judging.services.sheets import jury_criteria, rubrics_for
from contest.results import scoring


@dataclass
class Part:
    heading: str  # "" when the rubric has one part only
    criteria: list
    max_total: object


@dataclass
class Sheet:
    code: int
    position: int
    entry: object
    show_unit: bool
    parts: list
    max_total: object
    field_name: str = ""


@dataclass
class Packet:
    judge: object
    is_head: bool
    sheets: list = field(default_factory=list)


def band_lines(criterion) -> list[str]:
    """["18–20: hoàn toàn mới", …] from the criterion's bands (highest first, as stored)."""
    lines = []
    for band in criterion.bands or []:
        try:
            low, high = scoring.format_score(band["min"], trim=True), scoring.format_score(band["max"], trim=True)
        except (KeyError, TypeError, ArithmeticError):
            continue
        span = low if low == high else f"{low}–{high}"
        text = str(band.get("text", "")).strip()
        lines.append(f"{span}: {text}" if text else span)
    return lines


def _criteria_by_field(round, entries) -> dict:
    """field_id → [(rubric, [criteria])] for the fields among ``entries``."""
    rubrics_of = {}
    for entry in entries:
        if entry.field_id not in rubrics_of:
            rubrics_of[entry.field_id] = rubrics_for(round=round, entry=entry)
    all_rubrics = {r.pk: r for rubrics in rubrics_of.values() for r in rubrics}
    by_rubric = defaultdict(list)
    for criterion in jury_criteria(list(all_rubrics.values())):
        by_rubric[criterion.rubric_id].append(criterion)
    return {
        field_id: [(rubric, by_rubric[rubric.pk]) for rubric in rubrics if by_rubric[rubric.pk]]
        for field_id, rubrics in rubrics_of.items()
    }


def _parts(rubric_criteria) -> list[Part]:
    several = len(rubric_criteria) > 1
    parts = []
    for index, (rubric, criteria) in enumerate(rubric_criteria, start=1):
        rows = [
            {
                "criterion": c,
                "max": scoring.format_score(c.max_points, trim=True),
                "weight": scoring.format_score(c.weight, trim=True) if c.weight != 1 else "",
                "bands": band_lines(c),
                "counts": c.counts_toward_total,
            }
            for c in criteria
        ]
        heading = ""
        if several:
            label = rubric.part or rubric.name
            heading = _("Phần %(n)s. %(part)s") % {"n": _roman(index), "part": label[:1].upper() + label[1:]}
        parts.append(
            Part(heading=heading, criteria=rows, max_total=scoring.format_score(scoring.max_total(criteria), trim=True))
        )
    return parts


def _roman(n: int) -> str:
    return ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][n - 1] if 0 < n <= 10 else str(n)


def judge_packets(round, judges=None) -> list[Packet]:
    """One packet per jury member of ``round`` (or only ``judges``), head judge first, then by name."""
    memberships = JuryMembership.objects.filter(round=round).select_related("judge")
    if judges is not None:
        memberships = memberships.filter(judge__in=judges)
    packets = {
        m.judge_id: Packet(judge=m.judge, is_head=m.is_head)
        for m in sorted(memberships, key=lambda m: (not m.is_head, m.judge.display_name, m.judge_id))
    }
    assignments = list(
        Assignment.objects.filter(round=round, judge_id__in=list(packets))
        .select_related("entry__unit", "entry__field")
        .order_by("judge_id", "position")
    )
    forbidden = conflicts.conflict_reasons(round) if assignments else {}
    assignments = [a for a in assignments if (a.judge_id, a.entry_id) not in forbidden]
    codes = dict(RoundEntry.objects.filter(round=round).values_list("entry_id", "code"))
    parts_of = _criteria_by_field(round, [a.entry for a in assignments])
    for a in assignments:
        parts = _parts(parts_of[a.entry.field_id])
        all_criteria = [row["criterion"] for part in parts for row in part.criteria]
        packets[a.judge_id].sheets.append(
            Sheet(
                code=codes.get(a.entry_id, 0),
                position=a.position,
                entry=a.entry,
                show_unit=not round.blind,
                parts=parts,
                max_total=scoring.format_score(scoring.max_total(all_criteria), trim=True),
                field_name=a.entry.field.name if a.entry.field_id else "",
            )
        )
    return list(packets.values())


# ---------------------------------------------------------------------------------------------
# The PDF
# ---------------------------------------------------------------------------------------------


def issuing_body(contest) -> tuple[list[str], str]:
    """(parent lines, issuing body) of the left header.

    The organising body is the parent; the issuer is its contest's Ban Tổ chức. An organiser may
    write several levels in ``organiser_body`` separated by " / " ("Tỉnh ủy Hà Tĩnh / Ban Dân
    vận"): all of them are then parent lines.
    """
    parent = [part.strip() for part in contest.organiser_body.replace("\n", " / ").split(" / ") if part.strip()]
    issuer = _("Ban Tổ chức Hội thi") if contest.kind == ContestKind.HOI_THI else _("Ban Tổ chức")
    return parent, issuer


def header_context(contest) -> dict:
    parent, issuer = issuing_body(contest)
    return {
        "issuer_parent": parent,
        "issuer": issuer,
        # Without a place recorded on the contest, a dotted blank to fill in by hand.
        "place": contest.document_place,
        "year": contest.year,
        # The heading follows the issuer (contest.core.officialdom): a Party body's sheets too.
        "party": contest.effective_document_format == DocumentFormat.PARTY,
    }


@in_official_language
def score_sheets_pdf(round, judges=None) -> bytes:
    """Blank score sheets of ``round`` for ``judges`` (default: the whole jury) as ONE document."""
    packets = judge_packets(round, judges)
    if judges is not None and len(packets) == 1:
        title = _("Phiếu chấm điểm – %(round)s – %(judge)s") % {
            "round": round.public_name or round.contest.name,
            "judge": packets[0].judge.display_name,
        }
    else:
        title = _("Phiếu chấm điểm – %(round)s") % {"round": round.public_name or round.contest.name}
    context = {
        **header_context(round.contest),
        "round": round,
        "packets": packets,
        "no_sheets": not any(p.sheets for p in packets),
        "pdf_title": title,
    }
    return render_pdf(
        "contest/judging/pdf/score_sheet.html",
        context,
        title=title,
        author=round.contest.organiser_body,
        subject=round.contest.name,
        keywords=tuple(filter(None, (_("phiếu chấm điểm"), round.contest.name, round.public_name))),
    )
