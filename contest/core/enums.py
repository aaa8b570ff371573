"""Choices shared by every domain: contest and round kinds, staff roles, document layout. Values are
stable ASCII codes; labels are translatable."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContestKind(models.TextChoices):
    MODEL_REVIEW = "model_review", _("Bình xét mô hình, điển hình")
    HOI_THI = "hoi_thi", _("Hội thi Dân vận khéo")
    OTHER = "other", _("Cuộc thi khác")


class RoundKind(models.TextChoices):
    SINGLE = "single", _("Vòng duy nhất")
    PRELIMINARY = "preliminary", _("Sơ khảo / vòng cụm")
    FINAL = "final", _("Chung khảo")


class StaffRole(models.TextChoices):
    """Roles granted through Django groups (the group name is the value)."""

    ORGANISER = "organiser", _("Ban Tổ chức")
    SECRETARIAT = "secretariat", _("Tổ Thư ký")
    JUDGE = "judge", _("Giám khảo")


class DocumentFormat(models.TextChoices):
    """How the contest's documents are laid out (DOMAIN.md §8)."""

    STATE = "state", _("Thể thức Nhà nước (Nghị định 30/2020/NĐ-CP)")
    PARTY = "party", _("Thể thức văn bản của Đảng")


class ScoreDisclosure(models.TextChoices):
    """Whose scores the public results show: a publication choice of the organisers."""

    ALL = "all", _("Công bố điểm của mọi hồ sơ")
    WINNERS = "winners", _("Chỉ công bố điểm của hồ sơ đạt giải")
