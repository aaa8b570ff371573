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


@pytest.fixture(autouse=True)
def empty_phone_outbox():
    from contest.voting.gateways.memory import MemoryGateway

    MemoryGateway.outbox.clear()
    yield
    MemoryGateway.outbox.clear()


@pytest.fixture
def phone_vote(contest):
    """An open vote that offers phone codes first, e-mail too, 3 messages a day."""
    return make_vote(contest, identity_kinds=["email", "phone"], phone_daily_quota=3)
