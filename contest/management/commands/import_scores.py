"""``manage.py import_scores ROUND_ID FILE [--dry-run] [--user USERNAME]``: the paper score
import of the back office, scripted.

Same rules and the same service (contest/services/paper_import.py): .xlsx or UTF-8 .csv in the
layout of docs/import-format.md, all or nothing, errors by line and column. ``--user`` names the
staff member recorded as the actor in the audit log.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from contest.core.errors import DomainError
from contest.core.models import Round, User
from contest.judging.services import paper_import
from contest.spreadsheets import importing


class Command(BaseCommand):
    help = "Nhập điểm từ phiếu chấm giấy (.xlsx/.csv) cho một vòng thi; lỗi một dòng thì không nhập gì."

    def add_arguments(self, parser):
        parser.add_argument("round", type=int, help="Mã (id) vòng thi")
        parser.add_argument("file", help="Tệp .xlsx hoặc .csv (UTF-8) theo mẫu, xem docs/import-format.md")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không lưu")
        parser.add_argument("--user", help="Tên đăng nhập của người nhập (ghi vào nhật ký chấm)")

    def handle(self, *args, round, file, dry_run, user, **options):
        round_ = Round.objects.filter(pk=round).first()
        if round_ is None:
            raise CommandError(_("Không có vòng thi mã %(id)s.") % {"id": round})
        actor = None
        if user:
            actor = User.objects.filter(username=user).first()
            if actor is None:
                raise CommandError(_("Không có tài khoản «%(name)s».") % {"name": user})
        path = Path(file)
        try:
            dataset = importing.read_table(path.read_bytes(), path.name, max_rows=None, max_bytes=None)
            report = paper_import.import_scores(
                round=round_, dataset=dataset, by=actor, filename=path.name, dry_run=dry_run
            )
        except OSError as error:
            raise CommandError(_("Không đọc được %(path)s: %(error)s") % {"path": path, "error": error}) from error
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        for problem in report.problems:
            self.stderr.write(str(problem))
        if not report.ok:
            raise CommandError(_("%(n)s lỗi; không có điểm nào được nhập.") % {"n": len(report.problems)})
        summary = _("%(new)s phiếu mới, %(changed)s phiếu cập nhật, %(unchanged)s không đổi") % {
            "new": report.new,
            "changed": report.changed,
            "unchanged": report.unchanged,
        }
        if dry_run:
            self.stdout.write(_("Kiểm tra xong (chưa lưu): %(summary)s.") % {"summary": summary})
        else:
            self.stdout.write(self.style.SUCCESS(_("Đã nhập điểm: %(summary)s.") % {"summary": summary}))
