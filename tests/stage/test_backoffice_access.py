"""Every page of the "Hội thi – ngày thi" menu, as every persona: organisers manage the programme,
the secretariat reads it and keeps the question bank; judges and units never get in."""

import pytest
from django.urls import reverse

from contest.stage.backoffice import StageMenu
from contest.stage.enums import PartKind
from contest.stage.models import StageQuestion
from tests.factories import UserFactory
from tests.factories.stage import make_day

pytestmark = pytest.mark.django_db

OK, LOGIN, DENIED = 200, "login", "denied"
ORGANISER_ONLY = {"unit": LOGIN, "judge": LOGIN, "organiser": OK, "secretariat": DENIED}
STAFF = {"unit": LOGIN, "judge": LOGIN, "organiser": OK, "secretariat": OK}

NAMES = ("index", "index_results", "inspect", "add", "edit", "delete", "history", "history_results", "usage")
MATRIX = {
    **{
        f"stage_programmes:{name}": STAFF if name in ("index", "index_results", "inspect") else ORGANISER_ONLY
        for name in NAMES
    },
    **{f"stage_questions:{name}": ORGANISER_ONLY if name in ("delete",) else STAFF for name in NAMES},
}


def _url_names():
    for viewset in StageMenu().registerables:
        for pattern in viewset.get_urlpatterns():
            yield f"{viewset.url_namespace}:{pattern.name}", "pk" in pattern.pattern.regex.groupindex


def test_every_stage_backoffice_url_is_in_the_matrix():
    assert {name for name, _pk in _url_names()} == set(MATRIX)


@pytest.mark.parametrize("persona", ["unit", "judge", "organiser", "secretariat"])
def test_stage_backoffice_by_persona(client, request, organiser, persona):
    programme, _teams, _jury = make_day(organiser)
    question = StageQuestion.objects.create(
        part=programme.parts.get(kind=PartKind.QUIZ), number=1, text="Câu hỏi bí mật?", option_a="x", option_b="y"
    )
    users = {"unit": request.getfixturevalue("unit_user"), "judge": UserFactory(roles=["judge"])}
    user = users.get(persona) or request.getfixturevalue(persona)
    client.force_login(user)
    objects = {"stage_programmes": programme.pk, "stage_questions": question.pk}
    wrong = {}
    for name, needs_pk in _url_names():
        response = client.get(reverse(name, args=[objects[name.split(":")[0]]] if needs_pk else []))
        expected = MATRIX[name][persona]
        if expected == OK:
            got = response.status_code
        elif (
            response.status_code == 302
            and "/login" in response["Location"]
            or "dang-nhap" in response.get("Location", "")
        ):
            got = LOGIN
        elif response.status_code == 302:
            got = DENIED
        else:
            got = response.status_code
        if got != expected:
            wrong[name] = got
        if expected != OK:
            assert b"C\xc3\xa2u h\xe1\xbb\x8fi b\xc3\xad m\xe1\xba\xadt" not in response.content
    assert not wrong
