"""The secretariat's work queue on the back office's home page (issue 12): what waits, each line a
count and a link to where the work is done."""

import datetime as dt
import re

from django.urls import reverse

from contest.dossiers.enums import EntryState
from tests.factories import EntryFactory
from tests.factories.judging import assign, make_judge, make_round


def _queue(client, user):
    client.force_login(user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    panel = re.search(r'id="viec-dang-cho-section".*?</section>', html, re.S)
    assert panel, "no «Việc đang chờ» panel"
    return panel.group(0)


def test_the_queue_lists_what_waits_with_links(client, secretariat, contest):
    EntryFactory(contest=contest, state=EntryState.SUBMITTED, receipt_code="DVK26-1")
    EntryFactory(contest=contest, state=EntryState.SUBMITTED, receipt_code="DVK26-2")
    EntryFactory(contest=contest, state=EntryState.RESUBMITTED, receipt_code="DVK26-3")
    EntryFactory(contest=contest, paper_received_on=dt.date(2026, 8, 1))
    EntryFactory(contest=contest)  # a unit's online draft: not the secretariat's work
    round_ = make_round(contest)  # with a criterion the secretariat scores
    entry = EntryFactory(contest=contest, state=EntryState.ACCEPTED, receipt_code="DVK26-4")
    assign(round_, make_judge("gk-1"), entry)

    panel = _queue(client, secretariat)
    entries = reverse("entries:index")
    assert f'href="{entries}?state=submitted">2 hồ sơ chờ kiểm tra</a>' in panel
    assert f'href="{entries}?state=resubmitted">1 hồ sơ đã nộp lại, chờ kiểm tra lại</a>' in panel
    assert f'href="{entries}?state=draft&amp;paper=1">1 hồ sơ giấy đang nhập dở (chưa ghi nộp)</a>' in panel
    scores = reverse("contest_secretariat_scores:round", args=[round_.pk])
    assert f'href="{scores}">{round_}: 1 hồ sơ chưa có điểm do Tổ Thư ký nhập</a>' in panel
    progress = reverse("contest_progress:round", args=[round_.pk])
    assert f'href="{progress}">{round_}: 1 phiếu chấm chưa nộp (kể cả phiếu chấm giấy chờ nhập)</a>' in panel


def test_an_empty_queue_says_so_and_the_organiser_sees_it_too(client, organiser, db):
    assert "Không có việc nào đang chờ" in _queue(client, organiser)


def test_the_queue_costs_the_same_queries_whatever_the_size(
    client, secretariat, contest, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    round_ = make_round(contest)
    judge = make_judge("gk-1")

    def grow(n):
        for i in range(n):
            EntryFactory(contest=contest, state=EntryState.SUBMITTED, receipt_code=f"DVK26-{n}-{i}")
            assign(round_, judge, EntryFactory(contest=contest, state=EntryState.ACCEPTED, receipt_code=f"A-{n}-{i}"))

    client.force_login(secretariat)
    grow(1)
    client.get(reverse("wagtailadmin_home"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("wagtailadmin_home"))
    grow(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("wagtailadmin_home"))
