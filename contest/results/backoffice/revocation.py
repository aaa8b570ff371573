"""Back-office page "Thu hồi giải" of a round: revoking an award after the decision (Luật Thi đua,
khen thưởng 2022, Điều 93) and the history of the round's revocations.

Looking needs ``results.view`` (organisers and the secretariat read the history); revoking needs
``results.revoke_award`` (organisers). The form parses the input (the decision's date as strict
dd/mm/yyyy text) and calls one service, contest/results/services/revocation.py, which checks
everything again; a refusal comes back next to the form with what was typed kept.
"""

from django import forms
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages

from contest.core.backoffice.sections import RoundPage
from contest.core.errors import DomainError
from contest.core.forms import DateField
from contest.core.http import recorded_ip
from contest.dossiers.models import Entry
from contest.results.enums import RevocationGround, RevokedShowcase, SnapshotStatus
from contest.results.models import DEFAULT_REVOCATION_BASIS, ResultSnapshot
from contest.results.services import revocation as revocations


class RevocationForm(forms.Form):
    entry = forms.TypedChoiceField(
        label=gettext_lazy("Hồ sơ bị thu hồi giải"),
        coerce=int,
        error_messages={"required": gettext_lazy("Hãy chọn hồ sơ bị thu hồi giải.")},
    )
    ground = forms.ChoiceField(
        label=gettext_lazy("Căn cứ thu hồi (Điều 93)"),
        choices=RevocationGround.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Hãy chọn căn cứ thu hồi.")},
    )
    ground_detail = forms.CharField(
        label=gettext_lazy("Nội dung vi phạm"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Bắt buộc khi chọn căn cứ khác; được ghi trên trang xác minh giấy chứng nhận."),
    )
    legal_basis = forms.CharField(
        label=gettext_lazy("Căn cứ pháp lý"),
        max_length=300,
        initial=DEFAULT_REVOCATION_BASIS,
        help_text=gettext_lazy("Sửa khi văn bản pháp luật được thay thế."),
        error_messages={"required": gettext_lazy("Hãy ghi căn cứ pháp lý.")},
    )
    decision_number = forms.CharField(
        label=gettext_lazy("Số quyết định thu hồi"),
        max_length=50,
        help_text=gettext_lazy("Ví dụ: 15/QĐ-BTC"),
        error_messages={"required": gettext_lazy("Hãy ghi số quyết định thu hồi, ví dụ 15/QĐ-BTC.")},
    )
    decision_date = DateField(
        label=gettext_lazy("Ngày ký quyết định"),
        error_messages={"required": gettext_lazy("Hãy ghi ngày ký quyết định thu hồi (dd/mm/yyyy).")},
    )
    showcase = forms.ChoiceField(
        label=gettext_lazy("Trang mô hình trên cổng thông tin"),
        choices=RevokedShowcase.choices,
        initial=RevokedShowcase.MARK,
        widget=forms.RadioSelect,
    )
    promote_next = forms.BooleanField(
        label=gettext_lazy("Xét bổ sung giải cho hồ sơ xếp kế tiếp (cùng bảng, chưa có giải, đủ điểm)"),
        required=False,
        help_text=gettext_lazy(
            "Kết quả đã công bố được thay bằng phiên bản mới; phiên bản cũ vẫn được lưu. "
            "Giấy chứng nhận cho hồ sơ được xét bổ sung cấp ở trang Giấy chứng nhận."
        ),
    )

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [("", "—")] + list(entries)


def _awarded_choices(round, snapshot) -> list[tuple[int, str]]:
    """The entries of the published result that still hold an award, as form choices."""
    if snapshot is None:
        return []
    revoked = set(round.award_revocations.values_list("entry_id", flat=True))
    choices = []
    for row in snapshot.rows.select_related("entry__unit").order_by("scope_label", "rank", "code"):
        prizes = [p for p in [row.prize_name, *(row.part_prizes or [])] if p]
        if prizes and row.entry_id not in revoked:
            label = f"{row.code:03d} – {row.entry.title} ({row.entry.unit.name}): {'; '.join(prizes)}"
            choices.append((row.entry_id, label))
    return choices


class RevocationView(RoundPage):
    template_name = "contest/results/backoffice/revocation.html"
    header_icon = "warning"
    title = gettext_lazy("Thu hồi giải")
    index_url_name = "contest_results:index"
    view_permission = "results.view"
    manage_permission = "results.revoke_award"

    def _published(self):
        return ResultSnapshot.objects.filter(round=self.round, status=SnapshotStatus.PUBLISHED).first()

    def do_revoke(self, request):
        form = RevocationForm(request.POST, entries=_awarded_choices(self.round, self._published()))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        entry = get_object_or_404(Entry, pk=data.pop("entry"))
        try:
            revocation = revocations.revoke_award(
                round=self.round, entry=entry, by=request.user, ip=recorded_ip(request), **data
            )
        except DomainError as error:
            if error.field and error.field in form.fields:
                form.add_error(error.field, str(error.message))
            else:
                form.add_error(None, str(error.message))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        done = _("Đã thu hồi giải của hồ sơ “%(title)s” theo Quyết định số %(number)s.") % {
            "title": entry.title,
            "number": revocation.decision_number,
        }
        if revocation.promoted_entry_id:
            done += " " + _("Hồ sơ “%(title)s” được xét bổ sung; kết quả công bố là phiên bản %(v)s.") % {
                "title": revocation.promoted_entry.title,
                "v": revocation.promoted_snapshot.version,
            }
        messages.success(request, done)
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        snapshot = self._published()
        choices = _awarded_choices(self.round, snapshot)
        context.update(
            round=self.round,
            snapshot=snapshot,
            can_revoke=self.request.user.has_perm(self.manage_permission) and bool(choices),
            form=kwargs.get("form") or RevocationForm(entries=choices),
            history=revocations.revocations_of(self.round),
        )
        return context
