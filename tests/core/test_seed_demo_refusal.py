"""seed_demo refuses to run on a server (DEBUG off) unless forced; kept apart from
test_seed_demo.py, whose module shares one seeded database."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from contest.core.models import User


def test_refuses_without_debug_unless_forced(db):
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.filter(username="btc").exists()
