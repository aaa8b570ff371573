"""``manage.py import_units FILE [--dry-run] [--accounts]``: the back-office import, scripted.

Same rules as the admin page (contest/importing.py): .xlsx or UTF-8 .csv, all or nothing, row
errors with line numbers. Prefer it to django-import-export's generic ``manage.py import``, which
reads formula cells as their cached values and reports success even when rows were refused.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from contest.spreadsheets import importing
from contest.spreadsheets.tabular import ImportFileError


class Command(BaseCommand):
    help = "Nhập đơn vị (hoặc tài khoản đơn vị, với --accounts) từ tệp .xlsx/.csv; lỗi một dòng thì không nhập gì."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .xlsx hoặc .csv (UTF-8) theo mẫu, xem docs/import-format.md")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không lưu")
        parser.add_argument("--accounts", action="store_true", help="Tệp là danh sách tài khoản đơn vị")

    def handle(self, *args, file, dry_run, accounts, **options):
        kind = importing.KINDS["tai-khoan" if accounts else "don-vi"]
        path = Path(file)
        try:
            dataset = importing.read_table(path.read_bytes(), path.name, max_rows=None, max_bytes=None)
        except OSError as error:
            raise CommandError(_("Không đọc được %(path)s: %(error)s") % {"path": path, "error": error}) from error
        except ImportFileError as error:
            raise CommandError(str(error.message)) from error
        report = importing.run_import(kind, dataset, dry_run=dry_run)
        for problem in report.problems:
            self.stderr.write(str(problem))
        if not report.ok:
            raise CommandError(_("%(n)s lỗi; không có dữ liệu nào được nhập.") % {"n": len(report.problems)})
        summary = _("%(new)s mới, %(updated)s cập nhật, %(unchanged)s không đổi") % {
            "new": report.new,
            "updated": report.updated,
            "unchanged": report.unchanged,
        }
        if dry_run:
            self.stdout.write(_("Kiểm tra xong (chưa lưu): %(summary)s.") % {"summary": summary})
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Đã nhập %(noun)s: %(summary)s.")
                    % {
                        "noun": kind.noun,
                        "summary": summary,
                    }
                )
            )
            if report.invitations:
                self.stdout.write(_("Đã xếp lịch gửi thư mời đến %(n)s tài khoản.") % {"n": report.invitations})
