"""Back-office pages "Bình chọn": per round, the organisers' settings, the state of the vote, sealing
and publishing; the review of suspicious clusters (voiding one with a written reason); the vote log
as CSV or Excel.

Looking and exporting need ``voting.view`` (organisers and the secretariat); the settings, the seal
and the publication need ``voting.manage``, voiding needs ``voting.review`` (organisers). While the
vote is open even the staff see only the total: per-entry counts appear once it has closed.
"""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages

from contest.core.backoffice.sections import RoundIndexPage, RoundPage, register_section
from contest.core.http import permission_denied, recorded_ip
from contest.core.models import Round
from contest.dossiers.models import Entry
from contest.spreadsheets.writer import FORMATS, Sheet, sheet_download
from contest.voting import gateways
from contest.voting.clusters import Thresholds
from contest.voting.enums import IdentityKind
from contest.voting.forms import SettingsForm, VoidForm
from contest.voting.models import VoidDecision, Vote, VoteSettings
from contest.voting.services import candidates, phone_quota, review, seal, setup
from contest.voting.services.tally import tally, total

VIEW = "voting.view"
MANAGE = "voting.manage"
REVIEW = "voting.review"


def _state(round) -> str:
    vote = getattr(round, "vote_settings_row", None)
    if vote is None or not vote.enabled:
        return _("Không tổ chức")
    if vote.published_at:
        return _("Đã công bố kết quả")
    if vote.sealed_at:
        return _("Đã niêm phong")
    if vote.is_open():
        return _("Đang bình chọn")
    if vote.has_closed():
        return _("Đã đóng, chưa niêm phong")
    return _("Chưa mở")


class VotingIndexView(RoundIndexPage):
    header_icon = "tick-inverse"
    title = gettext_lazy("Bình chọn")
    intro = gettext_lazy(
        "Chọn một vòng thi để cài đặt bình chọn của công chúng, rà soát các lượt bất thường, "
        "niêm phong và công bố kết quả."
    )
    view_permission = VIEW
    round_url_name = "contest_voting:round"
    columns = ((gettext_lazy("Bình chọn"), _state),)

    def get_rounds(self):
        rounds = list(super().get_rounds())
        found = {v.round_id: v for v in VoteSettings.objects.filter(round__in=rounds)}
        for round in rounds:
            round.vote_settings_row = found.get(round.pk)
        return rounds


class VotingRoundView(RoundPage):
    template_name = "contest/voting/backoffice/round.html"
    header_icon = "tick-inverse"
    title = gettext_lazy("Bình chọn")
    index_url_name = "contest_voting:index"
    view_permission = VIEW
    manage_permission = MANAGE

    def _vote(self):
        return candidates.settings_of(self.round)

    def do_save_settings(self, request):
        form = SettingsForm(request.POST)
        if not form.is_valid():
            return self.invalid(form)
        setup.save_settings(round=self.round, by=request.user, ip=recorded_ip(request), **form.cleaned_data)
        messages.success(request, _("Đã lưu cài đặt bình chọn."))

    def do_seal(self, request):
        vote = get_object_or_404(VoteSettings, round=self.round)
        sealed = seal.seal(vote=vote, by=request.user, ip=recorded_ip(request))
        messages.success(
            request,
            _("Đã niêm phong %(n)s lượt bình chọn; mã niêm phong %(digest)s.")
            % {"n": sealed.seal_count, "digest": sealed.seal_digest},
        )

    def do_publish(self, request):
        vote = get_object_or_404(VoteSettings, round=self.round)
        setup.publish_results(vote=vote, by=request.user, ip=recorded_ip(request))
        messages.success(request, _("Đã công bố kết quả bình chọn."))

    def do_withdraw(self, request):
        vote = get_object_or_404(VoteSettings, round=self.round)
        setup.withdraw_results(vote=vote, by=request.user, ip=recorded_ip(request))
        messages.success(request, _("Đã gỡ kết quả bình chọn khỏi trang công khai."))

    def _phone_messages(self, vote) -> dict:
        """The code messages sent by phone, per day: how many, how many failed, what they cost."""
        days = phone_quota.days_of(self.round)
        if not days and not vote.accepts(IdentityKind.PHONE):
            return {}
        today = timezone.localdate()
        sent_today = next((d.sent for d in days if d.day == today), 0)
        return {
            "phone_days": days,
            "phone_totals": {
                "sent": sum(d.sent for d in days),
                "failed": sum(d.failed for d in days),
                "cost": sum(d.cost for d in days),
            },
            "phone_left_today": max(vote.phone_daily_quota - sent_today, 0),
            "phone_gateway": gateways.get_gateway().label if gateways.is_configured() else "",
            "phone_price": settings.VOTE_PHONE_MESSAGE_COST,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        vote = self._vote()
        can_manage = self.request.user.has_perm(MANAGE)
        context.update(round=self.round, vote=vote, can_manage=can_manage)
        if vote is not None:
            closed = vote.has_closed() or vote.sealed_at is not None
            context.update(
                is_open=vote.is_open(),
                closed=closed,
                total=total(self.round),
                candidates=candidates.eligible_entries(vote).count(),
                seal_check=seal.check_seal(vote),
                voids=list(VoidDecision.objects.filter(round=self.round).select_related("by")),
            )
            context.update(self._phone_messages(vote))
            if closed:
                titles = dict(
                    Entry.objects.filter(pk__in=[r.entry_id for r in tally(self.round)]).values_list("pk", "title")
                )
                context["rows"] = [(titles.get(r.entry_id, ""), r) for r in tally(self.round)]
        if can_manage:
            initial = {"prize_name": _("Giải do công chúng bình chọn"), "daily_votes": 1}
            if vote is not None:
                initial = {name: getattr(vote, name) for name in setup.FIELDS}
            context["form"] = SettingsForm(initial=initial)
        return context


class ReviewView(RoundPage):
    template_name = "contest/voting/backoffice/review.html"
    header_icon = "warning"
    title = gettext_lazy("Rà soát lượt bình chọn")
    index_url_name = "contest_voting:index"
    view_permission = VIEW
    manage_permission = REVIEW

    def do_void(self, request):
        form = VoidForm(request.POST)
        if not form.is_valid():
            return self.invalid(form)
        decision = review.void_cluster(
            round=self.round,
            ref=form.cleaned_data["ref"],
            reason=form.cleaned_data["reason"],
            by=request.user,
            ip=recorded_ip(request),
        )
        messages.success(
            request, _("Đã hủy %(n)s lượt bình chọn; lý do đã được ghi vào nhật ký.") % {"n": decision.count}
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        clusters = review.suspicious_clusters(self.round)
        entry_ids = {entry_id for c in clusters for entry_id in c.entries}
        titles = dict(Entry.objects.filter(pk__in=entry_ids).values_list("pk", "title"))
        for cluster in clusters:
            cluster.entry_titles = sorted(
                ((titles.get(entry_id, ""), n) for entry_id, n in cluster.entries.items()), key=lambda p: -p[1]
            )
        context.update(
            round=self.round,
            vote=candidates.settings_of(self.round),
            clusters=clusters,
            thresholds=Thresholds(),
            can_review=self.request.user.has_perm(REVIEW),
            voids=list(VoidDecision.objects.filter(round=self.round).select_related("by")),
        )
        return context


class ExportView(View):
    """The vote log: anyone holding it can recount (valid and voided) and check the seal."""

    def get(self, request, pk, fmt):
        if not request.user.has_perm(VIEW):
            return permission_denied(request)
        if fmt not in FORMATS:
            return permission_denied(request)
        round = get_object_or_404(Round, pk=pk)
        votes = (
            Vote.objects.filter(round=round)
            .order_by("id")
            .select_related("entry", "identity", "void")
            .iterator(chunk_size=5000)
        )
        headers = [
            _("Số thứ tự"),
            _("Mã biên nhận"),
            _("Lúc"),
            _("Mô hình"),
            _("Người bình chọn (mã băm)"),
            _("Lượt trong ngày"),
            _("Dải địa chỉ"),
            _("Thiết bị (mã băm)"),
            _("Trình duyệt"),
            _("Tình trạng"),
            _("Lý do hủy"),
        ]
        rows = (
            [
                v.pk,
                v.receipt,
                timezone.localtime(v.created_at),
                v.entry.title,
                v.identity.key,
                v.ordinal or "",
                v.ip_prefix,
                v.device[:16],
                v.user_agent,
                _("hợp lệ") if v.void_id is None else _("đã hủy"),
                v.void.reason if v.void_id else "",
            ]
            for v in votes
        )
        sheet = Sheet(title=_("Lượt bình chọn"), headers=headers, rows=rows, text_columns=(1, 4, 7))
        return sheet_download(fmt, sheet, filename=f"binh-chon-vong-{round.pk}")


urlpatterns = [
    path("", VotingIndexView.as_view(), name="index"),
    path("<int:pk>/", VotingRoundView.as_view(), name="round"),
    path("<int:pk>/ra-soat/", ReviewView.as_view(), name="review"),
    path("<int:pk>/luot-binh-chon.<str:fmt>", ExportView.as_view(), name="export"),
]

register_section(
    prefix="binh-chon/",
    namespace="contest_voting",
    urlpatterns=urlpatterns,
    menu_label=gettext_lazy("Bình chọn"),
    icon="tick-inverse",
    order=66,
    permissions=(VIEW,),
)
