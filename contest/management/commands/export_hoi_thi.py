"""``manage.py export_hoi_thi ROUND_ID FILE``: the Hội thi day of a round, run on the venue's laptop,
as a JSON file to bring to the province's server (``import_hoi_thi``; contest/stage/services/transfer.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from contest.stage.models import StageProgramme
from contest.stage.services import transfer


class Command(BaseCommand):
    help = "Xuất dữ liệu ngày Hội thi của một vòng thi (chạy trên máy tại hội trường) ra tệp JSON để nhập vào máy chủ."

    def add_arguments(self, parser):
        parser.add_argument("round", type=int, help="Mã (id) vòng thi trên máy này")
        parser.add_argument("file", help="Tệp .json sẽ ghi ra")

    def handle(self, *args, round, file, **options):
        programme = StageProgramme.objects.filter(round_id=round).select_related("round__contest").first()
        if programme is None:
            raise CommandError(_("Vòng thi mã %(id)s không có chương trình ngày thi.") % {"id": round})
        if programme.finished_at is None:
            self.stderr.write(_("Lưu ý: ngày thi chưa được «Kết thúc»; các phiếu chấm chưa nộp được xuất như hiện có."))
        data = transfer.export_day(programme)
        path = Path(file)
        try:
            path.write_bytes(transfer.dumps(data))
        except OSError as error:
            raise CommandError(_("Không ghi được %(path)s: %(error)s") % {"path": path, "error": error}) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã xuất %(sheets)s phiếu chấm, %(performances)s lượt thi vào %(path)s.")
                % {"sheets": len(data["jury_sheets"]), "performances": len(data["performances"]), "path": path}
            )
        )
