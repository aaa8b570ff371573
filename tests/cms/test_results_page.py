"""The public site's results page: the contest's rounds, published results only, links to models."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.models import HomePage, ResultsPage
from contest.results.enums import SnapshotStatus
from contest.results.models import ResultSnapshot
from tests.factories import EntryFactory
from tests.factories.showcase import award, showcase

PARAMETERS = {"discrepancy_threshold": "15", "min_prize_score": "50", "tiers": [{"name": "Giải Nhất", "quota": 1}]}


def won(entry, *args, **kwargs):
    """award(), with the method's parameters a frozen snapshot records (tests/factories/showcase.py leaves them out)."""
    row = award(entry, *args, **kwargs)
    ResultSnapshot.objects.filter(pk=row.snapshot_id).update(parameters=PARAMETERS)
    return row


@pytest.fixture
def results_page(contest):
    page = ResultsPage(title="Kết quả Hội thi", slug="ket-qua-hoi-thi", contest=contest)
    HomePage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    return page


def _get(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_published_round_shows_its_ranking_and_csv(client, contest, entry, results_page):
    round_ = won(entry, "Giải Nhất").snapshot.round
    html = _get(client, results_page)
    assert round_.name in html
    assert entry.title in html and "Giải Nhất" in html and "91,50" in html
    assert reverse("public-results-csv", args=[round_.pk]) in html
    assert "Cách tổng hợp điểm" in html


def test_a_round_without_published_result_says_so(client, contest, entry, results_page):
    won(entry, "Giải Nhất", status=SnapshotStatus.FROZEN)
    html = _get(client, results_page)
    assert "Chưa công bố" in html
    assert entry.title not in html and "91,50" not in html


def test_an_invalidated_result_disappears(client, contest, entry, results_page):
    won(entry, "Giải Nhất")
    assert entry.title in _get(client, results_page)
    ResultSnapshot.objects.filter(round__contest=contest).update(status=SnapshotStatus.INVALIDATED)
    html = _get(client, results_page)
    assert entry.title not in html and "Chưa công bố" in html


def test_only_live_model_pages_are_linked(client, contest, results_page):
    live, draft = EntryFactory(contest=contest), EntryFactory(contest=contest)
    won(live)
    won(draft, "Giải Nhì", prize_code="nhi", rank=2)
    live_page = showcase(live)
    draft_page = showcase(draft, live=False)
    html = _get(client, results_page)
    assert f'<a href="{live_page.url}">{live.title}</a>' in html
    assert draft_page.slug not in html


def _queries(client, page):
    with CaptureQueriesContext(connection) as queries:
        _get(client, page)
    return len(queries)


def test_queries_do_not_grow_with_the_rows(client, contest, results_page):
    entries = [EntryFactory(contest=contest) for _ in range(30)]
    won(entries[0])
    showcase(entries[0])
    _get(client, results_page)  # warm the per-process caches (site root paths)
    few = _queries(client, results_page)
    for n, entry in enumerate(entries[1:], start=2):
        won(entry, "Giải Khuyến khích", prize_code="kk", rank=n)
        showcase(entry, indicators=0)
    assert _queries(client, results_page) == few
