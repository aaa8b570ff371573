"""Back-office page "Tiến độ chấm": per round, how far each judge and each entry has got; reminders
by e-mail to judges with pending sheets; reopening a submitted sheet with a written reason.

Looking needs ``judging.view_progress`` (organisers and the secretariat), reminding
``judging.remind``, reopening ``judging.reopen_sheet`` (organisers only: the secretariat sees no
button, and its POST is a 403). The numbers come from contest/services/progress.py in a fixed
number of queries; the entry table is paginated (100 a page) because a round can hold 2,000.
"""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages

from contest.core.backoffice.sections import RoundIndexPage, RoundPage, count_per_round, register_section
from contest.core.http import recorded_ip as _client_ip
from contest.judging.enums import SheetKind, SheetStatus
from contest.judging.models import Assignment, RoundEntry, ScoreSheet
from contest.judging.services import progress, reminders, sheets

VIEW_PERMISSION = "judging.view_progress"
REMIND_PERMISSION = "judging.remind"
REOPEN_PERMISSION = "judging.reopen_sheet"
ACTION_PERMISSIONS = {"remind": REMIND_PERMISSION, "reopen": REOPEN_PERMISSION}
ENTRIES_PER_PAGE = 100
SHORT_FILTER = "chua-du-phieu"

STATUS_LABELS = {
    progress.NOT_STARTED: gettext_lazy("Chưa chấm"),
    progress.DRAFT: SheetStatus.DRAFT.label,
    progress.SUBMITTED: SheetStatus.SUBMITTED.label,
}
# Wagtail's status tag variants: grey for not started, outlined for a draft, filled when submitted.
STATUS_CLASSES = {
    progress.NOT_STARTED: "w-status",
    progress.DRAFT: "w-status w-status--primary",
    progress.SUBMITTED: "w-status w-status--primary w-status--label",
}


class RemindForm(forms.Form):
    judge = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())

    def __init__(self, *args, judge_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judge"].choices = [(pk, pk) for pk in judge_ids]


class ReopenForm(forms.Form):
    sheet = forms.IntegerField()
    reason = forms.CharField(
        label=gettext_lazy("Lý do mở lại"),
        max_length=2000,
        error_messages={"required": gettext_lazy("Hãy ghi lý do mở lại phiếu chấm.")},
    )


def _names(users):
    return ", ".join(u.display_name for u in users)


class RoundProgressView(RoundPage):
    template_name = "contest/judging/backoffice/progress/round.html"
    header_icon = "tasks"
    title = gettext_lazy("Tiến độ chấm")
    index_url_name = "contest_progress:index"
    view_permission = VIEW_PERMISSION
    action_permissions = ACTION_PERMISSIONS

    def do_remind(self, request):
        judge_ids = list(self.round.jury.values_list("judge_id", flat=True))
        form = RemindForm(request.POST, judge_ids=judge_ids)
        if not form.is_valid():
            messages.error(request, _("Giám khảo được chọn không thuộc Ban Giám khảo của vòng này."))
            return
        outcome = reminders.remind_pending_judges(
            round=self.round, by=request.user, judge_ids=form.cleaned_data["judge"] or None
        )
        if outcome.reminded:
            messages.success(
                request,
                _("Đã gửi thư nhắc tới %(n)d giám khảo: %(names)s.")
                % {"n": len(outcome.reminded), "names": _names(outcome.reminded)},
            )
        if outcome.without_email:
            messages.warning(
                request,
                _("Chưa nhắc được vì chưa có địa chỉ e-mail: %(names)s. Hãy liên hệ trực tiếp.")
                % {"names": _names(outcome.without_email)},
            )
        if outcome.recently_reminded:
            messages.warning(
                request,
                _("Bỏ qua vì vừa được nhắc trong vòng %(minutes)d phút qua: %(names)s.")
                % {
                    "minutes": reminders.REMINDER_INTERVAL.seconds // 60,
                    "names": _names(outcome.recently_reminded),
                },
            )

    def do_reopen(self, request):
        form = ReopenForm(request.POST)
        if not form.is_valid():
            messages.error(request, "; ".join(str(e) for errs in form.errors.values() for e in errs))
            return
        sheet = get_object_or_404(
            ScoreSheet.objects.select_related("judge"),
            pk=form.cleaned_data["sheet"],
            round=self.round,
            kind=SheetKind.JURY,
        )
        sheets.reopen_sheet(sheet=sheet, by=request.user, reason=form.cleaned_data["reason"], ip=_client_ip(request))
        code = RoundEntry.objects.filter(round=self.round, entry_id=sheet.entry_id).values_list("code", flat=True)
        messages.success(
            request,
            _("Đã mở lại phiếu chấm hồ sơ số %(code)03d của %(name)s; lý do đã ghi vào nhật ký.")
            % {"code": code.first() or 0, "name": sheet.judge.display_name},
        )

    # -- GET ----------------------------------------------------------------------------------

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        state = progress.round_progress(self.round)
        only_short = self.request.GET.get("loc") == SHORT_FILTER
        entries = [e for e in state.entries if e.short] if only_short else state.entries
        page = Paginator(entries, ENTRIES_PER_PAGE).get_page(self.request.GET.get("p"))
        for entry in page:
            for sheet in entry.sheets:
                sheet.label = STATUS_LABELS[sheet.status]
                sheet.css = STATUS_CLASSES[sheet.status]
        context.update(
            round=self.round,
            state=state,
            page_obj=page,
            elided_page_range=page.paginator.get_elided_page_range(page.number),
            only_short=only_short,
            short_filter=SHORT_FILTER,
            pending_judges=sum(1 for j in state.judges if j.pending),
            can_remind=self.request.user.has_perm(REMIND_PERMISSION),
            can_reopen=self.request.user.has_perm(REOPEN_PERMISSION),
            scoring_closed=sheets.scoring_closed(self.round),
            reminder_minutes=reminders.REMINDER_INTERVAL.seconds // 60,
        )
        return context


def _deadline(round):
    if round.scoring_deadline is None:
        return "—"
    return formats.date_format(timezone.localtime(round.scoring_deadline), "H:i d/m/Y")


class ProgressIndexView(RoundIndexPage):
    """The rounds of every contest with their sheet counts, each linking to its progress page."""

    header_icon = "tasks"
    title = gettext_lazy("Tiến độ chấm")
    intro = gettext_lazy(
        "Chọn một vòng thi để xem tiến độ chấm của từng giám khảo và từng hồ sơ, nhắc giám khảo còn phiếu chưa nộp."
    )
    view_permission = VIEW_PERMISSION
    round_url_name = "contest_progress:round"
    columns = (
        (gettext_lazy("Hồ sơ trong vòng"), "n_entries"),
        (gettext_lazy("Lượt chấm đã phân công"), "n_assignments"),
        (gettext_lazy("Phiếu đã nộp"), "n_submitted"),
        (gettext_lazy("Hạn chấm"), _deadline),
    )

    def counts(self):
        return {
            "n_entries": count_per_round(RoundEntry),
            "n_assignments": count_per_round(Assignment),
            "n_submitted": count_per_round(ScoreSheet, kind=SheetKind.JURY, status=SheetStatus.SUBMITTED),
        }


urlpatterns = [
    path("", ProgressIndexView.as_view(), name="index"),
    path("<int:pk>/", RoundProgressView.as_view(), name="round"),
]


register_section(
    prefix="tien-do-cham/",
    namespace="contest_progress",
    urlpatterns=urlpatterns,
    menu_label=gettext_lazy("Tiến độ chấm"),
    icon="tasks",
    order=55,
    permissions=(VIEW_PERMISSION,),
)
