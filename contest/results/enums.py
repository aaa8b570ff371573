"""Choices of results: aggregation methods, ranking scope, bands, snapshot states. Values are stable
ASCII codes; labels are translatable."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AggregationMethod(models.TextChoices):
    """How an entry's score comes from its judges' totals (codes match contest/scoring.py)."""

    MEAN = "mean", _("Trung bình cộng")
    TRIMMED_MEAN = "trimmed_mean", _("Trung bình sau khi bỏ điểm cao nhất và thấp nhất")
    MEDIAN = "median", _("Trung vị")
    NORMALISED = "normalised", _("Chuẩn hoá theo từng giám khảo (điểm z)")


class RankingScope(models.TextChoices):
    OVERALL = "overall", _("Xếp hạng chung cả vòng")
    FIELD = "field", _("Xếp hạng theo từng lĩnh vực")
    GROUP = "group", _("Xếp hạng theo từng cụm / bảng")


class Band(models.TextChoices):
    """Classification bands (codes match contest/ranking.py DEFAULT_BANDS)."""

    EXCELLENT = "xuat_sac", _("Xuất sắc")
    GOOD = "tot", _("Tốt")
    FAIR = "kha", _("Khá")
    NOT_PASSED = "chua_dat", _("Chưa đạt")


class SnapshotStatus(models.TextChoices):
    FROZEN = "frozen", _("Đã chốt")
    PUBLISHED = "published", _("Đã công bố")
    INVALIDATED = "invalidated", _("Đã hủy (mở lại chấm)")


class RevocationGround(models.TextChoices):
    """Why an award is withdrawn after the decision: the cases of Luật Thi đua, khen thưởng 2022,
    Điều 93 (DOMAIN.md §13), then "another ground", which must be written out."""

    FALSE_CLAIM = "false_claim", _("Gian dối trong kê khai thành tích")
    FORGED_DOSSIER = "forged_dossier", _("Làm giả hồ sơ, giấy tờ đề nghị khen thưởng")
    UNLAWFUL_AWARD = "unlawful_award", _("Xét, đề nghị khen thưởng không đúng quy định")
    LATER_VIOLATION = "later_violation", _("Vi phạm pháp luật được phát hiện sau khi khen thưởng")
    OTHER = "other", _("Căn cứ khác (ghi rõ)")


class RevokedShowcase(models.TextChoices):
    """What becomes of the model's public page when its award is revoked (the organiser chooses)."""

    MARK = "mark", _("Giữ trang mô hình, ghi rõ giải đã bị thu hồi")
    HIDE = "hide", _("Gỡ trang mô hình khỏi thư viện và trang công khai")
