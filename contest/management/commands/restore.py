"""``manage.py restore FOLDER``: a backup back into a fresh database and storage, then the check."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from contest.core.services import backups
from contest.management.commands.check_files import print_report


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the configured database and storages, which "
        "must be empty unless --force; every file is checked against the manifest first, and rows are "
        "checked against files afterwards (as `manage.py check_files`)."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a backup folder (…/dvk-YYYYMMDD-HHMMSS)")
        parser.add_argument(
            "--force", action="store_true", help="overwrite a database and files that are already there"
        )

    def handle(self, *, folder, force, **options):
        try:
            report = backups.restore(Path(folder), force=force)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored the database and {report.files} files from {folder}.")
        print_report(self.stdout, report.check)
        if not report.check.ok:
            raise CommandError("Some rows have no file or a file that differs: see the list above.")
