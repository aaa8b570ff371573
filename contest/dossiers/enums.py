"""Choices of the dossier domain: entry kinds and states, history actions, attachment kinds, team
roles. Values are stable ASCII codes; labels are translatable."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
