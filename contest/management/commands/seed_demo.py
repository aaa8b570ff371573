"""Demo data for trying the app on a laptop: units, accounts, three contests and a few dossiers.

Two contests of this year are open for entries; last year's (contest/demo/finished.py) is
finished: scored by the demo jury, frozen and published, with its prize decision. The data is in
contest/demo/data.py, the builders that seed it through the services in contest/demo/builders.py.

The accounts share one published password: the command refuses to run with DEBUG off unless told
``--force`` (the test suite, or a throw-away demo server).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from contest.demo.builders import DemoSeeder
from contest.demo.data import DEMO_PASSWORD, HOI_THI_SLUG, MODEL_REVIEW_SLUG

__all__ = ["DEMO_PASSWORD", "HOI_THI_SLUG", "MODEL_REVIEW_SLUG", "Command"]


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu để chạy thử (đơn vị, tài khoản, cuộc thi, hồ sơ). Chạy lại không tạo trùng."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Chạy cả khi DEBUG tắt (chỉ trên máy thử nghiệm: mật khẩu mẫu được công bố).",
        )
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help=f"Đặt lại mật khẩu của các tài khoản demo về {DEMO_PASSWORD}.",
        )
        parser.add_argument(
            "--no-logins",
            action="store_false",
            dest="logins",
            help="Không in danh sách tài khoản demo (make run in nó sau cùng, bằng manage.py demo_logins).",
        )

    def handle(self, *args, force=False, reset_passwords=False, logins=True, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo tạo tài khoản với mật khẩu công khai; từ chối chạy khi DEBUG tắt. "
                "Dùng --force nếu đây là máy thử nghiệm."
            )
        DemoSeeder(stdout=self.stdout, style=self.style).run(reset_passwords=reset_passwords, print_logins=logins)
