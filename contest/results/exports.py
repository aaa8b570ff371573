"""A round's results as spreadsheets: the ranking, the score matrix (entry × judge × criterion),
the public CSV of a published snapshot, and the fairness report as plain data.

Each export is (headers, rows) built once and written by the one writer
(:mod:`contest.spreadsheets.writer`): numbers are numeric cells in XLSX and dot decimals in CSV
(the CSV is for machines and for anyone recomputing the ranking), every text cell and header is
formula-safe (a criterion or an entry may be named "=…").

Scores are those the jury signs: rounded half up to 2 decimals (contest/scoring.py). The score
matrix streams its scores (one query, in chunks) and the writer writes sheet by sheet, so a round
of 700,000 scores never sits in memory as objects; it reads the database in a fixed number of
queries.
"""

from django.db.models import F
from django.utils.translation import gettext as _

from contest.core.errors import DomainError
from contest.core.models import User
from contest.judging.enums import CriterionScorer, SheetKind, SheetStatus
from contest.judging.models import Criterion, JuryMembership, RoundEntry, Score, ScoreSheet
from contest.results import fairness, scoring, tabulation
from contest.results import labels as words
from contest.results.enums import AggregationMethod, RankingScope, SnapshotStatus
from contest.results.public import is_distinguished, withholds_scores
from contest.spreadsheets import writer

SCORE_CHUNK = 10_000  # scores fetched per round trip when the export streams them one by one


# ---------------------------------------------------------------------------------------------
# Ranking
# ---------------------------------------------------------------------------------------------


def _criterion_columns(round):
    """[(key, short name)] of the round's criteria in rubric order, keyed as the tabulation keys them."""
    criteria = list(
        Criterion.objects.filter(rubric__round=round)
        .select_related("rubric")
        .order_by("rubric__order", "rubric_id", "order", "id")
    )
    keys = tabulation.criterion_keys(criteria)
    return [(keys[c.pk], c.label) for c in criteria], criteria, keys


def _mean_headers(columns):
    """ "TB Hiệu quả": the criterion's short name (its code only tells two parts' homonyms apart)."""
    return [_("TB %(name)s") % {"name": name} for name in _criterion_headers(columns)]


def _criterion_headers(columns):
    """A score column per criterion: its short name (a homonym in another part gets the part)."""
    names = [label for _key, label in columns]
    return [label if names.count(label) == 1 else f"{label} ({key.split('/')[0]})" for key, label in columns]


def ranking_headers(columns):
    return [
        _("Hạng"),
        _("Đồng hạng"),
        _("Số hiệu"),
        _("Tên hồ sơ"),
        _("Đơn vị"),
        _("Lĩnh vực"),
        _("Bảng xếp hạng"),
        _("Điểm"),
        *_mean_headers(columns),
        _("Xếp loại"),
        _("Giải"),
        _("Giải phần thi"),
        _("Vào vòng sau"),
        _("Số phiếu"),
        _("Độ chênh"),
        _("Chênh lệch"),
    ]


def _decimal(value):
    return None if value in (None, "") else scoring.parse_value(value)


def ranking_from_table(table):
    """(headers, rows) of a live tabulation (contest.results.tabulation.Table)."""
    columns = [(key, table.short_names.get(key, name)) for key, name, _max, _part in table.criteria]
    rows = (
        [
            r.rank,
            r.shared,
            words.entry_number(r.code),
            r.title,
            r.unit_name,
            r.field_name,
            r.scope_label,
            r.score,
            *(r.criterion_means.get(key) for key, _name in columns),
            words.band_label(r.band),
            r.prize_name,
            "; ".join(r.part_prizes),
            r.advances,
            r.sheet_count,
            r.spread if r.sheet_count > 1 else None,
            r.discrepant,
        ]
        for r in table.rows
    )
    return ranking_headers(columns), rows


def _snapshot_rows(snapshot):
    return snapshot.rows.select_related("entry__unit", "entry__field").order_by("scope_label", "rank", "code")


def ranking_from_snapshot(snapshot):
    """(headers, rows) of a frozen snapshot: the values as they were frozen (titles and units as
    they are now)."""
    columns, _criteria, _keys = _criterion_columns(snapshot.round)
    rows = (
        [
            r.rank,
            r.shared_rank,
            words.entry_number(r.code),
            r.entry.title,
            r.entry.unit.name,
            r.entry.field.name if r.entry.field_id else "",
            r.scope_label,
            _decimal(r.score),
            *(_decimal(r.criterion_means.get(key)) for key, _name in columns),
            words.band_label(r.band),
            r.prize_name,
            "; ".join(r.part_prizes or []),
            r.advances,
            r.sheet_count,
            _spread(r.judge_totals) if r.sheet_count > 1 else None,
            r.discrepant,
        ]
        for r in _snapshot_rows(snapshot)
    )
    return ranking_headers(columns), rows


def _spread(judge_totals):
    return scoring.spread((judge_totals or {}).values())


# ---------------------------------------------------------------------------------------------
# The settings a ranking was computed with (printed by compute_ranking, a sheet of its XLSX)
# ---------------------------------------------------------------------------------------------


def policy_parameters(policy, *, method=None) -> dict:
    """The parameters of a live tabulation, keyed as a snapshot stores them (snapshots._parameters)."""
    return {
        "method": method or policy.method,
        "part_methods": {} if method else (policy.part_methods or {}),
        "trim_min_sheets": policy.trim_min_sheets,
        "discrepancy_threshold": str(policy.discrepancy_threshold),
        "scope": policy.scope,
        "tie_break_criteria": list(policy.tie_break_criteria or []),
        "tie_break_by_judges": policy.tie_break_by_judges,
    }


def _method_label(code):
    return f"{AggregationMethod(code).label} ({code})" if code in AggregationMethod.values else str(code)


def ranking_settings(round, parameters: dict, *, status: str) -> list[tuple[str, str]]:
    """(setting, value) lines in Vietnamese: how the scores were aggregated, when the highest and
    lowest totals are dropped, the tie-break chain in order, the discrepancy threshold."""
    names = {c.code: c.label for c in Criterion.objects.filter(rubric__round=round).only("code", "name", "short_name")}
    method = parameters.get("method", AggregationMethod.MEAN)
    methods = _method_label(method)
    for part, code in (parameters.get("part_methods") or {}).items():
        methods += "; " + _("phần “%(part)s”: %(method)s") % {"part": part, "method": _method_label(code)}
    chain = [
        _("TB “%(name)s” cao hơn") % {"name": names[code]}
        if code in names
        else _("%(code)s (không có trong thang điểm của vòng, không xét)") % {"code": code}
        for code in parameters.get("tie_break_criteria") or []
    ]
    if parameters.get("tie_break_by_judges", True):
        chain.append(_("nhiều giám khảo xếp cao hơn"))
    chain.append(_("quyết định của Ban Giám khảo"))
    scope = parameters.get("scope") or RankingScope.OVERALL
    return [
        (_("Vòng thi"), " – ".join(filter(None, [round.contest.name, round.public_name]))),
        (_("Kết quả"), status),
        (_("Cách tổng hợp điểm"), methods),
        (
            _("Bỏ điểm cao nhất và thấp nhất khi có từ"),
            _("%(n)s phiếu (chỉ với cách bỏ điểm cao nhất, thấp nhất)") % {"n": parameters.get("trim_min_sheets")},
        ),
        (_("Phân định khi bằng điểm"), " → ".join(chain)),
        (
            _("Ngưỡng chênh lệch điểm"),
            _("%(threshold)s điểm giữa tổng cao nhất và thấp nhất của các giám khảo")
            % {"threshold": scoring.format_score(parameters.get("discrepancy_threshold", scoring.DEFAULT_DISCREPANCY))},
        ),
        (_("Phạm vi xếp hạng"), str(RankingScope(scope).label) if scope in RankingScope.values else scope),
    ]


VOTE_HEADERS = (
    _("Điểm Ban Giám khảo"),
    _("Hạng theo Ban Giám khảo"),
    _("Lượt bình chọn hợp lệ"),
    _("Điểm bình chọn"),
)


def public_headers(columns, *, vote=False):
    return [
        _("Hạng"),
        _("Số hiệu"),
        _("Tên hồ sơ"),
        _("Đơn vị"),
        _("Bảng xếp hạng"),
        _("Điểm chung cuộc") if vote else _("Điểm"),
        *(VOTE_HEADERS if vote else ()),
        _("Giải"),
        _("Phân định bằng"),
        *_mean_headers(columns),
    ]


def public_rows(snapshot, *, provisional=False):
    """(headers, rows) of a *published* snapshot for the public CSV: everything needed to check
    the ranking (see docs/tu-dong-hoa.md), no judge. ``provisional``: the caller checked that this
    frozen snapshot is the provisional list out for opinions (contest/notices/public.py)."""
    allowed = (SnapshotStatus.PUBLISHED, SnapshotStatus.FROZEN) if provisional else (SnapshotStatus.PUBLISHED,)
    if snapshot.status not in allowed:
        raise DomainError(_("Kết quả này chưa được công bố."))
    columns, _criteria, _keys = _criterion_columns(snapshot.round)
    tie_codes = list(snapshot.parameters.get("tie_break_criteria") or [])
    short_names = dict(columns)
    vote = bool(snapshot.parameters.get("vote_share"))
    rows = (
        [
            r.rank,
            words.entry_number(r.code),
            r.entry.title,
            r.entry.unit.name,
            r.scope_label,
            _decimal(r.score),
            *((_decimal(r.jury_score), r.jury_rank, r.vote_count, _decimal(r.vote_score)) if vote else ()),
            r.prize_name,
            words.decided_label(r.decided_by, tie_codes, short_names),
            *(_decimal(r.criterion_means.get(key)) for key, _name in columns),
        ]
        for r in _disclosed(snapshot, _snapshot_rows(snapshot))
    )
    return public_headers(columns, vote=vote), rows


def _disclosed(snapshot, rows):
    """The rows as ranked or, when the contest publishes winners' scores only, each table's
    winners first and then the others by number, without rank, scores or tie-break (public.py)."""
    if not withholds_scores(snapshot.round.contest):
        return rows
    rows = list(rows)
    withheld = {r.pk for r in rows if not is_distinguished(prizes=r.prize_name or r.part_prizes, advances=r.advances)}
    for r in rows:
        if r.pk in withheld:
            r.rank, r.score, r.decided_by, r.criterion_means = None, None, "", {}
            r.jury_score, r.jury_rank, r.vote_score = None, None, None
    return sorted(rows, key=lambda r: (r.scope_label, r.pk in withheld, r.code if r.pk in withheld else 0))


def public_csv(snapshot, *, provisional=False) -> bytes:
    return writer.csv_bytes(*public_rows(snapshot, provisional=provisional))


# ---------------------------------------------------------------------------------------------
# Score matrix
# ---------------------------------------------------------------------------------------------


def _judge_labels(round, *, names):
    """judge id → label: "GK 1", "GK 2" … in jury order (head first), as Table.pseudonyms(); or
    the judges' names. A judge who left the jury after scoring still has sheets: numbered after."""
    members = list(JuryMembership.objects.filter(round=round).select_related("judge").order_by("-is_head", "id"))
    judges = [m.judge for m in members]
    member_ids = {j.pk for j in judges}
    scorers = ScoreSheet.objects.filter(round=round, kind=SheetKind.JURY, status=SheetStatus.SUBMITTED).values(
        "judge_id"
    )
    judges += list(User.objects.filter(pk__in=scorers).exclude(pk__in=member_ids).order_by("id"))
    if names:
        return {j.pk: j.display_name for j in judges}
    return {j.pk: f"GK {i}" for i, j in enumerate(judges, start=1)}


def matrix_rows(round, *, names=False):
    """(headers, rows) with one row per submitted jury sheet: number, title, judge, the value of
    each jury criterion (empty when missing), the sheet's weighted total; by entry number, then
    judges in jury order. ``names``: judges' names instead of pseudonyms (organisers only).

    Five queries whatever the size; the scores are streamed and the rows generated lazily."""
    _columns, criteria, keys = _criterion_columns(round)
    jury = [c for c in criteria if c.scored_by == CriterionScorer.JURY]
    position = {c.pk: i for i, c in enumerate(jury)}
    labels = _judge_labels(round, names=names)
    order = {judge_id: i for i, judge_id in enumerate(labels)}
    titles = dict(RoundEntry.objects.filter(round=round).values_list("entry_id", "entry__title"))
    headers = [
        _("Số hiệu"),
        _("Tên hồ sơ"),
        _("Giám khảo"),
        *_criterion_headers([(keys[c.pk], c.label) for c in jury]),
        _("Tổng điểm phiếu"),
    ]
    # The entry's number comes from the same join that filters on the round: one row per score.
    scores = (
        Score.objects.filter(
            sheet__round=round,
            sheet__kind=SheetKind.JURY,
            sheet__status=SheetStatus.SUBMITTED,
            sheet__entry__round_entries__round=round,
        )
        .annotate(entry_code=F("sheet__entry__round_entries__code"))
        .order_by("entry_code", "sheet__entry_id", "sheet_id")
        .values_list("entry_code", "sheet__entry_id", "sheet_id", "sheet__judge_id", "criterion_id", "value")
    )

    def row(code, entry_id, judge_id, values):
        cells = [None] * len(jury)
        for criterion_id, value in values.items():
            if criterion_id in position:
                cells[position[criterion_id]] = value
        total = scoring.sheet_total(values, jury, key=lambda c: c.pk)
        return [words.entry_number(code), titles.get(entry_id, ""), labels.get(judge_id, ""), *cells, total]

    def generate():
        # Sheets of one entry are gathered, then written in jury order: never more than one
        # entry's sheets in memory.
        current, sheets = None, {}
        for code, entry_id, sheet_id, judge_id, criterion_id, value in scores.iterator(chunk_size=SCORE_CHUNK):
            if entry_id != current:
                yield from _flush(current, sheets)
                current, sheets = entry_id, {}
            sheets.setdefault(sheet_id, (code, judge_id, {}))[2][criterion_id] = value
        yield from _flush(current, sheets)

    def _flush(entry_id, sheets):
        for code, judge_id, values in sorted(sheets.values(), key=lambda s: (order.get(s[1], len(order)), s[1])):
            yield row(code, entry_id, judge_id, values)

    return headers, generate()


# ---------------------------------------------------------------------------------------------
# Fairness report, as data (manage.py fairness_report; JSON-ready)
# ---------------------------------------------------------------------------------------------


def _money(value):
    return None if value is None else f"{value:.2f}"


def fairness_report(round, *, names=False) -> dict:
    """Leniency per judge, pairwise agreement, and the prizes each other aggregation method would
    change, on the round's submitted sheets. Judges are pseudonyms ("GK 1" …) unless ``names``.

    Sensitivity tabulates the round once per method (same policy, tiers and tie-break chain, only
    the method differs), so scopes, parts and the secretariat's points are taken into account.
    """
    table = tabulation.tabulate(round)
    labels = dict(table.pseudonyms() if not names else table.judges)
    totals = {(judge_id, r.entry_id): total for r in table.rows for judge_id, total in r.judge_totals.items()}
    for judge_id, _entry in totals:
        labels.setdefault(judge_id, f"#{judge_id}")
    position = {judge_id: i for i, judge_id in enumerate(labels)}
    leniency = fairness.leniency(totals)
    codes = {r.entry_id: r.code for r in table.rows}
    agreement = fairness.agreement(totals)
    current = table.policy.method
    sensitivity = {}
    before = {r.entry_id: r for r in table.rows}
    for method in scoring.AGGREGATION_METHODS:
        if method == current:
            continue
        after = {r.entry_id: r for r in tabulation.tabulate(round, method=method).rows}
        sensitivity[method] = [
            {
                "code": codes[entry_id],
                "current": before[entry_id].prize_name or None,
                "other": after[entry_id].prize_name or None,
                "current_rank": before[entry_id].rank,
                "other_rank": after[entry_id].rank,
            }
            for entry_id in sorted(before, key=codes.get)
            if (before[entry_id].prize_name, before[entry_id].part_prizes)
            != (after[entry_id].prize_name, after[entry_id].part_prizes)
        ]
    return {
        "round": round.pk,
        "method": current,
        "judges": [labels[j] for j in labels],
        "sheets": len(totals),
        "leniency": {labels[j]: _money(v) for j, v in sorted(leniency.items(), key=lambda item: position[item[0]])},
        "agreement": {
            "pairs": [
                {
                    "judge_a": labels[p.judge_a],
                    "judge_b": labels[p.judge_b],
                    "common": p.common,
                    "spearman": None if p.spearman is None else round_float(p.spearman),
                    "mean_abs_difference": _money(p.mean_abs_difference),
                }
                for p in agreement.pairs
            ],
            "spearman": None if agreement.spearman is None else round_float(agreement.spearman),
            "mean_abs_difference": _money(agreement.mean_abs_difference),
        },
        "sensitivity": sensitivity,
    }


def round_float(value, places=2):
    return round(value, places)


def method_label(method) -> str:
    return str(AggregationMethod(method).label) if method in AggregationMethod.values else method
