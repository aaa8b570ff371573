"""``manage.py import_hoi_thi FILE --user USERNAME [--round ROUND_ID]``: bring a Hội thi day exported on
the venue's laptop (``export_hoi_thi``) into the server's round. Without ``--round`` the round is the
one with the same contest (slug) and round order as on the laptop. All or nothing; the server's round
must not have scores of its own (contest/stage/services/transfer.py)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from contest.core.errors import DomainError
from contest.core.models import Round, User
from contest.stage.services import transfer


class Command(BaseCommand):
    help = (
        "Nhập dữ liệu ngày Hội thi (tệp JSON xuất từ máy tại hội trường) vào vòng thi trên máy chủ; "
        "lỗi thì không nhập gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp .json do export_hoi_thi xuất")
        parser.add_argument("--user", required=True, help="Tên đăng nhập của người nhập (Ban Tổ chức; ghi vào nhật ký)")
        parser.add_argument("--round", type=int, help="Mã (id) vòng thi trên máy chủ, nếu không tìm theo cuộc thi")

    def handle(self, *args, file, user, round, **options):
        actor = User.objects.filter(username=user).first()
        if actor is None:
            raise CommandError(_("Không có tài khoản «%(name)s».") % {"name": user})
        path = Path(file)
        try:
            raw = path.read_bytes()
            data = json.loads(raw)
        except OSError as error:
            raise CommandError(_("Không đọc được %(path)s: %(error)s") % {"path": path, "error": error}) from error
        except ValueError:
            raise CommandError(_("%(path)s không phải tệp JSON.") % {"path": path}) from None
        if round is not None:
            round_ = Round.objects.filter(pk=round).first()
        else:
            wanted = data.get("contest", {}).get("slug"), data.get("round", {}).get("order")
            round_ = Round.objects.filter(contest__slug=wanted[0], order=wanted[1]).first()
        if round_ is None:
            raise CommandError(_("Không tìm thấy vòng thi trên máy chủ; hãy chỉ rõ bằng --round."))
        try:
            summary = transfer.import_day(round=round_, data=data, raw=raw, by=actor)
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Đã nhập ngày thi vào %(round)s: %(performances)s lượt thi, %(sheets)s phiếu chấm, "
                    "%(secretariat)s điểm do Tổ Thư ký nhập, %(audience)s số phiếu khán giả."
                )
                % {"round": round_, **summary}
            )
        )
