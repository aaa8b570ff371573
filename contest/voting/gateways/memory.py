"""The tests' gateway: messages kept in a list, like Django's in-memory e-mail backend (mail.outbox).
Tests read ``MemoryGateway.outbox`` and empty it between tests (tests/voting/conftest.py)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from contest.voting.gateways import Delivery


@dataclass(frozen=True)
class Message:
    phone: str
    code: str
    minutes: int
    reference: str


class MemoryGateway:
    label = _("Bộ nhớ (kiểm thử)")
    outbox: list[Message] = []

    def send_code(self, *, phone: str, code: str, minutes: int, reference: str) -> Delivery:
        MemoryGateway.outbox.append(Message(phone=phone, code=code, minutes=minutes, reference=reference))
        return Delivery(message_id=f"memory-{len(MemoryGateway.outbox)}")
