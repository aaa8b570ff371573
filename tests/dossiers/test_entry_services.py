"""The unit's dossier life cycle, through the services."""

import datetime as dt
import unicodedata
import uuid

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from contest.core.errors import DeadlinePassed, DomainError, IncompleteDossier, InvalidTransition, QuotaExceeded
from contest.dossiers.enums import EntryAction, EntryState
from contest.dossiers.models import Entry, EntryEvent
from contest.dossiers.services import entries as services
from contest.dossiers.services.review import CHECKLIST, accept_entry, grant_extension, reject_entry, return_entry
from tests.factories import EntryFactory, UnitFactory, UserFactory

DATA = {"title": "Bữa cơm nghĩa tình thứ Sáu", "kind": "model"}
ALL_TICKED = {key: True for key, _label in CHECKLIST}


def test_create_entry_records_history_and_normalises_to_nfc(contest, unit, unit_user):
    nfd_title = unicodedata.normalize("NFD", "  Vận động Nhân dân hiến đất mở rộng đường kiệt ")
    entry = services.create_entry(contest=contest, unit=unit, by=unit_user, data={"title": nfd_title})
    entry.refresh_from_db()
    assert entry.title == "Vận động Nhân dân hiến đất mở rộng đường kiệt"
    assert unicodedata.is_normalized("NFC", entry.title)
    assert entry.state == EntryState.DRAFT
    assert list(entry.events.values_list("action", "actor")) == [(EntryAction.CREATED, unit_user.pk)]


def test_a_ten_thousand_character_title_is_refused_and_nothing_is_saved(contest, unit, unit_user):
    with pytest.raises(ValidationError) as error:
        services.create_entry(contest=contest, unit=unit, by=unit_user, data={"title": "x" * 10_000})
    assert "title" in error.value.message_dict
    assert Entry.objects.count() == 0
    assert EntryEvent.objects.count() == 0


def test_the_same_form_token_twice_creates_one_entry(contest, unit, unit_user):
    token = uuid.uuid4()
    first = services.create_entry(contest=contest, unit=unit, by=unit_user, data=DATA, token=token)
    second = services.create_entry(contest=contest, unit=unit, by=unit_user, data=DATA, token=token)
    assert first.pk == second.pk
    assert Entry.objects.count() == 1


def test_quota_per_unit_is_enforced(contest, unit, unit_user):
    contest.entry_quota_per_unit = 2
    contest.save()
    services.create_entry(contest=contest, unit=unit, by=unit_user, data=DATA)
    services.create_entry(contest=contest, unit=unit, by=unit_user, data=DATA)
    with pytest.raises(QuotaExceeded, match="2/2"):
        services.create_entry(contest=contest, unit=unit, by=unit_user, data=DATA)
    assert Entry.objects.filter(unit=unit).count() == 2


def test_quota_counts_per_unit_not_per_contest(contest, unit, unit_user, other_unit, other_unit_user):
    contest.entry_quota_per_unit = 1
    contest.save()
    services.create_entry(contest=contest, unit=unit, by=unit_user, data=DATA)
    services.create_entry(contest=contest, unit=other_unit, by=other_unit_user, data=DATA)
    assert Entry.objects.count() == 2


def test_nothing_can_be_created_before_opening_or_after_the_deadline(contest, unit, unit_user):
    contest.registration_opens = timezone.now() + dt.timedelta(days=1)
    contest.submission_deadline = timezone.now() + dt.timedelta(days=10)
    contest.save()
    with pytest.raises(DeadlinePassed, match="chưa mở"):
        services.create_entry(contest=contest, unit=unit, by=unit_user, data=DATA)
    contest.registration_opens = timezone.now() - dt.timedelta(days=10)
    contest.submission_deadline = timezone.now() - dt.timedelta(minutes=1)
    contest.save()
    with pytest.raises(DeadlinePassed, match="hết hạn"):
        services.create_entry(contest=contest, unit=unit, by=unit_user, data=DATA)


def test_editing_after_the_deadline_is_refused_and_changes_nothing(entry, unit_user):
    contest = entry.contest
    contest.submission_deadline = timezone.now() - dt.timedelta(seconds=1)
    contest.registration_opens = timezone.now() - dt.timedelta(days=40)
    contest.save()
    with pytest.raises(DeadlinePassed):
        services.update_entry(entry=entry, by=unit_user, data={"title": "Tên mới"})
    entry.refresh_from_db()
    assert entry.title != "Tên mới"


def test_an_extension_reopens_editing_for_that_unit_only(entry, unit_user, secretariat, other_unit_user):
    contest = entry.contest
    contest.registration_opens = timezone.now() - dt.timedelta(days=40)
    contest.submission_deadline = timezone.now() - dt.timedelta(seconds=1)
    contest.save()
    other_entry = EntryFactory(contest=contest, unit=other_unit_user.unit)
    with pytest.raises(DomainError, match="tương lai"):
        # The extension must be later than the contest's own deadline and in the future.
        grant_extension(
            contest=contest,
            unit=entry.unit,
            until=timezone.now() - dt.timedelta(days=1),
            by=secretariat,
            reason="Bão lụt",
        )
    grant_extension(
        contest=contest,
        unit=entry.unit,
        until=timezone.now() + dt.timedelta(days=2),
        by=secretariat,
        reason="Bão lụt, mất điện ba ngày",
    )
    services.update_entry(entry=entry, by=unit_user, data={"title": "Tên mới sau gia hạn"})
    entry.refresh_from_db()
    assert entry.title == "Tên mới sau gia hạn"
    with pytest.raises(DeadlinePassed):
        services.update_entry(entry=other_entry, by=other_unit_user, data={"title": "Không được"})


def test_submit_lists_what_is_missing(contest, unit, unit_user):
    entry = services.create_entry(contest=contest, unit=unit, by=unit_user, data=DATA)
    with pytest.raises(IncompleteDossier) as error:
        services.submit_entry(entry=entry, by=unit_user)
    missing = error.value.missing
    assert "2. Sự cần thiết, lý do xây dựng" in missing
    assert "Tệp báo cáo mô hình (PDF/DOCX)" in missing
    assert "Bản chụp xác nhận của cấp ủy" in missing
    entry.refresh_from_db()
    assert entry.state == EntryState.DRAFT
    assert entry.receipt_code is None


def test_submit_gives_a_receipt_and_emails_it(complete_entry, unit_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.submit_entry(entry=complete_entry, by=unit_user)
    entry.refresh_from_db()
    assert entry.state == EntryState.SUBMITTED
    assert entry.receipt_code.startswith(f"DVK26-{entry.pk:06d}-")
    assert entry.submitted_at is not None
    assert len(mail.outbox) == 1
    assert entry.receipt_code in mail.outbox[0].subject
    assert unit_user.email in mail.outbox[0].to
    assert entry.receipt_code in mail.outbox[0].body


def test_a_second_submit_is_refused_and_records_nothing(complete_entry, unit_user):
    services.submit_entry(entry=complete_entry, by=unit_user)
    with pytest.raises(InvalidTransition, match="đã được nộp"):
        services.submit_entry(entry=complete_entry, by=unit_user)
    assert complete_entry.events.filter(action=EntryAction.SUBMITTED).count() == 1


def test_model_must_have_run_for_the_minimum_months(complete_entry, unit_user):
    complete_entry.started_on = timezone.localdate() - dt.timedelta(days=30)
    complete_entry.save()
    with pytest.raises(DomainError, match="ít nhất 12 tháng"):
        services.submit_entry(entry=complete_entry, by=unit_user)


def test_return_resubmit_accept_keeps_a_full_history(complete_entry, unit_user, secretariat):
    services.submit_entry(entry=complete_entry, by=unit_user)
    receipt = Entry.objects.get(pk=complete_entry.pk).receipt_code
    return_entry(entry=complete_entry, by=secretariat, reason="Thiếu chữ ký của Bí thư trên bản xác nhận")
    services.update_entry(entry=complete_entry, by=unit_user, data={"goals": "Mục tiêu đã bổ sung số liệu"})
    services.submit_entry(entry=complete_entry, by=unit_user)
    accept_entry(entry=complete_entry, by=secretariat, checklist=ALL_TICKED)
    complete_entry.refresh_from_db()
    assert complete_entry.state == EntryState.ACCEPTED
    assert complete_entry.receipt_code == receipt
    transitions = list(
        complete_entry.events.exclude(to_state="").values_list("action", "from_state", "to_state", "actor")
    )
    assert transitions == [
        (EntryAction.SUBMITTED, "draft", "submitted", unit_user.pk),
        (EntryAction.RETURNED, "submitted", "returned", secretariat.pk),
        (EntryAction.RESUBMITTED, "returned", "resubmitted", unit_user.pk),
        (EntryAction.ACCEPTED, "resubmitted", "accepted", secretariat.pk),
    ]
    returned = complete_entry.events.get(action=EntryAction.RETURNED)
    assert returned.reason == "Thiếu chữ ký của Bí thư trên bản xác nhận"


def test_reject_needs_a_reason_and_is_final(complete_entry, unit_user, secretariat):
    services.submit_entry(entry=complete_entry, by=unit_user)
    with pytest.raises(DomainError, match="lý do"):
        reject_entry(entry=complete_entry, by=secretariat, reason="   ")
    reject_entry(entry=complete_entry, by=secretariat, reason="Mô hình đã được Bằng khen cấp tỉnh năm 2024")
    with pytest.raises(InvalidTransition):
        services.update_entry(entry=complete_entry, by=unit_user, data={"title": "Sửa"})
    with pytest.raises(InvalidTransition):
        services.submit_entry(entry=complete_entry, by=unit_user)


def test_accept_requires_every_checklist_item(complete_entry, unit_user, secretariat):
    services.submit_entry(entry=complete_entry, by=unit_user)
    partly = dict(ALL_TICKED, endorsement=False)
    with pytest.raises(DomainError, match="xác nhận của cấp ủy"):
        accept_entry(entry=complete_entry, by=secretariat, checklist=partly)
    complete_entry.refresh_from_db()
    assert complete_entry.state == EntryState.SUBMITTED


def test_return_with_a_correction_deadline_lets_the_unit_fix_it_after_the_general_deadline(
    complete_entry, unit_user, secretariat
):
    services.submit_entry(entry=complete_entry, by=unit_user)
    contest = complete_entry.contest
    contest.submission_deadline = timezone.now() - dt.timedelta(hours=1)
    contest.save()
    return_entry(
        entry=complete_entry,
        by=secretariat,
        reason="Bổ sung ảnh minh chứng",
        correction_until=timezone.now() + dt.timedelta(days=3),
    )
    services.update_entry(entry=complete_entry, by=unit_user, data={"outputs": "Bổ sung số liệu 2025"})
    services.submit_entry(entry=complete_entry, by=unit_user)
    complete_entry.refresh_from_db()
    assert complete_entry.state == EntryState.RESUBMITTED
    assert contest.extensions.get().granted_by == secretariat


def test_only_drafts_can_be_deleted(complete_entry, unit_user):
    services.submit_entry(entry=complete_entry, by=unit_user)
    with pytest.raises(InvalidTransition):
        services.delete_draft(entry=complete_entry, by=unit_user)
    assert Entry.objects.filter(pk=complete_entry.pk).exists()


def test_an_expired_unit_cannot_register(contest, unit_user):
    old = UnitFactory(name="Huyện ủy Hòa Vang", valid_to=dt.date(2025, 6, 30))
    user = UserFactory(unit=old)
    with pytest.raises(DomainError, match="hết hiệu lực"):
        services.create_entry(contest=contest, unit=old, by=user, data=DATA)


def test_months_before_clamps_to_the_end_of_month():
    assert services.months_before(dt.date(2026, 8, 31), 6) == dt.date(2026, 2, 28)
    assert services.months_before(dt.date(2026, 3, 31), 12) == dt.date(2025, 3, 31)
    assert services.months_before(dt.date(2026, 1, 15), 1) == dt.date(2025, 12, 15)


def test_the_unit_is_emailed_when_its_dossier_is_returned(
    complete_entry, unit_user, secretariat, django_capture_on_commit_callbacks
):
    services.submit_entry(entry=complete_entry, by=unit_user)
    with django_capture_on_commit_callbacks(execute=True):
        return_entry(entry=complete_entry, by=secretariat, reason="Ảnh minh chứng bị mờ")
    message = mail.outbox[-1]
    assert message.to == [unit_user.email]
    assert "Trả lại để bổ sung" in message.subject
    assert "Ảnh minh chứng bị mờ" in message.body
