"""The programme of the day: its parts, checked against the round's rubrics.

A part scores one rubric of the round ("a part = a group of criteria"): a TEAM part the rubric's
jury criteria, a QUIZ part its secretariat criterion (exactly one, filled from the answer key).
"""

from django.db import transaction
from django.utils.translation import gettext as _

from contest.core.errors import DomainError
from contest.judging.enums import CriterionScorer
from contest.judging.models import Criterion, Rubric
from contest.stage.enums import PartKind
from contest.stage.models import StagePart, StageProgramme

# Part names are data, stored in Vietnamese whatever the organiser's interface language.
# Default stage timings of DOMAIN.md §12, by the rubric's part name (folded match is overkill:
# the library's part names are fixed, an organiser edits the timings afterwards).
DEFAULT_SECONDS = {"Chào hỏi": 7 * 60, "Kiến thức": 4 * 60, "Tiểu phẩm": 10 * 60}


def part_problem(*, round_id, rubric, kind) -> str | None:
    """Why ``rubric`` cannot be scored by a part of ``kind`` on the day of ``round_id``, or None."""
    if rubric is None:
        return _("Hãy chọn thang điểm cho phần thi.")
    if rubric.round_id != round_id:
        return _("Thang điểm «%(rubric)s» thuộc vòng thi khác.") % {"rubric": rubric}
    scorers = list(Criterion.objects.filter(rubric=rubric).values_list("scored_by", flat=True))
    if kind == PartKind.QUIZ and scorers.count(CriterionScorer.SECRETARIAT) != 1:
        return _(
            "Phần trắc nghiệm cần thang điểm có đúng một tiêu chí do Tổ Thư ký chấm (ví dụ «Trả lời trắc nghiệm»)."
        )
    if kind == PartKind.TEAM and CriterionScorer.JURY not in scorers:
        return _("Thang điểm «%(rubric)s» không có tiêu chí nào do giám khảo chấm.") % {"rubric": rubric}
    return None


def quiz_criterion(part) -> Criterion:
    return Criterion.objects.get(rubric_id=part.rubric_id, scored_by=CriterionScorer.SECRETARIAT)


def jury_criteria(part) -> list[Criterion]:
    return list(
        Criterion.objects.filter(rubric_id=part.rubric_id, scored_by=CriterionScorer.JURY)
        .select_related("rubric")
        .order_by("order", "id")
    )


def add_default_parts(*, programme: StageProgramme) -> list[StagePart]:
    """Parts derived from the round's rubrics when the programme has none (idempotent): a quiz
    for each rubric with a secretariat criterion, then a team part for its jury criteria."""
    with transaction.atomic():
        StageProgramme.objects.select_for_update().get(pk=programme.pk)
        if programme.parts.exists():
            return list(programme.parts.all())
        parts, order = [], 0
        for rubric in Rubric.objects.filter(round=programme.round, field__isnull=True).order_by("order", "id"):
            scorers = list(rubric.criteria.values_list("scored_by", flat=True))
            name = rubric.part or rubric.name
            seconds = DEFAULT_SECONDS.get(rubric.part, 5 * 60)
            if scorers.count(CriterionScorer.SECRETARIAT) == 1:
                order += 1
                parts.append(
                    StagePart(
                        programme=programme,
                        order=order,
                        name=f"{name} – trắc nghiệm",
                        kind=PartKind.QUIZ,
                        rubric=rubric,
                        time_limit_seconds=30,
                    )
                )
            if CriterionScorer.JURY in scorers:
                order += 1
                quiz_too = scorers.count(CriterionScorer.SECRETARIAT) == 1
                parts.append(
                    StagePart(
                        programme=programme,
                        order=order,
                        name=f"{name} – xử lý tình huống" if quiz_too else name,
                        kind=PartKind.TEAM,
                        rubric=rubric,
                        time_limit_seconds=seconds,
                        confer_seconds=20 if quiz_too else 0,
                        draws_questions=quiz_too,
                    )
                )
        StagePart.objects.bulk_create(parts)
        return parts


def ensure_parts_editable(part: StagePart) -> None:
    """A part already on stage (performances, draws, answers) keeps its rubric and kind."""
    if part.pk and (part.performances.exists() or part.draws.exists()):
        raise DomainError(
            _("Phần thi «%(part)s» đã bốc thăm hoặc đã thi nên không đổi được thang điểm, hình thức hay xóa.")
            % {"part": part}
        )
