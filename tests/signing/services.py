"""Local stand-ins for the outside services signing talks to, as real processes on the loopback:
a timestamp authority (fake_tsa.py) and a remote-signing service (fake_remote_signer.py)."""

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Service:
    url: str
    directory: Path
    process: subprocess.Popen

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start(module: str, directory: Path, *args: str) -> Service:
    """Run ``python -m module --dir directory args…``; it prints its URL on its first line."""
    process = subprocess.Popen(
        [sys.executable, "-m", module, "--dir", str(directory), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=(directory / "stderr.log").open("wb"),
        text=True,
    )
    url = process.stdout.readline().strip() if process.stdout else ""
    if not url.startswith("http://127.0.0.1:"):
        process.kill()
        raise RuntimeError(f"{module} did not start: {(directory / 'stderr.log').read_text()}")
    return Service(url=url, directory=directory, process=process)


@pytest.fixture(scope="session")
def timestamp_authority(tmp_path_factory):
    service = start("tests.signing.fake_tsa", tmp_path_factory.mktemp("tsa"))
    yield service
    service.stop()


REMOTE_TOKEN = "ma-truy-cap-thu"  # noqa: S105  (a test service's)


@pytest.fixture(scope="session")
def remote_signer(tmp_path_factory):
    service = start("tests.signing.fake_remote_signer", tmp_path_factory.mktemp("remote"), "--token", REMOTE_TOKEN)
    yield service
    service.stop()


@pytest.fixture(scope="session")
def remote_signer_with_approval(tmp_path_factory):
    directory = tmp_path_factory.mktemp("remote-approval")
    service = start("tests.signing.fake_remote_signer", directory, "--token", REMOTE_TOKEN, "--approval")
    yield service
    service.stop()
