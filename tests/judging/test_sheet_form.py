"""The score sheet's form (contest/judging/forms.py): built from the criteria, passes on only
what was posted, and shows the service's refusals on their fields."""

import pytest
from django.http import QueryDict

from contest.judging.forms import ScoreSheetForm
from contest.judging.services import sheets
from tests.factories.judging import assign, criteria, make_judge, make_round


@pytest.fixture
def scene(contest, complete_entry):
    round_ = make_round(contest)
    return round_, complete_entry, criteria(round_)


def test_fields_come_from_the_rubric(scene):
    round_, entry, c = scene
    form = ScoreSheetForm(criteria=sheets.sheet_criteria(round=round_, entry=entry))
    assert {f"score-{x.pk}" for x in c.values()} | {f"comment-{x.pk}" for x in c.values()} | {"sheet_comment"} == set(
        form.fields
    )
    html = str(form[f"score-{c['sang_tao'].pk}"])
    assert 'id="score-' in html and 'inputmode="decimal"' in html and 'class="score-input"' in html
    assert f'data-max="{c["sang_tao"].max_points.normalize():f}"' in html


def test_only_what_was_posted_is_passed_on(scene):
    round_, entry, c = scene
    data = QueryDict(mutable=True)
    data.update({f"score-{c['sang_tao'].pk}": "8,5", f"comment-{c['hieu_qua'].pk}": "Tốt"})
    form = ScoreSheetForm(data, criteria=sheets.sheet_criteria(round=round_, entry=entry))
    assert form.submitted() == {
        "values": {c["sang_tao"].pk: "8,5"},
        "comments": {c["hieu_qua"].pk: "Tốt"},
        "sheet_comment": None,
    }


def test_a_stored_sheet_fills_the_form_and_a_refusal_lands_on_its_field(scene):
    round_, entry, c = scene
    judge = make_judge()
    assign(round_, judge, entry)
    sheet = sheets.save_sheet(judge=judge, round=round_, entry=entry, values={c["sang_tao"].pk: "8,5"}, by=judge)
    all_criteria = sheets.sheet_criteria(round=round_, entry=entry)
    form = ScoreSheetForm(criteria=all_criteria, sheet=sheet)
    assert form[f"score-{c['sang_tao'].pk}"].value() == "8,5"

    posted = ScoreSheetForm({f"score-{c['hieu_qua'].pk}": "99"}, criteria=all_criteria, sheet=sheet)
    posted.add_service_errors({c["hieu_qua"].pk: ["Điểm không được vượt quá 25."], "comment": ["Quá dài."]})
    rows = {row["criterion"].pk: row for row in posted.rows()}
    assert list(rows[c["hieu_qua"].pk]["errors"]) == ["Điểm không được vượt quá 25."]
    assert rows[c["hieu_qua"].pk]["score"].value() == "99"
    assert rows[c["sang_tao"].pk]["score"].value() == "8,5"  # not posted: the stored score stays shown
    assert list(posted.errors["sheet_comment"]) == ["Quá dài."]
    assert 'aria-invalid="true"' in str(rows[c["hieu_qua"].pk]["score"])


def test_a_locked_sheet_disables_every_field(scene):
    round_, entry, _c = scene
    form = ScoreSheetForm(criteria=sheets.sheet_criteria(round=round_, entry=entry), editable=False)
    assert all(field.disabled for field in form.fields.values())
