"""Choices of the Hội thi day: part kinds, draw methods and states, performance states. Values are
stable ASCII codes; labels are translatable."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartKind(models.TextChoices):
    """Who is on stage: one team at a time (scored by the jury), or every team at once answering
    the same questions (A/B/C/D boards, counted against the key for the secretariat's criterion)."""

    TEAM = "team", _("Từng đội lên sân khấu (giám khảo chấm)")
    QUIZ = "quiz", _("Các đội cùng trả lời (trắc nghiệm, chấm theo đáp án)")


class Scoreboard(models.TextChoices):
    PER_PART = "per_part", _("Công bố điểm sau từng phần thi")
    AT_END = "at_end", _("Chỉ công bố điểm khi kết thúc")


class DrawMethod(models.TextChoices):
    APP = "app", _("Bốc thăm trên ứng dụng (trình chiếu)")
    SLIPS = "slips", _("Bốc thăm bằng phiếu giấy (Tổ Thư ký ghi kết quả)")


class DrawState(models.TextChoices):
    COMMITTED = "committed", _("Đã niêm phong mã, chờ bốc")
    DONE = "done", _("Đã bốc")
    SUPERSEDED = "superseded", _("Đã thay bằng lần bốc lại")


class PerformanceState(models.TextChoices):
    WAITING = "waiting", _("Chờ thi")
    ON_STAGE = "on_stage", _("Đang thi")
    SCORING = "scoring", _("Đang chấm")
    LOCKED = "locked", _("Đã khóa điểm")
    ABSENT = "absent", _("Vắng mặt")


class SubmissionOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Đã nhận")
    LATE = "late", _("Đến muộn (phần thi đã khóa)")


class Screen(models.TextChoices):
    """What the projector shows; the console chooses, the projector follows."""

    IDLE = "idle", _("Màn hình chờ")
    DRAW = "draw", _("Bốc thăm")
    STAGE = "stage", _("Đang thi")
    QUESTION = "question", _("Câu hỏi")
    BOARD = "board", _("Bảng điểm")
    REVEAL = "reveal", _("Công bố giải")


ANSWER_LETTERS = ("A", "B", "C", "D")
