"""Paper dossiers: the secretariat enters a unit's dossier handed in on paper, with the same form,
validation and history as the unit's portal, and the paper's receipt date for the deadline."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from contest.core.errors import DeadlinePassed, DomainError
from contest.dossiers.enums import EntryAction, EntryState
from contest.dossiers.models import Entry
from contest.dossiers.services import entries as entry_services
from tests import files

DATA = {
    "kind": "model",
    "title": "Ngân hàng bò giống giúp hội viên thoát nghèo",
    "situation": "Nhiều hộ hội viên thiếu vốn.",
    "goals": "50 hộ thoát nghèo.",
    "content_methods": "Hội cho mượn bò giống, trả bê.",
    "scope_beneficiaries": "Hội viên phụ nữ xã Ea Kar.",
    "forces": "Hội Liên hiệp Phụ nữ xã.",
    "resources": "20 con bò giống xã hội hóa.",
    "started_on": "15/01/2024",
    "outputs": "38 hộ thoát nghèo.",
    "sustainability": "Bê được chuyển tiếp cho hộ khác.",
}


def _day(days_ago):
    return timezone.localdate() - dt.timedelta(days=days_ago)


def _form_post(contest, received, **overrides):
    data = {
        **DATA,
        "field": contest.fields.first().pk,
        "started_on": "15/01/2024",
        "paper_received_on": received,
        "members-TOTAL_FORMS": "0",
        "members-INITIAL_FORMS": "0",
        "indicators-TOTAL_FORMS": "1",
        "indicators-INITIAL_FORMS": "0",
        "indicators-0-name": "Hộ thoát nghèo",
        "indicators-0-unit": "hộ",
        "indicators-0-before": "0",
        "indicators-0-after": "38",
    }
    data.update(overrides)
    return data


@pytest.fixture
def late_contest(contest):
    """Registration opened 30 days ago; the deadline passed yesterday (the paper came in time)."""
    contest.submission_deadline = timezone.now() - dt.timedelta(days=1)
    contest.save()
    return contest


def test_the_secretariat_keys_in_a_paper_dossier_after_the_deadline(client, secretariat, late_contest, unit):
    client.force_login(secretariat)
    start = client.get(reverse("entries:paper_create"))
    assert start.status_code == 200 and "Chọn cuộc thi" in start.content.decode()
    url = reverse("entries:paper_create") + f"?contest={late_contest.pk}&unit={unit.pk}"
    page = client.get(url).content.decode()
    assert "Ngày nhận hồ sơ giấy" in page
    assert 'type="text" name="paper_received_on" placeholder="dd/mm/yyyy"' in page

    # A date that is not dd/mm/yyyy, or a paper received after the deadline: refused, nothing saved,
    # and what was typed is still there.
    response = client.post(url, _form_post(late_contest, "2026-08-28"))
    assert "không phải ngày dạng dd/mm/yyyy" in response.content.decode()
    response = client.post(url, _form_post(late_contest, _day(0).strftime("%d/%m/%Y")))
    html = response.content.decode()
    assert "sau hạn nộp của đơn vị" in html and DATA["title"] in html
    assert not Entry.objects.exists()
    # The same validation as the unit's own form.
    response = client.post(url, _form_post(late_contest, _day(3).strftime("%d/%m/%Y"), title=""))
    assert "This field is required" not in response.content.decode() and not Entry.objects.exists()

    response = client.post(url, _form_post(late_contest, _day(3).strftime("%d/%m/%Y")))
    entry = Entry.objects.get()
    assert response["Location"] == reverse("entries:paper", args=[entry.pk])
    assert (entry.unit, entry.created_by, entry.paper_received_on, entry.state) == (
        unit,
        secretariat,
        _day(3),
        EntryState.DRAFT,
    )
    assert list(entry.indicators.values_list("name", "after")) == [("Hộ thoát nghèo", "38")]
    event = entry.events.get()
    assert (event.action, event.actor, event.details) == (
        EntryAction.CREATED,
        secretariat,
        {"paper": True, "received_on": _day(3).strftime("%d/%m/%Y"), "source": "form"},
    )

    # Scans attached afterwards, then recorded as submitted: the deadline is the paper's.
    page = client.get(reverse("entries:paper", args=[entry.pk])).content.decode()
    assert "Tệp báo cáo mô hình" in page and "disabled" in page
    for kind, name in (("report", "bao-cao.pdf"), ("endorsement", "xac-nhan.pdf")):
        upload = files.upload(name, files.pdf_bytes(pages=2), "application/pdf")
        client.post(reverse("entries:paper_upload", args=[entry.pk]), {"kind": kind, "file": upload, "caption": ""})
    assert entry.attachments.count() == 2
    response = client.post(reverse("entries:paper_submit", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.state == EntryState.SUBMITTED and entry.receipt_code
    assert response["Location"] == reverse("entries:review", args=[entry.pk])
    submitted = entry.events.get(action=EntryAction.SUBMITTED)
    assert submitted.actor == secretariat and submitted.details["paper"] is True
    review = client.get(reverse("entries:review", args=[entry.pk])).content.decode()
    assert "Tiếp nhận hồ sơ" in review


def test_the_receipt_date_must_fall_between_opening_and_the_units_deadline(secretariat, contest, unit):
    create = lambda day: entry_services.create_entry(  # noqa: E731
        contest=contest, unit=unit, by=secretariat, data={**DATA, "started_on": dt.date(2024, 1, 15)}, received_on=day
    )
    with pytest.raises(DomainError, match="không được sau hôm nay"):
        create(_day(-1))
    with pytest.raises(DomainError, match="trước ngày cuộc thi mở nhận hồ sơ"):
        create(_day(40))
    contest.submission_deadline = timezone.now() - dt.timedelta(days=5)
    contest.save()
    with pytest.raises(DeadlinePassed, match="sau hạn nộp của đơn vị"):
        create(_day(2))
    assert create(_day(6)).is_paper


def test_a_unit_cannot_enter_a_paper_dossier_and_keeps_its_own_deadline(unit_user, late_contest, unit):
    with pytest.raises(DomainError, match="Chỉ Tổ Thư ký và Ban Tổ chức"):
        entry_services.create_entry(contest=late_contest, unit=unit, by=unit_user, data=DATA, received_on=_day(3))


def test_an_online_dossier_is_never_edited_as_paper(client, secretariat, entry):
    client.force_login(secretariat)
    assert client.get(reverse("entries:paper", args=[entry.pk])).status_code == 403
    assert client.post(reverse("entries:paper_submit", args=[entry.pk])).status_code == 403
    assert client.get(reverse("entries:index")).content.decode().count("Nhập hồ sơ giấy") >= 1
