"""``manage.py compute_ranking ROUND_ID [--method M] [--format csv|xlsx] [--output PATH] [--snapshot]``

Computes a round's ranking from its submitted sheets (under its policy, or ``--method`` to see
another aggregation) and writes it as CSV (to stdout by default, or a file) or XLSX (a file).
``--snapshot`` exports the frozen results in force instead of recomputing. Columns and number
format: docs/tu-dong-hoa.md. Nothing is written to the database.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from contest.core.models import Round
from contest.results import exports as result_exports
from contest.results import scoring, tabulation
from contest.results.services.snapshots import snapshot_in_force


class Command(BaseCommand):
    help = "Tính và xuất bảng xếp hạng của một vòng thi (CSV hoặc XLSX); không ghi gì vào cơ sở dữ liệu."

    def add_arguments(self, parser):
        parser.add_argument("round", type=int, help="Mã (id) vòng thi")
        parser.add_argument(
            "--method",
            choices=scoring.AGGREGATION_METHODS,
            help="Tính theo cách tổng hợp này thay cho cách đã chọn của vòng (chỉ để so sánh)",
        )
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv", help="Định dạng (mặc định csv)")
        parser.add_argument("--output", help="Ghi ra tệp này; không ghi thì CSV ra màn hình (stdout)")
        parser.add_argument("--snapshot", action="store_true", help="Xuất kết quả đã chốt thay vì tính lại")

    def handle(self, *args, round, method, format, output, snapshot, **options):
        round_ = Round.objects.filter(pk=round).first()
        if round_ is None:
            raise CommandError(_("Không có vòng thi mã %(id)s.") % {"id": round})
        if snapshot and method:
            raise CommandError(_("Kết quả đã chốt có cách tổng hợp riêng; không dùng --method cùng --snapshot."))
        if format == "xlsx" and not output:
            raise CommandError(_("Tệp XLSX cần --output đường dẫn tệp."))
        if snapshot:
            frozen = snapshot_in_force(round_)
            if frozen is None:
                raise CommandError(_("Vòng thi này chưa có kết quả đã chốt."))
            headers, rows = result_exports.ranking_from_snapshot(frozen)
        else:
            headers, rows = result_exports.ranking_from_table(tabulation.tabulate(round_, method=method))
        try:
            if format == "xlsx":
                with open(output, "wb") as out:
                    result_exports.write_xlsx(out, headers, rows, sheet_title=_("Xếp hạng"))
            elif output:
                with open(output, "w", encoding="utf-8", newline="") as out:
                    result_exports.write_csv(out, headers, rows)
            else:
                # A pipe gets no BOM; self.stdout would also add newlines of its own.
                result_exports.write_csv(self.stdout, headers, rows, bom=False)
        except OSError as error:
            raise CommandError(_("Không ghi được %(path)s: %(error)s") % {"path": output, "error": error}) from error
        if output:
            self.stderr.write(_("Đã ghi %(path)s.") % {"path": output})
