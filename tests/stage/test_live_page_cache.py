"""The public live page under hundreds of viewers: whether anything changed is read from the
database at most every STAGE_LIVE_VERSION_SECONDS per process, and the page itself is rendered once
per version for anonymous visitors (bench/stage_bench.py measures what this buys)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contest.stage import views
from contest.stage.enums import Screen
from contest.stage.models import StageProgramme
from contest.stage.services import board
from tests.factories.stage import make_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_day(organiser, settings):
    settings.STAGE_LIVE_VERSION_SECONDS = 60
    views._live_versions.clear()
    cache.clear()
    programme, _teams, _jury = make_day(organiser)
    StageProgramme.objects.filter(pk=programme.pk).update(public_live=True)
    yield StageProgramme.objects.get(pk=programme.pk)
    views._live_versions.clear()
    cache.clear()


def test_a_change_reaches_the_viewers_once_the_known_version_is_older_than_the_setting(
    client, public_day, organiser, settings, django_assert_num_queries
):
    url = reverse("stage:live-state", args=[public_day.round_id])
    first = client.get(url)
    etag = first["ETag"]
    board.set_screen(programme=public_day, screen=Screen.BOARD, by=organiser)
    # Within the window a viewer's poll costs no query and still sees the version it knew.
    with django_assert_num_queries(0):
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    settings.STAGE_LIVE_VERSION_SECONDS = 0
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert changed.json()["screen"] == Screen.BOARD


def test_the_page_is_rendered_once_per_version_for_anonymous_visitors_only(
    client, public_day, organiser, django_assert_num_queries
):
    url = reverse("stage:live", args=[public_day.round_id])
    first = client.get(url).content
    with django_assert_num_queries(0):
        assert client.get(url).content == first
    # A signed-in visitor's page is rendered for them (a page may carry their session's CSRF token).
    client.force_login(organiser)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert any("contest_stageprogramme" in q["sql"] for q in queries.captured_queries)
