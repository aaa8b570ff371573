"""``manage.py move_files_to_storage``: an installation's files from its local folders to the bucket."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from contest.core.services import moving


class Command(BaseCommand):
    help = (
        "Copy every file of the local folders (PRIVATE_MEDIA_ROOT, MEDIA_ROOT) to the storages now configured "
        "(S3_BUCKET …) under the same names, then check every row's file there and its SHA-256. Safe to run "
        "again and to resume after an interruption: what is already there is not copied twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list what would be copied; write nothing")
        parser.add_argument("--private-dir", help="the private files' folder (default: PRIVATE_MEDIA_ROOT)")
        parser.add_argument("--media-dir", help="the public media's folder (default: MEDIA_ROOT)")
        parser.add_argument(
            "--replace", action="store_true", help="overwrite objects of the same name but another size"
        )
        parser.add_argument(
            "--delete-local",
            action="store_true",
            help="after a clean check, delete the local files found identical in the destination",
        )

    def handle(self, *, dry_run, private_dir, media_dir, replace, delete_local, verbosity, **options):
        sources = moving.default_sources()
        if private_dir:
            sources["private"] = Path(private_dir)
        if media_dir:
            sources["default"] = Path(media_dir)
        progress = (lambda label: self.stdout.write(f"copied {label}")) if verbosity >= 2 else None
        try:
            report = moving.move(
                sources, dry_run=dry_run, replace=replace, delete_local=delete_local, progress=progress
            )
        except moving.MoveError as error:
            raise CommandError(str(error)) from error
        for label, items in (
            ("Would copy" if dry_run else "Copied", report.copied if dry_run or verbosity >= 2 else []),
            ("Another object has this name (--replace to overwrite)", report.conflicts),
            ("Row whose file the destination lacks", report.missing),
            ("Row whose file differs from its SHA-256", report.mismatched),
        ):
            for item in items:
                self.stdout.write(f"{label}: {item}")
        verb = "to copy" if dry_run else "copied"
        self.stdout.write(
            f"{len(report.copied)} files {verb}, {len(report.present)} already there, {len(report.conflicts)} "
            f"conflicts."
        )
        if dry_run:
            return
        self.stdout.write(
            f"{report.checked} rows' files checked: {len(report.missing)} missing, {len(report.mismatched)} "
            f"differ; {len(report.deleted_local)} local files deleted."
        )
        if not report.ok:
            raise CommandError("The move is not complete: see the lines above, then run the command again.")
