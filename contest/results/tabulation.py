"""Tabulation: turn a round's submitted score sheets into its result table.

Reads the database in a fixed number of queries (criteria, entries, score sums, assignments, jury,
policy, tiers, tie decisions), whatever the size of the round. The scores themselves (700,000 for
10,000 entries × 7 judges × 10 criteria) never reach Python: contest/results/score_sums.py sums
them in the database per sheet and part and per entry and criterion. Every rule is left to the
pure modules: contest/scoring.py (totals, aggregation, normalisation, discrepancy) and
contest/ranking.py (ranks, tie-breaks, bands, prizes, advancement). Nothing is written here: freezing a table is
contest/services/results.py's job.

Only submitted sheets count. A part score is the aggregate of the judges' totals on the part's
jury criteria plus the secretariat's points on that part (multiple-choice answers); an entry's
score is the sum of its parts. An entry with no submitted jury sheet gets no score and no rank.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from contest.judging.enums import CriterionScorer
from contest.judging.models import Assignment, Criterion, JuryMembership, RoundEntry
from contest.results import ranking, scoring, vote_share
from contest.results.enums import RankingScope
from contest.results.models import PrizeTier, ResultsPolicy, TieDecision
from contest.results.score_sums import score_sums
from contest.voting.enums import Purpose
from contest.voting.models import VoteSettings
from contest.voting.services.tally import tally


@dataclass
class EntryResult:
    entry_id: int
    code: int
    title: str
    unit_name: str
    field_name: str
    group_name: str
    scope_label: str = ""
    sheet_count: int = 0
    pending: int = 0
    secretariat_missing: bool = False  # its secretariat-scored criteria are not all entered yet
    judge_totals: dict = field(default_factory=dict)  # judge id → raw total over all parts
    part_scores: dict = field(default_factory=dict)  # part → score
    criterion_means: dict = field(default_factory=dict)  # criterion key → mean
    score: Decimal | None = None
    discrepant: bool = False
    spread: Decimal = Decimal(0)
    rank: int | None = None
    shared: bool = False
    decided_by: str = ""
    band: str = ""
    prize_code: str = ""
    prize_name: str = ""
    part_prizes: list = field(default_factory=list)
    advances: bool = False
    # When the public vote is a share of the score (vote_share.py): ``score`` becomes the final
    # score, and the jury's own score and rank and the vote are kept here.
    jury_score: Decimal | None = None
    jury_rank: int | None = None
    vote_count: int | None = None
    vote_score: Decimal | None = None


@dataclass
class VoteShare:
    """The public vote as a share of this round's final score. ``counts`` is None until the vote is
    sealed: counts per entry stay hidden from everyone while voting, so no final score exists."""

    percent: Decimal
    cap: Decimal
    sealed: bool
    seal_digest: str = ""
    counts: dict | None = None  # entry id → valid votes (voided ones never count)

    @property
    def applied(self) -> bool:
        return self.counts is not None


def vote_share_of(round) -> VoteShare | None:
    vote = VoteSettings.objects.filter(round=round, enabled=True, purpose=Purpose.SCORE_SHARE).first()
    if vote is None:
        return None
    share = VoteShare(
        percent=vote.score_share,
        cap=round.contest.vote_share_cap,
        sealed=vote.sealed_at is not None,
        seal_digest=vote.seal_digest,
    )
    if share.sealed:
        share.counts = {row.entry_id: row.valid for row in tally(round)}
    return share


@dataclass
class Table:
    round: object
    policy: ResultsPolicy
    rows: list  # EntryResult, by scope, rank, code
    criteria: list  # (key, name, max_points, part), in rubric order
    judges: dict  # judge id → display name, in jury order
    tiers: list
    unresolved: list = field(default_factory=list)  # (scope label, tier name, [codes])
    unawarded: list = field(default_factory=list)  # (scope label, tier name)
    max_total: Decimal = Decimal(0)
    short_names: dict = field(default_factory=dict)  # key → the short name tables print
    vote: VoteShare | None = None  # the public vote, when it is a share of the score

    @property
    def pending_sheets(self) -> int:
        return sum(r.pending for r in self.rows)

    @property
    def secretariat_missing(self) -> list:
        return sorted(r.code for r in self.rows if r.secretariat_missing)

    def pseudonyms(self) -> dict:
        """ "GK 1", "GK 2" … in jury order: how judges appear to anyone but the organisers."""
        return {judge_id: f"GK {i}" for i, judge_id in enumerate(self.judges, start=1)}


def policy_for(round) -> ResultsPolicy:
    policy = ResultsPolicy.objects.filter(round=round).first()
    return policy or ResultsPolicy(round=round)


def criterion_keys(criteria) -> dict:
    """criterion id → key: the code, qualified by the part when two parts reuse a code (as the
    audit log and the score export name them)."""
    codes = defaultdict(set)
    for c in criteria:
        codes[c.code].add(c.rubric.part)
    return {c.pk: c.code if len(codes[c.code]) == 1 else f"{c.rubric.part}/{c.code}" for c in criteria}


def _part_maxima(criteria, weights) -> dict:
    """part → the highest total the jury can give on it (the largest of its field-specific
    rubrics); secretariat criteria are not the jury's and are left out."""
    per_rubric = defaultdict(Decimal)
    part_of = {}
    for c in criteria:
        if c.counts_toward_total and c.scored_by == CriterionScorer.JURY:
            per_rubric[c.rubric_id] += scoring.parse_value(c.max_points) * weights[c.pk]
            part_of[c.rubric_id] = c.rubric.part
    maxima = defaultdict(Decimal)
    for rubric_id, total in per_rubric.items():
        maxima[part_of[rubric_id]] = max(maxima[part_of[rubric_id]], total)
    return maxima


def _needing_secretariat(criteria, field_of):
    """entry id → whether the rubrics that apply to it (per part, the entry's field's rubric over the
    all-fields one, as sheets.rubrics_for chooses) have a counting secretariat criterion."""
    rubrics = {c.rubric_id: c.rubric for c in criteria}
    with_secretariat = {
        c.rubric_id for c in criteria if c.counts_toward_total and c.scored_by == CriterionScorer.SECRETARIAT
    }
    if not with_secretariat:
        return lambda entry_id: False

    def needs(entry_id):
        chosen = {}
        for rubric in rubrics.values():
            if rubric.field_id not in (None, field_of[entry_id]):
                continue
            current = chosen.get(rubric.part)
            if current is None or (current.field_id is None and rubric.field_id is not None):
                chosen[rubric.part] = rubric
        return any(r.pk in with_secretariat for r in chosen.values())

    return needs


def jury_order(round) -> list:
    """The jury's recorded decisions, latest first: a later decision overrides an earlier one."""
    order = []
    for decision in TieDecision.objects.filter(round=round).order_by("-decided_at", "-id"):
        order.extend(e for e in decision.entry_order if e not in order)
    return order


def tabulate(round, *, method=None) -> Table:
    """The round's result table under its policy (or under ``method``, for the sensitivity check)."""
    policy = policy_for(round)
    method = method or policy.method
    criteria = list(
        Criterion.objects.filter(rubric__round=round)
        .select_related("rubric")
        .order_by("rubric__order", "rubric_id", "order", "id")
    )
    keys = criterion_keys(criteria)
    by_id = {c.pk: c for c in criteria}
    parts = list(dict.fromkeys(c.rubric.part for c in criteria))

    rows, field_of = {}, {}
    for re in RoundEntry.objects.filter(round=round).select_related("entry__unit", "entry__field", "group"):
        field_of[re.entry_id] = re.entry.field_id
        rows[re.entry_id] = EntryResult(
            entry_id=re.entry_id,
            code=re.code,
            title=re.entry.title,
            unit_name=re.entry.unit.name,
            field_name=re.entry.field.name if re.entry.field_id else "",
            group_name=re.group.name if re.group_id else "",
        )

    weights = {c.pk: scoring.parse_value(c.weight) for c in criteria}
    sums = score_sums(round, criteria, parts)
    jury_totals, secretariat_totals = sums.jury_totals, sums.secretariat_totals
    criterion_sums, criterion_counts = sums.criterion_sums, sums.criterion_counts
    submitted, secretariat_done = sums.submitted, sums.secretariat_done
    assigned = set(Assignment.objects.filter(round=round).values_list("entry_id", "judge_id"))
    # An entry nobody scores (no assignment left, no submitted sheet: a Hội thi team absent all
    # day) gets no score, so its missing secretariat points cannot hold up the freeze.
    judged = {entry_id for entry_id, _judge in assigned | submitted}
    needs_secretariat = _needing_secretariat(criteria, field_of)
    for entry_id, row in rows.items():
        row.secretariat_missing = (
            entry_id in judged and needs_secretariat(entry_id) and entry_id not in secretariat_done
        )
    for entry_id, _judge in assigned - submitted:
        if entry_id in rows:
            rows[entry_id].pending += 1
    judges_of = defaultdict(set)
    for entry_id, judge_id in submitted:
        judges_of[entry_id].add(judge_id)

    part_max = _part_maxima(criteria, weights)
    normalised = {}
    for part in parts:
        if (policy.part_methods or {}).get(part, method) == scoring.NORMALISED:
            part_totals = {(j, e): t for (e, j, p), t in jury_totals.items() if p == part}
            normalised[part] = scoring.normalise_by_judge(part_totals, max_total=part_max[part] or Decimal(100))

    for entry_id, row in rows.items():
        judges = sorted(judges_of.get(entry_id, ()))
        row.sheet_count = len(judges)
        for judge_id in judges:
            row.judge_totals[judge_id] = scoring.round_score(
                sum((jury_totals.get((entry_id, judge_id, p), Decimal(0)) for p in parts), Decimal(0))
            )
        for criterion_id in by_id:
            count = criterion_counts.get((entry_id, criterion_id))
            if count:
                row.criterion_means[keys[criterion_id]] = scoring.round_score(
                    criterion_sums[(entry_id, criterion_id)] / count
                )
        if not judges:
            continue
        total = Decimal(0)
        for part in parts:
            part_method = (policy.part_methods or {}).get(part, method)
            if part in normalised:
                values = [normalised[part].get((j, entry_id), Decimal(0)) for j in judges]
            else:
                values = [jury_totals.get((entry_id, j, part), Decimal(0)) for j in judges]
            has_jury = part_max[part] > 0
            part_score = (
                scoring.aggregate(values, part_method, trim_min_sheets=policy.trim_min_sheets)
                if has_jury
                else Decimal(0)
            )
            part_score += secretariat_totals.get((entry_id, part), Decimal(0))
            row.part_scores[part] = scoring.round_score(part_score)
            total += row.part_scores[part]
        row.score = scoring.round_score(total)
        row.spread = scoring.spread(row.judge_totals.values())
        row.discrepant = scoring.is_discrepant(list(row.judge_totals.values()), threshold=policy.discrepancy_threshold)
        row.band = ranking.classify(row.score) or ""

    table = Table(
        round=round,
        policy=policy,
        rows=[],
        criteria=[(keys[c.pk], c.name, c.max_points, c.rubric.part) for c in criteria],
        short_names={keys[c.pk]: c.label for c in criteria},
        judges={
            m.judge_id: m.judge.display_name
            for m in JuryMembership.objects.filter(round=round).select_related("judge").order_by("-is_head", "id")
        },
        tiers=list(PrizeTier.objects.filter(round=round).order_by("part", "order", "id")),
        max_total=sum(part_max.values(), Decimal(0))
        + sum(
            (
                scoring.parse_value(c.max_points) * weights[c.pk]
                for c in criteria
                if c.counts_toward_total and c.scored_by == CriterionScorer.SECRETARIAT
            ),
            Decimal(0),
        ),
    )
    table.vote = vote_share_of(round)
    _rank_and_award(table, list(rows.values()), jury_order(round))
    return table


def _scope_of(policy, row) -> str:
    if policy.scope == RankingScope.FIELD:
        return row.field_name
    if policy.scope == RankingScope.GROUP:
        return row.group_name
    return ""


def _add_the_vote(table, scored, policy, jury_order):
    """One ranking table's final scores: the jury's rank first (kept beside the final one), then
    the vote's share added (vote_share.py). Ties in the final score go through the same jury
    tie-break chain as before."""
    tie_codes = list(policy.tie_break_criteria or [])
    jury_ranked = ranking.rank(
        [
            ranking.Candidate(
                key=r.entry_id,
                score=r.score,
                tie_values=tuple(r.criterion_means.get(code, Decimal(-1)) for code in tie_codes),
                judge_totals=r.judge_totals,
            )
            for r in scored
        ],
        use_judges=policy.tie_break_by_judges,
        jury_order=jury_order,
    )
    rank_of = {item.key: item.rank for item in jury_ranked}
    counts = table.vote.counts
    combined = vote_share.combine(
        {r.entry_id: (r.score, counts.get(r.entry_id, 0)) for r in scored},
        percent=table.vote.percent,
        max_total=table.max_total,
    )
    for r in scored:
        parts = combined[r.entry_id]
        r.jury_score, r.jury_rank = r.score, rank_of[r.entry_id]
        r.vote_count, r.vote_score, r.score = parts.votes, parts.vote_score, parts.final


def _rank_and_award(table, rows, jury_order):
    policy = table.policy
    tie_codes = list(policy.tie_break_criteria or [])
    overall_tiers = [t for t in table.tiers if not t.part]
    part_tiers = defaultdict(list)
    for t in table.tiers:
        if t.part:
            part_tiers[t.part].append(t)

    scopes = defaultdict(list)
    for row in rows:
        row.scope_label = _scope_of(policy, row)
        scopes[row.scope_label].append(row)

    for label in sorted(scopes):
        scored = [r for r in scopes[label] if r.score is not None]
        by_id = {r.entry_id: r for r in scored}
        if table.vote is not None and table.vote.applied:
            _add_the_vote(table, scored, policy, jury_order)
        candidates = [
            ranking.Candidate(
                key=r.entry_id,
                score=r.score,
                tie_values=tuple(r.criterion_means.get(code, Decimal(-1)) for code in tie_codes),
                judge_totals=r.judge_totals,
            )
            for r in scored
        ]
        ranked = ranking.rank(candidates, use_judges=policy.tie_break_by_judges, jury_order=jury_order)
        for item in ranked:
            row = by_id[item.key]
            row.rank, row.shared, row.decided_by = item.rank, item.shared, item.decided_by or ""
        names = {t.code: t.name for t in table.tiers}
        allocation = ranking.allocate(
            ranked,
            [ranking.Tier(t.code, t.quota, t.min_score) for t in overall_tiers],
            min_score=policy.min_prize_score,
            cap_share=policy.prize_cap_share,
            shared=policy.shared_prizes,
        )
        for key, code in allocation.awards.items():
            by_id[key].prize_code, by_id[key].prize_name = code, names[code]
        table.unresolved += [
            (label, names[code], sorted(by_id[k].code for k in keys)) for code, keys in allocation.unresolved
        ]
        table.unawarded += [(label, names[code]) for code in allocation.unawarded]

        for part, tiers in part_tiers.items():
            part_ranked = ranking.rank(
                [ranking.Candidate(r.entry_id, r.part_scores[part]) for r in scored if part in r.part_scores],
                use_judges=False,
            )
            part_allocation = ranking.allocate(
                part_ranked,
                [ranking.Tier(t.code, t.quota, t.min_score) for t in tiers],
                min_score=None,
                shared=policy.shared_prizes,
            )
            for key, code in part_allocation.awards.items():
                by_id[key].part_prizes.append(names[code])
            table.unresolved += [
                (label, names[code], sorted(by_id[k].code for k in keys)) for code, keys in part_allocation.unresolved
            ]

    if policy.advance_top or policy.advance_threshold is not None:
        # "Top N per cluster": clusters when the round has them, else the ranking scopes.
        clusters = defaultdict(list)
        for row in rows:
            if row.score is not None:
                clusters[row.group_name or row.scope_label].append(row)
        for members in clusters.values():
            ranked = ranking.rank(
                [ranking.Candidate(r.entry_id, r.score, judge_totals=r.judge_totals) for r in members],
                use_judges=policy.tie_break_by_judges,
                jury_order=jury_order,
            )
            chosen = set(ranking.advance(ranked, top=policy.advance_top, threshold=policy.advance_threshold))
            for r in members:
                r.advances = r.entry_id in chosen

    table.rows = sorted(rows, key=lambda r: (r.scope_label, r.rank is None, r.rank or 0, r.code))
