"""``manage.py purge_vote_data``: erase the public vote log's personal data (address prefix, device,
browser) of every vote sealed and closed more than VOTE_RETENTION_DAYS ago, and its codes. Run it
daily from cron (docs/operations.md); running it again erases nothing more."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from contest.voting.services import retention


class Command(BaseCommand):
    help = "Xóa dữ liệu cá nhân của nhật ký bình chọn đã quá thời hạn lưu giữ."

    def handle(self, *args, **options):
        erased = retention.purge_personal_data()
        self.stdout.write(_("Đã xóa dữ liệu cá nhân của %(n)s lượt bình chọn.") % {"n": erased})
