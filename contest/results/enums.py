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
