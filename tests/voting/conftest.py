import pytest
from django.core.cache import cache

from tests.factories.voting import make_vote


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """The vote pages count per visitor and per browser in the cache: each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def open_vote(contest):
    return make_vote(contest)
