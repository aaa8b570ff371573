"""deploy/: the systemd units, the nginx sites and the environment templates are real files, checked
as the machines would: ``systemd-analyze verify`` and Debian's ``nginx -t``; every variable of the
templates is one the settings read, and the production settings load from them."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.test_settings_and_setup import run_python
from tests.processes import ROOT

DEPLOY = ROOT / "deploy"
LAYOUTS = ["one-host", "several-hosts"]
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_the_systemd_units_verify(layout, tmp_path):
    # The units name /srv/dvk/app; here the checkout and its virtualenv stand in for it, so that
    # systemd can check that every ExecStart really is an executable.
    venv_bin = str(Path(sys.executable).parent)
    units = []
    for unit in sorted((DEPLOY / layout).glob("*.service")) + sorted((DEPLOY / layout).glob("*.timer")):
        text = unit.read_text().replace("/srv/dvk/app/.venv/bin", venv_bin).replace("/srv/dvk/app", str(ROOT))
        (tmp_path / unit.name).write_text(text)
        units.append(str(tmp_path / unit.name))
    assert len(units) >= 2
    result = subprocess.run(
        [shutil.which("systemd-analyze"), "verify", *units], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    ours = [line for line in result.stderr.splitlines() if str(tmp_path) in line or "dvk-" in line]
    assert result.returncode == 0 and not ours, result.stderr


@pytest.mark.parametrize("site", ["one-host/nginx-dvk.conf", "several-hosts/nginx-lb.conf"])
@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (make test installs Debian's nginx-light)")
def test_the_nginx_sites_pass_nginx_t(site, tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            shutil.which("openssl") or "/usr/bin/openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=dvk.example.gov.vn",
        ]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    text = (DEPLOY / site).read_text()
    text = text.replace("/etc/ssl/certs/ssl-cert-snakeoil.pem", str(cert))
    text = text.replace("/etc/ssl/private/ssl-cert-snakeoil.key", str(key))
    (tmp_path / "site.conf").write_text(text)
    # Every path nginx would write to under the test's folder: it runs as whoever runs the tests.
    temps = "".join(
        f"  {name}_temp_path {tmp_path / name};\n" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "main.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n{temps}  include {tmp_path}/site.conf;\n}}\n"
    )
    result = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "main.conf")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def _variables(path: Path) -> dict[str, str]:
    pairs = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line.startswith("# ") and re.match(r"# [A-Z][A-Z0-9_]+=", line):
            line = line[2:]  # an optional variable, commented out
        match = re.match(r"([A-Z][A-Z0-9_]+)=(.*)", line)
        if match:
            pairs[match.group(1)] = match.group(2).strip('"')
    return pairs


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_variable_of_the_templates_is_read_by_the_settings(layout):
    read = "".join(path.read_text() for path in (ROOT / "config" / "settings").glob("*.py"))
    read += (ROOT / "config" / "settings" / "object_storage.py").read_text()
    unknown = [name for name in _variables(DEPLOY / layout / "dvk.env.example") if name not in read]
    assert [name for name in unknown if name != "DJANGO_SETTINGS_MODULE"] == []


def test_the_production_settings_load_from_the_one_host_template(tmp_path):
    env = _variables(DEPLOY / "one-host" / "dvk.env.example")
    env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "FILE_UPLOAD_TEMP_DIR": str(tmp_path),
    }
    env = {k: v for k, v in env.items() if not k.startswith(("SIGNING_", "CACHE_URL"))}
    show = (
        "import django; django.setup(); from django.conf import settings as s; print(s.PUBLIC_BASE_URL, s.LOG_FORMAT)"
    )
    result = run_python(["-c", show], env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["https://dvk.example.gov.vn", "json"]
