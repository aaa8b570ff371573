"""Giấy biên nhận hồ sơ: a real A4 document in the organiser's format, downloaded from the portal,
with a QR code that opens a public check of the receipt."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from contest.core.models import Contest
from contest.dossiers import receipt
from contest.dossiers.models import Entry
from tests.dossiers.test_portal_views import logged_in  # noqa: F401  (a fixture)
from tests.factories import EntryFactory
from tests.judging.test_paper_sheets import read, text_of

pytestmark = pytest.mark.pdf

A4 = (595.28, 841.89)


@pytest.fixture
def submitted(logged_in, complete_entry):  # noqa: F811
    Contest.objects.filter(pk=complete_entry.contest_id).update(document_place="Hà Tĩnh")
    logged_in.post(reverse("portal:entry-submit", args=[complete_entry.pk]))
    return Entry.objects.select_related("contest", "unit").get(pk=complete_entry.pk)


def _download(client, entry):
    response = client.get(reverse("portal:entry-receipt", args=[entry.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="bien-nhan-{entry.receipt_code}.pdf"'
    return response.content


def _place_date(entry):
    day = timezone.localtime(entry.submitted_at).date()
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"Hà Tĩnh, ngày {day.day:02d} tháng {month} năm {day.year}"


def test_the_unit_downloads_its_receipt_as_one_a4_page_in_the_party_format(logged_in, submitted, unit_user):  # noqa: F811
    pdf = _download(logged_in, submitted)
    reader = read(pdf)
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == A4
    text = text_of(pdf)
    # The organiser is a Party body (the factory's Ban Tuyên giáo và Dân vận): Party heading and number.
    for expected in (
        "BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY",
        "BAN TỔ CHỨC",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        f"Số {submitted.pk:02d}-BN/BTC",
        _place_date(submitted),
        "GIẤY BIÊN NHẬN HỒ SƠ",
        submitted.receipt_code,
        submitted.unit.name,
        submitted.title,
        "Nộp trực tuyến trên Cổng đơn vị",
        "Báo cáo mô hình",
        "Xác nhận của cấp ủy",
        "xac-nhan.pdf",
        "ĐẠI DIỆN ĐƠN VỊ NỘP",
        unit_user.display_name,
        "NGƯỜI NHẬN HỒ SƠ",
        "Tiếp nhận trực tuyến, không cần ký",
        "Quét mã QR",
    ):
        assert expected in text, expected
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text
    assert reader.metadata.title == f"Giấy biên nhận hồ sơ {submitted.receipt_code}"
    # The place-and-date line comes after the heading, in the right-hand block, once.
    assert len(re.findall(r"Hà Tĩnh, ngày", text)) == 1


def test_a_state_organiser_gets_the_decree_30_heading(logged_in, submitted):  # noqa: F811
    Contest.objects.filter(pk=submitted.contest_id).update(
        organiser_body="Ủy ban nhân dân tỉnh Hà Tĩnh", document_format="state"
    )
    text = text_of(_download(logged_in, submitted))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert f"Số: {submitted.pk:02d}/BN-BTC" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in text


def test_a_paper_dossier_names_the_secretariat_member_who_received_it(submitted, secretariat):
    Entry.objects.filter(pk=submitted.pk).update(paper_received_on=dt.date(2026, 2, 3), created_by=secretariat)
    entry = Entry.objects.select_related("contest", "unit", "created_by").get(pk=submitted.pk)
    text = text_of(receipt.receipt_pdf(entry))
    assert "Hà Tĩnh, ngày 03 tháng 02 năm 2026" in text
    assert "Nộp hồ sơ giấy tại Tổ Thư ký" in text
    assert secretariat.display_name in text


def test_the_qr_code_opens_a_public_check_and_a_forged_one_finds_nothing(client, submitted):
    url = receipt.check_url(submitted)
    path = url[url.index("/bien-nhan/") :]
    page = client.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert submitted.receipt_code in html and submitted.unit.name in html
    assert "hồ sơ đã được nhận" in html
    token = receipt.check_token(submitted)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(reverse("receipt-check", args=[forged])).status_code == 404
    # A genuine-looking code without the site's signature is refused too.
    assert client.get(reverse("receipt-check", args=[submitted.receipt_code])).status_code == 404


def test_no_receipt_before_submission_and_never_another_units(logged_in, client, other_unit_user, submitted):  # noqa: F811
    draft = EntryFactory(contest=submitted.contest, unit=submitted.unit)
    assert logged_in.get(reverse("portal:entry-receipt", args=[draft.pk])).status_code == 404
    client.force_login(other_unit_user)
    assert client.get(reverse("portal:entry-receipt", args=[submitted.pk])).status_code == 404
