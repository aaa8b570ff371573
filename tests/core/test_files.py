"""Files no row names are swept (after their retention, never while young), temporary uploads of
killed web workers too; check_files lists rows without files and files that changed."""

import datetime as dt
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from contest.core.models import DiscardedFile
from contest.core.services import files
from contest.dossiers.models import Attachment
from contest.dossiers.services.attachments import add_attachment
from tests import files as samples

pytestmark = pytest.mark.django_db

LATER = dt.timedelta(hours=49)


def write(name, content=b"x", *, age=dt.timedelta(hours=2)):
    storage = storages["private"]
    saved = storage.save(name, ContentFile(content))
    old = time.time() - age.total_seconds()
    os.utime(storage.path(saved), (old, old))
    return saved


def report_for(entry, unit_user):
    return add_attachment(
        entry=entry,
        kind="report",
        uploaded_file=samples.upload("bao-cao.pdf", samples.pdf_bytes(), "application/pdf"),
        caption="",
        by=unit_user,
    )


def test_a_crash_leftover_is_found_by_a_dry_run_and_swept_after_its_retention(entry, unit_user):
    kept = report_for(entry, unit_user)
    leftover = write("entries/9/9/left-by-a-crash.pdf")
    storage = storages["private"]

    dry = files.sweep(delete=False)
    assert f"private:{leftover}" in dry.recorded
    assert storage.exists(leftover) and not DiscardedFile.objects.filter(name=leftover).exists()

    files.sweep(delete=True)  # first seen: recorded, kept for a backup that may be running
    assert storage.exists(leftover) and DiscardedFile.objects.filter(name=leftover).exists()

    files.sweep(delete=True, now=timezone.now() + LATER)
    assert not storage.exists(leftover)
    assert storage.exists(kept.file.name)  # a file a row names is never touched


def test_young_files_may_belong_to_a_transaction_in_flight(db):
    young = write("certificates/in-flight.pdf", age=dt.timedelta(minutes=1))
    report = files.sweep(delete=True, retention=dt.timedelta(0))
    assert f"private:{young}" in report.young and storages["private"].exists(young)


def test_spreadsheet_previews_are_left_to_their_owner(db):
    preview = write("imports/abc.xlsx")
    files.sweep(delete=True, retention=dt.timedelta(0))
    assert storages["private"].exists(preview)


def test_temporary_uploads_of_killed_workers_are_swept(settings, db):
    folder = settings.FILE_UPLOAD_TEMP_DIR
    stale, fresh, foreign = folder / "tmpab12cd34.upload.pdf", folder / "tmpzz99yy88.upload.mp4", folder / "other.txt"
    for path in (stale, fresh, foreign):
        path.write_bytes(b"...")
    old = time.time() - 7200
    os.utime(stale, (old, old))
    os.utime(foreign, (old, old))

    assert str(stale) in files.sweep(delete=False).temp_deleted and stale.exists()
    files.sweep(delete=True)
    assert not stale.exists() and fresh.exists() and foreign.exists()
    fresh.unlink()
    foreign.unlink()


def test_the_command_is_a_dry_run_unless_told(db, capsys):
    leftover = write("entries/8/8/orphan.pdf")
    call_command("sweep_orphans")
    out = capsys.readouterr().out
    assert f"Found: private:{leftover}" in out and "Dry run" in out
    call_command("sweep_orphans", "--delete", "--retention-hours", "0")
    assert f"Deleted: private:{leftover}" in capsys.readouterr().out
    assert not storages["private"].exists(leftover)


def test_check_files_lists_rows_without_files_and_changed_files(entry, unit_user, capsys):
    missing, changed = report_for(entry, unit_user), None
    photo = add_attachment(
        entry=entry,
        kind="photo",
        uploaded_file=samples.upload("anh.jpg", samples.jpeg_bytes(), "image/jpeg"),
        caption="",
        by=unit_user,
    )
    storage = storages["private"]
    storage.delete(missing.file.name)
    with open(storage.path(photo.file.name), "ab") as handle:
        handle.write(b"tampered")
    changed = photo

    report = files.check()
    assert any(str(missing.pk) in line and missing.file.name in line for line in report.missing)
    assert any(str(changed.pk) in line for line in report.mismatched)
    with pytest.raises(CommandError):
        call_command("check_files")
    assert "Row without its file: contest.Attachment.file" in capsys.readouterr().out
    Attachment.objects.filter(pk__in=[missing.pk, changed.pk]).delete()
