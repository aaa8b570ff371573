"""The question bank: imported from Excel like everything else, all or nothing, private to the
staff, and frozen once a question has been shown on stage."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from contest.stage.enums import PartKind
from contest.stage.models import StageQuestion
from tests.factories.stage import make_day
from tests.spreadsheets.test_imports import problems, run, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADERS = ["ma_phan_thi", "bo_cau_hoi", "cau_so", "noi_dung", "a", "b", "c", "d", "dap_an", "dap_an_goi_y"]
KIND = "cau-hoi-hoi-thi"


@pytest.fixture
def day(organiser):
    programme, teams, jury = make_day(organiser)
    quiz = programme.parts.get(kind=PartKind.QUIZ)
    situation = programme.parts.get(draws_questions=True)
    return programme, quiz, situation


def _quiz_rows(quiz, n=3):
    return [
        [quiz.pk, 1, i, f"Câu hỏi số {i} về công tác dân vận?", "Phương án một", "Phương án hai", "Ba", "", "B", ""]
        for i in range(1, n + 1)
    ]


def test_an_xlsx_of_quiz_questions_and_situations_imports_and_reimports_without_duplicates(day):
    _programme, quiz, situation = day
    rows = _quiz_rows(quiz) + [
        [situation.pk, 2, 1, "Tình huống: người dân phản đối mở rộng đường…", "", "", "", "", "", "Gặp gỡ, lắng nghe"]
    ]
    report = run(KIND, xlsx_bytes(HEADERS, rows), "cau-hoi.xlsx")
    assert report.ok, problems(report)
    assert report.new == 4
    assert StageQuestion.objects.get(part=situation, set_number=2, number=1).model_answer == "Gặp gỡ, lắng nghe"
    assert StageQuestion.objects.get(part=quiz, number=2).answer == "B"
    again = run(KIND, xlsx_bytes(HEADERS, rows), "cau-hoi.xlsx")
    assert again.ok and again.new == 0 and again.unchanged == 4
    assert StageQuestion.objects.count() == 4


def test_bad_rows_are_reported_by_line_and_column_and_nothing_is_saved(day):
    _programme, quiz, _situation = day
    rows = _quiz_rows(quiz, 2)
    rows.append([quiz.pk, 1, 3, "Câu không có đáp án", "Một", "Hai", "", "", "", ""])
    rows.append([quiz.pk, 1, 4, "Đáp án lạ", "Một", "Hai", "", "", "E", ""])
    rows.append([9999, 1, 1, "Phần thi không có", "", "", "", "", "", ""])
    rows.append([quiz.pk, 1, 1, "Trùng câu 1", "Một", "Hai", "", "", "A", ""])
    report = run(KIND, xlsx_bytes(HEADERS, rows), "cau-hoi.xlsx")
    text = problems(report)
    assert not report.ok
    assert any("Dòng 4" in p and "đáp án đúng" in p for p in text), text
    assert any("Dòng 5" in p and "«E» không hợp lệ" in p for p in text), text
    assert any("Dòng 6" in p and "Không có phần thi mã «9999»" in p for p in text), text
    assert any("Dòng 7" in p and "đã có ở dòng 2" in p for p in text), text
    assert StageQuestion.objects.count() == 0


def test_a_question_shown_on_stage_cannot_be_changed_by_a_file(day):
    _programme, quiz, _situation = day
    run(KIND, xlsx_bytes(HEADERS, _quiz_rows(quiz, 1)), "cau-hoi.xlsx")
    StageQuestion.objects.update(shown_at=timezone.now())
    same = run(KIND, xlsx_bytes(HEADERS, _quiz_rows(quiz, 1)), "cau-hoi.xlsx")
    assert same.ok
    changed = _quiz_rows(quiz, 1)
    changed[0][8] = "C"
    report = run(KIND, xlsx_bytes(HEADERS, changed), "cau-hoi.xlsx")
    assert any("đã được chiếu" in p for p in problems(report))
    assert StageQuestion.objects.get().answer == "B"


def test_the_secretariat_previews_then_confirms_the_import_in_the_back_office(client, day, secretariat):
    _programme, quiz, _situation = day
    client.force_login(secretariat)
    url = reverse("contest_imports:import", args=[KIND])
    assert client.get(url).status_code == 200
    template = client.get(reverse("contest_imports:template", args=[KIND]))
    assert template.status_code == 200
    upload = SimpleUploadedFile("cau-hoi.xlsx", xlsx_bytes(HEADERS, _quiz_rows(quiz)))
    preview = client.post(url, {"file": upload})
    assert preview.status_code == 200
    token = preview.context["token"]
    assert StageQuestion.objects.count() == 0
    done = client.post(reverse("contest_imports:confirm", args=[KIND]), {"token": token})
    assert done.status_code == 302
    assert StageQuestion.objects.count() == 3


def test_judges_and_units_never_reach_the_question_bank(client, day, unit_user):
    programme, quiz, _situation = day
    run(KIND, xlsx_bytes(HEADERS, _quiz_rows(quiz, 1)), "cau-hoi.xlsx")
    question = StageQuestion.objects.get()
    judge = programme.round.jury.first().judge
    for user in (judge, unit_user):
        client.force_login(user)
        for url in (
            reverse("stage_questions:index"),
            reverse("stage_questions:inspect", args=[question.pk]),
            reverse("contest_imports:export", args=[KIND]),
        ):
            response = client.get(url)
            assert response.status_code in (302, 403)
            assert question.text.encode() not in response.content
