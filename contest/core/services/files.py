"""Stored files and the rows that name them: what is on disk, what should be, what may go.

Every ``FileField`` of every installed model (dossier files, certificates, seals, Wagtail's
images, renditions and documents …) names a file in one of the storages of ``STORAGES``. Three
kinds of disagreement can arise, and each has its tool here:

- a file no row names — left by a crash between writing a file and committing its row, or by a
  row deleted or replaced. :func:`sweep` removes them, but never at once: a deleted or replaced
  file is *discarded* (a :class:`DiscardedFile` row written in the same transaction as the
  deletion) and kept ``FILE_RETENTION_HOURS``, so that a backup which dumped the database before
  the deletion still finds the file when it copies the files. Files of transactions still in
  flight are protected by a minimum age.
- a row whose file is missing, and a file whose bytes no longer match the SHA-256 its row
  recorded: :func:`check` lists them (``manage.py check_files``), after a restore above all.
- temporary upload files that Django writes while a large upload arrives
  (``FILE_UPLOAD_TEMP_DIR``), left behind when gunicorn kills a worker mid-upload: :func:`sweep`
  removes those older than the minimum age.

The storages are walked through Django's Storage API (``listdir``, ``open``), so another backend
(an S3 bucket) plugs into the same functions.
"""

import contextlib
import datetime
import hashlib
import os
import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.functional import LazyObject, empty

from contest.core.models import DiscardedFile

# Storages whose files rows name (staticfiles is the code's own, rebuilt by collectstatic).
SKIPPED_STORAGES = ("staticfiles",)
# Folders of a storage holding files that no row names on purpose, each purged by its owner: the
# spreadsheet previews waiting for confirmation (contest/spreadsheets/importing.py, PENDING_DIR).
TRANSIENT_FOLDERS = {"private": ("imports/",)}
# What Django names a large upload while it arrives: NamedTemporaryFile(suffix=".upload" + ext).
TEMP_UPLOAD = re.compile(r"^tmp[a-z0-9_]+\.upload(\.[A-Za-z0-9]+)?$")
DEFAULT_MIN_AGE = datetime.timedelta(hours=1)
CHUNK = 1024 * 1024


def storage_aliases() -> list[str]:
    return [alias for alias in settings.STORAGES if alias not in SKIPPED_STORAGES]


def _unwrap(storage):
    if isinstance(storage, LazyObject):
        if storage._wrapped is empty:
            storage._setup()
        return storage._wrapped
    return storage


def _place(storage) -> tuple:
    # A folder on the disk, or a bucket and the prefix inside it.
    return (getattr(storage, "bucket_name", None), str(getattr(storage, "location", "")))


def alias_of(storage) -> str | None:
    """The STORAGES alias of a field's storage (the same object, or the same place on disk or in a bucket)."""
    storage = _unwrap(storage)
    for alias in storage_aliases():
        candidate = storages[alias]
        if candidate is storage:
            return alias
        if type(candidate) is type(storage) and _place(candidate) == _place(storage):
            return alias
    return None


@dataclass(frozen=True)
class FileColumn:
    model: type[models.Model]
    field: models.FileField
    alias: str
    # The model's field with the file's SHA-256, when it keeps one.
    digest: str | None

    @property
    def label(self) -> str:
        return f"{self.model._meta.label}.{self.field.name}"


def file_columns() -> list[FileColumn]:
    columns = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                alias = alias_of(model_field.storage)
                if alias is None:
                    continue
                # The main file's digest only ("file" of an Attachment, "pdf" of a Certificate).
                has_digest = any(f.name == "sha256" for f in model._meta.concrete_fields)
                main = model_field.name in ("file", "pdf")
                columns.append(FileColumn(model, model_field, alias, "sha256" if has_digest and main else None))
    return columns


def referenced() -> dict[str, set[str]]:
    """Every file name some row holds, per storage alias."""
    names: defaultdict[str, set[str]] = defaultdict(set)
    for column in file_columns():
        values = column.model._default_manager.exclude(**{column.field.name: ""}).exclude(
            **{f"{column.field.name}__isnull": True}
        )
        names[column.alias].update(values.values_list(column.field.name, flat=True).iterator())
    return names


def walk(storage, folder: str = ""):
    """Every file name in ``storage`` under ``folder``, through the Storage API."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        if not name.startswith("."):
            yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        if not sub.startswith("."):
            yield from walk(storage, f"{folder}/{sub}" if folder else sub)


def digest(storage, name: str) -> tuple[str, int]:
    hasher, size = hashlib.sha256(), 0
    with storage.open(name, "rb") as handle:
        while block := handle.read(CHUNK):
            hasher.update(block)
            size += len(block)
    return hasher.hexdigest(), size


def discard(fieldfile_or_name, *, storage=None) -> None:
    """Let a stored file go, inside the transaction that deletes or replaces its row: the file is
    kept until :func:`sweep` finds it older than ``FILE_RETENTION_HOURS``. Nothing happens if the
    transaction rolls back (the row, and the file, stay)."""
    if storage is None:
        storage, name = fieldfile_or_name.storage, fieldfile_or_name.name
    else:
        name = fieldfile_or_name
    if not name:
        return
    alias = alias_of(storage)
    if alias is None:
        storage.delete(name)  # not a storage that backups copy: nothing to keep it for
        return
    DiscardedFile.objects.get_or_create(storage=alias, name=name)


def delete_unrecorded(fieldfiles) -> None:
    """Delete at once the files a failed write stored: the rollback took their rows back, so
    nothing refers to them and no backup can hold them (unlike :func:`discard`)."""
    for fieldfile in fieldfiles:
        if fieldfile.name:
            fieldfile.storage.delete(fieldfile.name)


def _modified(storage, name):
    try:
        return storage.get_modified_time(name)
    except (FileNotFoundError, NotImplementedError):
        return None


@dataclass
class SweepReport:
    deleted: list[str] = field(default_factory=list)  # "alias:name"
    kept: list[str] = field(default_factory=list)  # discarded, waiting for their retention
    recorded: list[str] = field(default_factory=list)  # orphans found now, kept for retention
    young: list[str] = field(default_factory=list)  # too recent: may belong to a transaction in flight
    temp_deleted: list[str] = field(default_factory=list)
    temp_young: list[str] = field(default_factory=list)


def upload_temp_dir() -> Path:
    return Path(settings.FILE_UPLOAD_TEMP_DIR or tempfile.gettempdir())


def sweep(*, delete: bool, min_age=DEFAULT_MIN_AGE, retention=None, now=None) -> SweepReport:
    """Find (and with ``delete``, remove) files no row names, and stale temporary uploads.

    A file no row names is deleted once it has been discarded for ``retention`` (default
    ``FILE_RETENTION_HOURS``); one found here for the first time is recorded as discarded now, or
    deleted at once with ``retention=0``. Files younger than ``min_age`` are left alone: their
    transaction may not have committed yet. Without ``delete`` nothing changes.
    """
    now = now or timezone.now()
    retention = datetime.timedelta(hours=settings.FILE_RETENTION_HOURS) if retention is None else retention
    report = SweepReport()
    named = referenced()
    discarded = {(d.storage, d.name): d for d in DiscardedFile.objects.all()}
    seen = set()
    for alias in storage_aliases():
        storage = storages[alias]
        transient = TRANSIENT_FOLDERS.get(alias, ())
        for name in walk(storage):
            if name in named[alias] or name.startswith(transient):
                continue
            key, label = (alias, name), f"{alias}:{name}"
            seen.add(key)
            modified = _modified(storage, name)
            if modified is not None and modified > now - min_age:
                report.young.append(label)
                continue
            record = discarded.get(key)
            since = record.discarded_at if record else now
            if since > now - retention:
                (report.kept if record else report.recorded).append(label)
                if delete and record is None:
                    DiscardedFile.objects.get_or_create(storage=alias, name=name)
                continue
            report.deleted.append(label)
            if delete:
                storage.delete(name)
                DiscardedFile.objects.filter(storage=alias, name=name).delete()
    if delete:
        # Records of files that are gone, or that a row names again (a restore): nothing to do.
        gone = [d.pk for key, d in discarded.items() if key not in seen]
        DiscardedFile.objects.filter(pk__in=gone).delete()
    _sweep_temp_uploads(report, delete=delete, min_age=min_age, now=now)
    return report


def _sweep_temp_uploads(report, *, delete, min_age, now):
    folder = upload_temp_dir()
    if not folder.is_dir():
        return
    cutoff = (now - min_age).timestamp()
    for path in sorted(folder.iterdir()):
        if not TEMP_UPLOAD.match(path.name) or not path.is_file():
            continue
        if path.stat().st_mtime > cutoff:
            report.temp_young.append(str(path))
            continue
        report.temp_deleted.append(str(path))
        if delete:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)


@dataclass
class CheckReport:
    missing: list[str] = field(default_factory=list)  # "Model.field pk=…: alias:name"
    mismatched: list[str] = field(default_factory=list)
    unnamed: list[str] = field(default_factory=list)  # files no row names (nor discarded)
    checked: int = 0

    @property
    def ok(self) -> bool:
        return not (self.missing or self.mismatched)


def check(*, hashes: bool = True) -> CheckReport:
    """Rows whose file is missing, files whose bytes differ from the SHA-256 their row recorded,
    and files that no row names (excluding discarded files waiting for the sweep)."""
    report = CheckReport()
    for column in file_columns():
        storage = storages[column.alias]
        fields = ["pk", column.field.name] + ([column.digest] if column.digest else [])
        rows = column.model._default_manager.exclude(**{column.field.name: ""}).exclude(
            **{f"{column.field.name}__isnull": True}
        )
        for row in rows.values_list(*fields).iterator():
            pk, name = row[0], row[1]
            report.checked += 1
            where = f"{column.label} pk={pk}: {column.alias}:{name}"
            if not storage.exists(name):
                report.missing.append(where)
            elif hashes and column.digest and row[2] and digest(storage, name)[0] != row[2]:
                report.mismatched.append(where)
    named = referenced()
    discarded = set(DiscardedFile.objects.values_list("storage", "name"))
    for alias in storage_aliases():
        transient = TRANSIENT_FOLDERS.get(alias, ())
        for name in walk(storages[alias]):
            if name not in named[alias] and (alias, name) not in discarded and not name.startswith(transient):
                report.unnamed.append(f"{alias}:{name}")
    return report
