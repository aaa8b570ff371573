"""Moving an installation's files from its local folders to the storages STORAGES now names (an
S3-compatible bucket): ``manage.py move_files_to_storage``.

Every file under each local folder (``PRIVATE_MEDIA_ROOT`` for storage ``"private"``, ``MEDIA_ROOT``
for ``"default"``) is written under the *same name* in the destination: rows keep naming their
files unchanged, and discarded files waiting for the sweep keep their retention. Then every row's
file is checked in the destination: present, and with the SHA-256 its row recorded (dossier files,
certificates) or else the SHA-256 of the local file it was copied from.

Idempotent and resumable, because a bucket's write is atomic (an object exists whole or not at
all, multipart uploads included) and a file already there with the local file's size is the
finished copy of a previous run: a run killed half-way and started again copies only what is
missing, and never writes a second object beside one (no ``name_abc1234.pdf``). An object of the
same name but another size is a conflict: listed and left alone unless ``replace``.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, storages

from contest.core.services import files as stored_files

# The local folder each storage alias had before the bucket.
SOURCES = {"private": "PRIVATE_MEDIA_ROOT", "default": "MEDIA_ROOT"}


class MoveError(Exception):
    pass


@dataclass
class MoveReport:
    copied: list[str] = field(default_factory=list)  # "alias:name"
    present: list[str] = field(default_factory=list)  # already in the destination (a previous run)
    conflicts: list[str] = field(default_factory=list)  # another object under the same name
    checked: int = 0  # rows whose file was checked in the destination
    missing: list[str] = field(default_factory=list)  # rows whose file the destination lacks
    mismatched: list[str] = field(default_factory=list)  # rows whose file's SHA-256 differs
    deleted_local: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.conflicts or self.missing or self.mismatched)


def default_sources() -> dict[str, Path]:
    return {alias: Path(getattr(settings, name)) for alias, name in SOURCES.items()}


def _same_place(source: Path, destination) -> bool:
    location = getattr(destination, "location", None)
    return isinstance(destination, FileSystemStorage) and location is not None and Path(location) == source


def _local_digest(path: Path) -> str:
    hasher = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(stored_files.CHUNK):
            hasher.update(block)
    return hasher.hexdigest()


def _identical(destination, name: str, local: Path) -> bool:
    return destination.exists(name) and stored_files.digest(destination, name)[0] == _local_digest(local)


def copy_files(
    sources: dict[str, Path], *, dry_run: bool, replace: bool = False, progress: Callable[[str], None] | None = None
) -> MoveReport:
    """Write every local file to its storage under the same name (what is there already stays)."""
    report = MoveReport()
    for alias, folder in sources.items():
        destination = storages[alias]
        if _same_place(folder, destination):
            raise MoveError(f"Storage {alias!r} is still the folder {folder}: set S3_BUCKET (docs/operations.md).")
        local = FileSystemStorage(location=folder)
        for name in stored_files.walk(local):
            label = f"{alias}:{name}"
            size = local.size(name)
            try:
                there = destination.size(name)  # one request: HEAD
            except FileNotFoundError:
                there = None
            if there is not None:
                if there == size:
                    report.present.append(label)
                    continue
                if not replace:
                    report.conflicts.append(label)
                    continue
                if not dry_run:
                    destination.delete(name)
            report.copied.append(label)
            if dry_run:
                continue
            with local.open(name, "rb") as handle:
                saved = destination.save(name, File(handle, name=name))
            if saved != name:  # written meanwhile by someone else: never keep a second copy
                destination.delete(saved)
                raise MoveError(f"{label} appeared in the destination while it was being copied; run again.")
            if progress:
                progress(label)
    return report


def verify(sources: dict[str, Path], report: MoveReport, *, delete_local: bool = False) -> MoveReport:
    """Check every row's file in the destination against the SHA-256 its row recorded, or else the
    local file's; with ``delete_local``, then delete the local files found identical there."""
    verified: set[tuple[str, str]] = set()
    for column in stored_files.file_columns():
        if column.alias not in sources:
            continue
        destination, folder = storages[column.alias], sources[column.alias]
        names = ["pk", column.field.name] + ([column.digest] if column.digest else [])
        rows = column.model._default_manager.exclude(**{column.field.name: ""}).exclude(
            **{f"{column.field.name}__isnull": True}
        )
        for row in rows.values_list(*names).iterator():
            pk, name = row[0], row[1]
            recorded = row[2] if column.digest else None
            report.checked += 1
            where = f"{column.label} pk={pk}: {column.alias}:{name}"
            local = folder / name
            if not destination.exists(name):
                report.missing.append(where + ("" if local.is_file() else " (missing from the disk too)"))
                continue
            expected = recorded or (_local_digest(local) if local.is_file() else None)
            found = stored_files.digest(destination, name)[0]
            if expected is not None and found != expected:
                report.mismatched.append(where)
                continue
            verified.add((column.alias, name))
    if delete_local and report.ok:
        for alias, folder in sources.items():
            local, destination = FileSystemStorage(location=folder), storages[alias]
            for name in list(stored_files.walk(local)):
                # Files no row names (discarded, transient) are compared here; rows' files above.
                if (alias, name) in verified or _identical(destination, name, folder / name):
                    local.delete(name)
                    report.deleted_local.append(f"{alias}:{name}")
    return report


def move(
    sources: dict[str, Path] | None = None,
    *,
    dry_run: bool = False,
    replace: bool = False,
    delete_local: bool = False,
    progress: Callable[[str], None] | None = None,
) -> MoveReport:
    sources = sources or default_sources()
    report = copy_files(sources, dry_run=dry_run, replace=replace, progress=progress)
    if dry_run:
        return report
    return verify(sources, report, delete_local=delete_local)
