"""Back-office page "Kết quả": per round, the rules of the results (policy and prize tiers), the
ranking table, charts of the scores, the fairness report, the jury's tie decisions, freezing and
publishing, and the history of the round's snapshots.

Looking needs ``results.view`` (organisers and the secretariat); the judges' names need
``results.see_judge_names`` (organisers; everyone else reads "GK 1", "GK 2" … in jury order);
every POST needs ``results.manage`` (organisers). Each POST carries an ``action``, is parsed by one
small form and calls one service (contest/services/results_policy.py, contest/services/results.py);
a refusal comes back as a message.

The round is tabulated once per request (contest/tabulation.py, a fixed number of queries); when
a snapshot is in force the table shows its rows (one more query) instead of the live numbers.
Only the rows of the current page (200) are formatted for display.
"""

from collections import defaultdict
from decimal import Decimal

from django import forms
from django.core.paginator import Paginator
from django.db.models import CharField, IntegerField, OuterRef, Subquery
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages

from contest.core.backoffice.sections import RoundIndexPage, RoundPage, count_per_round, register_section
from contest.core.enums import ScoreDisclosure
from contest.core.errors import DomainError
from contest.core.http import recorded_ip as _client_ip
from contest.core.numbers import format_number, typed_number
from contest.judging.models import Criterion, RoundEntry
from contest.results import charts, documents, fairness, labels, ranking, tabulation
from contest.results.backoffice.revocation import RevocationView
from contest.results.enums import AggregationMethod, Band, RankingScope, SnapshotStatus
from contest.results.models import PrizeTier, ResultRow, ResultSnapshot
from contest.results.scoring import format_score, parse_value
from contest.results.services import policy as results_policy
from contest.results.services import snapshots as results

VIEW_PERMISSION = "results.view"
NAMES_PERMISSION = "results.see_judge_names"
MANAGE_PERMISSION = "results.manage"
ROWS_PER_PAGE = 200
# Places offered in the tie-break chain (more when the saved chain is longer).
TIE_BREAK_PLACES = 3
HISTOGRAM_BINS = 10


# -- Forms ------------------------------------------------------------------------------------


class _DecimalText(forms.CharField):
    """A number typed the Vietnamese way ("20,5"); the service checks its range."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)


class PolicyForm(forms.Form):
    method = forms.ChoiceField(label=gettext_lazy("Cách tổng hợp điểm"), choices=AggregationMethod.choices)
    trim_min_sheets = forms.IntegerField(
        label=gettext_lazy("Số phiếu tối thiểu để bỏ điểm cao nhất và thấp nhất"), min_value=3, max_value=100
    )
    discrepancy_threshold = _DecimalText(
        label=gettext_lazy("Ngưỡng chênh lệch điểm giữa các giám khảo"),
        help_text=gettext_lazy("Mặc định 20 (trên thang 100)."),
    )
    scope = forms.ChoiceField(label=gettext_lazy("Phạm vi xếp hạng"), choices=RankingScope.choices)
    tie_break_by_judges = forms.BooleanField(label=gettext_lazy("Sau đó xét số giám khảo xếp cao hơn"), required=False)
    min_prize_score = _DecimalText(label=gettext_lazy("Điểm tối thiểu để được xét giải"))
    prize_cap_share = _DecimalText(
        label=gettext_lazy("Tỷ lệ giải tối đa (0–1)"),
        help_text=gettext_lazy("Ví dụ 0,3: không quá 30 phần trăm số hồ sơ được giải. Để trống: không giới hạn."),
    )
    shared_prizes = forms.BooleanField(label=gettext_lazy("Cho phép đồng giải"), required=False)
    advance_top = forms.IntegerField(
        label=gettext_lazy("Vào vòng sau: số hồ sơ đứng đầu mỗi cụm"), required=False, min_value=1
    )
    advance_threshold = _DecimalText(label=gettext_lazy("Chọn vào vòng sau: điểm tối thiểu"))

    def __init__(self, *args, criteria=(), chain=(), parts=(), part_methods=None, **kwargs):
        """``criteria``: (key, label) of the round's criteria, offered by name for the tie-break
        chain (one list per place: a chain has an order, which a multiple choice cannot say).
        ``parts``: the round's named parts, each with its own choice of method (or the common one)."""
        super().__init__(*args, **kwargs)
        part_methods = part_methods or {}
        self.part_method_names = {}
        for index, part in enumerate(p for p in parts if p):
            name = f"part_method_{index + 1}"
            self.fields[name] = forms.ChoiceField(
                label=part,
                choices=[("", _("— như cách chung —")), *AggregationMethod.choices],
                required=False,
                initial=part_methods.get(part, ""),
                error_messages={"invalid_choice": _("Hãy chọn một cách trong danh sách.")},
            )
            self.part_method_names[name] = part
        choices = [("", _("— không xét —")), *criteria]
        self.tie_break_names = []
        for place in range(1, min(len(criteria), max(TIE_BREAK_PLACES, len(chain) + 1)) + 1):
            name = f"tie_break_{place}"
            self.fields[name] = forms.ChoiceField(
                label=_("Khi vẫn bằng điểm, xét tiếp tiêu chí") if place > 1 else _("Bằng điểm: xét trước tiêu chí"),
                choices=choices,
                required=False,
                initial=chain[place - 1] if place <= len(chain) else "",
                error_messages={"invalid_choice": _("Hãy chọn một tiêu chí trong danh sách.")},
            )
            self.tie_break_names.append(name)

    @property
    def tie_break_fields(self):
        return [self[name] for name in self.tie_break_names]

    @property
    def part_method_fields(self):
        return [self[name] for name in self.part_method_names]

    def clean(self):
        cleaned = super().clean()
        cleaned["part_methods"] = {
            part: cleaned.pop(name) for name, part in self.part_method_names.items() if cleaned.get(name)
        }
        for name in self.part_method_names:
            cleaned.pop(name, None)
        chain = [cleaned.get(name) for name in self.tie_break_names]
        cleaned["tie_break_criteria"] = [key for key in chain if key]
        for name in self.tie_break_names:
            cleaned.pop(name, None)
        return cleaned

    @classmethod
    def initial_for(cls, policy):
        return {
            "method": policy.method,
            "trim_min_sheets": policy.trim_min_sheets,
            "discrepancy_threshold": format_score(policy.discrepancy_threshold, trim=True),
            "scope": policy.scope,
            "tie_break_by_judges": policy.tie_break_by_judges,
            "min_prize_score": format_score(policy.min_prize_score, trim=True),
            "prize_cap_share": typed_number(policy.prize_cap_share),
            "shared_prizes": policy.shared_prizes,
            "advance_top": policy.advance_top,
            "advance_threshold": format_score(policy.advance_threshold, trim=True, empty=""),
        }


class TierForm(forms.Form):
    # No code to type: the service derives the tier's key from its name.
    name = forms.CharField(label=gettext_lazy("Tên giải"), max_length=150)
    quota = forms.IntegerField(label=gettext_lazy("Số giải"), min_value=1, max_value=10_000)
    min_score = _DecimalText(label=gettext_lazy("Điểm tối thiểu riêng"))
    part = forms.ChoiceField(label=gettext_lazy("Phần thi"), required=False, choices=())
    order = forms.IntegerField(label=gettext_lazy("Thứ tự"), required=False, min_value=0)

    def __init__(self, *args, parts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["part"].choices = [("", _("Giải chung"))] + [(p, p) for p in parts if p]


class TierRefForm(forms.Form):
    tier = forms.IntegerField()


class TieDecisionForm(forms.Form):
    place = forms.TypedMultipleChoiceField(coerce=int, choices=())
    reason = forms.CharField(
        max_length=4000, error_messages={"required": gettext_lazy("Hãy ghi căn cứ quyết định của Ban Giám khảo.")}
    )

    def __init__(self, *args, entry_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = [(pk, pk) for pk in entry_ids]


class SnapshotRefForm(forms.Form):
    snapshot = forms.IntegerField()


# -- Display ----------------------------------------------------------------------------------


def tie_break_chain(table, policy) -> list[tuple[str, str]]:
    """(short name, full name) of each tie-break criterion, in order; a code no rubric of the round
    has is shown as it was typed, marked."""
    names = {key: name for key, name, _max, _part in table.criteria}
    chain = []
    for code in policy.tie_break_criteria or []:
        if code in names:
            chain.append((table.short_names.get(code, names[code]), names[code]))
        else:
            chain.append((code, _("Không có trong thang điểm của vòng: không xét")))
    return chain


class _Display:
    """Formats table rows (live EntryResult or frozen ResultRow) for the template."""

    def __init__(self, table, judge_labels, tie_codes):
        self.criteria = table.criteria
        self.judge_labels = judge_labels
        self.tie_codes = tie_codes
        self.criterion_names = {key: table.short_names.get(key, name) for key, name, _max, _part in table.criteria}
        self.bands = dict(Band.choices)

    def row(
        self,
        *,
        rank,
        shared,
        code,
        title,
        unit,
        field,
        score,
        means,
        totals,
        sheets,
        discrepant,
        decided,
        band,
        prize,
        part_prizes,
        advances,
        scope,
        vote=(None, None, None, None),
    ):
        jury_score, jury_rank, vote_count, vote_score = vote
        return {
            "jury_score": format_score(jury_score),
            "jury_rank": jury_rank,
            "vote_count": vote_count,
            "vote_score": format_score(vote_score),
            "scope": scope,
            "rank": rank,
            "shared": shared,
            "code": code,
            "title": title,
            "unit": unit,
            "field": field,
            "score": format_score(score),
            "means": [format_score(means.get(key)) for key, *_rest in self.criteria],
            "totals": [format_score(totals.get(judge)) for judge in self.judge_labels],
            "sheets": sheets,
            "discrepant": discrepant,
            "decided": labels.decided_label(decided, self.tie_codes, self.criterion_names),
            "band": self.bands.get(band, band),
            "prize": prize,
            "part_prizes": part_prizes,
            "advances": advances,
        }

    def live(self, r):
        return self.row(
            rank=r.rank, shared=r.shared, code=r.code, title=r.title, unit=r.unit_name, field=r.field_name,
            score=r.score, means=r.criterion_means, totals=r.judge_totals, sheets=r.sheet_count,
            discrepant=r.discrepant, decided=r.decided_by, band=r.band, prize=r.prize_name,
            part_prizes=r.part_prizes, advances=r.advances, scope=r.scope_label,
            vote=(r.jury_score, r.jury_rank, r.vote_count, r.vote_score),
        )  # fmt: skip

    def frozen(self, r):
        entry = r.entry
        return self.row(
            rank=r.rank, shared=r.shared_rank, code=r.code, title=entry.title, unit=entry.unit.name,
            field=entry.field.name if entry.field_id else "", score=r.score, means=r.criterion_means,
            totals={int(k): v for k, v in r.judge_totals.items()}, sheets=r.sheet_count, discrepant=r.discrepant,
            decided=r.decided_by, band=r.band, prize=r.prize_name, part_prizes=r.part_prizes,
            advances=r.advances, scope=r.scope_label,
            vote=(r.jury_score, r.jury_rank, r.vote_count, r.vote_score),
        )  # fmt: skip


def _judge_labels(table, snapshot, names_visible) -> dict:
    """judge id → how this reader sees the judge: the jury today, then judges only the snapshot
    still names (a judge removed after freezing keeps their column)."""
    labels = dict(table.judges) if names_visible else table.pseudonyms()
    if snapshot is not None:
        for key, name in (snapshot.parameters.get("judges") or {}).items():
            judge_id = int(key)
            if judge_id not in labels:
                labels[judge_id] = name if names_visible else f"GK {len(labels) + 1}"
    return labels


def _criterion_label(name, max_points) -> str:
    """ "Tính mới, sáng tạo /20", shortened so the maximum survives the chart's label width."""
    suffix = f" /{format_score(max_points, trim=True)}"
    room = charts.LABEL_CHARS - len(suffix)
    return (name if len(name) <= room else name[: room - 1].rstrip(" ,") + "…") + suffix


def _charts(table, judge_labels):
    scored = [r for r in table.rows if r.score is not None]
    per_judge = defaultdict(list)
    for row in scored:
        for judge_id, total in row.judge_totals.items():
            per_judge[judge_id].append(total)
    criterion_values = defaultdict(list)
    for row in scored:
        for key, value in row.criterion_means.items():
            criterion_values[key].append(value)
    highest_criterion = max((parse_value(m) for _k, _n, m, _p in table.criteria), default=Decimal(10))
    max_total = table.max_total or Decimal(100)
    return {
        "judges": charts.box_plot(
            [(label, per_judge.get(judge_id, [])) for judge_id, label in judge_labels.items()],
            max_value=max_total,
            title=_("Tổng điểm mỗi giám khảo đã cho"),
            description=_("Phân bố tổng điểm mỗi giám khảo đã cho các hồ sơ."),
        ),
        "criteria": charts.box_plot(
            [
                (_criterion_label(table.short_names.get(key, name), max_points), criterion_values.get(key, []))
                for key, name, max_points, _part in table.criteria
            ],
            max_value=highest_criterion,
            title=_("Điểm trung bình từng tiêu chí"),
            description=_("Phân bố điểm trung bình của các hồ sơ trên từng tiêu chí, tính bằng điểm của tiêu chí."),
        ),
        "scores": charts.histogram(
            [r.score for r in scored],
            bins=HISTOGRAM_BINS,
            max_value=max_total,
            title=_("Điểm của các hồ sơ"),
            description=_("Số hồ sơ theo từng khoảng điểm."),
            y_label=_("Số hồ sơ"),
        ),
    }


def _signed(value) -> str:
    text = format_score(value)
    return f"+{text}" if value is not None and value > 0 else text


def _fairness(table, judge_labels, jury_order):
    policy = table.policy
    totals = {(judge_id, r.entry_id): total for r in table.rows for judge_id, total in r.judge_totals.items()}
    lenient = fairness.leniency(totals)
    agreement = fairness.agreement(totals)
    tie_codes = list(policy.tie_break_criteria or [])
    tiers = [t for t in table.tiers if not t.part]
    tier_names = {t.code: t.name for t in tiers}
    rows_by_id = {r.entry_id: r for r in table.rows}
    methods = dict(AggregationMethod.choices)

    scopes = defaultdict(dict)
    for (judge_id, entry_id), total in totals.items():
        scopes[rows_by_id[entry_id].scope_label][(judge_id, entry_id)] = total
    changes = {method: [] for method in AggregationMethod.values if method != policy.method}
    if tiers:
        for label in sorted(scopes):
            result = fairness.sensitivity(
                scopes[label],
                current_method=policy.method,
                max_total=table.max_total or Decimal(100),
                tiers=[ranking.Tier(t.code, t.quota, t.min_score) for t in tiers],
                tie_values={
                    r.entry_id: tuple(r.criterion_means.get(code, Decimal(-1)) for code in tie_codes)
                    for r in table.rows
                    if r.scope_label == label
                },
                trim_min_sheets=policy.trim_min_sheets,
                use_judges=policy.tie_break_by_judges,
                jury_order=jury_order,
                min_score=policy.min_prize_score,
                cap_share=policy.prize_cap_share,
                shared=policy.shared_prizes,
            )
            for method, items in result.items():
                for change in items:
                    row = rows_by_id[change.entry]
                    changes[method].append(
                        {
                            "code": row.code,
                            "title": row.title,
                            "scope": label,
                            "current": tier_names.get(change.current, "—") if change.current else "—",
                            "other": tier_names.get(change.other, "—") if change.other else "—",
                            "current_rank": change.current_rank,
                            "other_rank": change.other_rank,
                        }
                    )
    return {
        "leniency": [
            {"label": label, "value": _signed(lenient.get(judge_id)), "raw": lenient.get(judge_id)}
            for judge_id, label in judge_labels.items()
            if judge_id in lenient
        ],
        "pairs": [
            {
                "a": judge_labels.get(p.judge_a, p.judge_a),
                "b": judge_labels.get(p.judge_b, p.judge_b),
                "common": p.common,
                "spearman": format_number(p.spearman),
                "difference": format_score(p.mean_abs_difference),
            }
            for p in agreement.pairs
        ],
        "spearman": format_number(agreement.spearman, empty=None),
        "difference": None if agreement.mean_abs_difference is None else format_score(agreement.mean_abs_difference),
        "has_tiers": bool(tiers),
        "sensitivity": [{"method": methods[m], "changes": items} for m, items in changes.items()],
    }


def _ties(table):
    """The unresolved ties, each with its entries, for the jury decision form."""
    by_code = {(r.scope_label, r.code): r for r in table.rows}
    ties = []
    for scope, tier, codes in table.unresolved:
        entries = [by_code[(scope, code)] for code in codes if (scope, code) in by_code]
        ties.append(
            {
                "scope": scope,
                "tier": tier,
                "entries": [{"id": r.entry_id, "code": r.code, "title": r.title} for r in entries],
                "places": range(1, len(entries) + 1),
            }
        )
    return ties


def _progress_url(round):
    try:
        return reverse("contest_progress:round", args=[round.pk])
    except NoReverseMatch:
        return ""


# -- Views ------------------------------------------------------------------------------------


class RoundResultsView(RoundPage):
    template_name = "contest/results/backoffice/round.html"
    header_icon = "list-ol"
    title = gettext_lazy("Kết quả")
    index_url_name = "contest_results:index"
    view_permission = VIEW_PERMISSION
    manage_permission = MANAGE_PERMISSION

    def _parts(self):
        return list(dict.fromkeys(self.round.rubrics.order_by("order", "id").values_list("part", flat=True)))

    def _criterion_choices(self):
        """(key, "short name – full name") of the round's criteria, keyed as the results are."""
        criteria = list(
            Criterion.objects.filter(rubric__round=self.round)
            .select_related("rubric")
            .order_by("rubric__order", "rubric_id", "order", "id")
        )
        keys = tabulation.criterion_keys(criteria)
        multi_part = len({c.rubric.part for c in criteria}) > 1
        choices = []
        for c in criteria:
            label = c.name if c.label == c.name else f"{c.label} – {c.name}"
            if multi_part and c.rubric.part:
                label = f"{c.rubric.part}: {label}"
            choices.append((keys[c.pk], label))
        return choices

    def do_save_policy(self, request):
        form = PolicyForm(request.POST, criteria=self._criterion_choices(), parts=self._parts())
        if not form.is_valid():
            return self.invalid(form)
        results_policy.save_policy(self.round, request.user, ip=_client_ip(request), **form.cleaned_data)
        messages.success(request, _("Đã lưu cách tính kết quả."))

    def do_seed_tiers(self, request):
        results_policy.seed_default_tiers(self.round, request.user, ip=_client_ip(request))
        messages.success(request, _("Đã thêm cơ cấu giải mặc định: Nhất 1, Nhì 2, Ba 3, Khuyến khích 5."))

    def _tier_fields(self, form):
        data = dict(form.cleaned_data)
        if data.get("order") is None:
            data.pop("order", None)
        return data

    def do_add_tier(self, request):
        form = TierForm(request.POST, parts=self._parts())
        if not form.is_valid():
            return self.invalid(form)
        tier = results_policy.add_tier(self.round, request.user, ip=_client_ip(request), **self._tier_fields(form))
        messages.success(request, _("Đã thêm %(name)s.") % {"name": tier.name})

    def _tier(self, request):
        ref = TierRefForm(request.POST)
        if not ref.is_valid():
            raise DomainError(_("Thao tác không hợp lệ."))
        return get_object_or_404(
            PrizeTier.objects.select_related("round"), pk=ref.cleaned_data["tier"], round=self.round
        )

    def do_change_tier(self, request):
        tier = self._tier(request)
        form = TierForm(request.POST, parts=self._parts())
        if not form.is_valid():
            return self.invalid(form)
        tier = results_policy.change_tier(tier, request.user, ip=_client_ip(request), **self._tier_fields(form))
        messages.success(request, _("Đã sửa %(name)s.") % {"name": tier.name})

    def do_delete_tier(self, request):
        tier = self._tier(request)
        results_policy.delete_tier(tier, request.user, ip=_client_ip(request))
        messages.success(request, _("Đã xóa %(name)s.") % {"name": tier.name})

    def do_tie_decision(self, request):
        entry_ids = RoundEntry.objects.filter(round=self.round).values_list("entry_id", flat=True)
        form = TieDecisionForm(request.POST, entry_ids=entry_ids)
        if not form.is_valid():
            return self.invalid(form)
        results.record_tie_decision(
            round=self.round,
            entry_ids=form.cleaned_data["place"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            ip=_client_ip(request),
        )
        messages.success(request, _("Đã ghi quyết định phân định của Ban Giám khảo."))

    def do_freeze(self, request):
        if not request.POST.get("confirm"):
            raise DomainError(_("Hãy đánh dấu xác nhận đã kiểm tra bảng kết quả trước khi chốt."))
        snapshot = results.freeze(round=self.round, by=request.user, ip=_client_ip(request))
        messages.success(
            request,
            _("Đã chốt kết quả, phiên bản %(version)s. Điểm của vòng không thể sửa nữa.")
            % {"version": snapshot.version},
        )

    def do_publish(self, request):
        ref = SnapshotRefForm(request.POST)
        if not ref.is_valid():
            raise DomainError(_("Thao tác không hợp lệ."))
        snapshot = get_object_or_404(ResultSnapshot, pk=ref.cleaned_data["snapshot"], round=self.round)
        # Publishing cannot be taken back: the organiser ticks what the page told them.
        if not request.POST.get("confirm"):
            raise DomainError(_("Hãy đánh dấu xác nhận đã đọc những gì sẽ được công khai trước khi công bố."))
        if results.entries_still_coming(self.round) and not request.POST.get("confirm_open"):
            raise DomainError(
                _(
                    "Cuộc thi vẫn còn hồ sơ chưa vào bảng xếp hạng (xem cảnh báo trên trang). "
                    "Hãy đánh dấu xác nhận vẫn công bố, hoặc chờ đến khi hết hạn và xét xong hồ sơ."
                )
            )
        results.publish(snapshot=snapshot, by=request.user, ip=_client_ip(request))
        messages.success(request, _("Đã công bố kết quả phiên bản %(version)s.") % {"version": snapshot.version})

    def do_advance(self, request):
        ref = SnapshotRefForm(request.POST)
        if not ref.is_valid():
            raise DomainError(_("Thao tác không hợp lệ."))
        snapshot = get_object_or_404(ResultSnapshot, pk=ref.cleaned_data["snapshot"], round=self.round)
        created = results.advance_entries(snapshot=snapshot, by=request.user, ip=_client_ip(request))
        messages.success(
            request,
            _("Đã đưa %(n)s hồ sơ vào %(round)s.") % {"n": len(created), "round": results.next_round(self.round).name},
        )

    # -- GET ----------------------------------------------------------------------------------

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        round = self.round
        table = tabulation.tabulate(round)
        policy = table.policy
        history = list(
            ResultSnapshot.objects.filter(round=round)
            .select_related("frozen_by", "invalidated_by")
            .order_by("-version")
        )
        snapshot = next((s for s in history if s.status != SnapshotStatus.INVALIDATED), None)
        if snapshot is not None:
            snapshot.advancing = ResultRow.objects.filter(snapshot=snapshot, advances=True).count()
        names_visible = user.has_perm(NAMES_PERMISSION)
        can_manage = user.has_perm(MANAGE_PERMISSION)
        judge_labels = _judge_labels(table, snapshot, names_visible)
        display = _Display(table, judge_labels, list(policy.tie_break_criteria or []))
        jury_order = tabulation.jury_order(round)

        page_number = self.request.GET.get("p")
        if snapshot is not None:
            frozen_rows = ResultRow.objects.filter(snapshot=snapshot).select_related("entry__unit", "entry__field")
            paginator = Paginator(frozen_rows.order_by("scope_label", "rank", "code"), ROWS_PER_PAGE)
            page = paginator.get_page(page_number)
            rows = [display.frozen(r) for r in page]
        else:
            paginator = Paginator(table.rows, ROWS_PER_PAGE)
            page = paginator.get_page(page_number)
            rows = [display.live(r) for r in page]

        parts = list(dict.fromkeys(part for _k, _n, _m, part in table.criteria))
        overall_tiers = [t for t in table.tiers if not t.part]
        has_part_prizes = any(t.part for t in table.tiers)
        has_advancement = bool(policy.advance_top or policy.advance_threshold is not None)
        # The public vote's share: its columns once the final scores exist (frozen, or live after the seal).
        if snapshot is not None:
            vote_columns = bool((snapshot.parameters or {}).get("vote_share"))
        else:
            vote_columns = table.vote is not None and table.vote.applied
        context.update(
            vote_share=table.vote,
            vote_columns=vote_columns,
            vote_sentences=documents.vote_share_sentences(
                (snapshot.parameters or {}).get("vote_share") if snapshot is not None else None,
                max_total=(snapshot.parameters or {}).get("max_total") if snapshot is not None else None,
            ),
        )
        context.update(
            round=round,
            policy=policy,
            policy_saved=policy.pk is not None,
            method_label=AggregationMethod(policy.method).label,
            scope_label=RankingScope(policy.scope).label,
            table=table,
            snapshot=snapshot,
            history=history,
            rows=rows,
            page_obj=page,
            criteria=table.criteria,
            criterion_heads=[(table.short_names.get(key, name), name) for key, name, _max, _part in table.criteria],
            tie_break_chain=tie_break_chain(table, policy),
            judge_labels=list(judge_labels.values()),
            names_visible=names_visible,
            can_manage=can_manage,
            scored_count=sum(1 for r in table.rows if r.score is not None),
            has_part_prizes=has_part_prizes,
            has_advancement=has_advancement,
            column_count=9
            + len(table.criteria)
            + len(judge_labels)
            + has_part_prizes
            + has_advancement
            + 4 * vote_columns,
            progress_url=_progress_url(round),
            unresolved=_ties(table),
            freeze_problems=results.freeze_problems(table) if snapshot is None else [],
            still_coming=results.entries_still_coming(round),
            disclosure_winners=round.contest.score_disclosure == ScoreDisclosure.WINNERS,
            next_round=results.next_round(round),
            charts=_charts(table, judge_labels),
            fairness=_fairness(table, judge_labels, jury_order),
            tiers=table.tiers,
            overall_tiers=overall_tiers,
            max_total=format_score(table.max_total, trim=True),
            threshold=format_score(policy.discrepancy_threshold, trim=True),
        )
        if can_manage and snapshot is None:
            context.update(
                policy_form=PolicyForm(
                    initial=PolicyForm.initial_for(policy),
                    criteria=self._criterion_choices(),
                    chain=list(policy.tie_break_criteria or []),
                    parts=parts,
                    part_methods=policy.part_methods,
                ),
                tier_form=TierForm(parts=parts),
                tier_forms=[
                    (
                        tier,
                        TierForm(
                            parts=parts,
                            prefix=f"tier{tier.pk}",
                            initial={
                                "name": tier.name,
                                "quota": tier.quota,
                                "min_score": format_score(tier.min_score, trim=True)
                                if tier.min_score is not None
                                else "",
                                "part": tier.part,
                                "order": tier.order,
                            },
                        ),
                    )
                    for tier in table.tiers
                ],
                has_parts=any(parts),
            )
        return context


def _snapshot_field(field):
    in_force = (
        ResultSnapshot.objects.filter(round=OuterRef("pk"))
        .exclude(status=SnapshotStatus.INVALIDATED)
        .order_by("-version")
        .values(field)[:1]
    )
    return Subquery(in_force, output_field=IntegerField() if field == "version" else CharField())


def _results_state(round):
    if round.snapshot_status == SnapshotStatus.PUBLISHED:
        text, css = _("Đã công bố v%(v)s") % {"v": round.snapshot_version}, "w-status w-status--primary w-status--label"
    elif round.snapshot_status == SnapshotStatus.FROZEN:
        text, css = _("Đã chốt v%(v)s") % {"v": round.snapshot_version}, "w-status w-status--primary"
    else:
        text, css = _("Chưa chốt"), "w-status"
    return format_html('<span class="{}">{}</span>', css, text)


class ResultsIndexView(RoundIndexPage):
    """The rounds of every contest with the state of their results."""

    header_icon = "list-ol"
    title = gettext_lazy("Kết quả")
    intro = gettext_lazy("Chọn một vòng thi để xem bảng xếp hạng, báo cáo công bằng, chốt và công bố kết quả.")
    view_permission = VIEW_PERMISSION
    round_url_name = "contest_results:round"
    columns = (
        (gettext_lazy("Hồ sơ trong vòng"), "n_entries"),
        (gettext_lazy("Kết quả"), _results_state),
    )

    def counts(self):
        return {
            "n_entries": count_per_round(RoundEntry),
            "snapshot_version": _snapshot_field("version"),
            "snapshot_status": _snapshot_field("status"),
        }


urlpatterns = [
    path("", ResultsIndexView.as_view(), name="index"),
    path("<int:pk>/", RoundResultsView.as_view(), name="round"),
    path("<int:pk>/thu-hoi-giai/", RevocationView.as_view(), name="revocation"),
]


register_section(
    prefix="ket-qua/",
    namespace="contest_results",
    urlpatterns=urlpatterns,
    menu_label=gettext_lazy("Kết quả"),
    icon="list-ol",
    order=60,
    permissions=(VIEW_PERMISSION,),
)
