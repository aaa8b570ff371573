"""``manage.py verify_pdf FILE [--trust CA.pem ...]``: the verification page's report on a PDF, for
an organiser at the server (the same words: contest/signing/explain.py).

Exit status 0 when the file is a valid issued document, 1 when the report finds it altered, revoked
or unverifiable, 2 when the file cannot be read at all.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from contest.core.links import public_url
from contest.signing import explain, validation
from contest.signing.services import verification

MARKS = {explain.GOOD: "✓", explain.WARN: "!", explain.BAD: "✗", explain.INFO: "•"}
MAX_FILE_BYTES = 200 * 1024 * 1024


class Command(BaseCommand):
    help = "Kiểm tra chữ ký số của một tệp PDF và xem tệp có đúng là bản hệ thống đã cấp không."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="Tệp PDF cần kiểm tra")
        parser.add_argument(
            "--trust",
            type=Path,
            action="append",
            default=[],
            help="Chứng thư gốc (PEM) cần tin cậy thêm, ngoài SIGNING_TRUST_ROOTS; dùng nhiều lần được",
        )

    def handle(self, *args, file, trust, **options):
        try:
            if file.stat().st_size > MAX_FILE_BYTES:
                raise CommandError(_("Tệp %(path)s quá lớn để kiểm tra.") % {"path": file})
            content = file.read_bytes()
            roots = verification.trust_roots_pem() + tuple(path.read_bytes() for path in trust)
        except OSError as error:
            raise CommandError(_("Không đọc được tệp: %(error)s") % {"error": error}) from error
        inspection = validation.inspect(content, trust_roots_pem=roots)
        matches = [] if inspection.problem else verification.issued_matches(inspection.sha256)
        report = explain.explain(inspection, matches)
        self.stdout.write(f"{MARKS[report.level]} {report.verdict}")
        self.stdout.write(f"  {report.summary}")
        for finding in report.findings:
            self.stdout.write(f"{MARKS[finding.level]} {finding.title}")
            if finding.detail:
                self.stdout.write(f"  {finding.detail}")
            if finding.url:
                self.stdout.write(f"  {public_url(finding.url)}")
        self.stdout.write(_("SHA-256: %(digest)s") % {"digest": report.sha256})
        if inspection.problem:
            raise SystemExit(2)
        if report.level != explain.GOOD:
            raise SystemExit(1)
