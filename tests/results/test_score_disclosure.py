"""The organisers may publish the winners' scores only (Contest.score_disclosure): the entries that
won nothing keep their name on the public results, never their rank, score or band, on the plain
results page, the public site's results page and the CSV alike."""

import csv
import io

import pytest
from django.urls import reverse

from cms.models import ResultsIndexPage, ResultsPage
from contest.core.enums import ScoreDisclosure
from contest.results.models import ResultSnapshot
from tests.factories import EntryFactory
from tests.factories.showcase import award

pytestmark = pytest.mark.django_db

PARAMETERS = {"discrepancy_threshold": "15", "min_prize_score": "70"}


@pytest.fixture
def results(contest):
    """Two winners and two entries without a prize, the lower one numbered first."""
    winner = EntryFactory(contest=contest, title="Mô hình đạt giải Nhất")
    second = EntryFactory(contest=contest, title="Mô hình đạt giải Nhì")
    award(winner, "Giải Nhất", rank=1, score="91.50")
    award(second, "Giải Nhì", prize_code="nhi", rank=2, score="88.00")
    low = award(EntryFactory(contest=contest, title="Mô hình hạng tư"), "", prize_code="", rank=4, score="61.25")
    award(EntryFactory(contest=contest, title="Mô hình hạng ba"), "", prize_code="", rank=3, score="66.75")
    ResultSnapshot.objects.filter(pk=low.snapshot_id).update(parameters=PARAMETERS)
    low.code = 1  # numbered before the others: ordered by number, it still comes after the winners
    low.save(update_fields=["code"])
    return low.snapshot


def winners_only(contest):
    contest.score_disclosure = ScoreDisclosure.WINNERS
    contest.save()


def order_of(html, *titles):
    return sorted(titles, key=html.index)


def test_by_default_every_score_is_public(client, contest, results):
    html = client.get(reverse("public-results", args=[results.round_id])).content.decode()
    assert "61,25" in html and "66,75" in html and "91,50" in html
    assert "không công bố" not in html


def test_winners_only_hides_the_others_rank_and_score_on_the_results_page(client, contest, results):
    winners_only(contest)

    html = client.get(reverse("public-results", args=[results.round_id])).content.decode()

    assert "91,50" in html and "88,00" in html
    assert "61,25" not in html and "66,75" not in html
    assert html.count("không công bố</span>") == 2
    assert "hạng và điểm của hồ sơ không đạt giải không được công bố (2 hồ sơ" in html
    assert order_of(html, "Mô hình hạng ba", "Mô hình hạng tư", "Mô hình đạt giải Nhất", "Mô hình đạt giải Nhì") == [
        "Mô hình đạt giải Nhất",
        "Mô hình đạt giải Nhì",
        "Mô hình hạng tư",  # number 1
        "Mô hình hạng ba",
    ]


def test_winners_only_blanks_the_others_in_the_csv(client, contest, results):
    winners_only(contest)

    response = client.get(reverse("public-results-csv", args=[results.round_id]))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    body = {row[2]: row for row in rows[1:]}
    assert [row[2] for row in rows[1:]] == [
        "Mô hình đạt giải Nhất",
        "Mô hình đạt giải Nhì",
        "Mô hình hạng tư",
        "Mô hình hạng ba",
    ]
    assert body["Mô hình đạt giải Nhất"][0] == "1" and "91" in body["Mô hình đạt giải Nhất"][5]
    for title in ("Mô hình hạng tư", "Mô hình hạng ba"):
        assert body[title][0] == "" and body[title][5] == "", body[title]
    assert "61" not in response.content.decode("utf-8-sig") and "66" not in response.content.decode("utf-8-sig")


def test_winners_only_applies_on_the_public_sites_results_page(client, contest, results):
    winners_only(contest)
    page = ResultsPage(title="Kết quả", slug="ket-qua-cuoc-thi", contest=contest)
    ResultsIndexPage.objects.get().add_child(instance=page)
    page.save_revision().publish()

    html = client.get(page.url).content.decode()

    assert "91,50" in html and "61,25" not in html and "66,75" not in html
    assert "Mô hình hạng ba" in html  # named, not scored
    assert "không được công bố" in html


def test_the_organiser_chooses_it_on_the_contests_form(client, contest, organiser):
    client.force_login(organiser)
    html = client.get(reverse("contests:edit", args=[contest.pk])).content.decode()
    assert "Điểm trên trang kết quả công khai" in html
    assert "Chỉ công bố điểm của hồ sơ đạt giải" in html
