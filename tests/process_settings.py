"""Settings of the real worker and web processes that fault tests start (tests/processes.py): the
test settings, with jobs queued in the database and e-mails written to files the test reads."""

import os

from config.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ.get("DVK_TEST_MAIL_DIR", str(PRIVATE_MEDIA_ROOT.parent / "mail"))  # noqa: F405
CERTIFICATE_CHUNK = int(os.environ.get("CERTIFICATE_CHUNK", "50"))
WORKER_HEARTBEAT_SECONDS = float(os.environ.get("WORKER_HEARTBEAT_SECONDS", "0.5"))
WORKER_LEASE_SECONDS = float(os.environ.get("WORKER_LEASE_SECONDS", "3"))
# The page cache, off in the test process (tests share its memory cache), on where a test asks for
# it: several processes on one shared cache (CACHE_URL=redis://…, tests/cluster.py).
CMS_CACHE_SECONDS = int(os.environ.get("CMS_CACHE_SECONDS", "0"))
