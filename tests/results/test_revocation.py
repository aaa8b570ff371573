"""Revoking an award after the decision (Luật Thi đua, khen thưởng 2022, Điều 93): the service, its
refusals, the promotion of the next entry, the public pages that follow, and the back-office page
as every persona."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from contest.certificates.enums import CertificateStatus
from contest.certificates.models import Certificate
from contest.core.errors import DomainError, InvalidTransition
from contest.core.models import AuditRecord
from contest.results.enums import RevocationGround, RevokedShowcase, SnapshotStatus
from contest.results.models import AwardRevocation, ResultSnapshot
from contest.results.public import awards_for
from contest.results.services.revocation import revoke_award
from tests.factories import EntryFactory, UnitFactory, UserFactory
from tests.factories.certificates import make_certificate
from tests.factories.showcase import award

# What a real freeze records (contest/results/services/snapshots.py), as the public page reads it.
PARAMETERS = {
    "method": "mean",
    "trim_min_sheets": 5,
    "discrepancy_threshold": "20.00",
    "scope": "overall",
    "tie_break_criteria": [],
    "tie_break_by_judges": True,
    "min_prize_score": "70.00",
    "prize_cap_share": None,
    "shared_prizes": True,
    "tiers": [{"code": "nhat", "name": "Giải Nhất", "quota": 1, "part": "", "min_score": None}],
    "max_total": "100",
}


@pytest.fixture
def awarded(contest, entry, other_unit, other_unit_user):
    """A published result: Giải Nhất (with a valid certificate), Giải Nhì, then an entry without a prize."""
    entry.title = "Tổ liên gia an toàn – Zalo kết nối bình yên"
    entry.save(update_fields=["title"])
    second = EntryFactory(contest=contest, unit=other_unit, title="Ngân hàng bò giống giúp hội viên thoát nghèo")
    third = EntryFactory(
        contest=contest,
        unit=UnitFactory(name="Trường THCS Nguyễn Du", email="thcs.nguyendu@example.vn"),
        title="Bữa cơm nghĩa tình thứ Sáu",
    )
    award(entry, "Giải Nhất")
    award(second, "Giải Nhì", prize_code="nhi", rank=2, score="86.00")
    award(third, "", prize_code="", rank=3, score="80.00")
    first_certificate = make_certificate(entry)
    second_certificate = make_certificate(
        second, number=13, award_key="prize:nhi", prize_name="Giải Nhì", holder_name=other_unit.name
    )
    snapshot = ResultSnapshot.objects.get(round__contest=contest)
    snapshot.parameters = PARAMETERS
    snapshot.save(update_fields=["parameters"])
    return snapshot, [entry, second, third], [first_certificate, second_certificate]


def _revoke(snapshot, entry, by, **overrides):
    values = {
        "round": snapshot.round,
        "entry": entry,
        "ground": RevocationGround.FORGED_DOSSIER,
        "ground_detail": "Số liệu 1.250 m² đất hiến là của xã khác.",
        "decision_number": "15/QĐ-BTC",
        "decision_date": timezone.localdate(),
        "by": by,
    }
    values.update(overrides)
    return revoke_award(**values)


def test_revoking_an_award_revokes_its_certificate_records_and_tells_the_unit(
    awarded, organiser, unit_user, django_capture_on_commit_callbacks
):
    snapshot, (winner, second, _third), (certificate, other_certificate) = awarded
    with django_capture_on_commit_callbacks(execute=True):
        revocation = _revoke(snapshot, winner, organiser)
    assert revocation.prize_names == ["Giải Nhất"]
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    assert "Quyết định số 15/QĐ-BTC" in certificate.revoked_reason
    assert "Điều 93 Luật Thi đua, khen thưởng năm 2022" in certificate.revoked_reason
    assert "làm giả hồ sơ, giấy tờ đề nghị khen thưởng" in certificate.revoked_reason
    other_certificate.refresh_from_db()
    assert other_certificate.status == CertificateStatus.VALID
    # Nothing deleted, nothing else changed: the published result stands as it was.
    snapshot.refresh_from_db()
    assert snapshot.status == SnapshotStatus.PUBLISHED and snapshot.rows.get(entry=winner).prize_name == "Giải Nhất"
    record = AuditRecord.objects.get(action="results.revoke_award")
    assert record.new["certificates"] == [certificate.serial] and record.new["decision"] == "15/QĐ-BTC"
    assert AuditRecord.objects.filter(action="certificate.revoke", object_id=str(certificate.pk)).exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert unit_user.email in message.to and "Thông báo thu hồi giải" in message.subject
    assert "Quyết định số 15/QĐ-BTC" in message.body and "Giải Nhất" in message.body


def test_the_verify_page_and_the_public_results_say_it_is_revoked(client, awarded, organiser):
    snapshot, (winner, _second, _third), (certificate, _other) = awarded
    _revoke(snapshot, winner, organiser, decision_date=timezone.localdate())
    page = client.get(reverse("certificate-verify", args=[certificate.token])).content.decode()
    assert "Đã thu hồi" in page and "Quyết định số 15/QĐ-BTC" in page
    assert "làm giả hồ sơ, giấy tờ đề nghị khen thưởng" in page
    results = client.get(reverse("public-results", args=[snapshot.round_id])).content.decode()
    assert "<del>Giải Nhất</del>" in results
    assert f"Đã thu hồi theo Quyết định số 15/QĐ-BTC ngày {timezone.localdate():%d/%m/%Y}" in results
    # The model's awards no longer list it (its page shows the revocation instead: tests/cms).
    assert awards_for([winner.pk]) == {}


def test_promoting_the_next_entry_writes_a_new_version_and_keeps_the_old(
    awarded, organiser, django_capture_on_commit_callbacks
):
    snapshot, (winner, second, third), (_certificate, other_certificate) = awarded
    with django_capture_on_commit_callbacks(execute=True):
        revocation = _revoke(snapshot, winner, organiser, promote_next=True)
    old = ResultSnapshot.objects.get(pk=snapshot.pk)
    assert old.status == SnapshotStatus.INVALIDATED and "xét bổ sung hồ sơ số 003" in old.invalidated_reason
    assert old.rows.get(entry=winner).prize_name == "Giải Nhất"  # history readable, untouched
    new = revocation.promoted_snapshot
    assert new.version == 2 and new.status == SnapshotStatus.PUBLISHED
    assert revocation.promoted_entry == third
    assert new.rows.get(entry=third).prize_name == "Giải Nhất"
    assert new.rows.get(entry=winner).prize_name == "" and new.rows.get(entry=second).prize_name == "Giải Nhì"
    assert new.audit_head == AuditRecord.objects.get(action="results.promote").digest
    # The other winners keep their certificate links on the new version.
    assert awards_for([second.pk])[second.pk][0].verification_url.endswith(f"{other_certificate.token}/")
    assert [m.subject.split(" – ")[0] for m in mail.outbox] == ["Thông báo thu hồi giải", "Thông báo xét bổ sung giải"]


def test_promotion_respects_the_minimum_score(awarded, organiser):
    snapshot, (winner, _second, _third), _certificates = awarded
    ResultSnapshot.objects.filter(pk=snapshot.pk).update(parameters={**PARAMETERS, "min_prize_score": "85.00"})
    with pytest.raises(DomainError, match="Không có hồ sơ nào đủ điều kiện để xét bổ sung Giải Nhất"):
        _revoke(snapshot, winner, organiser, promote_next=True)
    assert not AwardRevocation.objects.exists()
    assert Certificate.objects.filter(status=CertificateStatus.REVOKED).count() == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ground": "gian lận"}, "Hãy chọn căn cứ thu hồi"),
        ({"ground": RevocationGround.OTHER, "ground_detail": "  "}, "Căn cứ khác: hãy ghi rõ nội dung vi phạm"),
        ({"decision_number": " "}, "Hãy ghi số quyết định thu hồi"),
        ({"decision_number": "1" * 51}, "Số quyết định dài quá 50 ký tự"),
        ({"decision_date": "05/01/2027"}, "Hãy ghi ngày ký quyết định thu hồi"),
        # Days from today, computed when the test runs (a run may cross midnight after collection).
        ({"decision_date": 1}, "chưa đến"),
        ({"decision_date": -400}, "trước ngày công bố kết quả"),
        ({"showcase": "xoa"}, "Hãy chọn cách xử lý trang mô hình"),
        ({"ground_detail": "x" * 4001}, "Nội dung vi phạm dài quá 4.000 ký tự"),
    ],
)
def test_bad_input_is_refused_and_nothing_changes(awarded, organiser, overrides, message):
    snapshot, (winner, _second, _third), (certificate, _other) = awarded
    if isinstance(overrides.get("decision_date"), int):
        overrides = {"decision_date": timezone.localdate() + dt.timedelta(days=overrides["decision_date"])}
    with pytest.raises(DomainError, match=message):
        _revoke(snapshot, winner, organiser, **overrides)
    assert not AwardRevocation.objects.exists()
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID


def test_an_award_is_revoked_once(awarded, organiser):
    snapshot, (winner, _second, _third), _certificates = awarded
    _revoke(snapshot, winner, organiser)
    with pytest.raises(InvalidTransition, match="đã bị thu hồi theo Quyết định số 15/QĐ-BTC"):
        _revoke(snapshot, winner, organiser, decision_number="16/QĐ-BTC")
    assert AwardRevocation.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardRevocation.objects.create(
            round=snapshot.round,
            entry=winner,
            snapshot=snapshot,
            ground=RevocationGround.FALSE_CLAIM,
            decision_number="17/QĐ-BTC",
            decision_date=timezone.localdate(),
            revoked_by=organiser,
        )


def test_only_a_published_prize_can_be_revoked(awarded, organiser):
    snapshot, (_winner, _second, third), _certificates = awarded
    with pytest.raises(DomainError, match="không có giải trong kết quả đã công bố"):
        _revoke(snapshot, third, organiser)
    ResultSnapshot.objects.filter(pk=snapshot.pk).update(status=SnapshotStatus.FROZEN, published_at=None)
    with pytest.raises(DomainError, match="chưa được công bố"):
        _revoke(snapshot, third, organiser)


def test_a_certificate_being_printed_stops_the_revocation(awarded, organiser):
    snapshot, (_winner, second, _third), _certificates = awarded
    make_certificate(second, number=14, award_key="part:chao-hoi", prize_name="Chào hỏi hay nhất", status="pending")
    with pytest.raises(DomainError, match="đang được in"):
        _revoke(snapshot, second, organiser)
    assert not AwardRevocation.objects.exists()


@pytest.mark.parametrize("persona", ["secretariat", "unit_user", "other_unit_user", "judge", "superuser_less_staff"])
def test_only_organisers_revoke(request, awarded, persona):
    snapshot, (winner, _second, _third), _certificates = awarded
    makers = {
        "judge": lambda: UserFactory(username="giamkhao", roles=["judge"]),
        "superuser_less_staff": lambda: UserFactory(username="nhanvien", is_staff=True),
    }
    user = makers[persona]() if persona in makers else request.getfixturevalue(persona)
    with pytest.raises(DomainError, match="Chỉ Ban Tổ chức được thu hồi giải"):
        _revoke(snapshot, winner, user)
    assert not AwardRevocation.objects.exists()


# -- The back-office page ----------------------------------------------------------------------


def _page(snapshot):
    return reverse("contest_results:revocation", args=[snapshot.round_id])


def _form(revoked, **overrides):
    data = {
        "action": "revoke",
        "entry": str(revoked.pk),
        "ground": RevocationGround.FALSE_CLAIM,
        "ground_detail": "",
        "legal_basis": "Điều 93 Luật Thi đua, khen thưởng năm 2022",
        "decision_number": "15/QĐ-BTC",
        "decision_date": f"{timezone.localdate():%d/%m/%Y}",
        "showcase": RevokedShowcase.HIDE,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("persona", "get", "post"),
    [
        ("anonymous", "login", "login"),
        ("unit_user", "login", "login"),
        ("judge", "login", "login"),
        ("secretariat", 200, 403),
        ("organiser", 200, 302),
    ],
)
def test_the_revocation_page_as_every_persona(client, request, awarded, persona, get, post):
    snapshot, (winner, _second, _third), _certificates = awarded
    if persona == "judge":
        client.force_login(UserFactory(username="giamkhao", roles=["judge"]))
    elif persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    for method, expected in (("get", get), ("post", post)):
        response = getattr(client, method)(_page(snapshot), _form(winner) if method == "post" else None)
        if expected == "login":
            assert response.status_code == 302 and response["Location"].startswith(reverse("wagtailadmin_login"))
        else:
            assert response.status_code == expected, f"{persona} {method}"
    assert AwardRevocation.objects.exists() == (persona == "organiser")


def test_the_page_revokes_with_a_typed_date_and_lists_the_history(client, awarded, organiser, secretariat):
    snapshot, (winner, _second, _third), _certificates = awarded
    client.force_login(organiser)
    response = client.post(_page(snapshot), _form(winner), follow=True)
    assert "Đã thu hồi giải của hồ sơ" in response.content.decode()
    revocation = AwardRevocation.objects.get()
    assert revocation.decision_date == timezone.localdate() and revocation.showcase == RevokedShowcase.HIDE
    client.force_login(secretariat)
    page = client.get(_page(snapshot)).content.decode()
    assert "Số 15/QĐ-BTC" in page and winner.title in page
    assert 'name="action" value="revoke"' not in page  # the secretariat reads, never revokes


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"decision_date": "2027-01-05"}, "không phải ngày dạng dd/mm/yyyy"),
        ({"decision_date": "31/02/2026"}, "Không có ngày 31/02/2026 trong lịch"),
        ({"decision_number": ""}, "Hãy ghi số quyết định thu hồi"),
        ({"ground": RevocationGround.OTHER}, "Căn cứ khác: hãy ghi rõ nội dung vi phạm"),
        ({"entry": "999999"}, "Select a valid choice|Hãy chọn một lựa chọn hợp lệ"),
    ],
)
def test_the_page_refuses_bad_input_next_to_the_form(client, awarded, organiser, overrides, message):
    import re

    snapshot, (winner, _second, _third), _certificates = awarded
    client.force_login(organiser)
    response = client.post(_page(snapshot), _form(winner, **overrides))
    assert response.status_code == 400
    assert re.search(message, response.content.decode())
    assert not AwardRevocation.objects.exists()


def test_the_score_band_is_kept_for_a_revoked_row(awarded, organiser):
    snapshot, (winner, _second, _third), _certificates = awarded
    _revoke(snapshot, winner, organiser)
    assert snapshot.rows.get(entry=winner).score == Decimal("91.50")
