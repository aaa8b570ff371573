"""``manage.py demo_logins``: the demo's accounts and password, nothing else (see contest/demo/logins.py)."""

from django.core.management.base import BaseCommand

from contest.demo.logins import login_lines


class Command(BaseCommand):
    help = "In danh sách tài khoản demo và mật khẩu chung (không in gì nếu chưa có dữ liệu mẫu)."

    def handle(self, *args, **options):
        lines = login_lines()
        if lines:
            self.stdout.write(self.style.SUCCESS(lines[0]))
        for line in lines[1:]:
            self.stdout.write(line)
