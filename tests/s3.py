"""A real S3-compatible server for the storage tests: moto's standalone server (``moto_server``,
from PyPI, pinned in requirements-dev.txt), started once per test process on a free port and
spoken to over HTTP by boto3 exactly as a provider's endpoint would be. Nothing is mocked in the
test process itself.

- ``s3_server`` (session): the running server.
- ``s3_buckets``: fresh buckets, the storages still on the disk until ``activate(settings)``.
- ``s3`` (a test's fixture): fresh buckets for this test, and ``settings.STORAGES`` built from the
  same environment variables production reads (config/settings/object_storage.py), so the code
  under test goes through ``PrivateS3Storage`` and ``PublicS3Storage``. ``s3.environ`` is that
  environment, for the processes a test starts (tests/processes.py ``environment(**s3.environ)``).
"""

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

from config.settings import object_storage

ACCESS_KEY, SECRET_KEY, REGION = "dvk-test-key", "dvk-test-secret", "us-east-1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class S3Server:
    url: str
    process: subprocess.Popen

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            config=Config(s3={"addressing_style": "path"}, signature_version="s3v4"),
        )

    def environ(self, bucket: str, media_bucket: str = "") -> dict[str, str]:
        """The variables an installation sets to use this server (docs/operations.md)."""
        return {
            "S3_BUCKET": bucket,
            "S3_MEDIA_BUCKET": media_bucket,
            "S3_ENDPOINT_URL": self.url,
            "S3_REGION": REGION,
            "S3_ACCESS_KEY_ID": ACCESS_KEY,
            "S3_SECRET_ACCESS_KEY": SECRET_KEY,
        }

    def new_bucket(self, prefix: str = "dvk") -> str:
        name = f"{prefix}-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)
        return name


def start_server(log: Path, *, timeout: float = 60.0) -> S3Server:
    port = free_port()
    handle = open(log, "ab")  # noqa: SIM115 - closed by stop_server
    command = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT)
    process.log_handle = handle  # type: ignore[attr-defined]
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"moto_server exited with {process.returncode}; see {log}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url + "/", timeout=1) as answer:  # noqa: S310
            if answer.status == 200:  # our loopback server is up
                return S3Server(url, process)
        time.sleep(0.2)
    stop_server(process)
    raise RuntimeError(f"moto_server did not answer on {url} within {timeout:.0f} s; see {log}")


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.log_handle.close()  # type: ignore[attr-defined]


@dataclass
class Buckets:
    server: S3Server
    private: str
    media: str
    environ: dict[str, str] = field(default_factory=dict)

    def activate(self, settings) -> None:
        """STORAGES as an installation with these variables gets it (pytest-django's ``settings``)."""
        settings.STORAGES = object_storage.storages(
            self.environ,
            private_root=settings.PRIVATE_MEDIA_ROOT,
            staticfiles=settings.STORAGES["staticfiles"]["BACKEND"],
        )

    def keys(self, bucket: str | None = None) -> list[str]:
        """Every object name in a bucket (the private one by default), as the provider lists it."""
        pages = self.server.client().get_paginator("list_objects_v2").paginate(Bucket=bucket or self.private)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", ()))


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    server = start_server(tmp_path_factory.mktemp("moto") / "moto_server.log")
    yield server
    stop_server(server.process)


@pytest.fixture
def s3_buckets(s3_server):
    """Two fresh buckets of the S3 server (private files, public media), not used yet: a test that
    first writes files on the disk calls ``activate(settings)`` when the bucket takes over."""
    private, media = s3_server.new_bucket("dvk-private"), s3_server.new_bucket("dvk-media")
    return Buckets(s3_server, private, media, s3_server.environ(private, media))


@pytest.fixture
def s3(s3_buckets, settings):
    """This test's files in two fresh buckets of the S3 server (private files, public media)."""
    s3_buckets.activate(settings)
    return s3_buckets
