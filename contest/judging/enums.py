"""Choices of judging: who scores a criterion, conflict kinds, sheet kinds and states. Values are
stable ASCII codes; labels are translatable."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CriterionScorer(models.TextChoices):
    JURY = "jury", _("Ban Giám khảo")
    SECRETARIAT = "secretariat", _("Tổ Thư ký (ví dụ: trắc nghiệm)")


class ConflictKind(models.TextChoices):
    DECLARED = "declared", _("Khai báo")
    RECUSAL = "recusal", _("Giám khảo xin rút")


class SheetKind(models.TextChoices):
    """Whose sheet: a judge's, or the secretariat's single sheet per entry for the criteria it
    scores itself (multiple-choice answers of a Hội thi's knowledge part)."""

    JURY = "jury", _("Phiếu của giám khảo")
    SECRETARIAT = "secretariat", _("Điểm do Tổ Thư ký nhập")


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Đang chấm")
    SUBMITTED = "submitted", _("Đã nộp")
