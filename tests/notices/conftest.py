import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """The public forms count posts per visitor in the cache: each test starts from zero."""
    cache.clear()
    yield
    cache.clear()
