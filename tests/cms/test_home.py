"""The home page: each current contest and its phase, the latest announcements, featured models."""

import datetime as dt
import re
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.contest_phases import Phase, current_contests, days_left, phase_of
from cms.models import AnnouncementIndexPage, AnnouncementPage, HomePage, ResultsPage
from contest.results.enums import SnapshotStatus
from tests.factories import ContestFactory, EntryFactory
from tests.factories.showcase import award, published_snapshot, showcase

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2026, 6, 15, 9, 0, tzinfo=VN)


def at(days, hour=9, minute=0):
    return NOW.replace(hour=hour, minute=minute) + dt.timedelta(days=days)


def calendar(opens, deadline, published=None, pk=1):
    return SimpleNamespace(
        pk=pk, registration_opens=opens, submission_deadline=deadline, results_published_at=published
    )


# --- the pure rules, on a fixed clock ---------------------------------------------------------


@pytest.mark.parametrize(
    ("opens", "deadline", "published", "phase"),
    [
        (at(1), at(30), None, Phase.UPCOMING),
        (at(-1), at(30), None, Phase.OPEN),
        (at(-30), NOW, None, Phase.OPEN),  # the deadline minute itself still counts
        (at(-30), at(-1), None, Phase.JUDGING),
        (at(-90), at(-60), at(-2), Phase.RESULTS),
    ],
)
def test_phase_follows_the_calendar_and_the_published_results(opens, deadline, published, phase):
    assert (
        phase_of(registration_opens=opens, submission_deadline=deadline, results_published_at=published, now=NOW)
        == phase
    )


def test_days_left_counts_calendar_days_in_vietnam():
    assert days_left(at(3, hour=17), NOW) == 3
    assert days_left(at(0, hour=23, minute=59), NOW) == 0
    # 01:00 on the 16th in Hà Nội is still the 15th in UTC: Vietnamese days count.
    assert days_left(dt.datetime(2026, 6, 15, 18, 0, tzinfo=dt.UTC), NOW) == 1


def test_current_contests_drop_results_older_than_a_year_and_sort_by_what_a_unit_can_do():
    contests = [
        calendar(at(-400), at(-380), published=at(-366), pk=1),  # results more than a year old
        calendar(at(-200), at(-150), published=at(-100), pk=2),
        calendar(at(-90), at(-60), published=at(-2), pk=3),
        calendar(at(-60), at(-10), pk=4),
        calendar(at(-60), at(-3), pk=5),
        calendar(at(20), at(60), pk=6),
        calendar(at(5), at(60), pk=7),
        calendar(at(-10), at(40), pk=8),
        calendar(at(-10), at(12), pk=9),
    ]

    statuses = current_contests(contests, now=NOW)

    assert [(s.contest.pk, s.phase) for s in statuses] == [
        (9, Phase.OPEN),
        (8, Phase.OPEN),
        (7, Phase.UPCOMING),
        (6, Phase.UPCOMING),
        (5, Phase.JUDGING),
        (4, Phase.JUDGING),
        (3, Phase.RESULTS),
        (2, Phase.RESULTS),
    ]
    assert [s.days_left for s in statuses[:3]] == [12, 40, None]


# --- the page ----------------------------------------------------------------------------------


@pytest.fixture
def home(db):
    return HomePage.objects.get()


def publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def announce(title, date, kind="notice"):
    index = AnnouncementIndexPage.objects.get()
    return publish_child(index, AnnouncementPage(title=title, date=date, kind=kind, summary=f"Tóm tắt {title}"))


def results_page(home, contest, slug):
    return publish_child(home, ResultsPage(title=f"Kết quả {contest.name}", slug=slug, contest=contest))


def published_results(contest, days_ago):
    snapshot = published_snapshot(contest)
    snapshot.published_at = timezone.now() - dt.timedelta(days=days_ago)
    snapshot.save(update_fields=["published_at"])


def test_home_shows_each_current_contest_with_its_phase_deadline_and_results_link(client, home):
    now = timezone.now()
    ContestFactory(
        name="Hội thi đang nhận hồ sơ",
        registration_opens=now - dt.timedelta(days=5),
        submission_deadline=timezone.localtime(now).replace(hour=17, minute=30) + dt.timedelta(days=10),
    )
    ContestFactory(
        name="Cuộc thi sắp mở",
        registration_opens=timezone.localtime(now).replace(hour=8, minute=0) + dt.timedelta(days=20),
        submission_deadline=now + dt.timedelta(days=60),
    )
    ContestFactory(
        name="Cuộc thi đang chấm",
        registration_opens=now - dt.timedelta(days=60),
        submission_deadline=now - dt.timedelta(days=2),
    )
    done = ContestFactory(
        name="Cuộc thi đã có kết quả",
        registration_opens=now - dt.timedelta(days=120),
        submission_deadline=now - dt.timedelta(days=90),
    )
    published_results(done, days_ago=3)
    results_page(home, done, "ket-qua-cuoc-thi")
    old = ContestFactory(
        name="Cuộc thi năm xưa",
        registration_opens=now - dt.timedelta(days=600),
        submission_deadline=now - dt.timedelta(days=500),
    )
    published_results(old, days_ago=400)

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    names = [status.contest.name for status, _page in response.context["contests"]]
    assert names == ["Hội thi đang nhận hồ sơ", "Cuộc thi sắp mở", "Cuộc thi đang chấm", "Cuộc thi đã có kết quả"]
    deadline = timezone.localtime(now).replace(hour=17, minute=30) + dt.timedelta(days=10)
    assert re.search(rf"{deadline:%d/%m/%Y} 17:30</time></strong>\s+\(còn 10 ngày\)", html)
    assert '<span class="badge phase-open">Đang nhận hồ sơ</span>' in html
    assert '<span class="badge phase-upcoming">Sắp mở đăng ký</span>' in html
    opens = timezone.localtime(now).replace(hour=8, minute=0) + dt.timedelta(days=20)
    assert f"Mở đăng ký: <strong>{opens:%d/%m/%Y} 08:00</strong>" in html
    assert '<span class="badge phase-judging">Đang chấm</span>' in html
    assert '<span class="badge phase-results">Đã công bố kết quả</span>' in html
    assert (
        '<a href="/ket-qua-cuoc-thi/">Xem kết quả<span class="visually-hidden">: Cuộc thi đã có kết quả</span></a>'
        in html
    )
    assert "Cuộc thi năm xưa" not in html


def test_preliminary_results_do_not_finish_a_contest(client, home):
    contest = ContestFactory(
        registration_opens=timezone.now() - dt.timedelta(days=90),
        submission_deadline=timezone.now() - dt.timedelta(days=30),
    )
    published_snapshot(contest)  # the preliminary round is published …
    from tests.factories.judging import make_round

    make_round(contest, name="Vòng chung khảo")  # … and the final is still being judged

    (status, _page), *_ = client.get("/").context["contests"]
    assert status.phase == Phase.JUDGING


def test_results_waiting_to_be_published_are_not_announced(client, home):
    contest = ContestFactory(
        registration_opens=timezone.now() - dt.timedelta(days=90),
        submission_deadline=timezone.now() - dt.timedelta(days=30),
    )
    published_snapshot(contest, status=SnapshotStatus.FROZEN)

    (status, _page), *_ = client.get("/").context["contests"]
    assert status.phase == Phase.JUDGING


def test_home_lists_the_five_latest_announcements_the_newest_as_lead(client, home):
    for day in range(1, 7):
        announce(f"Thông báo ngày {day}", dt.date(2026, 5, day))

    html = client.get("/").content.decode()

    assert [a.title for a in client.get("/").context["announcements"]] == [
        "Thông báo ngày 6",
        "Thông báo ngày 5",
        "Thông báo ngày 4",
        "Thông báo ngày 3",
        "Thông báo ngày 2",
    ]
    assert html.count('<article class="news-lead">') == 1
    assert html.count('<article class="news-item">') == 4
    assert '<a href="/thong-bao/thong-bao-ngay-6/">Thông báo ngày 6</a>' in html
    assert "06/05/2026" in html
    assert '<a href="/thong-bao/">Tất cả thông báo →</a>' in html


def test_home_features_published_models_as_cards(client, home):
    featured = EntryFactory(title="Bữa cơm nghĩa tình thứ Sáu")
    award(featured)
    showcase(featured, featured=True)
    hidden = EntryFactory(title="Mô hình chưa công bố")
    award(hidden)
    showcase(hidden, live=False, featured=True)

    html = client.get("/").content.decode()

    assert '<h2 class="section-title" id="featured-models">Mô hình tiêu biểu</h2>' in html
    assert html.count('<article class="showcase-card">') == 1
    assert "Bữa cơm nghĩa tình thứ Sáu" in html
    assert "Mô hình chưa công bố" not in html


def _world(home, size):
    """``size`` contests in every phase, ``size`` announcements and up to three featured models."""
    now = timezone.now()
    for i in range(size):
        contest = ContestFactory(
            registration_opens=now - dt.timedelta(days=100 + i),
            submission_deadline=now + dt.timedelta(days=(i % 3) * 20 - 20),
        )
        if i % 3 == 0:
            published_results(contest, days_ago=1)
            results_page(home, contest, f"ket-qua-{contest.pk}")
        announce(f"Thông báo {contest.pk}", dt.date(2026, 5, 1 + i))
        if i < 3:
            entry = EntryFactory(contest=contest)
            award(entry)
            showcase(entry, featured=True)


def test_home_queries_do_not_grow_with_contests_and_announcements(client, home, django_assert_num_queries):
    _world(home, 1)
    client.get("/")  # warm Wagtail's cached site root paths
    with CaptureQueriesContext(connection) as one:
        client.get("/")
    _world(home, 9)

    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get("/")
    assert len(response.context["contests"]) == 10
