"""A consistent backup of the database and the stored files, its restore, and what to check after.

Order makes it consistent: the database is dumped **first**, then the files are copied. A row in
the dump names a file that existed at the dump; such a file cannot be gone by the time it is
copied, because no file is deleted at once: a deleted or replaced file is discarded and kept
``FILE_RETENTION_HOURS`` (contest/core/services/files.py). Files written after the dump are copied
too and are harmless (no row names them; ``check_files`` lists them, the sweep removes them).

A backup is a folder ``dvk-YYYYMMDD-HHMMSS/``:

- ``database.sqlite3`` (SQLite's online backup API: consistent while the app runs) or
  ``database.dump`` (``pg_dump --format=custom``, one snapshot of the whole database);
- ``files/<storage alias>/<name>``: every file of every storage of ``STORAGES`` (public media,
  private dossier files and certificates), copied through the Storage API;
- ``manifest.json``, written last (a folder without it is an unfinished backup): the database
  file's SHA-256, and for each storage how its files were kept and each file's size and SHA-256.

Each storage is backed up by :func:`_copy_storage` and recorded as ``{"kind": "copied", "files":
{name: {"size", "sha256"}}}``; a storage whose files stay where they are (an S3 bucket with
versioning) can add another kind (a listing with hashes) beside it without changing the rest.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files import File
from django.core.files.storage import storages
from django.db import connection, connections
from django.utils import timezone

from contest.core.services import files as stored_files

FORMAT = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """What an operator must fix before a backup or a restore can go on (message in English, for
    the command line and the logs)."""


def _sha256_file(path: Path) -> str:
    hasher = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            hasher.update(block)
    return hasher.hexdigest()


def _pg_env(settings_dict) -> dict:
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[name] = str(settings_dict[key])
    env["PGDATABASE"] = settings_dict["NAME"]
    return env


def _run(command, settings_dict):
    try:
        # A fixed program (pg_dump, pg_restore) with arguments built here, never a shell.
        completed = subprocess.run(command, env=_pg_env(settings_dict), capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (apt-get install postgresql-client).") from error
    if completed.returncode != 0:
        raise BackupError(f"{command[0]} failed: {completed.stderr.strip()}")


# --- the database ------------------------------------------------------------------------------


def dump_database(folder: Path) -> dict:
    vendor = connection.vendor
    if connection.in_atomic_block:
        # SQLite's backup waits for this connection's own open write transaction for ever.
        raise BackupError("Back up outside a transaction (the dump must see committed data only).")
    if vendor == "sqlite":
        target = folder / "database.sqlite3"
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
    elif vendor == "postgresql":
        target = folder / "database.dump"
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
            connection.settings_dict,
        )
    else:
        raise BackupError(f"Backups of a {vendor} database are not supported.")
    return {"vendor": vendor, "file": target.name, "size": target.stat().st_size, "sha256": _sha256_file(target)}


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def restore_database(folder: Path, entry: dict, *, force: bool) -> None:
    vendor = connection.vendor
    if entry["vendor"] != vendor:
        raise BackupError(
            f"This backup holds a {entry['vendor']} database; the configured database is {vendor}. "
            "Restore into the same kind of database (docs/operations.md explains moving SQLite data to PostgreSQL)."
        )
    if not force and not _database_is_empty():
        raise BackupError("The configured database is not empty: restore into a fresh database, or pass --force.")
    source = folder / entry["file"]
    if vendor == "sqlite":
        connection.ensure_connection()
        origin = sqlite3.connect(source)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
    else:
        command = [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
        ]
        if force:
            command += ["--clean", "--if-exists"]
        connections.close_all()
        _run([*command, str(source)], connection.settings_dict)
    connections.close_all()


# --- the files ---------------------------------------------------------------------------------


def _copy_storage(storage, destination: Path) -> dict:
    listing = {}
    for name in stored_files.walk(storage):
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        hasher, size = hashlib.sha256(), 0
        try:
            with storage.open(name, "rb") as source, open(target, "wb") as copy:
                while block := source.read(CHUNK):
                    hasher.update(block)
                    copy.write(block)
                    size += len(block)
        except FileNotFoundError:
            # Written after the dump and deleted again meanwhile (a failed upload): no row needs it.
            target.unlink(missing_ok=True)
            continue
        listing[name] = {"size": size, "sha256": hasher.hexdigest()}
    return {"kind": "copied", "files": listing}


def backup(destination: Path) -> Path:
    """Dump the database, then copy every storage's files, then write the manifest. Returns the
    backup's folder (created inside ``destination``, readable by its owner only)."""
    destination = Path(destination)
    destination.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    folder = destination / f"dvk-{stamp}"
    folder.mkdir(mode=0o700)
    database = dump_database(folder)
    stores = {}
    for alias in stored_files.storage_aliases():
        stores[alias] = _copy_storage(storages[alias], folder / "files" / alias)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": database,
        "storages": stores,
    }
    partial = folder / (MANIFEST + ".part")
    partial.write_text(json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    partial.rename(folder / MANIFEST)
    return folder


# --- checking and restoring a backup -----------------------------------------------------------


def read_manifest(folder: Path) -> dict:
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} has no {MANIFEST}: not a backup, or an unfinished one.")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def verify_backup(folder: Path) -> list[str]:
    """Files of the backup that are missing or differ from the manifest's SHA-256 (empty: intact)."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    problems = []
    database = folder / manifest["database"]["file"]
    if not database.is_file() or _sha256_file(database) != manifest["database"]["sha256"]:
        problems.append(f"database: {database.name}")
    for alias, entry in manifest["storages"].items():
        for name, meta in entry.get("files", {}).items():
            path = folder / "files" / alias / name
            if not path.is_file() or _sha256_file(path) != meta["sha256"]:
                problems.append(f"{alias}:{name}")
    return problems


@dataclass
class RestoreReport:
    files: int = 0
    check: stored_files.CheckReport = field(default_factory=stored_files.CheckReport)


def _restore_storage(storage, source: Path, entry: dict, *, force: bool) -> int:
    if entry.get("kind") != "copied":
        raise BackupError(f"Storage kept as {entry.get('kind')!r} cannot be restored by this version.")
    count = 0
    for name, meta in sorted(entry["files"].items()):
        if storage.exists(name):
            if stored_files.digest(storage, name)[0] == meta["sha256"]:
                count += 1
                continue
            if not force:
                raise BackupError(
                    f"{name} already exists with other content: restore into an empty storage, or pass --force."
                )
            storage.delete(name)
        with open(source / name, "rb") as handle:
            saved = storage.save(name, File(handle, name=Path(name).name))
        if saved != name:
            raise BackupError(f"{name} was stored as {saved}.")
        count += 1
    return count


def restore(folder: Path, *, force: bool = False) -> RestoreReport:
    """Restore a backup into the configured database and storages (both fresh, unless ``force``),
    after checking every file of the backup against its manifest; then check rows against files."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    damaged = verify_backup(folder)
    if damaged:
        raise BackupError("The backup is damaged (SHA-256 differs or file missing): " + ", ".join(damaged[:20]))
    unknown = set(manifest["storages"]) - set(stored_files.storage_aliases())
    if unknown:
        raise BackupError(f"The backup has storages this installation lacks: {', '.join(sorted(unknown))}.")
    restore_database(folder, manifest["database"], force=force)
    report = RestoreReport()
    for alias, entry in manifest["storages"].items():
        report.files += _restore_storage(storages[alias], folder / "files" / alias, entry, force=force)
    report.check = stored_files.check()
    return report


def prune(destination: Path, *, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest finished backups in ``destination``."""
    finished = sorted(p for p in Path(destination).glob("dvk-*") if (p / MANIFEST).is_file())
    doomed = finished[:-keep] if keep > 0 else []
    for path in doomed:
        shutil.rmtree(path)
    return doomed
