"""The minutes and the draft decision of a Hội thi round speak of teams (đội thi) and parts (phần
thi), name a team absent on the day, and print the side prizes with the audience count the
secretariat typed."""

import os
import uuid
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.template.loader import render_to_string
from django.utils.html import strip_tags

from contest.core.errors import DomainError
from contest.results import documents
from contest.results.models import PrizeTier, ResultsPolicy
from contest.results.services import snapshots
from contest.stage.models import StagePerformance, StageProgramme
from contest.stage.services import board, draws, live
from contest.stage.services.programme import jury_criteria
from tests.factories.stage import make_day
from tests.judging.test_paper_sheets import text_of
from tests.stage.test_live import _quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen_day(organiser):
    """Three teams; the third absent all day; the judges give the first 90 % of each criterion's
    maximum, the second 80 %; the audience votes 30/45/0."""
    programme, teams, jury = make_day(organiser)
    round_ = programme.round
    round_.contest.organiser_body = "Ban Tuyên giáo và Dân vận Tỉnh ủy"
    round_.contest.save()
    ResultsPolicy.objects.create(round=round_, min_prize_score=Decimal(0))
    PrizeTier.objects.create(round=round_, code="nhat", name="Giải Nhất", quota=1, order=1)
    PrizeTier.objects.create(round=round_, code="nhi", name="Giải Nhì", quota=1, order=2)
    PrizeTier.objects.create(
        round=round_, code="chao", name="Phần chào hỏi xuất sắc", quota=1, order=3, part="Chào hỏi"
    )
    draws.run(draw=draws.commit(programme=programme, by=organiser), by=organiser)
    _quiz(programme, teams, organiser)
    for performance in StagePerformance.objects.filter(part__programme=programme).order_by("part__order", "position"):
        if performance.round_entry == teams[2]:
            live.mark_absent(performance=performance, by=organiser, reason="Đội không đến")
            continue
        live.call(performance=performance, by=organiser)
        live.open_scoring(performance=performance, by=organiser)
        share = Decimal("0.9") if performance.round_entry == teams[0] else Decimal("0.8")
        values = {str(c.pk): str(_half(c.max_points * share)) for c in jury_criteria(performance.part)}
        for judge in jury:
            live.submit(performance=performance, judge=judge, values=values, key=uuid.uuid4())
        live.lock(performance=performance, by=organiser)
    board.save_audience(
        programme=programme, counts={teams[0].pk: "30", teams[1].pk: "45", teams[2].pk: "0"}, by=organiser
    )
    live.finish_day(programme=programme, by=organiser)
    snapshot = snapshots.freeze(round=round_, by=organiser)
    return snapshot, programme, teams


def _half(value: Decimal) -> Decimal:
    return (value * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP) / 2


def _text(template, context) -> str:
    return " ".join(strip_tags(render_to_string(template, context)).split())


def test_the_minutes_speak_of_teams_and_parts_and_name_the_absent_team(frozen_day):
    snapshot, _programme, teams = frozen_day
    text = _text("contest/results/pdf/result_minutes.html", documents.minutes_context(snapshot))
    for expected in (
        "Tổng số đội thi: 3; có điểm: 2; vắng mặt: 1.",
        "Hạng Số hiệu Đội thi Chào hỏi Kiến thức Tiểu phẩm Tổng điểm Xếp loại Giải",
        # The first team: 18 (greeting /20) + 9 (situation /10) and 6 (quiz: 3 × 2) + 18, 9, 9, 5,5
        # and 3,5 (skit /50); the second: 16 + 8 and no correct answer + 16, 8, 8, 5, 3.
        f"1 {teams[0].code:03d} {teams[0].entry.unit.name} 18,00 15,00 45,00 78,00 Tốt Giải Nhất",
        f"2 {teams[1].code:03d} {teams[1].entry.unit.name} 16,00 8,00 40,00 64,00 Khá Giải Nhì",
        f"— {teams[2].code:03d} {teams[2].entry.unit.name} Vắng mặt",
        "Điểm của mỗi đội thi là tổng điểm các phần thi",
        "Đội vắng mặt ở phần thi nào được 0 điểm phần thi đó.",
        f"Phần chào hỏi xuất sắc: {teams[0].entry.unit.name} (đội thi số {teams[0].code:03d});",
        f"Đội được khán giả yêu thích nhất: {teams[1].entry.unit.name} (45 phiếu).",
        "Số phiếu bình chọn của khán giả tại hội trường (Tổ Thư ký kiểm đếm): "
        f"{teams[1].entry.unit.name}: 45; {teams[0].entry.unit.name}: 30; {teams[2].entry.unit.name}: 0.",
        "IV. ĐỘI THI CÓ ĐIỂM CHÊNH LỆCH LỚN",
        "Không có đội thi nào có điểm của các giám khảo chênh lệch vượt ngưỡng.",
    ):
        assert expected in text, expected
    assert "mô hình" not in text.casefold() and "hồ sơ" not in text.casefold()
    assert "_" not in text.split("III. KẾT QUẢ")[0]  # no criterion code in the method's words


def test_the_draft_decision_lists_teams_with_the_side_prizes_and_the_audience_favourite(frozen_day):
    snapshot, _programme, teams = frozen_day
    text = _text("contest/results/pdf/result_decision.html", documents.decision_context(snapshot))
    assert "2 đội thi đạt giải (có danh sách kèm theo)" in text
    assert "DANH SÁCH CÁC ĐỘI THI ĐƯỢC CÔNG NHẬN ĐẠT GIẢI" in text
    assert "BAN TỔ CHỨC HỘI THI DÂN VẬN KHÉO 2026 QUYẾT ĐỊNH:" in text
    assert "Các đội thi có tên tại Điều 1" in text
    assert f"GIẢI NHẤT STT Số hiệu Đội thi Tổng điểm 1 {teams[0].code:03d} {teams[0].entry.unit.name} 78,00" in text
    part_prize = f"PHẦN CHÀO HỎI XUẤT SẮC STT Số hiệu Đội thi Điểm phần thi 1 {teams[0].code:03d}"
    assert f"{part_prize} {teams[0].entry.unit.name} 18,00" in text
    favourite = f"ĐỘI ĐƯỢC KHÁN GIẢ YÊU THÍCH NHẤT STT Số hiệu Đội thi Số phiếu khán giả 1 {teams[1].code:03d}"
    assert f"{favourite} {teams[1].entry.unit.name} 45" in text
    assert "Tổng cộng: 4 giải." in text  # Nhất, Nhì, the greeting prize, the audience favourite
    assert "mô hình" not in text.casefold()


def test_the_audience_count_is_closed_with_the_frozen_result(frozen_day, organiser):
    _snapshot, programme, teams = frozen_day
    with pytest.raises(DomainError, match="đã chốt nên không sửa được số phiếu khán giả"):
        board.save_audience(
            programme=StageProgramme.objects.get(pk=programme.pk), counts={teams[0].pk: "99"}, by=organiser
        )


def test_a_model_review_round_keeps_its_own_words(frozen_day):
    snapshot, _programme, _teams = frozen_day
    contest = snapshot.round.contest
    contest.kind = "mo_hinh"
    contest.save()
    snapshot.refresh_from_db()
    text = _text("contest/results/pdf/result_minutes.html", documents.minutes_context(snapshot))
    assert "Tổng số hồ sơ: 3" in text and "Tên mô hình, điển hình" in text and "Vắng mặt" not in text


@pytest.mark.pdf
def test_the_hoi_thi_minutes_print(frozen_day):
    snapshot, _programme, teams = frozen_day
    pdf = documents.minutes_pdf(snapshot)
    text = text_of(pdf)
    assert "Tổng số đội thi: 3; có điểm: 2; vắng mặt: 1." in text and "Vắng mặt" in text
    assert "Đội được khán giả yêu thích nhất" in text
    folder = os.environ.get("DVK_WRITE_RESULT_DOCUMENTS")
    if folder:  # the samples shown in docs/ (screenshots 188, 189)
        with open(os.path.join(folder, "bien-ban-hoi-thi.pdf"), "wb") as f:
            f.write(pdf)
        with open(os.path.join(folder, "du-thao-quyet-dinh-hoi-thi.pdf"), "wb") as f:
            f.write(documents.decision_pdf(snapshot))
