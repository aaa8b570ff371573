"""``manage.py check_files``: rows without their file, files that changed, files no row names."""

from django.core.management.base import BaseCommand, CommandError

from contest.core.services import files


def print_report(out, report) -> None:
    for label, items in (
        ("Row without its file", report.missing),
        ("File differs from its recorded SHA-256", report.mismatched),
        ("File that no row names", report.unnamed),
    ):
        for item in items:
            out.write(f"{label}: {item}")
    out.write(
        f"{report.checked} files named by rows: {len(report.missing)} missing, "
        f"{len(report.mismatched)} changed; {len(report.unnamed)} files no row names."
    )


class Command(BaseCommand):
    help = (
        "Check every stored file against the rows that name it: rows whose file is missing, files whose "
        "SHA-256 differs from the one recorded, and files that no row names. Exits with an error if a row "
        "lacks its file or a file changed (run it after a restore)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-hashes", action="store_true", help="only check that files exist (faster)")

    def handle(self, *, no_hashes, **options):
        report = files.check(hashes=not no_hashes)
        print_report(self.stdout, report)
        if not report.ok:
            raise CommandError("Some rows have no file or a file that differs.")
