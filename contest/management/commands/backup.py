"""``manage.py backup DIR``: the database, then every stored file, then a manifest with SHA-256s."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from contest.core.services import backups


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup or pg_dump) and then every stored file into a new "
        "folder DIR/dvk-YYYYMMDD-HHMMSS with manifest.json (size and SHA-256 of every file)."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", help="folder that receives the backup folders (e.g. /srv/dvk/backup)")
        parser.add_argument("--keep", type=int, default=0, help="afterwards, keep only the N newest backups there")

    def handle(self, *, destination, keep, verbosity, **options):
        try:
            folder = backups.backup(Path(destination))
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        manifest = backups.read_manifest(folder)
        count = sum(len(entry["files"]) for entry in manifest["storages"].values())
        self.stdout.write(f"{folder}: database {manifest['database']['file']}, {count} files.")
        if keep:
            for path in backups.prune(Path(destination), keep=keep):
                if verbosity > 1:
                    self.stdout.write(f"removed old backup {path}")
