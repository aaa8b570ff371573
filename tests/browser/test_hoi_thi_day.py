"""A whole Hội thi day in real browsers: the console, a projector, three judges (a phone and two
tablets), the public live page. One judge's tablet goes offline while scoring and comes back: its
scores arrive exactly once. The scoreboard never shows what was not released; the reveal goes
prize by prize from the lowest. Screenshots 180–187 illustrate docs/huong-dan-hoi-thi.md."""

import contextlib
import re
import time
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

from contest.judging.models import Rubric, Score
from contest.results.models import PrizeTier, ResultsPolicy
from contest.results.services import snapshots
from contest.stage.enums import SubmissionOutcome
from contest.stage.models import LiveSubmission, StagePerformance, StageProgramme
from tests.factories import UserFactory
from tests.factories.stage import make_day

# Three tablets send at once: see one_request_at_a_time_on_sqlite (tests/browser/conftest.py).
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("one_request_at_a_time_on_sqlite")]

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 1024, "height": 768}
PROJECTOR = {"width": 1280, "height": 720}


@pytest.fixture
def day(transactional_db, wagtail_site):
    organiser = UserFactory(username="btc", roles=["organiser"], full_name="Lê Minh Châu")
    programme, teams, jury = make_day(organiser)
    # A short day for the browser: the greeting part alone (the other parts work the same way).
    programme.parts.exclude(name="Chào hỏi").delete()
    Rubric.objects.filter(round=programme.round).exclude(part="Chào hỏi").delete()
    StageProgramme.objects.filter(pk=programme.pk).update(public_live=True)
    ResultsPolicy.objects.create(round=programme.round, min_prize_score=Decimal(0))
    PrizeTier.objects.create(round=programme.round, code="nhat", name="Giải Nhất", quota=1, order=1)
    PrizeTier.objects.create(round=programme.round, code="nhi", name="Giải Nhì", quota=1, order=2)
    return programme, teams, jury, organiser


def _context(browser, live_server, user=None, viewport=None):
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=viewport or {"width": 1280, "height": 900}
    )
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
    page = context.new_page()
    page.set_default_timeout(20_000)
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    return context, page, violations


def _caught_up(console, programme):
    """Wait for the console to show the day as it is now (or later). The console reloads itself when
    the programme's version moves (static/js/stage-console.js); a reload by the test at the same
    moment would be aborted by the page's own, so the test reloads only if the page is still behind
    after a while, and tolerates that reload being cut short."""
    version = StageProgramme.objects.get(pk=programme.pk).version
    deadline = time.monotonic() + 60
    nudged = time.monotonic() + 8
    while time.monotonic() < deadline:
        try:
            shown = console.locator("#stage-console").get_attribute("data-version", timeout=2_000)
        except PlaywrightError:
            shown = None
        if shown is not None and int(shown) >= version:
            console.locator("#stage-console").wait_for()
            return
        if time.monotonic() > nudged:
            nudged = time.monotonic() + 8
            with contextlib.suppress(PlaywrightError):  # the page's own reload won the race
                console.reload()
        time.sleep(0.2)
    raise AssertionError(f"the console did not catch up with version {version}")


def _until(console, programme, act, done):
    """Act on the console until the database shows it done: a click can land on a page that is
    reloading itself (a tablet's late resend moves the version), and a repeated click is refused
    harmlessly by the services (the point of the test)."""
    for _attempt in range(4):
        _caught_up(console, programme)
        with contextlib.suppress(PlaywrightError):
            act()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if done():
                return
            time.sleep(0.2)
    raise AssertionError("the console's action did not take effect")


def _score(tablet, value):
    tablet.locator("form.tablet-form input[data-criterion]").first.fill(value)
    tablet.get_by_role("button", name=re.compile("Gửi điểm|Sửa và gửi lại")).click()


def test_a_whole_day_console_judges_projector_and_public_page(browser, live_server, day, shot):
    programme, teams, jury, organiser = day
    round_id = programme.round_id
    base = live_server.url
    secretariat = UserFactory(username="thuky", roles=["secretariat"], full_name="Phạm Thu Dung")
    pages = {}
    contexts = []
    for name, user, viewport in (
        ("console", organiser, None),
        ("projector", secretariat, PROJECTOR),
        ("phone", jury[0], PHONE),
        ("tablet2", jury[1], TABLET),
        ("tablet3", jury[2], TABLET),
        ("public", None, PROJECTOR),
    ):
        context, page, violations = _context(browser, live_server, user, viewport)
        contexts.append((context, violations))
        pages[name] = page
    console, projector, public = pages["console"], pages["projector"], pages["public"]
    phone, tablet2, tablet3 = pages["phone"], pages["tablet2"], pages["tablet3"]
    try:
        console.goto(f"{base}/quan-tri/hoi-thi/dieu-hanh/{round_id}/")
        projector.goto(f"{base}/hoi-thi/{round_id}/trinh-chieu/")
        public.goto(f"{base}/hoi-thi/{round_id}/truc-tiep/")
        for tablet in (phone, tablet2, tablet3):
            tablet.goto(f"{base}/hoi-thi/{round_id}/cham/")
            tablet.get_by_text("Chưa có đội nào mở chấm").wait_for()

        # The draw: the digest is on the projector before the draw, the seed after.
        console.get_by_role("button", name="Niêm phong mã (bốc trên ứng dụng)").first.click()
        projector.locator(".screen-digest code").wait_for()
        digest = projector.locator(".screen-digest code").inner_text()
        assert digest == programme.draws.get().seed_digest
        assert projector.locator(".screen-seed").count() == 0
        console.locator("form:has(input[value=draw_run]) button").click()
        projector.locator(".screen-seed code").wait_for()
        order = [int(c) for c in programme.draws.get().outcome]
        names = {t.code: t.entry.unit.name for t in teams}
        assert projector.locator(".screen-table td:nth-child(2)").all_inner_texts() == [names[c] for c in order]
        shot(projector, "180-hoi-thi-man-chieu-boc-tham", full_page=False)

        # The first team: on stage, the timer runs, scoring opens, the tablets show it by themselves.
        console.get_by_role("button", name="Mời đội tiếp theo").click()
        first = StagePerformance.objects.get(part__programme=programme, position=1)
        row = console.locator(f"tr[data-performance='{first.pk}']")
        row.get_by_role("button", name="Bấm giờ").click()
        projector.locator(".screen-timer.is-running").wait_for()
        assert projector.locator(".screen-team").inner_text() == names[order[0]]
        shot(projector, "181-hoi-thi-man-chieu-dang-thi", full_page=False)
        console.locator(f"tr[data-performance='{first.pk}']").get_by_role("button", name="Mở chấm").click()
        for tablet in (phone, tablet2, tablet3):
            tablet.get_by_role("heading", name=names[order[0]]).wait_for()

        # Judge 3's tablet loses the network while scoring: the score waits on the device.
        tablet3.context.set_offline(True)
        _score(tablet3, "17,5")
        tablet3.locator("#tablet[data-queued='1']").wait_for()
        tablet3.locator("#tablet-bar.is-offline").wait_for()
        assert "Chờ gửi: 1" in tablet3.locator("#tablet-queue").inner_text()
        shot(tablet3, "182-hoi-thi-may-cham-mat-mang", full_page=False)
        assert not LiveSubmission.objects.filter(judge=jury[2]).exists()

        _score(phone, "18")
        phone.locator(".tablet-message.is-ok").wait_for()
        shot(phone, "183-hoi-thi-dien-thoai-giam-khao")
        _score(tablet2, "16,5")
        tablet2.locator(".tablet-message.is-ok").wait_for()

        # The network is back: the waiting score goes, once.
        tablet3.context.set_offline(False)
        tablet3.locator("#tablet[data-queued='0'][data-online='1']").wait_for()
        tablet3.locator(".tablet-message.is-ok").wait_for()
        accepted = LiveSubmission.objects.filter(judge=jury[2], outcome=SubmissionOutcome.ACCEPTED)
        assert accepted.count() == 1
        assert list(Score.objects.filter(sheet__judge=jury[2]).values_list("value", flat=True)) == [Decimal("17.50")]

        # The head judge (on the phone) sees all three and locks.
        phone.get_by_text("Giám khảo đã gửi: 3/3").wait_for()
        phone.get_by_role("button", name="Khóa điểm đội này").click()
        phone.get_by_text("Đã khóa điểm").first.wait_for()

        # The second team is scored online; the third is absent.
        second = StagePerformance.objects.get(part__programme=programme, position=2)

        def state_of(performance):
            return StagePerformance.objects.get(pk=performance.pk).state

        _until(
            console,
            programme,
            lambda: console.get_by_role("button", name="Mời đội tiếp theo").click(timeout=5_000),
            lambda: state_of(second) != "waiting",
        )
        _until(
            console,
            programme,
            lambda: (
                console.locator(f"tr[data-performance='{second.pk}']")
                .get_by_role("button", name="Mở chấm")
                .click(timeout=5_000)
            ),
            lambda: state_of(second) == "scoring",
        )
        for tablet, value in ((phone, "12"), (tablet2, "13"), (tablet3, "14")):
            tablet.get_by_role("heading", name=names[order[1]]).wait_for()
            _score(tablet, value)
            tablet.locator(".tablet-message.is-ok").wait_for()
        phone.get_by_text("Giám khảo đã gửi: 3/3").wait_for()
        phone.get_by_role("button", name="Khóa điểm đội này").click()
        phone.get_by_text("Chưa có đội nào mở chấm").wait_for()
        third = StagePerformance.objects.get(part__programme=programme, position=3)
        absent = console.locator(f"tr[data-performance='{third.pk}']")

        def record_absence():
            absent.get_by_placeholder("Lý do vắng").fill("Đội không đến kịp", timeout=5_000)
            absent.get_by_role("button", name="Vắng mặt").click(timeout=5_000)

        _until(console, programme, record_absence, lambda: state_of(third) == "absent")
        _caught_up(console, programme)
        shot(console, "184-hoi-thi-bang-dieu-khien")

        # The scoreboard: nothing before the release, then the part's scores only.
        console.get_by_role("button", name="Bảng điểm", exact=True).click()
        projector.get_by_text("Chưa công bố").wait_for()
        assert "17,33" not in projector.content() and "13,00" not in projector.content()
        assert "17,33" not in public.content()
        console.get_by_role("button", name="Công bố", exact=True).click()
        projector.get_by_text("17,33").wait_for()
        public.get_by_text("17,33").wait_for()
        assert projector.locator(".screen-total").count() == 0
        shot(projector, "185-hoi-thi-bang-diem", full_page=False)
        shot(public, "186-hoi-thi-trang-truc-tiep", full_page=False)

        # End of the day, the round's result frozen, then the reveal from the lowest prize.
        console.get_by_role("button", name="Kết thúc ngày thi (nộp các phiếu chấm)").click()
        console.get_by_text("Đã kết thúc ngày thi").wait_for()
        snapshots.freeze(round=programme.round, by=organiser)
        console.reload()  # a freeze is not a step of the day: the console does not reload by itself
        console.get_by_role("button", name="Công bố giải tiếp theo").click()
        projector.locator(".screen-prize-name").first.wait_for()
        assert projector.locator(".screen-prize-name").all_inner_texts() == ["Giải Nhì"]
        assert names[order[0]] not in projector.locator(".screen-body").inner_text()
        console.get_by_role("button", name="Công bố giải tiếp theo").click()
        projector.locator(".screen-prize-name >> nth=1").wait_for()
        assert projector.locator(".screen-prize-name").all_inner_texts() == ["Giải Nhì", "Giải Nhất"]
        assert names[order[0]] in projector.locator(".screen-prize.is-latest").inner_text()
        shot(projector, "187-hoi-thi-trao-giai", full_page=False)
        public.get_by_text("Giải Nhất").wait_for()
    finally:
        problems = [text for _context, violations in contexts for text in violations]
        for context, _violations in contexts:
            context.close()
    assert not problems, problems
