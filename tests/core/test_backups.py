"""Backups: the database first, then the files, then a manifest; restored into a fresh database and
storage, every row has its file — even when a unit replaced its report between the dump and the
file copy — and the restored app serves the attachment and verifies the certificate.

The restore and the app run as real processes (``manage.py restore``, gunicorn) on the restored
database and folders.
"""

import hashlib
import http.cookiejar
import json
import re
import socket
import subprocess
import sys
import urllib.parse
import urllib.request
import uuid

import pytest
from django.db import connection
from django.urls import reverse

from contest.certificates.enums import CertificateStatus
from contest.certificates.services import production
from contest.core.services import backups
from contest.dossiers.models import Attachment
from contest.dossiers.services.attachments import add_attachment
from tests import files as samples
from tests.factories import PASSWORD, ContestFactory, EntryFactory, UnitFactory, UserFactory
from tests.factories.certificates import PDF_BYTES, PDF_SHA256, make_certificate
from tests.processes import ROOT, database_url, environment, stop, wait_until


def report(entry, user, pages):
    return add_attachment(
        entry=entry,
        kind="report",
        uploaded_file=samples.upload("bao-cao.pdf", samples.pdf_bytes(pages=pages), "application/pdf"),
        caption="",
        by=user,
    )


@pytest.fixture
def fresh_target(tmp_path):
    """An empty database and empty folders to restore into; dropped afterwards (PostgreSQL)."""
    root = tmp_path / "restored"
    (root / "uploads").mkdir(parents=True)
    if connection.vendor == "sqlite":
        yield root, database_url(str(root / "db.sqlite3"))
        return
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield root, database_url(name)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name])
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Browser:
    """Just enough of a browser: cookies, the CSRF token of the last form, no JavaScript."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path) -> bytes:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read()

    def post(self, path, data: bytes, content_type) -> bytes:
        request = urllib.request.Request(self.base + path, data=data, headers={"Content-Type": content_type})
        request.add_header("Referer", self.base + path)
        with self.opener.open(request, timeout=30) as response:
            return response.read()

    def token(self, html: bytes) -> str:
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()

    def login(self, username, password):
        html = self.get(reverse("login"))
        form = {"csrfmiddlewaretoken": self.token(html), "username": username, "password": password}
        self.post(reverse("login"), urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded")

    def upload(self, path, field, filename, content: bytes) -> bytes:
        html = self.get(path)
        boundary = "dvk" + uuid.uuid4().hex
        body = (
            (
                f"--{boundary}\r\n"
                f'Content-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{self.token(html)}\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
                "Content-Type: application/pdf\r\n\r\n"
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.post(path, body, f"multipart/form-data; boundary={boundary}")


@pytest.mark.django_db(transaction=True)
def test_backup_during_a_replacement_restores_into_a_working_app(tmp_path, fresh_target, monkeypatch):
    unit = UnitFactory(name="Đảng ủy phường Thanh Khê")
    user = UserFactory(username="thanhkhe", unit=unit)
    entry = EntryFactory(contest=ContestFactory(), unit=unit, created_by=user)
    old = report(entry, user, pages=1)
    certificate = make_certificate(entry)
    assert certificate.status == CertificateStatus.VALID and certificate.sha256 == PDF_SHA256
    production.store(certificate, PDF_BYTES)

    # The race: the unit replaces its report after the database is dumped, before files are copied.
    dump = backups.dump_database

    def dump_then_replace(folder):
        entry_of_dump = dump(folder)
        report(entry, user, pages=2)
        return entry_of_dump

    monkeypatch.setattr(backups, "dump_database", dump_then_replace)
    folder = backups.backup(tmp_path / "backups")
    monkeypatch.undo()

    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["database"]["vendor"] == connection.vendor
    copied = manifest["storages"]["private"]["files"]
    assert copied[old.file.name]["sha256"] == old.sha256  # the replaced report is still there
    assert not Attachment.objects.filter(pk=old.pk).exists()
    assert backups.verify_backup(folder) == []

    root, url = fresh_target
    env = environment(DVK_TEST_ROOT=root, DATABASE_URL=url)
    restored = subprocess.run(
        [sys.executable, "manage.py", "restore", str(folder)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "0 missing, 0 changed" in restored.stdout

    # The restored app, as users reach it.
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        browser = Browser(f"http://127.0.0.1:{port}")

        def up():
            try:
                return browser.get(reverse("login"))
            except OSError:
                return None

        wait_until(up, timeout=300, what="gunicorn on the restored database")
        browser.login("thanhkhe", PASSWORD)
        downloaded = browser.get(reverse("attachment-file", args=[old.pk]))
        assert hashlib.sha256(downloaded).hexdigest() == old.sha256
        verify = reverse("certificate-verify", args=[certificate.token])
        assert certificate.serial.encode() in browser.get(verify)
        answer = browser.upload(verify, "file", "giay-chung-nhan.pdf", PDF_BYTES).decode()
        assert "Tệp trùng khớp với giấy chứng nhận đã cấp" in answer
    finally:
        stop(server)


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused_before_anything_is_restored(tmp_path, fresh_target):
    user = UserFactory(unit=UnitFactory())
    report(EntryFactory(unit=user.unit, created_by=user), user, pages=1)
    folder = backups.backup(tmp_path / "backups")
    damaged = next((folder / "files" / "private").rglob("*.pdf"))
    damaged.write_bytes(b"not the report")
    assert backups.verify_backup(folder)

    root, url = fresh_target
    env = environment(DVK_TEST_ROOT=root, DATABASE_URL=url)
    restored = subprocess.run(
        [sys.executable, "manage.py", "restore", str(folder)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert restored.returncode != 0 and "damaged" in restored.stderr
    assert not (root / "db.sqlite3").exists() or (root / "db.sqlite3").stat().st_size == 0


@pytest.mark.django_db(transaction=True)
def test_restoring_over_a_database_in_use_is_refused(tmp_path):
    UnitFactory()
    folder = backups.backup(tmp_path / "backups")
    with pytest.raises(backups.BackupError, match="not empty"):
        backups.restore(folder)
