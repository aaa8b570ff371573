"""Choices of the public vote. Values are stable ASCII codes; labels are translatable."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Eligibility(models.TextChoices):
    FINALISTS = "finalists", _("Các hồ sơ trong vòng thi này")
    PUBLISHED = "published", _("Mọi mô hình đã đăng trên trang công khai của cuộc thi")


class QuotaKind(models.TextChoices):
    PER_ENTRY = "per_entry", _("Mỗi người một lượt cho mỗi mô hình (cả đợt)")
    PER_DAY = "per_day", _("Mỗi người N lượt mỗi ngày (mỗi mô hình một lượt mỗi ngày)")


class Purpose(models.TextChoices):
    """What the vote decides: a separate prize, or a capped share of the final score
    (contest/results/vote_share.py; the jury's score and rank stay beside the final ones)."""

    AUDIENCE_PRIZE = (
        "audience_prize",
        _("Giải riêng do công chúng bình chọn (không ảnh hưởng xếp hạng của Ban Giám khảo)"),
    )
    SCORE_SHARE = (
        "score_share",
        _("Một phần điểm chung cuộc (tỷ lệ không quá mức trần của thể lệ)"),
    )


class ClusterKind(models.TextChoices):
    DEVICE = "device", _("Cùng một thiết bị")
    NETWORK = "network", _("Cùng một dải địa chỉ mạng (/24)")
    BURST = "burst", _("Dồn dập trong thời gian ngắn")
    SEQUENCE = "sequence", _("Địa chỉ thư hoặc số điện thoại chỉ khác nhau ở vài chữ số (tạo hàng loạt)")


class IdentityKind(models.TextChoices):
    """How a voter proves to be one person. A round accepts one or more (VoteSettings.identity_kinds,
    a list of these values, so that a new kind is a new choice, not a new column)."""

    EMAIL = "email", _("Mã xác nhận qua thư điện tử")
    PHONE = "phone", _("Mã xác nhận qua tin nhắn điện thoại (SMS hoặc Zalo)")
