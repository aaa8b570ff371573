"""Back-office page "Ban Giám khảo và phân công": per round, the jury and its head, declared
conflicts, the entries admitted to the round, and the assignment (automatic or by hand).

Organisers change things (``jury.manage``); the secretariat may look (``jury.view``). Each POST
carries an ``action``, is parsed by one small form and calls one service of
contest/services/jury.py; a refusal comes back as a message (or, for an impossible automatic
assignment, as the explanation on the page).

The page's queries do not grow with the round: members, entries, assignments, declared conflicts
and automatic conflicts are each read once and joined in Python.
"""

from collections import Counter, defaultdict

from django import forms
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages

from contest.core.backoffice.sections import RoundIndexPage, RoundPage, count_per_round, register_section
from contest.core.enums import StaffRole
from contest.core.errors import DomainError
from contest.core.http import recorded_ip
from contest.core.models import Unit, User
from contest.judging import conflicts
from contest.judging.models import Assignment, Conflict, JuryMembership, RoundEntry
from contest.judging.services import jury

VIEW_PERMISSION = "jury.view"
MANAGE_PERMISSION = "jury.manage"


class _RoundEntryChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code:03d} – {obj.entry.title}"


class _JudgeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


def _members(round):
    return User.objects.filter(jury_memberships__round=round).order_by("full_name", "username")


def _round_entries(round):
    return RoundEntry.objects.filter(round=round).select_related("entry").order_by("code")


class AddJudgeForm(forms.Form):
    judge = _JudgeChoice(label=gettext_lazy("Giám khảo"), queryset=User.objects.none())
    is_head = forms.BooleanField(label=gettext_lazy("Trưởng Ban Giám khảo"), required=False)

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judge"].queryset = (
            User.objects.filter(is_active=True, groups__name=StaffRole.JUDGE.value)
            .exclude(jury_memberships__round=round)
            .order_by("full_name", "username")
        )


class ConflictForm(forms.Form):
    judge = _JudgeChoice(label=gettext_lazy("Giám khảo"), queryset=User.objects.none())
    round_entry = _RoundEntryChoice(label=gettext_lazy("Hồ sơ"), queryset=RoundEntry.objects.none(), required=False)
    unit = forms.ModelChoiceField(
        label=gettext_lazy("hoặc mọi hồ sơ của đơn vị"), queryset=Unit.objects.none(), required=False
    )
    reason = forms.CharField(label=gettext_lazy("Lý do"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judge"].queryset = _members(round)
        self.fields["round_entry"].queryset = _round_entries(round)
        # The units that entered this contest, not the province's thousands of units.
        self.fields["unit"].queryset = (
            Unit.objects.filter(entries__contest_id=round.contest_id).distinct().order_by("name")
        )


class AssignForm(forms.Form):
    judge = _JudgeChoice(label=gettext_lazy("Giám khảo"), queryset=User.objects.none())
    round_entry = _RoundEntryChoice(label=gettext_lazy("Hồ sơ"), queryset=RoundEntry.objects.none())

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judge"].queryset = _members(round)
        self.fields["round_entry"].queryset = _round_entries(round)


class AutoForm(forms.Form):
    seed = forms.IntegerField(
        label=gettext_lazy("Mã ngẫu nhiên (không bắt buộc)"),
        required=False,
        min_value=0,
        max_value=2**31 - 1,
        help_text=gettext_lazy("Để trống: hệ thống tự rút. Nhập lại một mã đã dùng để tái lập đúng kết quả."),
    )


class MemberForm(forms.Form):
    """For the per-row buttons (remove a member, make them head, withdraw an assignment)."""

    judge = forms.ModelChoiceField(queryset=User.objects.all())
    entry = forms.IntegerField(required=False)
    confirm = forms.BooleanField(required=False)


class RoundJuryView(RoundPage):
    template_name = "contest/judging/backoffice/jury/round.html"
    header_icon = "group"
    title = gettext_lazy("Ban Giám khảo và phân công")
    index_url_name = "contest_jury:index"
    view_permission = VIEW_PERMISSION
    manage_permission = MANAGE_PERMISSION

    def refused(self, request, error):
        # An impossible automatic assignment is explained on the page, not in a one-line message.
        if isinstance(error, jury.AssignmentImpossible):
            return self.render_to_response(self.get_context_data(impossible=str(error.message).split("\n")))
        # Removing a judge who has work: the page says what goes and asks again.
        if isinstance(error, jury.RemovalNeedsConfirmation):
            return self.render_to_response(self.get_context_data(removal=error))
        return super().refused(request, error)

    def do_admit(self, request):
        created = jury.admit_accepted_entries(round=self.round, by=request.user, ip=recorded_ip(request))
        messages.success(request, _("Đã đưa %(n)s hồ sơ hợp lệ vào vòng.") % {"n": len(created)})

    def do_add_judge(self, request):
        form = AddJudgeForm(request.POST, round=self.round)
        if not form.is_valid():
            return self.invalid(form)
        data = form.cleaned_data
        jury.add_judge(
            round=self.round, judge=data["judge"], is_head=data["is_head"], by=request.user, ip=recorded_ip(request)
        )
        messages.success(request, _("Đã thêm %(name)s vào Ban Giám khảo.") % {"name": data["judge"].display_name})

    def _member_form(self, request):
        form = MemberForm(request.POST)
        if not form.is_valid():
            return None, self.invalid(form)
        return form.cleaned_data, None

    def do_remove_judge(self, request):
        data, response = self._member_form(request)
        if data:
            jury.remove_judge(
                round=self.round,
                judge=data["judge"],
                by=request.user,
                confirmed=data["confirm"],
                ip=recorded_ip(request),
            )
            messages.success(request, _("Đã rút %(name)s khỏi Ban Giám khảo.") % {"name": data["judge"].display_name})
        return response

    def do_set_head(self, request):
        data, response = self._member_form(request)
        if data:
            jury.set_head(round=self.round, judge=data["judge"], by=request.user, ip=recorded_ip(request))
            messages.success(request, _("%(name)s là Trưởng Ban Giám khảo.") % {"name": data["judge"].display_name})
        return response

    def do_unassign(self, request):
        data, response = self._member_form(request)
        if data:
            round_entry = get_object_or_404(
                RoundEntry.objects.select_related("entry"), round=self.round, entry_id=data["entry"]
            )
            jury.unassign(
                round=self.round, judge=data["judge"], entry=round_entry.entry, by=request.user, ip=recorded_ip(request)
            )
            messages.success(request, _("Đã bỏ phân công hồ sơ số %(code)03d.") % {"code": round_entry.code})
        return response

    def do_declare_conflict(self, request):
        form = ConflictForm(request.POST, round=self.round)
        if not form.is_valid():
            return self.invalid(form)
        data = form.cleaned_data
        round_entry = data.get("round_entry")
        jury.declare_conflict(
            round=self.round,
            judge=data["judge"],
            entry=round_entry.entry if round_entry else None,
            unit=data.get("unit"),
            reason=data["reason"],
            by=request.user,
            ip=recorded_ip(request),
        )
        messages.success(request, _("Đã ghi nhận xung đột lợi ích."))

    def do_assign(self, request):
        form = AssignForm(request.POST, round=self.round)
        if not form.is_valid():
            return self.invalid(form)
        data = form.cleaned_data
        jury.assign_manually(
            round=self.round,
            judge=data["judge"],
            entry=data["round_entry"].entry,
            by=request.user,
            ip=recorded_ip(request),
        )
        messages.success(
            request,
            _("Đã phân công %(name)s chấm hồ sơ số %(code)03d.")
            % {"name": data["judge"].display_name, "code": data["round_entry"].code},
        )

    def do_auto_assign(self, request):
        form = AutoForm(request.POST)
        if not form.is_valid():
            return self.invalid(form)
        result = jury.assign_automatically(
            round=self.round, by=request.user, seed=form.cleaned_data.get("seed"), ip=recorded_ip(request)
        )
        messages.success(
            request,
            _("Đã phân công tự động thêm %(n)s lượt chấm (mã ngẫu nhiên %(seed)s, đã ghi vào nhật ký).")
            % {"n": len(result.pairs), "seed": result.seed},
        )

    # -- GET ----------------------------------------------------------------------------------

    def get_context_data(self, impossible=None, removal=None, **kwargs):
        context = super().get_context_data(**kwargs)
        round = self.round
        memberships = list(JuryMembership.objects.filter(round=round).select_related("judge", "judge__unit"))
        round_entries = list(_round_entries(round).select_related("entry__unit"))
        assigned = list(Assignment.objects.filter(round=round).values_list("judge_id", "entry_id"))
        reasons = conflicts.conflict_reasons(round)
        judges = {m.judge_id: m.judge for m in memberships}
        codes = {r.entry_id: r.code for r in round_entries}

        load = Counter(j for j, _e in assigned)
        judges_of = defaultdict(list)
        for judge_id, entry_id in assigned:
            judges_of[entry_id].append(judges.get(judge_id))
        conflicted_count = Counter(j for j, _e in reasons)
        conflicted_of = Counter(e for _j, e in reasons)
        try:
            jury.ensure_jury_open(round)
            locked = None
        except DomainError as error:
            locked = str(error.message)
        can_manage = self.request.user.has_perm(MANAGE_PERMISSION) and locked is None
        needed = len(memberships) if round.all_judges_score_all else round.judges_per_entry

        context.update(
            round=round,
            can_manage=can_manage,
            locked=locked,
            impossible=impossible,
            removal=removal,
            members=[
                {"membership": m, "load": load[m.judge_id], "conflicts": conflicted_count[m.judge_id]}
                for m in memberships
            ],
            rows=[
                {
                    "round_entry": r,
                    "judges": sorted((j for j in judges_of[r.entry_id] if j), key=lambda j: j.display_name),
                    "conflicted": conflicted_of[r.entry_id],
                    "short": len(judges_of[r.entry_id]) < needed,
                }
                for r in round_entries
            ],
            assignment_count=len(assigned),
            # Assignments made before a unit moved in the hierarchy can fall foul of a new conflict.
            stale=sorted(
                (judges[j].display_name, codes[e])
                for j, e in assigned
                if (j, e) in reasons and j in judges and e in codes
            ),
            declared=list(Conflict.objects.filter(round=round).select_related("judge", "entry", "unit", "recorded_by")),
        )
        if can_manage:
            # Three forms name a "judge" field: each gets its own ids so that every label points
            # at its own list (the posted names stay the same).
            context.update(
                add_account_url=reverse("wagtailusers_users:add")
                if self.request.user.has_perm("contest.add_user")
                else "",
                add_judge_form=AddJudgeForm(round=round, auto_id="id_add_%s"),
                conflict_form=ConflictForm(round=round, auto_id="id_conflict_%s"),
                assign_form=AssignForm(round=round, auto_id="id_assign_%s"),
                auto_form=AutoForm(auto_id="id_auto_%s"),
            )
        return context


class JuryIndexView(RoundIndexPage):
    """The rounds of every contest, each linking to its jury page."""

    header_icon = "group"
    title = gettext_lazy("Ban Giám khảo và phân công")
    intro = gettext_lazy("Chọn một vòng thi để lập Ban Giám khảo, khai báo xung đột lợi ích và phân công chấm.")
    view_permission = VIEW_PERMISSION
    round_url_name = "contest_jury:round"
    columns = (
        (gettext_lazy("Hồ sơ trong vòng"), "n_entries"),
        (gettext_lazy("Giám khảo"), "n_judges"),
        (gettext_lazy("Lượt chấm đã phân công"), "n_assignments"),
    )

    def counts(self):
        return {
            "n_entries": count_per_round(RoundEntry),
            "n_judges": count_per_round(JuryMembership),
            "n_assignments": count_per_round(Assignment),
        }


urlpatterns = [
    path("", JuryIndexView.as_view(), name="index"),
    path("<int:pk>/", RoundJuryView.as_view(), name="round"),
]


register_section(
    prefix="ban-giam-khao/",
    namespace="contest_jury",
    urlpatterns=urlpatterns,
    menu_label=gettext_lazy("Ban Giám khảo và phân công"),
    icon="group",
    order=50,
    permissions=(VIEW_PERMISSION,),
)
