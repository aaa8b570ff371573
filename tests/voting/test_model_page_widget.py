"""The vote button of a model page does not defeat the page cache: the page is the same for every
visitor (a placeholder), the widget's state comes from its own small JSON."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contest.voting.enums import Eligibility
from tests.factories import EntryFactory
from tests.factories.showcase import award, showcase
from tests.factories.voting import cast, make_vote

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache():
    cache.clear()
    with override_settings(CMS_CACHE_SECONDS=60):
        yield
    cache.clear()


def test_a_model_page_stays_cached_while_people_vote(client, contest):
    vote, _entries = make_vote(contest, entries=0, eligibility=Eligibility.PUBLISHED)
    entry = EntryFactory(contest=contest, title="Bữa cơm nghĩa tình thứ Sáu")
    award(entry)
    page = showcase(entry)
    first = client.get(page.url)
    state_url = reverse("voting:widget-state", args=[entry.pk])
    assert f'data-vote-state="{state_url}"' in first.content.decode()
    assert "js/vote-widget" in first.content.decode()
    cast(vote, entry, "lan@gmail.com")
    with CaptureQueriesContext(connection) as captured:
        second = client.get(page.url)
    assert second.content == first.content
    assert captured.captured_queries == []
    # A published model is a candidate of a vote on "every published model".
    assert client.get(state_url).json()["votes"][0]["phase"] == "open"
