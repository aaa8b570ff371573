"""The programme of the day: parts derived from the round's rubrics, checked against them, and the
back office that edits it."""

import re

import pytest
from django.urls import reverse

from contest.judging.models import Rubric
from contest.stage.enums import PartKind
from contest.stage.models import StagePart, StageProgramme
from contest.stage.services import programme as services
from tests.factories.stage import make_day

pytestmark = pytest.mark.django_db


def test_default_parts_follow_the_rubrics_of_the_round(organiser):
    programme, _teams, _jury = make_day(organiser)
    parts = [(p.name, p.kind, p.rubric.part, p.draws_questions) for p in programme.parts.order_by("order")]
    assert parts == [
        ("Chào hỏi", PartKind.TEAM, "Chào hỏi", False),
        ("Kiến thức – trắc nghiệm", PartKind.QUIZ, "Kiến thức", False),
        ("Kiến thức – xử lý tình huống", PartKind.TEAM, "Kiến thức", True),
        ("Tiểu phẩm", PartKind.TEAM, "Tiểu phẩm", False),
    ]
    assert programme.parts.get(kind=PartKind.QUIZ).time_limit_seconds == 30
    assert programme.parts.get(name="Tiểu phẩm").time_limit_seconds == 600
    # Idempotent: a second call adds nothing.
    services.add_default_parts(programme=programme)
    assert programme.parts.count() == 4


def test_a_part_must_score_a_rubric_of_its_own_round_with_the_right_scorer(organiser):
    programme, _teams, _jury = make_day(organiser)
    other, _t, _j = make_day(organiser, teams=["Trường THCS Nguyễn Du"])
    chao_hoi = Rubric.objects.get(round=programme.round, part="Chào hỏi")
    kien_thuc = Rubric.objects.get(round=programme.round, part="Kiến thức")
    foreign = Rubric.objects.get(round=other.round, part="Chào hỏi")
    assert services.part_problem(round_id=programme.round_id, rubric=chao_hoi, kind=PartKind.TEAM) is None
    assert services.part_problem(round_id=programme.round_id, rubric=kien_thuc, kind=PartKind.QUIZ) is None
    assert "vòng thi khác" in services.part_problem(round_id=programme.round_id, rubric=foreign, kind=PartKind.TEAM)
    assert "một tiêu chí do Tổ Thư ký" in services.part_problem(
        round_id=programme.round_id, rubric=chao_hoi, kind=PartKind.QUIZ
    )


def _form_data(programme, parts, **overrides):
    data = {
        "round": programme.round_id,
        "venue": programme.venue,
        "scoreboard": programme.scoreboard,
        "parts-TOTAL_FORMS": str(len(parts)),
        "parts-INITIAL_FORMS": str(len(parts)),
        "parts-MIN_NUM_FORMS": "0",
        "parts-MAX_NUM_FORMS": "1000",
    }
    for i, part in enumerate(parts):
        data.update(
            {
                f"parts-{i}-id": part.pk,
                f"parts-{i}-ORDER": str(i + 1),
                f"parts-{i}-order": part.order,
                f"parts-{i}-name": part.name,
                f"parts-{i}-kind": part.kind,
                f"parts-{i}-rubric": part.rubric_id,
                f"parts-{i}-time_limit_seconds": part.time_limit_seconds,
                f"parts-{i}-confer_seconds": part.confer_seconds,
                f"parts-{i}-points_per_question": "2",
            }
        )
    data.update(overrides)
    return data


def test_the_organiser_edits_the_programme_and_a_wrong_rubric_is_refused(client, organiser):
    programme, _teams, _jury = make_day(organiser)
    parts = list(programme.parts.order_by("order"))
    client.force_login(organiser)
    url = reverse("stage_programmes:edit", args=[programme.pk])
    chao_hoi = parts[0]
    response = client.post(url, _form_data(programme, parts, **{"parts-0-kind": PartKind.QUIZ}))
    assert response.status_code == 200
    assert "một tiêu chí do Tổ Thư ký chấm" in response.content.decode()
    chao_hoi.refresh_from_db()
    assert chao_hoi.kind == PartKind.TEAM

    response = client.post(url, _form_data(programme, parts, **{"parts-0-time_limit_seconds": "480"}))
    assert response.status_code == 302
    chao_hoi.refresh_from_db()
    assert chao_hoi.time_limit_seconds == 480


def test_creating_a_programme_in_the_back_office_derives_its_parts(client, organiser):
    programme, _teams, _jury = make_day(organiser)
    round_ = programme.round
    programme.delete()
    client.force_login(organiser)
    response = client.post(
        reverse("stage_programmes:add"),
        {
            "round": round_.pk,
            "venue": "Nhà văn hóa",
            "scoreboard": "per_part",
            "parts-TOTAL_FORMS": "0",
            "parts-INITIAL_FORMS": "0",
            "parts-MIN_NUM_FORMS": "0",
            "parts-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    assert StagePart.objects.filter(programme=StageProgramme.objects.get(round=round_)).count() == 4


def test_the_programme_list_says_yes_or_no_in_vietnamese_not_true(client, organiser):
    programme, _teams, _jury = make_day(organiser)
    programme.public_live = True
    programme.save(update_fields=["public_live"])
    client.force_login(organiser)
    html = client.get(reverse("stage_programmes:index")).content.decode()
    assert "Trang theo dõi trực tiếp công khai" in html
    assert "True" not in html and "False" not in html
    assert re.search(r">\s*Có\s*<", html)
