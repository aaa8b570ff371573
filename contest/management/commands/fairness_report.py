"""``manage.py fairness_report ROUND_ID [--names] [--json]``: the fairness report of a round.

Each judge's leniency (mean deviation of their totals from the other judges' on the same entries),
the pairwise agreement of the judges (Spearman's rank correlation and mean absolute difference),
and which prizes would change under each other aggregation method. Judges appear as "GK 1",
"GK 2" … (jury order, head first) unless ``--names``. ``--json`` prints the same data for a
machine. See docs/tu-dong-hoa.md.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from contest.core.models import Round
from contest.core.numbers import format_number
from contest.results import exports as result_exports


def _comma(value):
    """Vietnamese decimals for people ("1,25"); JSON keeps the dot."""
    return format_number(value, empty="–")


class Command(BaseCommand):
    help = "Báo cáo công bằng của một vòng thi: độ dễ/khó từng giám khảo, độ đồng thuận, độ nhạy theo cách tổng hợp."

    def add_arguments(self, parser):
        parser.add_argument("round", type=int, help="Mã (id) vòng thi")
        parser.add_argument("--names", action="store_true", help="Ghi tên giám khảo thay cho bí danh GK 1, GK 2 …")
        parser.add_argument("--json", dest="as_json", action="store_true", help="In JSON cho máy đọc")

    def handle(self, *args, round, names, as_json, **options):
        round_ = Round.objects.filter(pk=round).first()
        if round_ is None:
            raise CommandError(_("Không có vòng thi mã %(id)s.") % {"id": round})
        report = result_exports.fairness_report(round_, names=names)
        if as_json:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        self._print(report)

    def _print(self, report):
        write = self.stdout.write
        write(
            _("Báo cáo công bằng – vòng %(round)s, %(sheets)s phiếu, cách tổng hợp: %(method)s")
            % {
                "round": report["round"],
                "sheets": report["sheets"],
                "method": result_exports.method_label(report["method"]),
            }
        )
        write("")
        write(_("Độ dễ/khó (điểm lệch trung bình so với các giám khảo khác; dương: chấm rộng tay):"))
        for judge, value in report["leniency"].items():
            write(f"  {judge:<30} {_comma(value):>8}")
        write("")
        agreement = report["agreement"]
        write(_("Độ đồng thuận từng cặp (hệ số Spearman; chênh lệch tổng điểm trung bình):"))
        for pair in agreement["pairs"]:
            write(
                f"  {pair['judge_a']} – {pair['judge_b']}: {_comma(pair['spearman'])}; "
                f"{_comma(pair['mean_abs_difference'])} " + _("(%(n)s hồ sơ chung)") % {"n": pair["common"]}
            )
        if not agreement["pairs"]:
            write("  " + _("Không có cặp giám khảo nào chấm chung từ 3 hồ sơ trở lên."))
        write(
            _("Chung: Spearman %(rho)s; chênh lệch %(diff)s")
            % {"rho": _comma(agreement["spearman"]), "diff": _comma(agreement["mean_abs_difference"])}
        )
        write("")
        write(_("Độ nhạy: giải thay đổi nếu tổng hợp theo cách khác:"))
        for method, changes in report["sensitivity"].items():
            label = result_exports.method_label(method)
            if not changes:
                write(f"  {label}: " + _("không giải nào thay đổi"))
                continue
            write(f"  {label}:")
            for change in changes:
                write(
                    "    "
                    + _("Hồ sơ số %(code)03d: %(current)s (hạng %(rank)s) → %(other)s (hạng %(other_rank)s)")
                    % {
                        "code": change["code"],
                        "current": change["current"] or _("không giải"),
                        "rank": change["current_rank"] or "–",
                        "other": change["other"] or _("không giải"),
                        "other_rank": change["other_rank"] or "–",
                    }
                )
