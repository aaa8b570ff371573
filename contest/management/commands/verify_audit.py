"""``manage.py verify_audit [--expected-head DIGEST]``: check the judging log's hash chain.

Exit 0 and print the record count and head digest when the chain is intact; otherwise list every
problem on stderr and exit 1, so a cron job or CI step can alert. Give ``--expected-head`` the
digest printed on a round's minutes to also catch the removal of the log's last records, which
the chain alone cannot show.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from contest.core import audit


class Command(BaseCommand):
    help = "Kiểm tra tính toàn vẹn của nhật ký chấm điểm (chuỗi mã băm); lỗi thì thoát với mã 1."

    def add_arguments(self, parser):
        parser.add_argument(
            "--expected-head",
            metavar="DIGEST",
            help="Mã băm đã in trên biên bản; báo lỗi nếu không còn trong nhật ký",
        )

    def handle(self, *args, expected_head=None, **options):
        result = audit.verify(expected_head)
        if result.ok:
            message = _("Nhật ký toàn vẹn: %(count)s bản ghi, mã cuối %(head)s")
            self.stdout.write(message % {"count": result.count, "head": result.head})
            return
        for problem in result.problems:
            self.stderr.write(str(problem))
        # CommandError exits with status 1 and prints the summary on stderr.
        raise CommandError(
            _("Nhật ký chấm điểm không toàn vẹn: %(n)s vấn đề trong %(count)s bản ghi.")
            % {"n": len(result.problems), "count": result.count}
        )
