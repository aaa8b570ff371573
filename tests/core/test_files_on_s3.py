"""The orphan sweep and check_files against an S3-compatible bucket (a real moto_server,
tests/s3.py): the bucket is walked, aged and deleted through the Storage API, as the disk is."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from contest.core.models import DiscardedFile
from contest.core.services import files
from contest.dossiers.services.attachments import add_attachment, remove_attachment
from tests import files as samples

pytestmark = pytest.mark.django_db

# A bucket's objects cannot be aged by hand (LastModified is the server's): the sweep is asked
# about a later "now" instead.
SOON = dt.timedelta(hours=2)
LATER = SOON + dt.timedelta(hours=49)


def add(entry, unit_user, kind="report"):
    name, content, mime = {
        "report": ("bao-cao.pdf", samples.pdf_bytes(), "application/pdf"),
        "evidence": ("bien-ban.pdf", samples.pdf_bytes(pages=2), "application/pdf"),
        "photo": ("anh.jpg", samples.jpeg_bytes(), "image/jpeg"),
    }[kind]
    return add_attachment(
        entry=entry, kind=kind, uploaded_file=samples.upload(name, content, mime), caption="", by=unit_user
    )


def test_a_leftover_in_the_bucket_is_recorded_then_swept_after_its_retention(s3, entry, unit_user):
    kept = add(entry, unit_user)
    leftover = storages["private"].save("entries/9/9/left-by-a-crash.pdf", ContentFile(b"%PDF-1.7 crash"))
    preview = storages["private"].save("imports/abc.xlsx", ContentFile(b"PK.."))
    now = timezone.now()

    assert f"private:{leftover}" in files.sweep(delete=True, now=now).young  # its upload may be in flight
    dry = files.sweep(delete=False, now=now + SOON)
    assert f"private:{leftover}" in dry.recorded and not DiscardedFile.objects.exists()

    files.sweep(delete=True, now=now + SOON)
    assert DiscardedFile.objects.filter(storage="private", name=leftover).exists()
    assert leftover in s3.keys(s3.private)

    files.sweep(delete=True, now=now + LATER)
    remaining = s3.keys()
    assert leftover not in remaining
    assert kept.file.name in remaining and preview in remaining  # a row's file, a pending import
    assert not DiscardedFile.objects.exists()


def test_a_removed_attachment_stays_in_the_bucket_for_its_retention_then_goes(s3, entry, unit_user, capsys):
    photo = add(entry, unit_user, kind="photo")
    names = {photo.file.name, photo.thumbnail.name}
    assert names <= set(s3.keys())

    remove_attachment(attachment=photo, by=unit_user)

    assert names <= set(s3.keys())  # a backup that dumped the row still finds the files
    assert set(DiscardedFile.objects.values_list("name", flat=True)) == names
    call_command("sweep_orphans", "--delete", "--retention-hours", "0", "--min-age-minutes", "0")
    assert not names & set(s3.keys())


def test_check_files_reads_the_bucket(s3, entry, unit_user, capsys):
    intact, missing = add(entry, unit_user, kind="evidence"), add(entry, unit_user)
    changed = add(entry, unit_user, kind="photo")
    client = s3.server.client()
    client.delete_object(Bucket=s3.private, Key=missing.file.name)
    client.put_object(Bucket=s3.private, Key=changed.file.name, Body=b"tampered in the bucket")
    stray = storages["private"].save("entries/7/7/nobody.pdf", ContentFile(b"%PDF-1.7"))

    report = files.check()

    assert report.checked == 4  # three files and the photo's thumbnail
    assert [line for line in report.missing if f"pk={missing.pk}:" in line]
    assert [line for line in report.mismatched if f"pk={changed.pk}:" in line]
    assert report.unnamed == [f"private:{stray}"]
    assert not [line for line in report.missing + report.mismatched if f"pk={intact.pk}:" in line]
    with pytest.raises(CommandError):
        call_command("check_files")
    out = capsys.readouterr().out
    assert f"Row without its file: contest.Attachment.file pk={missing.pk}: private:{missing.file.name}" in out
    assert "4 files named by rows: 1 missing, 1 changed; 1 files no row names." in out
