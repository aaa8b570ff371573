"""The demo's logins as console lines: printed by `seed_demo`, and by `demo_logins`, which `make run`
calls once the server answers so that they are the last thing on the screen."""

from django.conf import settings
from django.urls import reverse

from contest.core.models import User
from contest.demo.data import ACCOUNTS, DEMO_PASSWORD


def login_lines() -> list[str]:
    """The accounts of the demo that exist, with the shared password and where to log in; none
    when the database holds no demo."""
    usernames = [account[0] for account in ACCOUNTS]
    users = {u.username: u for u in User.objects.filter(username__in=usernames).select_related("unit")}
    if not users:
        return []
    lines = [f"Tài khoản demo (mật khẩu chung: {DEMO_PASSWORD} — chỉ để chạy thử):"]
    for username, full_name, _position, _role, _unit, label in ACCOUNTS:
        user = users.get(username)
        if user is None:
            continue
        where = f" – {user.unit.name}" if user.unit_id else ""
        lines.append(f"  {username:<10} {label:<14} {full_name}{where}")
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    login, admin = base + reverse("login"), base + reverse("wagtailadmin_home")
    lines.append(f"Đăng nhập tại {login} — Ban Tổ chức và Tổ Thư ký quản trị tại {admin}")
    return lines
