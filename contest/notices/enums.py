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
    DECISION = "decision", _("Hoàn thiện Quyết định công nhận kết quả để trình ký")
    CERTIFICATES = "certificates", _("Cấp giấy chứng nhận")


class OpinionStatus(models.TextChoices):
    RECEIVED = "received", _("Đã nhận, chưa xử lý")
    HANDLED = "handled", _("Đã xử lý")


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", _("Khiếu nại")
    REMARKING = "remarking", _("Đề nghị phúc khảo")


class ComplaintStatus(models.TextChoices):
    """Received → (assigned) → (verified) → answered; only an answered one no longer holds the gate."""

    RECEIVED = "received", _("Đã tiếp nhận")
    ASSIGNED = "assigned", _("Đang xác minh")
    VERIFIED = "verified", _("Đã xác minh, chờ kết luận")
    ANSWERED = "answered", _("Đã trả lời")


class ComplaintOutcome(models.TextChoices):
    UPHELD = "upheld", _("Chấp nhận")
    PARTLY = "partly", _("Chấp nhận một phần")
    REJECTED = "rejected", _("Không chấp nhận")
