"""Choices of the notice period: calendar adjustments, notice states, gate actions. Values are stable
ASCII codes; labels are translatable."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDayKind(models.TextChoices):
    DAY_OFF = "day_off", _("Ngày nghỉ bù / nghỉ thêm")
    WORKING_DAY = "working_day", _("Ngày làm việc bù")


class NoticeStatus(models.TextChoices):
    OPEN = "open", _("Đang lấy ý kiến")
    CLOSED = "closed", _("Đã kết thúc lấy ý kiến")


class GateAction(models.TextChoices):
    """What the notice period holds back until it is over (an organiser may override, with a reason)."""

    FINAL_PUBLICATION = "final_publication", _("Công bố chính thức kết quả")
    CERTIFICATES = "certificates", _("Cấp giấy chứng nhận")


class OpinionStatus(models.TextChoices):
    RECEIVED = "received", _("Đã nhận, chưa xử lý")
    HANDLED = "handled", _("Đã xử lý")
