"""Forms of the public vote (shape and length; the services check the rules again). Moments are
typed dd/mm/yyyy hh:mm, parsed strictly (contest/core/forms.py)."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from contest.core.challenge import ChallengeField
from contest.core.forms import DateTimeField, NFCMixin
from contest.voting.enums import Eligibility, IdentityKind, Purpose, QuotaKind


class SettingsForm(NFCMixin, forms.Form):
    enabled = forms.BooleanField(label=_("Tổ chức bình chọn trong vòng này"), required=False)
    eligibility = forms.ChoiceField(label=_("Mô hình được bình chọn"), choices=Eligibility.choices)
    opens_at = DateTimeField(
        label=_("Mở bình chọn lúc"), required=False, help_text=_("dd/mm/yyyy hh:mm, ví dụ 01/10/2026 08:00")
    )
    closes_at = DateTimeField(
        label=_("Đóng bình chọn lúc"), required=False, help_text=_("dd/mm/yyyy hh:mm, ví dụ 10/10/2026 20:00")
    )
    quota = forms.ChoiceField(label=_("Số lượt mỗi người"), choices=QuotaKind.choices)
    daily_votes = forms.IntegerField(
        label=_("Số lượt mỗi ngày (khi chọn N lượt mỗi ngày)"),
        min_value=1,
        max_value=20,
        initial=1,
        error_messages={"min_value": _("Từ 1 đến 20 lượt."), "max_value": _("Từ 1 đến 20 lượt.")},
    )
    purpose = forms.ChoiceField(label=_("Kết quả bình chọn dùng để"), choices=Purpose.choices)
    score_share = forms.DecimalField(
        label=_("Tỷ lệ của bình chọn trong điểm chung cuộc (%)"),
        required=False,
        min_value=0,
        max_value=50,
        max_digits=3,
        decimal_places=1,
        localize=True,
        help_text=_("Chỉ dùng khi bình chọn là một phần điểm; không vượt mức trần của thể lệ cuộc thi."),
        error_messages={
            "invalid": _("Ghi một số, ví dụ 20 hoặc 12,5."),
            "max_value": _("Tối đa 50 %."),
            "min_value": _("Không được âm."),
            "max_decimal_places": _("Chỉ ghi một chữ số thập phân."),
            "max_digits": _("Tối đa 50 %."),
        },
    )
    prize_name = forms.CharField(label=_("Tên giải"), max_length=150)
    show_total = forms.BooleanField(
        label=_("Hiện tổng số lượt bình chọn khi đang bình chọn"),
        required=False,
        help_text=_("Số lượt của từng mô hình luôn ẩn cho đến khi công bố kết quả."),
    )
    identity_kinds = forms.MultipleChoiceField(
        label=_("Người bình chọn xác nhận bằng"),
        choices=IdentityKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Chọn một hoặc nhiều cách. Khi hết số tin nhắn trong ngày, người bình chọn được mời nhận mã qua thư "
            "điện tử."
        ),
        error_messages={"required": _("Hãy chọn ít nhất một cách xác nhận người bình chọn.")},
    )
    phone_daily_quota = forms.IntegerField(
        label=_("Số tin nhắn mã xác nhận tối đa mỗi ngày"),
        min_value=0,
        max_value=1_000_000,
        initial=500,
        help_text=_("Mỗi tin nhắn tốn phí theo hợp đồng với nhà cung cấp; chi phí từng ngày hiện ở trang này."),
        error_messages={"min_value": _("Từ 0 đến 1.000.000 tin."), "max_value": _("Từ 0 đến 1.000.000 tin.")},
    )


class EmailForm(forms.Form):
    """Step 1 of a vote. ``challenge`` is a proof of work solved by the visitor's browser
    (contest/core/challenge.py): no code is e-mailed to a script that did not pay for it."""

    email = forms.CharField(
        label=_("Địa chỉ thư điện tử của bạn"),
        max_length=254,
        help_text=_(
            "Mã xác nhận gồm 6 chữ số được gửi tới địa chỉ này. Địa chỉ không được lưu lại và không công khai."
        ),
        error_messages={"required": _("Hãy ghi địa chỉ thư điện tử để nhận mã xác nhận.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    challenge = ChallengeField(challengeurl=reverse_lazy("voting:challenge"))


class PhoneForm(forms.Form):
    """Step 1 by phone: the code comes by SMS or Zalo, after the same proof of work."""

    phone = forms.CharField(
        label=_("Số điện thoại di động của bạn"),
        max_length=30,
        help_text=_(
            "Ví dụ 0912 345 678. Mã xác nhận gồm 6 chữ số được gửi qua tin nhắn (SMS hoặc Zalo). "
            "Số điện thoại không được lưu lại và không công khai."
        ),
        error_messages={"required": _("Hãy ghi số điện thoại di động để nhận mã xác nhận.")},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    challenge = ChallengeField(challengeurl=reverse_lazy("voting:challenge"))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác nhận (6 chữ số)"),
        max_length=12,
        error_messages={"required": _("Hãy nhập mã xác nhận vừa nhận được.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}),
    )


class VoidForm(forms.Form):
    ref = forms.CharField(max_length=200)
    reason = forms.CharField(
        label=_("Lý do hủy"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Hãy ghi lý do hủy các lượt bình chọn này.")},
    )
