"""The Hội thi day (issue 14): the programme of a round's day, its question bank, the draws, the
performances on stage, the judges' live submissions, the quiz answers and the audience count.

Scores themselves are never stored here: a judge's live submission writes the ordinary Score rows
of the judge's ScoreSheet (contest/judging), and the quiz answers the secretariat's sheet, so the
round's tabulation, freeze and publication work on the day's scores unchanged. What lives here is
the day's own state: who is on stage, what the projector may show, and the records that make each
step replayable (draw seeds, idempotency keys).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from contest.stage.enums import (
    ANSWER_LETTERS,
    DrawMethod,
    DrawState,
    PartKind,
    PerformanceState,
    Scoreboard,
    Screen,
    SubmissionOutcome,
)


class StageProgramme(ClusterableModel):
    """The programme of the day for one round (usually the final), and the day's live state.

    ``version`` grows with every change the screens must follow (console, tablets, projector):
    it is their ETag, so a poll that finds nothing new costs one indexed read and a 304.
    """

    round = models.OneToOneField(
        "contest.Round", verbose_name=_("vòng thi"), on_delete=models.CASCADE, related_name="stage"
    )
    venue = models.CharField(_("địa điểm"), max_length=255, blank=True)
    scoreboard = models.CharField(
        _("công bố điểm"), max_length=20, choices=Scoreboard.choices, default=Scoreboard.PER_PART
    )
    public_live = models.BooleanField(
        _("trang theo dõi trực tiếp công khai"),
        default=False,
        help_text=_("Trang công khai chỉ hiện bảng điểm đã được Ban Tổ chức cho chiếu."),
    )
    # The live state, changed only through contest/stage/services.
    current = models.ForeignKey(
        "StagePerformance", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    current_question = models.ForeignKey(
        "StageQuestion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    screen = models.CharField(max_length=10, choices=Screen.choices, default=Screen.IDLE, editable=False)
    totals_released = models.BooleanField(default=False, editable=False)
    reveal_step = models.PositiveSmallIntegerField(default=0, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveBigIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("chương trình ngày thi")
        verbose_name_plural = pgettext_lazy("plural", "chương trình ngày thi")

    def __str__(self):
        return str(self.round)


class StagePart(models.Model):
    """A part of the day (phần thi), scoring one rubric of the round.

    A TEAM part is scored by the jury on the rubric's jury criteria, team after team; a QUIZ part
    is answered by all teams at once and fills the rubric's secretariat criterion from the answer
    key. The knowledge part of the default rubric is usually both: a quiz, then a situation drawn
    per team — two stage parts on the same rubric.
    """

    programme = ParentalKey(StageProgramme, on_delete=models.CASCADE, related_name="parts")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.CharField(_("tên phần thi"), max_length=150)
    kind = models.CharField(_("hình thức"), max_length=10, choices=PartKind.choices, default=PartKind.TEAM)
    rubric = models.ForeignKey(
        "contest.Rubric",
        verbose_name=_("thang điểm (nhóm tiêu chí)"),
        on_delete=models.PROTECT,
        related_name="stage_parts",
    )
    time_limit_seconds = models.PositiveIntegerField(
        _("thời gian tối đa (giây)"), default=300, validators=[MaxValueValidator(3 * 3600)]
    )
    confer_seconds = models.PositiveIntegerField(
        _("thời gian hội ý (giây)"), default=0, help_text=_("Ví dụ 20 giây trước khi trả lời tình huống.")
    )
    draws_questions = models.BooleanField(
        _("bốc thăm bộ câu hỏi cho từng đội"), default=False, help_text=_("Ví dụ phần xử lý tình huống.")
    )
    points_per_question = models.DecimalField(
        _("điểm mỗi câu đúng"),
        max_digits=5,
        decimal_places=2,
        default=2,
        validators=[MinValueValidator(0)],
        help_text=_("Chỉ dùng cho phần trắc nghiệm."),
    )
    released = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["programme", "order", "id"]
        verbose_name = _("phần thi")
        verbose_name_plural = pgettext_lazy("plural", "phần thi")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PartKind.values), name="stage_part_kind_known"),
        ]

    def __str__(self):
        return self.name


class StageQuestion(models.Model):
    """A question of the bank: private (staff only) until it is shown on stage."""

    part = models.ForeignKey(StagePart, verbose_name=_("phần thi"), on_delete=models.CASCADE, related_name="questions")
    set_number = models.PositiveSmallIntegerField(_("bộ câu hỏi số"), default=1, validators=[MinValueValidator(1)])
    number = models.PositiveSmallIntegerField(_("câu số"), validators=[MinValueValidator(1)])
    text = models.TextField(_("nội dung câu hỏi"), max_length=5000)
    option_a = models.CharField(_("phương án A"), max_length=500, blank=True)
    option_b = models.CharField(_("phương án B"), max_length=500, blank=True)
    option_c = models.CharField(_("phương án C"), max_length=500, blank=True)
    option_d = models.CharField(_("phương án D"), max_length=500, blank=True)
    answer = models.CharField(
        _("đáp án đúng"), max_length=1, blank=True, choices=[(letter, letter) for letter in ANSWER_LETTERS]
    )
    model_answer = models.TextField(_("đáp án gợi ý"), blank=True, max_length=10000)
    shown_at = models.DateTimeField(_("đã chiếu lúc"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("đã chiếu đáp án lúc"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["part", "set_number", "number"]
        verbose_name = _("câu hỏi")
        verbose_name_plural = pgettext_lazy("plural", "câu hỏi")
        constraints = [
            models.UniqueConstraint(fields=["part", "set_number", "number"], name="stage_question_once"),
            models.CheckConstraint(condition=Q(answer__in=["", *ANSWER_LETTERS]), name="stage_answer_letter"),
        ]

    def __str__(self):
        return _("Bộ %(set)s – câu %(number)s") % {"set": self.set_number, "number": self.number}

    def clean(self):
        # What no constraint can express: a quiz question needs its options and its key.
        if self.part_id and self.part.kind == PartKind.QUIZ:
            errors = {}
            if not self.answer:
                errors["answer"] = _("Câu trắc nghiệm cần đáp án đúng (A, B, C hoặc D).")
            elif not getattr(self, f"option_{self.answer.lower()}"):
                errors["answer"] = _("Đáp án đúng là phương án %(letter)s nhưng phương án này để trống.") % {
                    "letter": self.answer
                }
            if len(self.options) < 2:
                errors["option_a"] = _("Câu trắc nghiệm cần ít nhất hai phương án.")
            if errors:
                raise ValidationError(errors)

    @property
    def options(self):
        return [
            (letter, text)
            for letter, text in zip(
                ANSWER_LETTERS, (self.option_a, self.option_b, self.option_c, self.option_d), strict=True
            )
            if text
        ]


class StageDraw(models.Model):
    """One draw (bốc thăm): the performance order (part empty) or the question sets of a part.

    An app draw is committed first: the SHA-256 of a random seed is shown before anything is drawn,
    the seed after, so anyone can replay the outcome (contest/stage/drawing.py). A redo needs a
    reason; the first draw stays, marked superseded.
    """

    programme = models.ForeignKey(StageProgramme, on_delete=models.CASCADE, related_name="draws")
    part = models.ForeignKey(StagePart, null=True, blank=True, on_delete=models.CASCADE, related_name="draws")
    method = models.CharField(_("cách bốc thăm"), max_length=10, choices=DrawMethod.choices)
    state = models.CharField(_("trạng thái"), max_length=12, choices=DrawState.choices)
    seed_digest = models.CharField(_("mã niêm phong (SHA-256 của hạt giống)"), max_length=64, blank=True)
    seed = models.CharField(_("hạt giống"), max_length=64, blank=True)
    # Order draw: [round_entry id, …] in performance order. Question draw: {round_entry id: set}.
    outcome = models.JSONField(_("kết quả"), null=True, blank=True)
    reason = models.TextField(_("lý do bốc lại"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["programme", "created_at", "id"]
        verbose_name = _("lần bốc thăm")
        verbose_name_plural = pgettext_lazy("plural", "lần bốc thăm")
        constraints = [
            # Two partial constraints, because SQLite cannot treat NULL parts as equal.
            models.UniqueConstraint(
                fields=["programme"],
                condition=Q(part__isnull=True) & ~Q(state=DrawState.SUPERSEDED),
                name="stage_one_live_order_draw",
            ),
            models.UniqueConstraint(
                fields=["programme", "part"],
                condition=Q(part__isnull=False) & ~Q(state=DrawState.SUPERSEDED),
                name="stage_one_live_question_draw",
            ),
            models.CheckConstraint(condition=Q(state__in=DrawState.values), name="stage_draw_state_known"),
        ]

    def __str__(self):
        return str(self.part or _("Thứ tự thi"))


class StagePerformance(models.Model):
    """A team's turn in a TEAM part: its place in the order, its drawn question set, its stage
    timer (server time only: ``timer_started_at`` while running, ``timer_elapsed_ms`` before)."""

    part = models.ForeignKey(StagePart, on_delete=models.CASCADE, related_name="performances")
    round_entry = models.ForeignKey("contest.RoundEntry", on_delete=models.CASCADE, related_name="performances")
    position = models.PositiveSmallIntegerField(_("thứ tự lên sân khấu"))
    question_set = models.PositiveSmallIntegerField(_("bộ câu hỏi"), null=True, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=PerformanceState.choices, default=PerformanceState.WAITING
    )
    timer_started_at = models.DateTimeField(null=True, blank=True)
    timer_elapsed_ms = models.PositiveBigIntegerField(default=0)
    absent_reason = models.CharField(_("lý do vắng"), max_length=500, blank=True)

    class Meta:
        ordering = ["part", "position"]
        verbose_name = _("lượt thi")
        verbose_name_plural = pgettext_lazy("plural", "lượt thi")
        constraints = [
            models.UniqueConstraint(fields=["part", "round_entry"], name="stage_performance_once"),
            models.UniqueConstraint(fields=["part", "position"], name="stage_performance_position"),
            models.CheckConstraint(condition=Q(state__in=PerformanceState.values), name="stage_performance_state"),
        ]

    def __str__(self):
        return f"{self.part} – {self.round_entry.entry}"


class LiveSubmission(models.Model):
    """A judge's scores for one performance as the tablet sent them, kept once per idempotency key.

    A resend of the same key (the tablet did not hear the answer) returns the stored outcome and
    writes nothing. Values that came after the head judge locked the performance are kept as LATE,
    for the head judge to see and, by reopening, accept.
    """

    key = models.UUIDField(unique=True)
    performance = models.ForeignKey(StagePerformance, on_delete=models.CASCADE, related_name="submissions")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    values = models.JSONField()
    typed_at = models.DateTimeField(_("giờ trên máy chấm"), null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=10, choices=SubmissionOutcome.choices)
    message = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["performance", "received_at", "id"]
        verbose_name = _("điểm gửi từ máy chấm")
        verbose_name_plural = pgettext_lazy("plural", "điểm gửi từ máy chấm")

    def __str__(self):
        return f"{self.judge} → {self.performance}"


class QuizAnswer(models.Model):
    """The board a team raised for one question (A/B/C/D), typed by the secretariat."""

    question = models.ForeignKey(StageQuestion, on_delete=models.CASCADE, related_name="answers")
    round_entry = models.ForeignKey("contest.RoundEntry", on_delete=models.CASCADE, related_name="quiz_answers")
    letter = models.CharField(max_length=1, blank=True)

    class Meta:
        verbose_name = _("câu trả lời trắc nghiệm")
        verbose_name_plural = pgettext_lazy("plural", "câu trả lời trắc nghiệm")
        constraints = [
            models.UniqueConstraint(fields=["question", "round_entry"], name="stage_quiz_answer_once"),
            models.CheckConstraint(condition=Q(letter__in=["", *ANSWER_LETTERS]), name="stage_quiz_letter"),
        ]

    def __str__(self):
        return f"{self.question}: {self.letter or '–'}"


class AudienceCount(models.Model):
    """The audience favourite: the count of raised hands or paper ballots per team, typed by the
    secretariat and printed on the minutes."""

    programme = models.ForeignKey(StageProgramme, on_delete=models.CASCADE, related_name="audience_counts")
    round_entry = models.ForeignKey("contest.RoundEntry", on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(_("số phiếu / số người giơ tay"))

    class Meta:
        verbose_name = _("phiếu khán giả")
        verbose_name_plural = pgettext_lazy("plural", "phiếu khán giả")
        constraints = [
            models.UniqueConstraint(fields=["programme", "round_entry"], name="stage_audience_once"),
        ]

    def __str__(self):
        return f"{self.round_entry_id}: {self.count}"
