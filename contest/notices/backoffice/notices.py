"""Back-office pages "Lấy ý kiến": per round, the contest's notice rules, the provisional
publication with its Thông báo, the deadlines, what still holds the final publication back (and
the organisers' written overrides), closing the period and the final publication itself; and the
calendar of compensatory days off and make-up working days.

Looking needs ``notices.view`` (organisers and the secretariat); every POST needs
``notices.manage`` (organisers). Each POST names an ``action`` handled by one service.
"""

from datetime import date

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from contest.core.backoffice.sections import RoundPage, register_section, rounds_with
from contest.core.errors import DomainError
from contest.core.http import permission_denied, recorded_ip, stream_file
from contest.core.text import fold
from contest.notices import documents
from contest.notices.enums import GateAction, NoticeStatus
from contest.notices.forms import CalendarDayForm, HandlingForm, OverrideForm, ProvisionalForm, RefForm, RulesForm
from contest.notices.models import CalendarDay, Complaint, GateOverride, Notice, NoticeRules, Opinion, OpinionFile
from contest.notices.services import calendar as calendar_services
from contest.notices.services import notices as notice_services
from contest.notices.services import opinions as opinion_services
from contest.results.enums import SnapshotStatus
from contest.results.models import ResultSnapshot
from contest.results.services import snapshots as results

VIEW = "notices.view"
MANAGE = "notices.manage"
HANDLE = "notices.handle_opinion"


class NoticeRoundView(RoundPage):
    template_name = "contest/notices/backoffice/round.html"
    header_icon = "info-circle"
    title = gettext_lazy("Lấy ý kiến, khiếu nại")
    index_url_name = "contest_notices:index"
    view_permission = VIEW
    manage_permission = MANAGE
    action_permissions = {"handle_opinion": HANDLE}

    def _snapshot(self):
        return ResultSnapshot.objects.filter(round=self.round).exclude(status=SnapshotStatus.INVALIDATED).first()

    def do_save_rules(self, request):
        rules = notice_services.rules_of(self.round.contest) or NoticeRules(contest=self.round.contest)
        form = RulesForm(request.POST, instance=rules)
        if not form.is_valid():
            return self.invalid(form)
        notice_services.save_rules(
            contest=self.round.contest, by=request.user, ip=recorded_ip(request), **form.cleaned_data
        )
        messages.success(request, _("Đã lưu quy định lấy ý kiến của cuộc thi."))

    def do_publish_provisional(self, request):
        form = ProvisionalForm(request.POST)
        if not form.is_valid():
            return self.invalid(form)
        snapshot = self._snapshot()
        if snapshot is None:
            raise DomainError(_("Vòng này chưa có kết quả đã chốt."))
        notice = notice_services.publish_provisional(
            snapshot=snapshot, by=request.user, ip=recorded_ip(request), **form.cleaned_data
        )
        messages.success(
            request,
            _("Đã đăng danh sách dự kiến lấy ý kiến từ ngày %(start)s đến hết ngày %(end)s.")
            % {"start": f"{notice.starts_on:%d/%m/%Y}", "end": f"{notice.ends_on:%d/%m/%Y}"},
        )

    def do_override(self, request):
        form = OverrideForm(request.POST)
        if not form.is_valid():
            return self.invalid(form)
        notice_services.override(
            round=self.round,
            action=form.cleaned_data["gate"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            ip=recorded_ip(request),
        )
        messages.warning(request, _("Đã ghi quyết định vượt điều kiện; lý do được in trong biên bản."))

    def do_close(self, request):
        notice = get_object_or_404(Notice, round=self.round)
        notice_services.close(notice=notice, by=request.user, ip=recorded_ip(request))
        messages.success(request, _("Đã kết thúc thời gian lấy ý kiến."))

    def do_handle_opinion(self, request):
        form = HandlingForm(request.POST)
        if not form.is_valid():
            return self.invalid(form)
        found = get_object_or_404(Opinion, pk=form.cleaned_data["ref"], notice__round=self.round)
        opinion_services.handle_opinion(
            opinion=found, handling=form.cleaned_data["handling"], by=request.user, ip=recorded_ip(request)
        )
        messages.success(request, _("Đã ghi kết quả xử lý ý kiến %(code)s.") % {"code": found.receipt_code})

    def do_publish_final(self, request):
        snapshot = self._snapshot()
        if snapshot is None:
            raise DomainError(_("Vòng này chưa có kết quả đã chốt."))
        results.publish(snapshot=snapshot, by=request.user, ip=recorded_ip(request))
        messages.success(request, _("Đã công bố chính thức kết quả phiên bản %(v)s.") % {"v": snapshot.version})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round = self.round
        rules = notice_services.rules_of(round.contest)
        notice = Notice.objects.filter(round=round).select_related("snapshot", "published_by").first()
        snapshot = self._snapshot()
        can_manage = self.request.user.has_perm(MANAGE)
        today = timezone.localdate()
        context.update(
            round=round,
            rules=rules,
            notice=notice,
            snapshot=snapshot,
            can_manage=can_manage,
            today=today,
            window_open=notice is not None and notice_services.is_window_open(notice, today),
            blockers=notice_services.blockers(round),
            certificate_blockers=notice_services.blockers(round, GateAction.CERTIFICATES),
            overrides=list(GateOverride.objects.filter(round=round).select_related("by")),
            opinions=list(
                Opinion.objects.filter(notice__round=round)
                .select_related("entry", "handled_by")
                .prefetch_related("files")
                .order_by("created_at", "id")
            ),
            can_handle=self.request.user.has_perm(HANDLE),
            complaints=list(
                Complaint.objects.filter(notice__round=round).select_related("entry__unit").order_by("filed_at", "id")
            ),
        )
        if rules is not None and notice is None and snapshot is not None:
            context["preview"] = notice_services.deadlines(
                rules, calendar_services.working_calendar().next_working_day(today)
            )
        if can_manage:
            context.update(
                rules_form=RulesForm(instance=rules or NoticeRules(contest=round.contest)),
                provisional_form=ProvisionalForm(initial={"starts_on": today}),
                override_form=OverrideForm(),
            )
        return context


class NoticeIndexView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "contest/notices/backoffice/index.html"
    header_icon = "info-circle"

    def get_page_title(self):
        return _("Lấy ý kiến, khiếu nại")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rounds = list(rounds_with())
        notices = {n.round_id: n for n in Notice.objects.filter(round__in=rounds)}
        today = timezone.localdate()
        for round in rounds:
            round.notice_row = notices.get(round.pk)
            round.notice_open = round.notice_row is not None and today <= round.notice_row.last_day
        context["rounds"] = rounds
        return context


class CalendarView(WagtailAdminTemplateMixin, TemplateView):
    """Compensatory days off and make-up working days, beside the library's holidays."""

    template_name = "contest/notices/backoffice/calendar.html"
    header_icon = "date"
    http_method_names = ["get", "post"]

    def get_page_title(self):
        return _("Lịch ngày làm việc")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW):
            return permission_denied(request)
        if request.method == "POST" and not request.user.has_perm(MANAGE):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request):
        try:
            if request.POST.get("action") == "remove":
                ref = RefForm(request.POST)
                if not ref.is_valid():
                    raise DomainError(_("Thao tác không hợp lệ."))
                day = get_object_or_404(CalendarDay, pk=ref.cleaned_data["ref"])
                calendar_services.remove_day(calendar_day=day, by=request.user, ip=recorded_ip(request))
                messages.success(request, _("Đã xóa ngày %(day)s khỏi lịch.") % {"day": f"{day.day:%d/%m/%Y}"})
            else:
                form = CalendarDayForm(request.POST)
                if not form.is_valid():
                    errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
                    raise DomainError(_("Chưa đủ thông tin: %(errors)s") % {"errors": errors})
                added = calendar_services.add_day(by=request.user, ip=recorded_ip(request), **form.cleaned_data)
                messages.success(request, _("Đã thêm %(day)s.") % {"day": str(added)})
        except DomainError as error:
            messages.error(request, str(error.message))
        return redirect(reverse("contest_notices:calendar"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context.update(
            days=list(CalendarDay.objects.all()),
            holidays=calendar_services.holiday_names(date(today.year, 1, 1), date(today.year + 1, 12, 31)),
            can_manage=self.request.user.has_perm(MANAGE),
            form=CalendarDayForm(),
        )
        return context


class _StaffDownload(View):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


class OpinionFileView(_StaffDownload):
    """An opinion's file, streamed to the staff only (private storage, no URL of its own)."""

    def get(self, request, file_id):
        stored = get_object_or_404(OpinionFile, pk=file_id)
        # Sent by anyone on the public form: inert like a dossier file (sandboxing policy, no
        # sniffing, no caching), whatever it really contains.
        return stream_file(
            stored.file,
            content_type=stored.content_type,
            filename=f"y-kien-{stored.opinion_id}-{stored.pk}.{_ext(stored)}",
            inline=False,
        )


def _ext(stored) -> str:
    return stored.file.name.rsplit(".", 1)[-1] if "." in stored.file.name else "bin"


class SummaryView(_StaffDownload):
    """The sealed summary report of the opinions: only once the period is closed."""

    def get(self, request, pk):
        notice = get_object_or_404(Notice.objects.select_related("round__contest"), round_id=pk)
        if notice.status != NoticeStatus.CLOSED:
            raise Http404(_("Báo cáo tổng hợp có sau khi kết thúc lấy ý kiến."))
        response = HttpResponse(documents.summary_pdf(notice), content_type="application/pdf")
        name = slugify(fold(notice.round.name)) or "vong"
        response["Content-Disposition"] = f'attachment; filename="bao-cao-tong-hop-y-kien-{name}.pdf"'
        return response


urlpatterns = [
    path("", NoticeIndexView.as_view(), name="index"),
    path("tep/<int:file_id>/", OpinionFileView.as_view(), name="opinion-file"),
    path("<int:pk>/bao-cao-tong-hop.pdf", SummaryView.as_view(), name="summary"),
    path("lich/", CalendarView.as_view(), name="calendar"),
    path("<int:pk>/", NoticeRoundView.as_view(), name="round"),
]

register_section(
    prefix="lay-y-kien/",
    namespace="contest_notices",
    urlpatterns=urlpatterns,
    menu_label=gettext_lazy("Lấy ý kiến, khiếu nại"),
    icon="info-circle",
    order=65,
    permissions=(VIEW,),
)
