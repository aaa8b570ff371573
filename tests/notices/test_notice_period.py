"""The notice period: rules, the provisional publication with its deadlines, the public page and
the Thông báo PDF, and the gate on the final publication and certificate issuing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cms import caching
from contest.core.errors import DomainError, InvalidTransition
from contest.core.models import AuditRecord
from contest.notices.enums import GateAction
from contest.notices.models import GateOverride, Notice
from contest.notices.services import notices as notice_services
from contest.notices.services.calendar import working_calendar
from contest.results.enums import SnapshotStatus
from contest.results.services import snapshots as results
from tests.judging.test_paper_sheets import text_of
from tests.notices.data import expire, out_for_opinions, with_rules
from tests.results.test_result_documents import awarded_round, frozen  # noqa: F401  (fixtures)


@pytest.fixture
def snapshot(frozen):  # noqa: F811
    return frozen[0]


def test_publishing_the_provisional_list_computes_the_deadlines_once(snapshot, organiser):
    with_rules(snapshot.round.contest, organiser, notice_days=10, complaint_days=5)
    today = timezone.localdate()
    notice = notice_services.publish_provisional(snapshot=snapshot, starts_on=today, number="12/TB-BTC", by=organiser)
    calendar = working_calendar(today)
    first = calendar.next_working_day(today)
    assert notice.starts_on == first
    assert notice.ends_on == calendar.period_end(first, 10)
    assert notice.complaints_end == calendar.period_end(first, 5)
    assert calendar.count_working_days(notice.starts_on, notice.ends_on) == 10
    snapshot.refresh_from_db()
    assert snapshot.status == SnapshotStatus.FROZEN  # provisional, not published
    assert AuditRecord.objects.filter(action="notice.publish", object_id=str(notice.pk)).exists()
    # Rules changed later never move a published notice's deadlines.
    with_rules(snapshot.round.contest, organiser, notice_days=30)
    notice.refresh_from_db()
    assert notice.ends_on == calendar.period_end(first, 10)


def test_provisional_publication_is_refused_without_rules_twice_or_in_the_past(snapshot, organiser, secretariat):
    with pytest.raises(DomainError, match="chưa đặt quy định"):
        notice_services.publish_provisional(snapshot=snapshot, starts_on=timezone.localdate(), by=organiser)
    with_rules(snapshot.round.contest, organiser)
    with pytest.raises(DomainError, match="Chỉ Ban Tổ chức"):
        notice_services.publish_provisional(snapshot=snapshot, starts_on=timezone.localdate(), by=secretariat)
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(DomainError, match="không được trước hôm nay"):
        notice_services.publish_provisional(snapshot=snapshot, starts_on=yesterday, by=organiser)
    notice_services.publish_provisional(snapshot=snapshot, starts_on=timezone.localdate(), by=organiser)
    with pytest.raises(InvalidTransition, match="đã được đăng"):
        notice_services.publish_provisional(snapshot=snapshot, starts_on=timezone.localdate(), by=organiser)
    assert Notice.objects.count() == 1


def test_rules_are_validated(contest, organiser):
    with pytest.raises(DomainError, match="từ 1 đến 90"):
        notice_services.save_rules(contest=contest, by=organiser, notice_days=0)
    with pytest.raises(DomainError, match="căn cứ pháp lý"):
        notice_services.save_rules(contest=contest, by=organiser, legal_basis="  ")


def test_the_final_publication_waits_for_the_window_then_goes_ahead(snapshot, organiser):
    notice = out_for_opinions(snapshot, organiser)
    with pytest.raises(DomainError) as refused:
        results.publish(snapshot=snapshot, by=organiser)
    assert f"đến hết ngày {notice.last_day:%d/%m/%Y}" in str(refused.value)
    snapshot.refresh_from_db()
    assert snapshot.status == SnapshotStatus.FROZEN
    expire(notice)
    results.publish(snapshot=snapshot, by=organiser)
    snapshot.refresh_from_db()
    assert snapshot.status == SnapshotStatus.PUBLISHED


def test_with_rules_but_no_notice_the_final_publication_is_refused(snapshot, organiser):
    with_rules(snapshot.round.contest, organiser)
    with pytest.raises(DomainError, match="chưa được đăng lấy ý kiến"):
        results.publish(snapshot=snapshot, by=organiser)


def test_without_rules_nothing_changes(snapshot, organiser):
    results.publish(snapshot=snapshot, by=organiser)
    assert snapshot.__class__.objects.get(pk=snapshot.pk).status == SnapshotStatus.PUBLISHED


def test_certificates_wait_too(snapshot, organiser):
    from tests.factories.certificates import certificate_template

    out_for_opinions(snapshot, organiser)
    from contest.certificates.services.issuing import start_batch

    template = certificate_template(snapshot.round.contest)
    template.document_format = snapshot.round.contest.effective_document_format
    template.signer_authority = "T/M BAN TỔ CHỨC"
    template.save()
    with pytest.raises(DomainError, match="Thời gian lấy ý kiến"):
        start_batch(snapshot=snapshot, template=template, by=organiser)


def test_an_override_needs_a_reason_and_is_recorded(snapshot, organiser):
    out_for_opinions(snapshot, organiser)
    with pytest.raises(DomainError, match="lý do"):
        notice_services.override(round=snapshot.round, action=GateAction.FINAL_PUBLICATION, reason=" ", by=organiser)
    notice_services.override(
        round=snapshot.round,
        action=GateAction.FINAL_PUBLICATION,
        reason="Quyết định số 7/QĐ-BTC rút ngắn thời gian lấy ý kiến.",
        by=organiser,
    )
    override = GateOverride.objects.get()
    assert override.blockers and "Thời gian lấy ý kiến" in override.blockers[0]
    results.publish(snapshot=snapshot, by=organiser)
    # Certificates are a separate decision: still held back.
    assert notice_services.blockers(snapshot.round, GateAction.CERTIFICATES)


def test_closing_waits_for_the_last_day_and_seals_with_the_audit_head(snapshot, organiser):
    notice = out_for_opinions(snapshot, organiser)
    with pytest.raises(DomainError, match="Chưa hết thời gian"):
        notice_services.close(notice=notice, by=organiser)
    expire(notice)
    notice = notice_services.close(notice=notice, by=organiser)
    assert notice.summary_audit_head == AuditRecord.objects.order_by("-seq").first().digest


def test_the_public_page_shows_the_provisional_list_with_its_notice(client, snapshot, organiser):
    notice = out_for_opinions(snapshot, organiser, number="12/TB-BTC")
    page = client.get(reverse("public-results", args=[snapshot.round_id]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Danh sách dự kiến – lấy ý kiến" in html
    assert f"đến hết ngày {notice.ends_on:%d/%m/%Y}" in html
    assert "Văn phòng Ban Tổ chức, số 5 Lê Lợi" in html
    assert "Tổ liên gia an toàn" in html
    assert reverse("notice-pdf", args=[snapshot.round_id]) in html
    csv = client.get(reverse("public-results-csv", args=[snapshot.round_id]))
    assert csv.status_code == 200 and "ket-qua-du-kien" in csv["Content-Disposition"]


def test_a_frozen_round_without_notice_stays_private(client, snapshot):
    assert client.get(reverse("public-results", args=[snapshot.round_id])).status_code == 404
    assert client.get(reverse("notice-pdf", args=[snapshot.round_id])).status_code == 404


@pytest.mark.pdf
def test_the_notice_pdf_names_the_period_the_address_and_the_list(client, snapshot, organiser):
    notice = out_for_opinions(snapshot, organiser, number="12/TB-BTC")
    response = client.get(reverse("notice-pdf", args=[snapshot.round_id]))
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    for expected in (
        "12/TB-BTC",
        "THÔNG BÁO",
        f"từ ngày {notice.starts_on:%d/%m/%Y} đến hết ngày {notice.ends_on:%d/%m/%Y}",
        "Quá thời hạn trên, xem như không có ý kiến",
        "Văn phòng Ban Tổ chức, số 5 Lê Lợi",
        "Luật Thi đua, khen thưởng năm 2022",
        "DANH SÁCH DỰ KIẾN",
        "Tổ liên gia an toàn",
        snapshot.audit_head[:20],
    ):
        assert expected in text, expected


@pytest.mark.pdf
def test_the_notice_pdf_follows_the_party_format(client, snapshot, organiser):
    contest = snapshot.round.contest
    contest.document_format = "party"
    contest.save()
    out_for_opinions(snapshot, organiser, number="12-TB/BTC")
    text = text_of(client.get(reverse("notice-pdf", args=[snapshot.round_id])).content)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "Số 12-TB/BTC" in text and "T/M BAN TỔ CHỨC" in text


def test_publishing_a_notice_makes_the_cached_pages_stale(snapshot, organiser):
    before = caching.generation()
    out_for_opinions(snapshot, organiser)
    assert caching.generation() > before


# -- Back office ---------------------------------------------------------------------------


def test_the_organiser_publishes_and_the_secretariat_only_looks(client, snapshot, organiser, secretariat):
    url = reverse("contest_notices:round", args=[snapshot.round_id])
    client.force_login(secretariat)
    assert client.get(url).status_code == 200
    assert client.get(reverse("contest_notices:index")).status_code == 200
    assert client.post(url, {"action": "save_rules", "notice_days": "10"}).status_code == 403
    client.force_login(organiser)
    response = client.post(
        url,
        {
            "action": "save_rules",
            "enabled": "on",
            "notice_days": "10",
            "complaint_days": "5",
            "answer_days": "10",
            "opinion_address": "Văn phòng Ban Tổ chức",
            "legal_basis": "Căn cứ Thể lệ {cuoc_thi};",
            "signer_title": "TRƯỞNG BAN",
            "signer_name": "Nguyễn Văn Hùng",
        },
    )
    assert response.status_code == 302
    response = client.post(url, {"action": "publish_provisional", "starts_on": "32/13/2026"}, follow=True)
    assert "dd/mm/yyyy" in response.content.decode()
    assert not Notice.objects.exists()
    start = timezone.localdate() + timedelta(days=1)
    response = client.post(url, {"action": "publish_provisional", "starts_on": f"{start:%d/%m/%Y}"}, follow=True)
    assert "Đã đăng danh sách dự kiến" in response.content.decode()
    notice = Notice.objects.get()
    response = client.post(url, {"action": "publish_final"}, follow=True)
    assert f"đến hết ngày {notice.last_day:%d/%m/%Y}" in response.content.decode()
    response = client.post(url, {"action": "override", "gate": "final_publication", "reason": ""}, follow=True)
    assert "Hãy ghi rõ lý do" in response.content.decode()


def test_the_calendar_page_adds_and_removes_days(client, organiser, secretariat):
    from contest.notices.models import CalendarDay

    url = reverse("contest_notices:calendar")
    client.force_login(organiser)
    page = client.get(url).content.decode()
    assert "Tết Nguyên Đán" in page or "Tết Nguyên đán" in page
    response = client.post(
        url, {"action": "add", "day": "10/10/2026", "kind": "working_day", "note": "Làm bù"}, follow=True
    )
    assert "Đã thêm" in response.content.decode()
    response = client.post(url, {"action": "add", "day": "10/10/2026", "kind": "day_off"}, follow=True)
    assert "đã có trong lịch" in response.content.decode()
    response = client.post(url, {"action": "add", "day": "2026-10-11", "kind": "day_off"}, follow=True)
    assert "dd/mm/yyyy" in response.content.decode()
    assert working_calendar().is_working_day(CalendarDay.objects.get().day)
    client.force_login(secretariat)
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "remove", "ref": CalendarDay.objects.get().pk}).status_code == 403
    client.force_login(organiser)
    client.post(url, {"action": "remove", "ref": CalendarDay.objects.get().pk})
    assert not CalendarDay.objects.exists()
