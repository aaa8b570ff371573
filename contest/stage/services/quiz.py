"""The quiz answered by all teams at once (A/B/C/D boards) and the questions shown on stage.

The secretariat types each team's board per question; the team's quiz score (correct answers ×
the part's points per question, capped at the criterion's maximum) is written to the round's
secretariat sheet through ``judging.services.secretariat_scores`` — the same path as the grid
"Điểm do Tổ Thư ký nhập", with its checks and audit records.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.core.errors import DomainError
from contest.judging.models import RoundEntry
from contest.judging.services import secretariat_scores
from contest.stage.enums import ANSWER_LETTERS, PartKind, Screen
from contest.stage.models import QuizAnswer, StageProgramme, StageQuestion
from contest.stage.services import state
from contest.stage.services.programme import quiz_criterion


def show(*, question, by, ip=None) -> StageQuestion:
    """Put a question on the projector (from then on it is no longer private)."""
    with transaction.atomic():
        programme = state.locked(question.part.programme)
        question = StageQuestion.objects.select_for_update().get(pk=question.pk)
        if question.shown_at is None:
            question.shown_at = timezone.now()
            question.save(update_fields=["shown_at"])
        StageProgramme.objects.filter(pk=programme.pk).update(current_question=question, screen=Screen.QUESTION)
        state.record(programme=programme, by=by, action="stage.question_show", obj=question, ip=ip)
    return question


def close(*, question, by, ip=None) -> StageQuestion:
    """Show the question's answer (and, for the quiz, each team's board) on the projector."""
    with transaction.atomic():
        programme = state.locked(question.part.programme)
        question = StageQuestion.objects.select_for_update().get(pk=question.pk)
        if question.shown_at is None:
            raise DomainError(_("Hãy chiếu câu hỏi trước khi công bố đáp án."))
        if question.closed_at is None:
            question.closed_at = timezone.now()
            question.save(update_fields=["closed_at"])
        StageProgramme.objects.filter(pk=programme.pk).update(current_question=question, screen=Screen.QUESTION)
        state.record(programme=programme, by=by, action="stage.question_close", obj=question, ip=ip)
    return question


def quiz_score(correct: int, *, points: Decimal, maximum: Decimal) -> Decimal:
    return min(Decimal(correct) * points, maximum)


def save_answers(*, question, answers: dict, by, ip=None) -> int:
    """Record the boards raised for ``question`` (round entry id → "A".."D" or "" for none) and
    rewrite every team's quiz score. Returns the number of answers that changed."""
    part = question.part
    if part.kind != PartKind.QUIZ:
        raise DomainError(_("Câu hỏi này không thuộc phần trắc nghiệm."))
    cleaned = {}
    for key, raw in answers.items():
        letter = str(raw or "").strip().upper()
        if letter not in ("", *ANSWER_LETTERS):
            raise DomainError(_("Đáp án «%(value)s» không hợp lệ; ghi A, B, C hoặc D.") % {"value": letter[:5]})
        cleaned[int(key)] = letter
    with transaction.atomic():
        programme = state.locked(part.programme)
        teams = {
            t.pk: t for t in RoundEntry.objects.filter(round=programme.round, pk__in=cleaned).select_related("entry")
        }
        if set(cleaned) - set(teams):
            raise DomainError(_("Có đội không thuộc vòng thi này."))
        changed = 0
        for team_id, letter in sorted(cleaned.items()):
            answer, created = QuizAnswer.objects.get_or_create(
                question=question, round_entry_id=team_id, defaults={"letter": letter}
            )
            if created:
                changed += 1
            elif answer.letter != letter:
                answer.letter = letter
                answer.save(update_fields=["letter"])
                changed += 1
        if changed:
            _rewrite_scores(programme=programme, part=part, by=by, ip=ip)
            state.record(
                programme=programme,
                by=by,
                action="stage.quiz_answers",
                obj=question,
                new={str(teams[k].code): v for k, v in cleaned.items()},
                ip=ip,
            )
    return changed


def correct_counts(part) -> dict[int, int]:
    """round entry id → number of correct boards in this quiz part."""
    counts = {}
    for team_id, letter, key in QuizAnswer.objects.filter(question__part=part).values_list(
        "round_entry_id", "letter", "question__answer"
    ):
        counts.setdefault(team_id, 0)
        if letter and letter == key:
            counts[team_id] += 1
    return counts


def _rewrite_scores(*, programme, part, by, ip):
    criterion = quiz_criterion(part)
    counts = correct_counts(part)
    entry_of = dict(RoundEntry.objects.filter(pk__in=counts).values_list("pk", "entry_id"))
    values = {
        (entry_of[team_id], criterion.pk): quiz_score(
            correct, points=part.points_per_question, maximum=criterion.max_points
        )
        for team_id, correct in counts.items()
    }
    try:
        secretariat_scores.save_secretariat_scores(round=programme.round, values=values, by=by, ip=ip)
    except secretariat_scores.SecretariatScoresInvalid as error:
        problems = "; ".join(str(m) for messages in error.errors.values() for m in messages)
        raise DomainError(
            _("Điểm trắc nghiệm không ghi được vào phiếu của Tổ Thư ký: %(problems)s") % {"problems": problems}
        ) from None
