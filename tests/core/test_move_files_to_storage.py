"""``manage.py move_files_to_storage``: an installation's files from its folders to the bucket
(a real moto_server, tests/s3.py), checked row by row; a dry run writes nothing; a run killed
half-way (SIGKILL, a real process) and started again loses and doubles nothing."""

import hashlib
import io
import signal
import subprocess
import sys

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import FileSystemStorage, storages
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.images import get_image_model

from contest.core import storage
from contest.core.services import files as stored_files
from contest.dossiers.models import Attachment
from contest.dossiers.services.attachments import add_attachment
from tests import files as samples
from tests.processes import ROOT, database_url, environment, wait_until

pytestmark = pytest.mark.django_db


def local(settings, alias="private"):
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT if alias == "private" else settings.MEDIA_ROOT)


def local_names(settings, alias="private"):
    return sorted(stored_files.walk(local(settings, alias)))


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def bucket_digests(s3, bucket=None):
    client = s3.server.client()
    return {key: sha(client.get_object(Bucket=bucket or s3.private, Key=key)["Body"].read()) for key in s3.keys(bucket)}


def local_digests(settings, alias="private"):
    storage = local(settings, alias)
    return {name: stored_files.digest(storage, name)[0] for name in stored_files.walk(storage)}


@pytest.fixture(autouse=True)
def own_folders(settings, tmp_path):
    """Folders of this test's own: the move walks every file in them, and the folders the suite
    shares hold whatever the worker's earlier tests wrote."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": settings.MEDIA_ROOT}},
        "private": {
            **settings.STORAGES["private"],
            "OPTIONS": {**settings.STORAGES["private"].get("OPTIONS", {}), "location": settings.PRIVATE_MEDIA_ROOT},
        },
    }


@pytest.fixture
def installation(settings, entry, unit_user):
    """What an installation on the disk holds: a report, a photo and its thumbnail, a public image,
    a file a crash left behind."""
    report = add_attachment(
        entry=entry,
        kind="report",
        uploaded_file=samples.upload("bao-cao.pdf", samples.pdf_bytes(pages=2), "application/pdf"),
        caption="",
        by=unit_user,
    )
    photo = add_attachment(
        entry=entry,
        kind="photo",
        uploaded_file=samples.upload("anh.jpg", samples.jpeg_bytes(), "image/jpeg"),
        caption="",
        by=unit_user,
    )
    image = get_image_model().objects.create(
        title="Ảnh", file=ImageFile(io.BytesIO(samples.png_bytes()), name="anh-cong-khai.png")
    )
    leftover = local(settings).save("certificates/left-by-a-crash.pdf", ContentFile(b"%PDF-1.7 leftover"))
    assert not storage.is_remote(storages["private"])
    return {"report": report, "photo": photo, "image": image, "leftover": leftover}


def test_a_dry_run_writes_nothing_then_the_move_copies_every_file_and_checks_every_row(
    settings, s3_buckets, installation, client, unit_user, capsys
):
    before = local_digests(settings), local_digests(settings, "default")
    s3_buckets.activate(settings)

    call_command("move_files_to_storage", "--dry-run")

    out = capsys.readouterr().out
    assert s3_buckets.keys() == [] and s3_buckets.keys(s3_buckets.media) == []
    assert f"Would copy: private:{installation['report'].file.name}" in out
    assert "5 files to copy, 0 already there, 0 conflicts." in out  # the thumbnail too

    call_command("move_files_to_storage")

    out = capsys.readouterr().out
    assert "5 files copied, 0 already there, 0 conflicts." in out
    assert "4 rows' files checked: 0 missing, 0 differ; 0 local files deleted." in out  # not the leftover
    # The same names, the same bytes; the local files are still there.
    assert bucket_digests(s3_buckets) == before[0]
    assert bucket_digests(s3_buckets, s3_buckets.media) == before[1]
    assert local_digests(settings) == before[0]
    # The app now reads them from the bucket: the check, and a download through the permission view.
    assert stored_files.check().ok
    client.force_login(unit_user)
    response = client.get(installation["report"].get_absolute_url())
    with installation["report"].file.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()

    call_command("move_files_to_storage", "--delete-local")

    out = capsys.readouterr().out
    assert "0 files copied, 5 already there, 0 conflicts." in out
    assert "5 local files deleted." in out
    assert local_names(settings) == [] and local_names(settings, "default") == []
    assert bucket_digests(s3_buckets) == before[0]


def test_a_row_whose_file_differs_from_its_hash_fails_the_check(settings, s3_buckets, installation):
    report = installation["report"]
    Attachment.objects.filter(pk=report.pk).update(sha256="0" * 64)
    s3_buckets.activate(settings)

    with pytest.raises(CommandError, match="not complete"):
        call_command("move_files_to_storage")

    assert report.file.name in s3_buckets.keys(s3_buckets.private)  # copied, and reported as differing


def test_another_object_under_the_same_name_is_left_alone_unless_replaced(settings, s3_buckets, installation, capsys):
    name = installation["leftover"]
    s3_buckets.server.client().put_object(Bucket=s3_buckets.private, Key=name, Body=b"something else entirely")
    s3_buckets.activate(settings)

    with pytest.raises(CommandError):
        call_command("move_files_to_storage")
    assert f"Another object has this name (--replace to overwrite): private:{name}" in capsys.readouterr().out

    call_command("move_files_to_storage", "--replace")
    assert bucket_digests(s3_buckets)[name] == local_digests(settings)[name]


def test_the_local_folder_itself_is_refused_as_a_destination(settings):
    with pytest.raises(CommandError, match="S3_BUCKET"):
        call_command("move_files_to_storage")


def test_a_move_killed_half_way_and_run_again_loses_and_doubles_nothing(
    settings, s3_buckets, installation, tmp_path, capsys
):
    disk = local(settings)
    for n in range(150):
        disk.save(f"bulk/{n // 50}/tep-{n:03}.pdf", ContentFile(b"%PDF-1.7 " + bytes(str(n), "ascii") * 500))
    expected, media = local_digests(settings), local_digests(settings, "default")
    total = len(expected) + len(media)
    # The child never reaches the database (it is killed while copying); on SQLite this test's
    # database lives in this process's memory, so the child gets an empty file instead.
    database = database_url() if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") else None
    env = environment(**s3_buckets.environ, **({} if database else {"DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}))
    log = open(tmp_path / "move.log", "wb")  # noqa: SIM115 - closed below
    child = subprocess.Popen(
        [sys.executable, "manage.py", "move_files_to_storage", "--verbosity", "2"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until(lambda: len(s3_buckets.keys()) >= 30 or child.poll() is not None, timeout=120, what="a part copied")
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=15)
    finally:
        log.close()
    copied_before = len(s3_buckets.keys())
    assert child.returncode == -signal.SIGKILL, (tmp_path / "move.log").read_text()
    assert 0 < copied_before < len(expected)  # really half-way

    s3_buckets.activate(settings)
    call_command("move_files_to_storage")

    out = capsys.readouterr().out
    assert f"{total - copied_before} files copied, {copied_before} already there, 0 conflicts." in out
    assert bucket_digests(s3_buckets) == expected  # every file once, under its own name, intact
    assert bucket_digests(s3_buckets, s3_buckets.media) == media
    assert storages["private"].exists(installation["report"].file.name)
    assert stored_files.check().ok
