"""What the operators' machinery needs to remember: which background workers are alive, and which
stored files were let go but are kept until a later sweep."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class WorkerHeartbeat(models.Model):
    """A running ``db_worker``: refreshed every few seconds by a thread of the worker, with the job
    in hand. A job marked RUNNING that no fresh heartbeat claims was left by a worker that died
    (``kill -9``, a power cut, a lost database connection), and is run again (contest/core/services/workers.py)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)
    # The django-tasks job (DBTaskResult id) the worker is running; empty while it waits.
    task_id = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("tiến trình nền")
        verbose_name_plural = pgettext_lazy("plural", "tiến trình nền")

    def __str__(self):
        return f"{self.hostname}:{self.pid}"


class DiscardedFile(models.Model):
    """A stored file whose row was deleted or replaced. It stays on disk until ``sweep_orphans``
    removes it after ``FILE_RETENTION_HOURS``, so that a backup which dumped the database before
    the deletion still finds the file when it copies the files (docs/operations.md, backups)."""

    storage = models.CharField(max_length=50)
    name = models.CharField(max_length=500)
    discarded_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("tệp chờ xóa")
        verbose_name_plural = pgettext_lazy("plural", "tệp chờ xóa")
        constraints = [models.UniqueConstraint(fields=["storage", "name"], name="discarded_file_once")]

    def __str__(self):
        return f"{self.storage}:{self.name}"
