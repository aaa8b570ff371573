"""Files in an S3-compatible bucket (a real moto_server process, tests/s3.py): the settings built
from the environment, an upload through the portal, the permission-checked download, privacy of
every object."""

import hashlib
from pathlib import Path

import pytest
from django.urls import reverse

from config.settings import object_storage
from contest.core import storage
from contest.dossiers.models import Attachment
from tests import files

ROOT = Path("/srv/dvk/private")
STATIC = "django.contrib.staticfiles.storage.StaticFilesStorage"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


def build(**environ):
    return object_storage.storages(environ, private_root=ROOT, staticfiles=STATIC)


# The settings -----------------------------------------------------------------------------------


def test_without_a_bucket_everything_stays_on_the_local_disk():
    built = build(S3_ENDPOINT_URL="http://minio:9000")

    assert built["private"]["BACKEND"] == object_storage.FILESYSTEM_PRIVATE
    assert built["private"]["OPTIONS"] == {"location": ROOT, "base_url": None}
    assert built["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert built["staticfiles"] == {"BACKEND": STATIC}


def test_a_bucket_takes_the_private_files_and_the_media_without_any_acl():
    built = build(
        S3_BUCKET="dvk-tep",
        S3_ENDPOINT_URL="https://s3.example.vn",
        S3_REGION="hn-1",
        S3_ACCESS_KEY_ID="AK",
        S3_SECRET_ACCESS_KEY="SK",
        S3_MEDIA_URL="https://media.dvk.example.vn/",
    )

    private, media = built["private"]["OPTIONS"], built["default"]["OPTIONS"]
    assert built["private"]["BACKEND"] == object_storage.S3_PRIVATE
    assert (private["bucket_name"], private["location"], media["bucket_name"], media["location"]) == (
        "dvk-tep",
        "private",
        "dvk-tep",
        "media",
    )
    for options in (private, media):
        assert options["default_acl"] is None  # the bucket's own private access, never public-read
        assert options["file_overwrite"] is False  # a taken name gets a suffix, as on the disk
        assert (options["endpoint_url"], options["region_name"], options["addressing_style"]) == (
            "https://s3.example.vn",
            "hn-1",
            "path",
        )
        assert (options["access_key"], options["secret_key"]) == ("AK", "SK")
    assert (media["custom_domain"], media["url_protocol"], media["querystring_auth"]) == (
        "media.dvk.example.vn",
        "https:",
        False,
    )


def test_a_media_bucket_of_its_own_and_keys_from_the_machines_role():
    built = build(S3_BUCKET="dvk-private", S3_MEDIA_BUCKET="dvk-media")

    private, media = built["private"]["OPTIONS"], built["default"]["OPTIONS"]
    assert (private["bucket_name"], private["location"], media["bucket_name"], media["location"]) == (
        "dvk-private",
        "",
        "dvk-media",
        "",
    )
    assert "access_key" not in private and private["endpoint_url"] is None and private["addressing_style"] is None
    # No public address for the media: their links are presigned, nothing is made public.
    assert media["querystring_auth"] is True and media["querystring_expire"] == 24 * 3600


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"S3_ACCESS_KEY_ID": "AK"}, "go together"),
        ({"S3_ADDRESSING_STYLE": "sideways"}, "path, virtual or auto"),
        ({"S3_MEDIA_URL": "media.example.vn"}, "http:// or https://"),
        ({"S3_MEDIA_URL_SECONDS": "999999999"}, "between 1 and 604800"),
    ],
)
def test_a_wrong_variable_is_refused_with_its_name(environ, message):
    with pytest.raises(ValueError, match=message):
        build(S3_BUCKET="dvk", **environ)


# Against the S3 server ---------------------------------------------------------------------------


def stored(fieldfile) -> bytes:
    with fieldfile.open("rb") as handle:
        return handle.read()


@pytest.mark.django_db
def test_an_upload_through_the_portal_lands_in_the_bucket_privately_and_only_the_unit_downloads_it(
    client, s3, entry, unit_user, other_unit_user
):
    content = files.pdf_bytes(pages=3)
    client.force_login(unit_user)

    response = client.post(
        reverse("portal:attachment-upload", args=[entry.pk]),
        {"kind": "report", "file": files.upload("Báo cáo.pdf", content, "application/pdf"), "caption": ""},
    )

    assert response.status_code == 302
    attachment = Attachment.objects.get(entry=entry)
    assert storage.is_remote(attachment.file.storage)
    assert s3.keys() == [attachment.file.name]  # the private bucket holds it, under its own name
    assert s3.keys(s3.media) == []
    grants = s3.server.client().get_object_acl(Bucket=s3.private, Key=attachment.file.name)["Grants"]
    assert all(grant["Grantee"].get("URI") != ALL_USERS for grant in grants)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    with pytest.raises(ValueError, match="no public URL"):
        attachment.file.url  # noqa: B018 - no template can link to it

    response = client.get(attachment.get_absolute_url() + "?tai=1")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Length"] == str(len(content))
    assert response["Content-Disposition"].startswith("attachment; ")
    assert response["Content-Security-Policy"].endswith("sandbox")
    assert response["Cache-Control"] == "private, no-store"

    client.force_login(other_unit_user)
    assert client.get(attachment.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(attachment.get_absolute_url()).status_code == 302  # to the login page


@pytest.mark.django_db
def test_a_file_missing_from_the_bucket_is_a_404(client, s3, entry, unit_user):
    client.force_login(unit_user)
    client.post(
        reverse("portal:attachment-upload", args=[entry.pk]),
        {"kind": "photo", "file": files.upload("anh.jpg", files.jpeg_bytes(), "image/jpeg"), "caption": ""},
    )
    attachment = Attachment.objects.get(entry=entry)
    assert attachment.thumbnail and stored(attachment.thumbnail)[:2] == b"\xff\xd8"
    s3.server.client().delete_object(Bucket=s3.private, Key=attachment.file.name)

    assert client.get(attachment.get_absolute_url()).status_code == 404
