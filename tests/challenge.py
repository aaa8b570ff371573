"""Solving the public forms' proof-of-work challenge in a test, as a visitor's browser would."""

import base64
import json

import altcha
from django.conf import settings

from contest.core.challenge import new_challenge


def solve(challenge: dict) -> str:
    """The payload the widget posts for ``challenge`` (a dict as the challenge URL serves it)."""
    solution = altcha.solve_challenge(
        challenge=challenge["challenge"],
        salt=challenge["salt"],
        algorithm=challenge["algorithm"],
        max_number=challenge["maxnumber"],
        start=0,
    )
    assert solution is not None, "the test settings keep the challenge small enough to solve"
    payload = {
        "algorithm": challenge["algorithm"],
        "challenge": challenge["challenge"],
        "number": solution.number,
        "salt": challenge["salt"],
        "signature": challenge["signature"],
    }
    return base64.b64encode(json.dumps(payload).encode()).decode()


def solved() -> str:
    """A fresh challenge, solved: what a form posts in its ``challenge`` field."""
    assert settings.ALTCHA_MAX_NUMBER <= 10_000
    return solve(new_challenge())
