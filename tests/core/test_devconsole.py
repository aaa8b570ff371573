"""`make run`'s console: one line per e-mail and per finished job, the demo logins last."""

import io
import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.test import override_settings

from contest.core.devconsole import JobLines, OneLineEmailBackend
from contest.demo.jobs import jobs_run_here

ROOT = Path(__file__).resolve().parents[2]


def test_an_email_is_one_line_with_its_recipients_subject_and_links():
    out = io.StringIO()
    message = EmailMessage(
        subject="Biên nhận hồ sơ dự thi DVK26-000001-LQUH",
        body="Kính gửi Đảng ủy phường Thanh Khê,\n\nXem hồ sơ: http://127.0.0.1:8120/don-vi/ho-so/1/\n\nTrân trọng.",
        to=["thanhkhe@example.vn"],
        cc=["dang-uy@example.vn"],
    )
    assert OneLineEmailBackend(stream=out).send_messages([message]) == 1
    assert out.getvalue() == (
        "✉ thanhkhe@example.vn, dang-uy@example.vn: Biên nhận hồ sơ dự thi DVK26-000001-LQUH"
        " — http://127.0.0.1:8120/don-vi/ho-so/1/\n"
    )


def _record(state):
    return logging.LogRecord(
        "django_tasks", logging.INFO, __file__, 1, "Task id=%s path=%s state=%s", ("7f3a", "a.b.send", state), None
    )


def test_a_job_is_one_line_when_it_ends_and_a_failure_keeps_its_report():
    keep = JobLines()
    assert keep.filter(_record("RUNNING")) is False
    done = _record("SUCCESSFUL")
    assert keep.filter(done) is True and done.getMessage() == "Việc nền xong: a.b.send"
    failed = _record("FAILED")
    assert keep.filter(failed) is True and failed.getMessage() == "Task id=7f3a path=a.b.send state=FAILED"
    other = logging.LogRecord("django_tasks", logging.INFO, __file__, 1, "Something else %s", ("x",), None)
    assert keep.filter(other) is True and other.getMessage() == "Something else x"


def test_development_settings_use_them():
    from config.settings import dev

    assert dev.EMAIL_BACKEND == "contest.core.devconsole.OneLineEmailBackend"
    assert dev.LOGGING["loggers"]["django_tasks"]["filters"] == ["job_lines"]


@pytest.mark.django_db(transaction=True)
def test_jobs_queued_while_seeding_run_at_once_and_their_emails_are_kept(complete_entry, unit_user):
    from django_tasks_db.models import DBTaskResult

    from contest.dossiers.services.entries import submit_entry

    database = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    mail.outbox = ["the test's own"]
    console = "django.core.mail.backends.console.EmailBackend"
    with override_settings(TASKS=database, EMAIL_BACKEND=console), jobs_run_here() as kept:
        entry = submit_entry(entry=complete_entry, by=unit_user)
    assert not DBTaskResult.objects.exists()  # nothing left for `make run`'s worker to print
    assert [m.subject for m in kept.messages] == [f"Biên nhận hồ sơ dự thi {entry.receipt_code}"]
    assert re.fullmatch(r"Thư điện tử khi tạo dữ liệu mẫu: 1 thư tới \d địa chỉ mẫu .*, không gửi đi\.", kept.summary())
    assert mail.outbox == ["the test's own"]


def test_demo_logins_prints_the_accounts_with_full_addresses(db):
    from contest.demo.data import DEMO_PASSWORD
    from tests.factories import UserFactory

    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    assert out.getvalue() == ""  # no demo in this database: nothing to say
    UserFactory(username="btc", roles=["organiser"])
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert f"mật khẩu chung: {DEMO_PASSWORD}" in text and re.search(r"^  btc +Ban Tổ chức +Lê Minh Châu$", text, re.M)
    assert "giamkhao1" not in text
    assert "Đăng nhập tại http://testserver/tai-khoan/dang-nhap/" in text


def test_run_dev_checks_harfbuzz_with_a_module_that_exists():
    script = (ROOT / "scripts" / "run-dev.sh").read_text()
    [probe] = re.findall(r"\"\$PY\" -c '([^']+)'", script)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True
    )
    assert "Traceback" not in result.stderr, result.stderr


def test_make_run_leaves_the_logins_to_the_end():
    makefile = (ROOT / "Makefile").read_text()
    assert "manage.py seed_demo --no-logins" in makefile
    script = (ROOT / "scripts" / "run-dev.sh").read_text()
    # Printed by the announcer once the server answers, not before the server starts.
    assert script.index("manage.py demo_logins") < script.index('manage.py runserver "$HOST:$PORT"')
    assert "announce &" in script
