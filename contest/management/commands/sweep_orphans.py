"""``manage.py sweep_orphans``: stored files no row names, and stale temporary uploads."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand

from contest.core.services import files


class Command(BaseCommand):
    help = (
        "Find files in the storages (private dossier files, certificates, public media) that no row names, "
        "and temporary upload files left in FILE_UPLOAD_TEMP_DIR by killed web workers. Dry run unless "
        "--delete. A file no row names is deleted FILE_RETENTION_HOURS after it was discarded or first "
        "found (so that a running backup still finds it); files younger than --min-age-minutes are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="delete (and record) instead of only listing")
        parser.add_argument(
            "--min-age-minutes",
            type=float,
            default=files.DEFAULT_MIN_AGE.total_seconds() / 60,
            help="leave files younger than this alone: their upload or transaction may still be running",
        )
        parser.add_argument(
            "--retention-hours",
            type=float,
            default=None,
            help=f"hours a discarded file is kept (default {settings.FILE_RETENTION_HOURS:g}, FILE_RETENTION_HOURS)",
        )

    def handle(self, *, delete, min_age_minutes, retention_hours, **options):
        retention = None if retention_hours is None else datetime.timedelta(hours=retention_hours)
        report = files.sweep(delete=delete, min_age=datetime.timedelta(minutes=min_age_minutes), retention=retention)
        verb = "Deleted" if delete else "Would delete"
        for label in report.deleted:
            self.stdout.write(f"{verb}: {label}")
        for path in report.temp_deleted:
            self.stdout.write(f"{verb} temporary upload: {path}")
        for label in report.recorded:
            self.stdout.write(f"{'Found, kept until the retention ends' if delete else 'Found'}: {label}")
        for label in report.kept:
            self.stdout.write(f"Discarded, kept until the retention ends: {label}")
        self.stdout.write(
            f"{len(report.deleted)} files and {len(report.temp_deleted)} temporary uploads "
            f"{'deleted' if delete else 'to delete'}; {len(report.recorded) + len(report.kept)} kept for now; "
            f"{len(report.young) + len(report.temp_young)} too recent to judge."
            + ("" if delete else " Dry run: nothing changed (use --delete).")
        )
