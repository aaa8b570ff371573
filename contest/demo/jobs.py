"""The background jobs the demo's seeding queues, run where the seeding runs, their e-mails kept.

Seeding goes through the services, which queue jobs after each commit: a receipt and a state
e-mail per dossier, Wagtail's reference and search index updates per page. Left in the database
queue, they would all run when `make run` starts the worker, printing some 35 e-mails and 300 job
lines over the server's start lines and the demo logins. The e-mails go to made-up addresses
(``…@example.vn``): nobody is to receive them, even from a server with real SMTP. So while seeding,
jobs run at once in this process and e-mails are kept in memory; the command prints one line.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core import mail
from django.test.utils import override_settings

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
IN_MEMORY = "django.core.mail.backends.locmem.EmailBackend"
_ABSENT = object()


@dataclass
class KeptMail:
    messages: list = field(default_factory=list)

    def summary(self) -> str:
        """One line for the console: how many e-mails, to how many addresses."""
        if not self.messages:
            return ""
        addresses = {address for m in self.messages for address in m.recipients()}
        return (
            f"Thư điện tử khi tạo dữ liệu mẫu: {len(self.messages)} thư tới {len(addresses)} địa chỉ mẫu "
            "(biên nhận, thông báo trạng thái hồ sơ…), không gửi đi."
        )


@contextmanager
def jobs_run_here():
    """Run queued jobs at once and keep the e-mails they send; yields the ``KeptMail``."""
    kept = KeptMail()
    previous = getattr(mail, "outbox", _ABSENT)
    mail.outbox = []
    try:
        with override_settings(TASKS=IMMEDIATE, EMAIL_BACKEND=IN_MEMORY):
            yield kept
    finally:
        kept.messages.extend(mail.outbox)
        if previous is _ABSENT:
            del mail.outbox
        else:
            mail.outbox = previous
