"""Numbers in templates, the Vietnamese way (contest/core/numbers.py does the work).

``{{ total|score }}`` → "86,50"; ``{{ c.max_points|score:"trim" }}`` → "20", "8,5";
``{{ share|number:3 }}`` → "0,125" (trailing zeros dropped); ``{{ c.step|plain }}`` → "0.5" for a
data attribute. A blank value shows "—" (``plain`` gives "").
"""

from django import template

from contest.core.numbers import format_number, plain_number
from contest.results.scoring import format_score

register = template.Library()


@register.filter
def score(value, arg=""):
    return format_score(value, trim=arg == "trim")


@register.filter
def number(value, places=2):
    return format_number(value, places=int(places), trim=True)


@register.filter
def plain(value):
    return plain_number(value)
