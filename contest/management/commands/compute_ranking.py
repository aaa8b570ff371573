"""``manage.py compute_ranking ROUND_ID [--method M] [--format csv|xlsx|text] [--output PATH] [--snapshot]``

Computes a round's ranking from its submitted sheets (under its policy, or ``--method`` to see
another aggregation) and writes it as CSV (to stdout by default, or a file), XLSX (a file) or a
text table for the terminal. ``--snapshot`` exports the frozen results in force instead of
recomputing. Columns and number format: docs/tu-dong-hoa.md. Nothing is written to the database.

Every output says how the ranking was computed (aggregation, trim threshold, tie-break chain,
discrepancy threshold) and which entries the judges disagree on: header lines of the text table,
a "Cách tính" sheet of the XLSX, lines on stderr beside a CSV (whose columns carry the flags), so
that a pipe still receives plain CSV.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from contest.core.models import Round
from contest.results import exports as result_exports
from contest.results import scoring, tabulation
from contest.results.enums import SnapshotStatus
from contest.results.services.snapshots import snapshot_in_force
from contest.spreadsheets import writer

# Widths of the text table's columns (0: the rest of the line) and which are right-aligned.
TEXT_WIDTHS = (5, 7, 7, 8, 9, 14, 44, 0)
TEXT_RIGHT = (True, True, True, True, True, False, False, False)


class Command(BaseCommand):
    help = "Tính và xuất bảng xếp hạng của một vòng thi (CSV, XLSX hoặc bảng chữ); không ghi gì vào cơ sở dữ liệu."

    def add_arguments(self, parser):
        parser.add_argument("round", type=int, help="Mã (id) vòng thi; manage.py round_entries liệt kê các vòng")
        parser.add_argument(
            "--method",
            choices=scoring.AGGREGATION_METHODS,
            help="Tính theo cách tổng hợp này thay cho cách đã chọn của vòng (chỉ để so sánh)",
        )
        parser.add_argument("--format", choices=["csv", "xlsx", "text"], default="csv", help="Định dạng (mặc định csv)")
        parser.add_argument("--output", help="Ghi ra tệp này; không ghi thì CSV ra màn hình (stdout)")
        parser.add_argument("--snapshot", action="store_true", help="Xuất kết quả đã chốt thay vì tính lại")

    def handle(self, *args, round, method, format, output, snapshot, **options):
        round_ = Round.objects.select_related("contest").filter(pk=round).first()
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
            parameters = frozen.parameters
            state = (
                _("đã công bố, phiên bản %(v)s")
                if frozen.status == SnapshotStatus.PUBLISHED
                else _("đã chốt, phiên bản %(v)s")
            ) % {"v": frozen.version}
        else:
            table = tabulation.tabulate(round_, method=method)
            headers, rows = result_exports.ranking_from_table(table)
            parameters = result_exports.policy_parameters(table.policy, method=method)
            state = _("tạm tính từ các phiếu đã nộp")
            if method:
                state += " " + _("(cách tổng hợp khác với của vòng, chỉ để so sánh)")
        rows = list(rows)
        settings = [*result_exports.ranking_settings(round_, parameters, status=state), self._flags(headers, rows)]
        try:
            if format == "xlsx":
                with open(output, "wb") as out:
                    writer.write_xlsx(
                        out,
                        [
                            writer.Sheet(_("Xếp hạng"), headers, rows),
                            writer.Sheet(_("Cách tính"), [_("Thiết lập"), _("Giá trị")], settings),
                        ],
                    )
            elif format == "text":
                if output:
                    with open(output, "w", encoding="utf-8") as out:
                        self._write_text(out, settings, headers, rows)
                else:
                    self._write_text(self.stdout, settings, headers, rows)
            else:
                for name, value in settings:
                    self.stderr.write(f"# {name}: {value}")
                if output:
                    with open(output, "w", encoding="utf-8", newline="") as out:
                        writer.write_csv(out, headers, rows)
                else:
                    # A pipe gets no BOM; self.stdout would also add newlines of its own.
                    writer.write_csv(self.stdout, headers, rows, bom=False)
        except OSError as error:
            raise CommandError(_("Không ghi được %(path)s: %(error)s") % {"path": output, "error": error}) from error
        if output:
            self.stderr.write(_("Đã ghi %(path)s.") % {"path": output})

    @staticmethod
    def _flags(headers, rows):
        """The entries whose judges' totals spread by the threshold or more, with their spread."""
        code, spread, flag = (headers.index(h) for h in (_("Số hiệu"), _("Độ chênh"), _("Chênh lệch")))
        flagged = [f"{row[code]} ({scoring.format_score(row[spread])})" for row in rows if row[flag]]
        value = ", ".join(flagged) if flagged else _("không có")
        return _("Hồ sơ chênh lệch điểm (Trưởng Ban Giám khảo xem lại)"), value

    @staticmethod
    def _write_text(out, settings, headers, rows):
        """Header lines with the settings, then an aligned table (Vietnamese numbers, "=" for a
        shared rank, "!" after a spread at or over the threshold)."""
        for name, value in settings:
            out.write(f"{name}: {value}\n")
        out.write("\n")
        names = [
            _("Hạng"),
            _("Số hiệu"),
            _("Điểm"),
            _("Số phiếu"),
            _("Độ chênh"),
            _("Giải"),
            _("Tên hồ sơ"),
            _("Đơn vị"),
        ]
        at = {name: headers.index(name) for name in [*names, _("Đồng hạng"), _("Chênh lệch")]}

        def score(value):
            return scoring.format_score(value, empty="")

        def cells(row):
            rank = row[at[_("Hạng")]]
            return [
                "" if rank is None else ("=" if row[at[_("Đồng hạng")]] else "") + str(rank),
                str(row[at[_("Số hiệu")]]),
                score(row[at[_("Điểm")]]),
                row[at[_("Số phiếu")]],
                score(row[at[_("Độ chênh")]]) + ("!" if row[at[_("Chênh lệch")]] else ""),
                row[at[_("Giải")]],
                row[at[_("Tên hồ sơ")]],
                row[at[_("Đơn vị")]],
            ]

        def line(values):
            parts = []
            for width, right, value in zip(TEXT_WIDTHS, TEXT_RIGHT, values, strict=True):
                text = str(value)
                if width and len(text) > width:
                    text = text[: width - 1] + "…"
                parts.append(text.rjust(width) if right else text.ljust(width))
            return "  ".join(parts).rstrip() + "\n"

        out.write(line(names))
        for row in rows:
            out.write(line(cells(row)))
