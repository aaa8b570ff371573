"""Dossier files are private: streamed by a view to the entry's unit and the contest staff only."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from contest.core.http import content_disposition
from contest.dossiers.services.attachments import add_attachment
from tests import files

pytestmark = pytest.mark.django_db

REPORT_NAME = "Báo cáo mô hình “Tổ liên gia”.pdf"


@pytest.fixture
def report(entry, unit_user):
    upload = files.upload(REPORT_NAME, files.pdf_bytes(pages=2), "application/pdf")
    return add_attachment(entry=entry, kind="report", uploaded_file=upload, caption="", by=unit_user)


@pytest.fixture
def photo(entry, unit_user):
    upload = files.upload("anh.jpg", files.jpeg_bytes(), "image/jpeg")
    return add_attachment(entry=entry, kind="photo", uploaded_file=upload, caption="", by=unit_user)


def body(response):
    return b"".join(response.streaming_content)


def stored_bytes(fieldfile):
    with fieldfile.open("rb") as handle:
        return handle.read()


def test_the_units_user_gets_the_file(client, unit_user, report):
    client.force_login(unit_user)

    response = client.get(report.get_absolute_url())

    assert response.status_code == 200
    assert body(response) == stored_bytes(report.file)
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    # Shown inline, and sandboxed like every other file: a PDF cannot run script in our origin.
    assert response["Content-Security-Policy"] == "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"
    assert response["Content-Disposition"] == (
        'inline; filename="Bao cao mo hinh To lien gia.pdf"; '
        "filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20m%C3%B4%20h%C3%ACnh%20%E2%80%9CT%E1%BB%95%20li%C3%AAn%20gia%E2%80%9D.pdf"
    )


def test_asking_to_download_gives_an_attachment(client, unit_user, report):
    client.force_login(unit_user)

    response = client.get(report.get_absolute_url() + "?tai=1")

    assert response["Content-Disposition"].startswith("attachment; ")
    assert response["Content-Security-Policy"] == "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"


def test_a_photo_is_served_with_a_sandboxing_policy(client, unit_user, photo):
    client.force_login(unit_user)

    response = client.get(photo.get_absolute_url())

    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == 'inline; filename="anh.jpg"'
    assert response["Content-Security-Policy"] == "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"
    assert body(response) == stored_bytes(photo.file)


def test_another_units_user_gets_404(client, other_unit_user, report, photo):
    client.force_login(other_unit_user)

    assert client.get(report.get_absolute_url()).status_code == 404
    assert client.get(reverse("attachment-thumbnail", args=[photo.pk])).status_code == 404


def test_anonymous_visitor_is_sent_to_login(client, report):
    response = client.get(report.get_absolute_url())

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={report.get_absolute_url()}"


@pytest.mark.parametrize("persona", ["organiser", "secretariat"])
def test_contest_staff_get_the_file(client, request, persona, report):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(report.get_absolute_url())

    assert response.status_code == 200
    assert body(response) == stored_bytes(report.file)


def test_a_deactivated_unit_user_is_logged_out_and_gets_nothing(client, unit_user, report):
    client.force_login(unit_user)
    unit_user.is_active = False
    unit_user.save()

    response = client.get(report.get_absolute_url())

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_thumbnail_is_served_to_the_unit(client, unit_user, photo):
    client.force_login(unit_user)

    response = client.get(reverse("attachment-thumbnail", args=[photo.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert body(response) == stored_bytes(photo.thumbnail)


def test_a_document_has_no_thumbnail(client, unit_user, report):
    client.force_login(unit_user)

    assert client.get(reverse("attachment-thumbnail", args=[report.pk])).status_code == 404


def test_unknown_attachment_is_404(client, unit_user):
    client.force_login(unit_user)

    assert client.get(reverse("attachment-file", args=["00000000-0000-0000-0000-000000000000"])).status_code == 404


def test_a_file_missing_from_disk_is_404_not_an_error(client, unit_user, report):
    Path(report.file.path).unlink()
    client.force_login(unit_user)

    assert client.get(report.get_absolute_url()).status_code == 404


def test_files_cannot_be_posted_to(client, unit_user, report):
    client.force_login(unit_user)

    assert client.post(report.get_absolute_url()).status_code == 405


def test_stored_files_live_outside_the_public_media_root(report, photo):
    private_root = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    media_root = Path(settings.MEDIA_ROOT).resolve()

    for fieldfile in (report.file, photo.file, photo.thumbnail):
        path = Path(fieldfile.path).resolve()
        assert path.is_file()
        assert path.is_relative_to(private_root)
        assert not path.is_relative_to(media_root)
    assert not private_root.is_relative_to(media_root)


def test_no_media_url_serves_a_private_file(client, unit_user, report):
    client.force_login(unit_user)

    for url in (f"{settings.MEDIA_URL}{report.file.name}", f"{settings.MEDIA_URL}private/{report.file.name}"):
        assert client.get(url).status_code == 404


def test_content_disposition_keeps_quotes_out_of_the_plain_name():
    assert content_disposition("bao-cao.pdf", inline=True) == 'inline; filename="bao-cao.pdf"'
    assert content_disposition('bao-cao "cuoi".pdf', inline=False) == (
        "attachment; filename=\"bao-cao _cuoi_.pdf\"; filename*=UTF-8''bao-cao%20%22cuoi%22.pdf"
    )
    assert content_disposition("Đơn vị.pdf", inline=False) == (
        "attachment; filename=\"Don vi.pdf\"; filename*=UTF-8''%C4%90%C6%A1n%20v%E1%BB%8B.pdf"
    )
