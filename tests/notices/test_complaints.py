"""Complaints and re-marking requests: filing inside the window (receipt number, due date, e-mail),
late ones, another unit's entry, double posts, hostile files and over-long grounds; the handling
(assign, verify, re-marking through the reopen path, answer) and the gate they hold."""

import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cms.models import HomePage, ResultsPage
from contest.core.errors import DomainError
from contest.core.models import AuditRecord
from contest.judging.enums import SheetStatus
from contest.judging.models import ScoreSheet
from contest.judging.services.sheets import submit_sheet
from contest.notices.enums import ComplaintKind, ComplaintOutcome, ComplaintStatus, GateAction
from contest.notices.models import Complaint, ComplaintFile, Notice
from contest.notices.public import public_changes
from contest.notices.services import complaints
from contest.notices.services import notices as notice_services
from contest.notices.services.calendar import working_calendar
from contest.results.enums import SnapshotStatus
from contest.results.services import snapshots as results
from tests import files
from tests.factories.core import UserFactory
from tests.notices.data import expire, out_for_opinions
from tests.results.test_result_documents import awarded_round, frozen  # noqa: F401  (fixtures)

REMARKED = 4  # "Phụ nữ tiết kiệm vì ngày mai": 72, 72 and a discrepant 40 from the third judge


@pytest.fixture
def notice(frozen, organiser):  # noqa: F811
    return out_for_opinions(frozen[0], organiser)


@pytest.fixture
def entries(frozen):  # noqa: F811
    return frozen[2]


@pytest.fixture
def judges(frozen):  # noqa: F811
    return frozen[1]


@pytest.fixture
def representative(entries):
    return UserFactory(username="phunu", full_name="Võ Thị Lan", unit=entries[REMARKED].unit, email="lan@example.vn")


def file(notice, entry, by, **kwargs):
    kwargs.setdefault("kind", ComplaintKind.REMARKING)
    kwargs.setdefault("grounds", "Giám khảo thứ ba chấm tiêu chí hiệu quả thấp hơn hẳn hai giám khảo còn lại.")
    kwargs.setdefault("form_token", uuid.uuid4())
    return complaints.file_complaint(notice=notice, entry=entry, by=by, **kwargs)


def _private_files():
    root = Path(django_settings.PRIVATE_MEDIA_ROOT) / "complaints"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_unit_files_about_its_own_entry_and_gets_a_number_and_due_date_at_once(
    notice, entries, representative, django_capture_on_commit_callbacks
):
    evidence = SimpleUploadedFile("bang-diem.pdf", files.pdf_bytes(), content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        complaint = file(notice, entries[REMARKED], representative, files=[evidence])
    today = timezone.localdate()
    assert complaint.number == f"PK-{today.year}-0001"
    assert complaint.due_on == working_calendar(today).add_working_days(today, notice.answer_days)
    assert working_calendar(today).is_working_day(complaint.due_on)
    assert complaint.status == ComplaintStatus.RECEIVED and complaint.files.count() == 1
    assert len(mail.outbox) == 1
    assert complaint.number in mail.outbox[0].body and f"{complaint.due_on:%d/%m/%Y}" in mail.outbox[0].body
    assert "lan@example.vn" in mail.outbox[0].to
    record = AuditRecord.objects.get(action="complaint.file", object_id=str(complaint.pk))
    assert record.actor == representative
    # The next one of the year gets the next number of its kind.
    other = file(notice, entries[REMARKED], representative, kind=ComplaintKind.COMPLAINT)
    assert other.number == f"KN-{today.year}-0001"


def test_a_late_complaint_is_refused_with_the_exact_deadline(notice, entries, representative):
    expire(notice)
    with pytest.raises(DomainError) as refused:
        file(notice, entries[REMARKED], representative)
    assert f"đến hết ngày {notice.complaints_end:%d/%m/%Y}" in str(refused.value)
    assert not Complaint.objects.exists()


def test_a_complaint_before_the_window_opens_is_refused(notice, entries, representative):
    later = timezone.localdate() + timedelta(days=3)
    Notice.objects.filter(pk=notice.pk).update(starts_on=later, complaints_end=later + timedelta(days=7))
    notice.refresh_from_db()
    with pytest.raises(DomainError, match=f"bắt đầu từ ngày {later:%d/%m/%Y}"):
        file(notice, entries[REMARKED], representative)


def test_a_complaint_about_another_units_entry_is_refused(notice, entries, representative, organiser):
    with pytest.raises(DomainError, match="hồ sơ của chính đơn vị mình"):
        file(notice, entries[0], representative)
    with pytest.raises(DomainError, match="hồ sơ của chính đơn vị mình"):
        file(notice, entries[0], organiser)
    assert not Complaint.objects.exists()


def test_the_same_form_posted_twice_makes_one_complaint(notice, entries, representative):
    token = uuid.uuid4()
    first = file(notice, entries[REMARKED], representative, form_token=token)
    second = file(notice, entries[REMARKED], representative, form_token=token)
    assert first.pk == second.pk and Complaint.objects.count() == 1


def test_grounds_of_ten_thousand_characters_are_refused_and_nothing_saved(notice, entries, representative):
    with pytest.raises(DomainError, match="10.000 ký tự, vượt quá 5.000 ký tự") as refused:
        file(notice, entries[REMARKED], representative, grounds="x" * 10_000)
    assert refused.value.field == "grounds"
    with pytest.raises(DomainError, match="Hãy ghi nội dung"):
        file(notice, entries[REMARKED], representative, grounds="   ")
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("don.pdf", files.exe_bytes()), ("trang.pdf", files.html_bytes()), ("anh.png", files.svg_bytes())],
)
def test_hostile_attachments_are_refused_and_leave_no_file(notice, entries, representative, name, content):
    good = SimpleUploadedFile("ok.pdf", files.pdf_bytes(), content_type="application/pdf")
    hostile = SimpleUploadedFile(name, content, content_type="application/pdf")
    before = _private_files()
    with pytest.raises(DomainError, match=name):
        file(notice, entries[REMARKED], representative, files=[good, hostile])
    assert not Complaint.objects.exists() and not ComplaintFile.objects.exists()
    assert _private_files() == before


def test_more_than_three_files_are_refused(notice, entries, representative):
    uploads = [SimpleUploadedFile(f"t{i}.pdf", files.pdf_bytes(), content_type="application/pdf") for i in range(4)]
    with pytest.raises(DomainError, match="tối đa 3 tệp"):
        file(notice, entries[REMARKED], representative, files=uploads)


def test_a_pending_complaint_holds_the_gate_until_it_is_answered(
    notice, entries, representative, organiser, django_capture_on_commit_callbacks
):
    complaint = file(notice, entries[REMARKED], representative, kind=ComplaintKind.COMPLAINT)
    expire(notice)
    snapshot = notice.snapshot
    for action in GateAction.values:
        reasons = notice_services.blockers(notice.round, action)
        assert any(complaint.number in reason and "chưa được trả lời" in reason for reason in reasons), action
    with pytest.raises(DomainError, match=complaint.number):
        results.publish(snapshot=snapshot, by=organiser)
    with pytest.raises(DomainError, match="chưa được trả lời"):
        notice_services.close(notice=notice, by=organiser)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        complaints.decide(
            complaint=complaint,
            outcome=ComplaintOutcome.REJECTED,
            reasons="Hồ sơ được xét đúng quy chế; không có căn cứ thay đổi giải.",
            by=organiser,
        )
    assert len(mail.outbox) == 1 and "Không chấp nhận" in mail.outbox[0].body
    assert notice_services.blockers(notice.round) == []
    results.publish(snapshot=snapshot, by=organiser)
    assert snapshot.__class__.objects.get(pk=snapshot.pk).status == SnapshotStatus.PUBLISHED


def test_handling_is_for_organisers_and_the_head_judge_of_a_remarking(
    notice, entries, representative, organiser, secretariat, judges
):
    remarking = file(notice, entries[REMARKED], representative)
    grievance = file(notice, entries[REMARKED], representative, kind=ComplaintKind.COMPLAINT)
    head, other_judge = judges[0], judges[1]
    for outsider in (secretariat, other_judge, representative):
        with pytest.raises(DomainError, match="Chỉ Ban Tổ chức"):
            complaints.record_verification(complaint=remarking, verification="Đã xem.", by=outsider)
    with pytest.raises(DomainError, match="Chỉ Ban Tổ chức"):
        complaints.record_verification(complaint=grievance, verification="Đã xem.", by=head)
    complaints.assign(complaint=remarking, assignee=head, by=organiser)
    complaints.record_verification(
        complaint=remarking, verification="Đã đối chiếu ba phiếu chấm; phiếu thứ ba lệch 32 điểm.", by=head
    )
    remarking.refresh_from_db()
    assert remarking.status == ComplaintStatus.VERIFIED and remarking.verified_by == head
    with pytest.raises(DomainError, match="Người được giao"):
        complaints.assign(complaint=grievance, assignee=representative, by=organiser)
    # Reopening sheets stays the organisers' decision (the judging reopen path asks for it).
    sheet = ScoreSheet.objects.get(round=notice.round, entry=entries[REMARKED], judge=judges[2])
    with pytest.raises(DomainError, match="Chỉ Ban Tổ chức được mở lại"):
        complaints.reopen_for_remarking(complaint=remarking, sheet_ids=[sheet.pk], reason="Chấm lại.", by=head)
    actions = list(
        AuditRecord.objects.filter(object_id=str(remarking.pk), action__startswith="complaint.").values_list(
            "action", flat=True
        )
    )
    assert actions == ["complaint.file", "complaint.assign", "complaint.verify"]


def _remark(notice, complaint, sheet, judge, organiser, marks):
    complaints.reopen_for_remarking(
        complaint=complaint,
        sheet_ids=[sheet.pk],
        reason="Phiếu thứ ba lệch 32 điểm so với hai phiếu kia.",
        by=organiser,
    )
    criteria = {c.code: c.pk for c in sheet.round.rubrics.get().criteria.all()}
    values = {criteria[code]: value for code, value in marks.items()}
    submit_sheet(judge=judge, round=notice.round, entry=sheet.entry, values=values, by=judge)
    return results.freeze(round=notice.round, by=organiser)


def test_a_remarking_reopens_the_sheets_refreezes_and_the_changes_are_public(
    notice, entries, representative, organiser, judges
):
    complaint = file(notice, entries[REMARKED], representative)
    sheet = ScoreSheet.objects.get(round=notice.round, entry=entries[REMARKED], judge=judges[2])
    before = notice.snapshot
    with pytest.raises(DomainError, match="Hãy ghi lý do"):
        complaints.reopen_for_remarking(complaint=complaint, sheet_ids=[sheet.pk], reason=" ", by=organiser)
    with pytest.raises(DomainError, match="không thuộc hồ sơ"):
        other = ScoreSheet.objects.get(round=notice.round, entry=entries[0], judge=judges[2])
        complaints.reopen_for_remarking(complaint=complaint, sheet_ids=[other.pk], reason="Chấm lại.", by=organiser)
    complaints.reopen_for_remarking(complaint=complaint, sheet_ids=[sheet.pk], reason="Chấm lại.", by=organiser)
    sheet.refresh_from_db()
    before.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT and before.status == SnapshotStatus.INVALIDATED
    assert before.invalidated_reason == f"Phúc khảo theo đơn {complaint.number}: Chấm lại."
    # Not answerable while the sheet is out or the round not frozen again.
    with pytest.raises(DomainError, match="chưa được nộp lại"):
        complaints.decide(complaint=complaint, outcome=ComplaintOutcome.UPHELD, reasons="Chấm lại.", by=organiser)
    assert not complaints.refreeze_ready(complaint)
    criteria = {c.code: c.pk for c in sheet.round.rubrics.get().criteria.all()}
    values = {
        criteria["sang_tao"]: 20,
        criteria["hieu_qua"]: 25,
        criteria["ho_so"]: 5,
        criteria["nhan_dan_tham_gia"]: 50,
    }
    submit_sheet(judge=judges[2], round=notice.round, entry=entries[REMARKED], values=values, by=judges[2])
    with pytest.raises(DomainError, match="chưa được chốt lại"):
        complaints.decide(complaint=complaint, outcome=ComplaintOutcome.UPHELD, reasons="Chấm lại.", by=organiser)
    assert complaints.refreeze_ready(complaint)
    after = complaints.refreeze_after_remarking(complaint=complaint, by=organiser)
    assert not complaints.refreeze_ready(complaint)
    with pytest.raises(DomainError, match="Chưa thể chốt lại"):
        complaints.refreeze_after_remarking(complaint=complaint, by=organiser)
    complaints.decide(
        complaint=complaint,
        outcome=ComplaintOutcome.UPHELD,
        reasons="Phiếu thứ ba đã được chấm lại; điểm của hồ sơ là 81,33.",
        answer_number="03/PTL-BTC",
        by=organiser,
    )
    complaint.refresh_from_db()
    assert complaint.snapshot_before == before and complaint.snapshot_after == after
    assert after.version == before.version + 1
    changes = public_changes(notice.round, after)
    assert changes.remarking and changes.before == before
    by_code = {c.title: c for c in changes.rows}
    remarked = by_code[entries[REMARKED].title]
    assert (remarked.score_before, remarked.score_after) == ("61,33", "81,33")
    assert (remarked.rank_before, remarked.rank_after) == (5, 3)
    assert remarked.prize_after and not remarked.prize_before
    assert entries[0].title not in by_code  # unchanged entries are not listed
    actions = list(AuditRecord.objects.filter(round=notice.round).order_by("seq").values_list("action", flat=True))
    for expected in ("complaint.file", "score.reopen", "results.invalidate", "complaint.reopen", "round.close",
                     "complaint.answer"):  # fmt: skip
        assert expected in actions, expected


def test_the_public_page_shows_what_changed_with_the_new_version(
    client, notice, entries, representative, organiser, judges
):
    complaint = file(notice, entries[REMARKED], representative)
    sheet = ScoreSheet.objects.get(round=notice.round, entry=entries[REMARKED], judge=judges[2])
    after = _remark(
        notice,
        complaint,
        sheet,
        judges[2],
        organiser,
        {"sang_tao": 20, "hieu_qua": 25, "ho_so": 5, "nhan_dan_tham_gia": 50},
    )
    page = client.get(reverse("public-results", args=[notice.round_id])).content.decode()
    assert f"Thay đổi ở phiên bản {after.version} so với phiên bản {notice.snapshot.version}" in page
    assert "Sau khi chấm lại theo đề nghị phúc khảo" in page
    assert "61,33" in page and "81,33" in page
    # Nothing of the complaint itself is public.
    assert complaint.number not in page and complaint.grounds not in page
    # The public site's results page of the contest shows the same list.
    site_page = ResultsPage(title="Kết quả", slug="ket-qua-binh-xet", contest=notice.round.contest)
    HomePage.objects.get().add_child(instance=site_page)
    site_page.save_revision().publish()
    html = client.get(site_page.url).content.decode()
    assert f"Thay đổi ở phiên bản {after.version} so với phiên bản {notice.snapshot.version}" in html
    assert "81,33" in html and complaint.number not in html


def test_the_list_of_changes_costs_the_same_queries_whatever_changed(
    client, notice, entries, representative, organiser, judges, django_assert_max_num_queries
):
    """Re-marking one entry or several: the public page's queries do not grow with the changes."""
    url = reverse("public-results", args=[notice.round_id])
    complaint = file(notice, entries[REMARKED], representative)
    sheet = ScoreSheet.objects.get(round=notice.round, entry=entries[REMARKED], judge=judges[2])
    _remark(
        notice,
        complaint,
        sheet,
        judges[2],
        organiser,
        {"sang_tao": 20, "hieu_qua": 25, "ho_so": 5, "nhan_dan_tham_gia": 50},
    )
    with django_assert_max_num_queries(40) as one:
        assert "Thay đổi ở phiên bản" in client.get(url).content.decode()
    # A second re-marking moves every entry below the first.
    other = UserFactory(username="congdoan", unit=entries[5].unit)
    second = file(notice, entries[5], other)
    sheet = ScoreSheet.objects.get(round=notice.round, entry=entries[5], judge=judges[2])
    _remark(
        notice,
        second,
        sheet,
        judges[2],
        organiser,
        {"sang_tao": 20, "hieu_qua": 25, "ho_so": 5, "nhan_dan_tham_gia": 50},
    )
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("<tr") > 0 and "Bữa cơm công nhân" in page
