"""``manage.py round_entries [ROUND_ID] [--format text|csv]``

Without a round: every round with its id (the ``ROUND_ID`` that compute_ranking, fairness_report
and import_scores take), its contest, its number of entries and the state of its results. With a
round: its entries by number ("số hiệu", the number on blind and paper score sheets) with receipt
code, title, unit, field and cluster. Read-only.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils.translation import gettext as _

from contest.core.models import Round
from contest.judging.models import RoundEntry
from contest.results.enums import SnapshotStatus
from contest.results.models import ResultSnapshot
from contest.spreadsheets import writer


class Command(BaseCommand):
    help = "Liệt kê các vòng thi và mã (id) của chúng, hoặc số hiệu các hồ sơ của một vòng; không ghi gì."

    def add_arguments(self, parser):
        parser.add_argument("round", type=int, nargs="?", help="Mã (id) vòng thi; bỏ trống để liệt kê các vòng")
        parser.add_argument("--format", choices=["text", "csv"], default="text", help="Định dạng (mặc định text)")

    def handle(self, *args, round, format, **options):
        if round is None:
            headers, rows = self._rounds()
        else:
            round_ = Round.objects.select_related("contest").filter(pk=round).first()
            if round_ is None:
                raise CommandError(_("Không có vòng thi mã %(id)s.") % {"id": round})
            headers, rows = self._entries(round_)
        if format == "csv":
            # A pipe: no BOM, but formula-safe like every file the app writes.
            writer.write_csv(self.stdout, headers, rows, bom=False)
            return
        widths = [max(len(str(v)) for v in column) for column in zip(headers, *rows, strict=True)]
        for values in (headers, *rows):
            cells = [str(v).ljust(w) for v, w in zip(values, widths, strict=True)]
            self.stdout.write("  ".join(cells).rstrip())
        if not rows:
            self.stdout.write(_("(không có)"))

    @staticmethod
    def _rounds():
        rounds = (
            Round.objects.select_related("contest")
            .annotate(n=Count("round_entries"))
            .order_by("-contest__year", "contest__name", "order")
        )
        states = {}
        for snapshot in ResultSnapshot.objects.exclude(status=SnapshotStatus.INVALIDATED):
            states[snapshot.round_id] = (
                _("đã công bố v%(v)s") if snapshot.status == SnapshotStatus.PUBLISHED else _("đã chốt v%(v)s")
            ) % {"v": snapshot.version}
        headers = [_("Mã vòng"), _("Cuộc thi"), _("Vòng thi"), _("Số hồ sơ"), _("Kết quả")]
        rows = [[r.pk, r.contest.name, r.name, r.n, states.get(r.pk, _("chưa chốt"))] for r in rounds]
        return headers, rows

    @staticmethod
    def _entries(round_):
        items = RoundEntry.objects.filter(round=round_).select_related("entry__unit", "entry__field", "group")
        headers = [_("Số hiệu"), _("Mã biên nhận"), _("Tên hồ sơ"), _("Đơn vị"), _("Lĩnh vực"), _("Cụm / bảng")]
        rows = [
            [
                f"{item.code:03d}",
                item.entry.receipt_code or "",
                item.entry.title,
                item.entry.unit.name,
                item.entry.field.name if item.entry.field_id else "",
                item.group.name if item.group_id else "",
            ]
            for item in items.order_by("code")
        ]
        return headers, rows
