"""The one number formatter (contest/core/numbers.py) and its template filters."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from contest.core.numbers import format_number, plain_number, typed_number
from contest.results.scoring import format_score


@pytest.mark.parametrize(
    ("value", "kwargs", "shown"),
    [
        (Decimal("86.505"), {}, "86,51"),  # half up, as organisers round by hand
        (Decimal("86.5"), {}, "86,50"),
        (20, {"trim": True}, "20"),
        ("0,50", {"trim": True}, "0,5"),
        (0.125, {"places": 3, "trim": True}, "0,125"),
        (None, {}, "—"),
        ("", {"empty": ""}, ""),
    ],
)
def test_format_number_writes_a_decimal_comma(value, kwargs, shown):
    assert format_number(value, **kwargs) == shown


def test_format_score_rounds_like_the_jury_and_shows_a_dash_when_blank():
    assert format_score("8,5") == "8,50"
    assert format_score(Decimal("8.50"), trim=True) == "8,5"
    assert format_score(None) == "—" and format_score(None, empty="") == ""


def test_machines_get_a_dot_and_people_type_back_a_comma():
    assert plain_number(Decimal("8.50")) == "8.5" and plain_number(Decimal("20.00")) == "20"
    assert typed_number(Decimal("8.50")) == "8,5" and plain_number(None) == ""


def test_template_filters():
    template = Template(
        '{% load numbers %}{{ a|score }} {{ b|score:"trim" }} {{ c|number:3 }} {{ d|plain }} {{ e|score }}'
    )
    context = Context(
        {"a": Decimal("45"), "b": Decimal("0.50"), "c": Decimal("0.1250"), "d": Decimal("0.5"), "e": None}
    )
    assert template.render(context) == "45,00 0,5 0,125 0.5 —"
