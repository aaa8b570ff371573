"""The public results page and CSV: only a published snapshot, for everyone; never a judge's name."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contest.judging.models import JuryMembership
from contest.results.models import PrizeTier
from contest.results.services import snapshots as results
from tests.factories import EntryFactory, UnitFactory
from tests.factories.judging import assign, make_judge, make_round
from tests.results.test_results import scored_round, submitted_sheet, with_prizes  # noqa: F401  (fixture)

PERSONAS = ("anonymous", "unit_user", "other_unit_user", "organiser", "secretariat", "judge")


def _login(client, request, persona, judges):
    client.logout()
    user = None
    if persona == "judge":
        user = judges[0]
    elif persona != "anonymous":
        user = request.getfixturevalue(persona)
    if user is not None:
        client.force_login(user)


def _urls(round_):
    return [reverse("public-results", args=[round_.pk]), reverse("public-results-csv", args=[round_.pk])]


@pytest.fixture
def published(scored_round, organiser):  # noqa: F811
    round_, judges, entries = scored_round
    with_prizes(round_)
    snapshot = results.freeze(round=round_, by=organiser)
    results.publish(snapshot=snapshot, by=organiser)
    return round_, judges, entries, snapshot


def test_nothing_is_public_before_publishing_for_anyone(client, request, scored_round, organiser):  # noqa: F811
    round_, judges, _entries = scored_round
    with_prizes(round_)
    for persona in PERSONAS:
        _login(client, request, persona, judges)
        for url in _urls(round_):
            assert client.get(url).status_code == 404, (persona, url)
    results.freeze(round=round_, by=organiser)
    for persona in PERSONAS:
        _login(client, request, persona, judges)
        for url in _urls(round_):
            response = client.get(url)
            assert response.status_code == 404, (persona, url)
            assert b"44,67" not in response.content and b"44.67" not in response.content


def test_a_published_snapshot_is_readable_by_everyone(client, request, published):
    round_, judges, _entries, _snapshot = published
    for persona in PERSONAS:
        _login(client, request, persona, judges)
        page, download = (client.get(url) for url in _urls(round_))
        assert page.status_code == 200, persona
        assert download.status_code == 200, persona


def test_the_page_shows_the_ranking_with_criterion_means_and_no_judge(client, published):
    round_, judges, entries, snapshot = published
    response = client.get(reverse("public-results", args=[round_.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for expected in (
        round_.contest.name,
        f"Kết quả {round_.name}",
        "Cách tổng hợp điểm: trung bình cộng của tổng điểm các giám khảo",
        "<caption",
        '<th scope="col">Hạng</th>',
        "Tính mới, sáng tạo",
        "Hiệu quả thiết thực, có số liệu kiểm chứng",
        "Mô hình 0",
        entries[0].unit.name,
        "44,67",  # Vietnamese decimals
        "39,00",
        reverse("public-results-csv", args=[round_.pk]),
    ):
        assert expected in html, expected
    for judge in judges:
        assert judge.display_name not in html
    assert "GK 1" not in html
    # The ranking order: 44,67 (Mô hình 0), 39,00 (Mô hình 2), 37,67 (Mô hình 1).
    assert html.index("Mô hình 0") < html.index("Mô hình 2") < html.index("Mô hình 1")


def test_the_csv_recomputes_the_ranking(client, published):
    round_, judges, entries, snapshot = published
    response = client.get(reverse("public-results-csv", args=[round_.pk]))
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="ket-qua-')
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Hạng", "Số hiệu", "Tên hồ sơ"]
    assert [r[2] for r in rows[1:]] == ["Mô hình 0", "Mô hình 2", "Mô hình 1"]
    assert "44.67" in rows[1]
    assert not any(judge.display_name in text for judge in judges)


def test_invalidation_withdraws_the_page(client, published, organiser):
    round_, _judges, _entries, _snapshot = published
    results.invalidate(round=round_, by=organiser, reason="Phúc khảo")
    for url in _urls(round_):
        assert client.get(url).status_code == 404
    # Freezing again is not publishing: still nothing public.
    results.freeze(round=round_, by=organiser)
    for url in _urls(round_):
        assert client.get(url).status_code == 404


def test_unit_users_never_see_unpublished_scores(client, scored_round, organiser, unit_user):  # noqa: F811
    round_, _judges, entries = scored_round
    with_prizes(round_)
    snapshot = results.freeze(round=round_, by=organiser)
    client.force_login(unit_user)
    pages = [
        *_urls(round_),
        reverse("portal:home"),
        reverse("contest_result_documents:minutes", args=[snapshot.pk]),
        reverse("contest_result_documents:decision", args=[snapshot.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert b"44,67" not in response.content and b"44.67" not in response.content, url
        assert response.status_code in (200, 302, 403, 404), url
        if "van-ban-ket-qua" in url:
            assert response.status_code == 302 and "login" in response["Location"]


def test_an_unknown_round_is_404(client, db):
    assert client.get(reverse("public-results", args=[999999])).status_code == 404


def test_queries_do_not_grow_with_the_rows(client, contest, organiser):
    def build(n):
        round_ = make_round(contest, jury_only=True, name=f"Vòng {n}")
        PrizeTier.objects.create(round=round_, code="nhat", name="Giải Nhất", quota=1)
        judge = make_judge(f"gk-{n}")
        for i in range(n):
            entry = EntryFactory(contest=contest, unit=UnitFactory())
            assign(round_, judge, entry)
            submitted_sheet(round_, judge, entry, {"sang_tao": 10 + i % 5, "hieu_qua": 20, "ho_so": 5})
        JuryMembership.objects.filter(round=round_).update(is_head=True)
        results.publish(snapshot=results.freeze(round=round_, by=organiser), by=organiser)
        counts = []
        for url in _urls(round_):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts.append(len(queries))
        return counts

    small, large = build(3), build(30)
    assert small == large
    assert large[0] <= 6
