"""What the development console (`make run`) prints for e-mails and background jobs: one line each.

Django's console e-mail backend prints every e-mail as its MIME source (encoded subject, headers,
the whole body), and django-tasks logs two lines per job (started, finished): a few receipts bury
the server's own lines. Here an e-mail is one line with its recipients, subject and links (the
links are what a developer needs from it: a password reset, a dossier), and a job is one line
when it ends; a failed job keeps django-tasks' full report with its traceback.

Development settings only (config/settings/dev.py); production sends real e-mail.
"""

import logging
import re
import sys
import threading

from django.core.mail.backends.base import BaseEmailBackend

LINK = re.compile(r"https?://[^\s<>\"')]+")
# django-tasks' message for a job starting and ending (django_tasks/signals.py).
JOB_MESSAGE = "Task id=%s path=%s state=%s"


def one_line(message) -> str:
    """An e-mail as one console line: "✉ to, to: subject — link link"."""
    recipients = ", ".join([*message.to, *message.cc, *message.bcc])
    line = f"✉ {recipients}: {message.subject}"
    links = list(dict.fromkeys(LINK.findall(message.body or "")))
    return f"{line} — {' '.join(links)}" if links else line


class OneLineEmailBackend(BaseEmailBackend):
    """Writes one line per e-mail to the console instead of sending it."""

    def __init__(self, *args, stream=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stream = stream or sys.stdout
        self._lock = threading.RLock()

    def send_messages(self, email_messages):
        if not email_messages:
            return 0
        with self._lock:
            for message in email_messages:
                self.stream.write(one_line(message) + "\n")
            self.stream.flush()
        return len(email_messages)


class JobLines(logging.Filter):
    """On the ``django_tasks`` logger: drop "started", turn "finished" into one short line."""

    def filter(self, record):
        if record.msg != JOB_MESSAGE or not isinstance(record.args, tuple) or len(record.args) != 3:
            return True
        _id, path, state = record.args
        if str(state) == "RUNNING":
            return False
        if str(state) == "SUCCESSFUL":
            record.msg, record.args = "Việc nền xong: %s", (path,)
        return True
