"""Judging: rubrics and criteria, the jury of a round, conflicts, assignments and score sheets.

Invariants live in database constraints so that no race can break them: one membership per judge
and round, one head judge per round, one assignment and one sheet per judge × entry × round, one
score per sheet × criterion, scores never negative.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from contest.core.numbers import typed_number
from contest.judging.enums import ConflictKind, CriterionScorer, SheetKind, SheetStatus


class RoundEntry(models.Model):
    """An entry taking part in a round, in a cluster when the round has clusters."""

    round = models.ForeignKey("contest.Round", on_delete=models.CASCADE, related_name="round_entries")
    entry = models.ForeignKey("contest.Entry", on_delete=models.CASCADE, related_name="round_entries")
    group = models.ForeignKey(
        "contest.RoundGroup",
        verbose_name=_("cụm / bảng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="round_entries",
    )
    # A neutral number shown instead of the unit in blind rounds ("Hồ sơ số 017").
    code = models.PositiveIntegerField(_("số hiệu"))

    class Meta:
        ordering = ["round", "code"]
        verbose_name = _("hồ sơ trong vòng")
        verbose_name_plural = pgettext_lazy("plural", "hồ sơ trong vòng")
        constraints = [
            models.UniqueConstraint(fields=["round", "entry"], name="round_entry_once"),
            models.UniqueConstraint(fields=["round", "code"], name="round_entry_code_unique"),
        ]

    def __str__(self):
        return f"{self.round} – {self.entry}"


class Rubric(ClusterableModel):
    """A score sheet's template: belongs to a round, optionally to one field or one contest part.

    Clusterable so that the admin edits its criteria inline, in one form saved at once.
    """

    round = models.ForeignKey(
        "contest.Round", verbose_name=_("vòng thi"), on_delete=models.CASCADE, related_name="rubrics"
    )
    field = models.ForeignKey(
        "contest.Field",
        verbose_name=_("lĩnh vực"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rubrics",
        help_text=_("Để trống: áp dụng cho mọi lĩnh vực."),
    )
    part = models.CharField(
        _("phần thi"), max_length=100, blank=True, help_text=_("Với hội thi: chào hỏi, kiến thức, tiểu phẩm…")
    )
    name = models.CharField(_("tên thang điểm"), max_length=200)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    library_code = models.SlugField(_("mẫu gốc"), max_length=60, blank=True, editable=False)

    class Meta:
        ordering = ["round", "order", "id"]
        verbose_name = _("thang điểm")
        verbose_name_plural = pgettext_lazy("plural", "thang điểm")
        constraints = [
            # Two partial constraints, because SQLite cannot treat NULL fields as equal.
            models.UniqueConstraint(
                fields=["round", "field", "part"], condition=Q(field__isnull=False), name="rubric_unique_scope"
            ),
            models.UniqueConstraint(
                fields=["round", "part"], condition=Q(field__isnull=True), name="rubric_unique_scope_all_fields"
            ),
        ]

    def __str__(self):
        return self.name


class Criterion(models.Model):
    rubric = ParentalKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(_("mã"), max_length=60)
    name = models.CharField(_("tiêu chí"), max_length=255)
    short_name = models.CharField(
        _("tên ngắn"),
        max_length=40,
        blank=True,
        help_text=_(
            "In trên bảng kết quả, dòng phân định và tệp Excel (tên đầy đủ hiện khi rê chuột). Ví dụ: Hiệu quả."
        ),
    )
    description = models.TextField(_("mô tả"), blank=True)
    max_points = models.DecimalField(
        _("điểm tối đa"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    step = models.DecimalField(
        _("bước điểm"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.5"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    weight = models.DecimalField(
        _("hệ số"), max_digits=5, decimal_places=2, default=Decimal("1"), validators=[MinValueValidator(Decimal("0"))]
    )
    # [{"min": 18, "max": 20, "text": "hoàn toàn mới"}, …], highest band first.
    bands = models.JSONField(_("mức đánh giá"), default=list, blank=True)
    counts_toward_total = models.BooleanField(_("tính vào tổng điểm"), default=True)
    scored_by = models.CharField(
        _("người chấm"), max_length=20, choices=CriterionScorer.choices, default=CriterionScorer.JURY
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["rubric", "order", "id"]
        verbose_name = _("tiêu chí")
        verbose_name_plural = pgettext_lazy("plural", "tiêu chí")
        constraints = [
            models.UniqueConstraint(fields=["rubric", "code"], name="criterion_code_unique_in_rubric"),
            models.CheckConstraint(
                condition=Q(max_points__gt=0) & Q(step__gt=0) & Q(weight__gte=0), name="criterion_positive_limits"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.max_points})"

    @property
    def label(self) -> str:
        """The short name people use in tables, or the full name when none was given."""
        return self.short_name or self.name

    def clean(self):
        # Checks no constraint can express: an unreachable maximum, bands outside 0..max.
        # (Plain Decimal here: models sit below contest/scoring.py and must not import it.)
        errors = {}
        if self.max_points and self.step and self.max_points % self.step != 0:
            errors["max_points"] = _("Điểm tối đa phải là bội số của bước điểm.")
        try:
            limits = [(Decimal(str(b["min"])), Decimal(str(b["max"]))) for b in self.bands or []]
        except (KeyError, TypeError, ArithmeticError):
            errors["bands"] = _("Mức đánh giá không đúng định dạng.")
        else:
            if self.max_points and any(low < 0 or high > self.max_points for low, high in limits):
                errors["bands"] = _("Các mức đánh giá phải nằm trong khoảng 0–%(max)s.") % {
                    "max": typed_number(self.max_points)
                }
        if errors:
            raise ValidationError(errors)


class JuryMembership(models.Model):
    round = models.ForeignKey(
        "contest.Round", verbose_name=_("vòng thi"), on_delete=models.CASCADE, related_name="jury"
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("giám khảo"), on_delete=models.PROTECT, related_name="jury_memberships"
    )
    is_head = models.BooleanField(_("Trưởng Ban Giám khảo"), default=False)
    last_reminded_at = models.DateTimeField(_("nhắc chấm lần cuối"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["round", "-is_head", "id"]
        verbose_name = _("thành viên Ban Giám khảo")
        verbose_name_plural = pgettext_lazy("plural", "thành viên Ban Giám khảo")
        constraints = [
            models.UniqueConstraint(fields=["round", "judge"], name="jury_member_once"),
            models.UniqueConstraint(fields=["round"], condition=Q(is_head=True), name="jury_one_head"),
        ]

    def __str__(self):
        return f"{self.judge} – {self.round}"


class Conflict(models.Model):
    """A declared conflict of interest or a judge's recusal (automatic ones are computed)."""

    round = models.ForeignKey("contest.Round", on_delete=models.CASCADE, related_name="conflicts")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conflicts")
    entry = models.ForeignKey(
        "contest.Entry", null=True, blank=True, on_delete=models.CASCADE, related_name="conflicts"
    )
    unit = models.ForeignKey("contest.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="conflicts")
    kind = models.CharField(_("loại"), max_length=20, choices=ConflictKind.choices)
    reason = models.TextField(_("lý do"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "judge", "id"]
        verbose_name = _("xung đột lợi ích")
        verbose_name_plural = pgettext_lazy("plural", "xung đột lợi ích")
        constraints = [
            models.CheckConstraint(
                condition=Q(entry__isnull=False) | Q(unit__isnull=False), name="conflict_names_entry_or_unit"
            ),
        ]

    def __str__(self):
        return f"{self.judge}: {self.entry or self.unit}"


class Assignment(models.Model):
    """Judge × entry × round. ``position`` is the judge's randomised order (recorded against
    order bias)."""

    round = models.ForeignKey("contest.Round", on_delete=models.CASCADE, related_name="assignments")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments")
    entry = models.ForeignKey("contest.Entry", on_delete=models.CASCADE, related_name="assignments")
    position = models.PositiveIntegerField(_("thứ tự chấm"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "judge", "position"]
        verbose_name = _("phân công chấm")
        verbose_name_plural = pgettext_lazy("plural", "phân công chấm")
        constraints = [
            models.UniqueConstraint(fields=["round", "judge", "entry"], name="assignment_once"),
            models.UniqueConstraint(fields=["round", "judge", "position"], name="assignment_position_unique"),
        ]

    def __str__(self):
        return f"{self.judge} → {self.entry}"


class ScoreSheet(models.Model):
    """One judge's sheet for one entry in one round (online, or imported from paper).

    The secretariat's scores (criteria with scored_by = secretariat) sit on one sheet of kind
    "secretariat" per entry and round; ``judge`` is then the staff member who opened it.
    """

    round = models.ForeignKey("contest.Round", on_delete=models.CASCADE, related_name="sheets")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sheets")
    entry = models.ForeignKey("contest.Entry", on_delete=models.CASCADE, related_name="sheets")
    kind = models.CharField(_("loại phiếu"), max_length=20, choices=SheetKind.choices, default=SheetKind.JURY)
    status = models.CharField(_("trạng thái"), max_length=20, choices=SheetStatus.choices, default=SheetStatus.DRAFT)
    comment = models.TextField(_("nhận xét chung"), blank=True, max_length=5000)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    from_paper = models.BooleanField(_("nhập từ phiếu giấy"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "entry", "judge"]
        verbose_name = _("phiếu chấm")
        verbose_name_plural = pgettext_lazy("plural", "phiếu chấm")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "judge", "entry"], condition=Q(kind=SheetKind.JURY), name="sheet_once"
            ),
            models.UniqueConstraint(
                fields=["round", "entry"], condition=Q(kind=SheetKind.SECRETARIAT), name="secretariat_sheet_once"
            ),
            models.CheckConstraint(condition=Q(status__in=SheetStatus.values), name="sheet_status_known"),
            models.CheckConstraint(condition=Q(kind__in=SheetKind.values), name="sheet_kind_known"),
        ]

    def __str__(self):
        return f"{self.judge} – {self.entry}"


class Score(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.DecimalField(_("điểm"), max_digits=6, decimal_places=2)
    comment = models.CharField(_("ghi chú"), max_length=1000, blank=True)

    class Meta:
        ordering = ["sheet", "criterion__order"]
        verbose_name = _("điểm")
        verbose_name_plural = pgettext_lazy("plural", "điểm")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="score_once_per_criterion"),
            models.CheckConstraint(condition=Q(value__gte=0), name="score_not_negative"),
        ]

    def __str__(self):
        return f"{self.criterion.code}: {self.value}"
