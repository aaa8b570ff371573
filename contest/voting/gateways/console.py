"""The development gateway: the code message as one console line (like contest/core/devconsole.py
does for e-mails), so that a developer can vote by phone without a provider."""

import sys
import threading

from django.utils.translation import gettext_lazy as _

from contest.voting import phone as phones
from contest.voting.gateways import Delivery

_lock = threading.Lock()


class ConsoleGateway:
    label = _("Màn hình của máy phát triển (không gửi tin thật)")

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send_code(self, *, phone: str, code: str, minutes: int, reference: str) -> Delivery:
        line = f"📱 {phones.national_form(phone)}: mã bình chọn {code} (dùng trong {minutes} phút)\n"
        with _lock:
            self.stream.write(line)
            self.stream.flush()
        return Delivery(message_id=f"console-{reference}")
