"""What the portal tells a unit before it acts: its quota, why it cannot start a dossier, what a
dossier needs, a page to read the dossier once more before submitting, and "Nộp lại" only after
the returned dossier was changed."""

import pytest
from django.urls import reverse

from contest.core.errors import InvalidTransition
from contest.dossiers.enums import EntryState
from contest.dossiers.services import entries as services
from contest.dossiers.services.review import return_entry
from tests.factories import EntryFactory


def test_the_portal_shows_the_quota_and_offers_a_new_dossier_while_places_remain(client, unit_user, entry):
    client.force_login(unit_user)
    html = client.get(reverse("portal:home")).content.decode()
    assert "Đơn vị đã tạo <strong>1/3 hồ sơ</strong> được phép." in html
    assert reverse("portal:entry-create", args=[entry.contest.pk]) in html


def test_with_no_place_left_the_button_gives_way_to_the_reason(client, unit_user, entry):
    contest = entry.contest
    contest.entry_quota_per_unit = 2
    contest.save()
    EntryFactory(contest=contest, unit=entry.unit)
    client.force_login(unit_user)
    html = client.get(reverse("portal:home")).content.decode()
    assert "<strong>2/2 hồ sơ</strong>" in html
    assert "Đơn vị đã dùng hết 2 hồ sơ được phép trong cuộc thi này." in html
    assert reverse("portal:entry-create", args=[contest.pk]) not in html
    # Typing the address gives the same answer instead of a form that cannot be saved.
    response = client.get(reverse("portal:entry-create", args=[contest.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:home")
    assert "Đơn vị đã dùng hết 2 hồ sơ" in response.content.decode()


def test_a_rejected_dossier_gives_its_place_back(client, unit_user, entry):
    contest = entry.contest
    contest.entry_quota_per_unit = 1
    contest.save()
    entry.state, entry.receipt_code = EntryState.REJECTED, "DVK26-000001-ABCD"
    entry.save()
    client.force_login(unit_user)
    html = client.get(reverse("portal:home")).content.decode()
    assert "<strong>0/1 hồ sơ</strong>" in html
    assert reverse("portal:entry-create", args=[contest.pk]) in html


def test_the_form_marks_what_submission_needs_and_the_endorsement(client, unit_user, contest):
    contest.require_endorsement = True
    contest.save()
    client.force_login(unit_user)
    html = client.get(reverse("portal:entry-create", args=[contest.pk])).content.decode()
    assert 'Lĩnh vực <span class="required-mark" aria-hidden="true">*</span>' in html
    assert "Mục có dấu * phải điền trước khi nộp hồ sơ" in html
    assert "<li>Bản chụp xác nhận của cấp ủy</li>" in html
    assert "Lưu bản nháp (chưa nộp)" in html
    contest.require_endorsement = False
    contest.save()
    assert (
        "<li>Bản chụp xác nhận của cấp ủy</li>"
        not in client.get(reverse("portal:entry-create", args=[contest.pk])).content.decode()
    )


def test_the_unit_reads_its_dossier_again_before_it_submits(client, unit_user, complete_entry):
    client.force_login(unit_user)
    detail = client.get(reverse("portal:entry-detail", args=[complete_entry.pk])).content.decode()
    assert reverse("portal:entry-confirm", args=[complete_entry.pk]) in detail
    page = client.get(reverse("portal:entry-confirm", args=[complete_entry.pk])).content.decode()
    assert "Xem lại trước khi nộp" in page and complete_entry.title in page
    assert "Báo cáo mô hình: " in page and "Xác nhận của cấp ủy: xac-nhan.pdf" in page
    assert "Xác nhận nộp hồ sơ" in page
    complete_entry.refresh_from_db()
    assert complete_entry.state == EntryState.DRAFT  # reading the page submits nothing

    response = client.post(reverse("portal:entry-submit", args=[complete_entry.pk]))
    assert response.status_code == 302
    complete_entry.refresh_from_db()
    assert complete_entry.state == EntryState.SUBMITTED


def test_an_incomplete_dossier_cannot_be_confirmed(client, unit_user, entry):
    client.force_login(unit_user)
    page = client.get(reverse("portal:entry-confirm", args=[entry.pk])).content.decode()
    assert "Còn thiếu trước khi nộp" in page and "Xác nhận nộp hồ sơ" not in page


def test_resubmitting_is_offered_only_after_a_change(client, unit_user, secretariat, complete_entry):
    services.submit_entry(entry=complete_entry, by=unit_user)
    return_entry(entry=complete_entry, by=secretariat, reason="Bổ sung số liệu năm 2025")
    client.force_login(unit_user)
    detail = client.get(reverse("portal:entry-detail", args=[complete_entry.pk])).content.decode()
    assert reverse("portal:entry-confirm", args=[complete_entry.pk]) not in detail
    assert "nút “Nộp lại hồ sơ” hiện ra sau khi hồ sơ có thay đổi" in detail
    assert (
        "Lưu thay đổi (chưa nộp lại)"
        in client.get(reverse("portal:entry-edit", args=[complete_entry.pk])).content.decode()
    )
    with pytest.raises(InvalidTransition, match="chưa được sửa"):
        services.submit_entry(entry=complete_entry, by=unit_user)

    services.update_entry(entry=complete_entry, by=unit_user, data={"outputs": "Số liệu năm 2025: 312 hộ"})
    detail = client.get(reverse("portal:entry-detail", args=[complete_entry.pk])).content.decode()
    assert reverse("portal:entry-confirm", args=[complete_entry.pk]) in detail
    assert (
        "Xác nhận nộp lại hồ sơ"
        in client.get(reverse("portal:entry-confirm", args=[complete_entry.pk])).content.decode()
    )
    services.submit_entry(entry=complete_entry, by=unit_user)
    complete_entry.refresh_from_db()
    assert complete_entry.state == EntryState.RESUBMITTED
