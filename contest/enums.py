"""Choices for kinds and states. Values are stable ASCII codes; labels are translatable."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ContestKind(models.TextChoices):
    MODEL_REVIEW = "model_review", _("Bình xét mô hình, điển hình")
    HOI_THI = "hoi_thi", _("Hội thi Dân vận khéo")
    OTHER = "other", _("Cuộc thi khác")


class RoundKind(models.TextChoices):
    SINGLE = "single", _("Vòng duy nhất")
    PRELIMINARY = "preliminary", _("Sơ khảo / vòng cụm")
    FINAL = "final", _("Chung khảo")


class EntryKind(models.TextChoices):
    MODEL = "model", _("Mô hình")
    COLLECTIVE_EXEMPLAR = "collective_exemplar", _("Điển hình tập thể")
    INDIVIDUAL_EXEMPLAR = "individual_exemplar", _("Điển hình cá nhân")
    TEAM = "team", _("Đội thi")


class EntryState(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã nộp")
    RETURNED = "returned", _("Trả lại để bổ sung")
    RESUBMITTED = "resubmitted", _("Đã nộp lại")
    ACCEPTED = "accepted", _("Hợp lệ, đã tiếp nhận")
    REJECTED = "rejected", _("Không hợp lệ")

    @classmethod
    def editable_by_unit(cls):
        return {cls.DRAFT, cls.RETURNED}

    @classmethod
    def awaiting_review(cls):
        return {cls.SUBMITTED, cls.RESUBMITTED}


class EntryAction(models.TextChoices):
    CREATED = "created", _("Tạo hồ sơ")
    EDITED = "edited", _("Sửa hồ sơ")
    SUBMITTED = "submitted", _("Nộp hồ sơ")
    RETURNED = "returned", _("Trả lại để bổ sung")
    RESUBMITTED = "resubmitted", _("Nộp lại")
    ACCEPTED = "accepted", _("Tiếp nhận (hợp lệ)")
    REJECTED = "rejected", _("Không hợp lệ")
    ATTACHMENT_ADDED = "attachment_added", _("Thêm tệp")
    ATTACHMENT_REMOVED = "attachment_removed", _("Xóa tệp")


class AttachmentKind(models.TextChoices):
    REPORT = "report", _("Báo cáo mô hình")
    PHOTO = "photo", _("Ảnh")
    VIDEO = "video", _("Video")
    ENDORSEMENT = "endorsement", _("Xác nhận của cấp ủy")
    EVIDENCE = "evidence", _("Minh chứng khác")


class TeamRole(models.TextChoices):
    CONTESTANT = "contestant", _("Thí sinh")
    HELPER = "helper", _("Hỗ trợ")
    LEADER = "leader", _("Trưởng đoàn")


class StaffRole(models.TextChoices):
    """Roles granted through Django groups (the group name is the value)."""

    ORGANISER = "organiser", _("Ban Tổ chức")
    SECRETARIAT = "secretariat", _("Tổ Thư ký")
    JUDGE = "judge", _("Giám khảo")


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


class DocumentFormat(models.TextChoices):
    """How the contest's documents are laid out (DOMAIN.md §8)."""

    STATE = "state", _("Thể thức Nhà nước (Nghị định 30/2020/NĐ-CP)")
    PARTY = "party", _("Thể thức văn bản của Đảng")


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


class CertificateKind(models.TextChoices):
    CERTIFICATE = "certificate", pgettext_lazy("certificate kind", "Giấy chứng nhận")
    MERIT = "merit", _("Giấy khen")
    HIGH_MERIT = "high_merit", _("Bằng khen")


class CertificateStatus(models.TextChoices):
    PENDING = "pending", _("Đang in")
    VALID = "valid", _("Hợp lệ")
    REVOKED = "revoked", _("Đã thu hồi")
    REPLACED = "replaced", _("Đã thay thế")


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang in")
    DONE = "done", _("Hoàn tất")
    FAILED = "failed", _("Lỗi")
