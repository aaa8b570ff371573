"""Sending a vote's one-time code to a phone: pluggable gateways, chosen like Django's EMAIL_BACKEND.

``VOTE_PHONE_GATEWAY`` names a class (docs/operations.md, "Tin nhắn mã xác nhận"):

- ``contest.voting.gateways.console.ConsoleGateway`` — development: one line on the console;
- ``contest.voting.gateways.memory.MemoryGateway`` — tests: an outbox in memory;
- ``contest.voting.gateways.http.SmsBrandnameGateway`` — an SMS brandname provider (HTTP, JSON);
- ``contest.voting.gateways.http.ZaloZnsGateway`` — a Zalo ZNS template message (HTTP, JSON).

Empty (the default outside development): the phone is not offered, a round cannot accept it.

A gateway is given the number in its international form without "+" (``84912345678``, from
contest/voting/phone.py), the code, its lifetime and a reference (the code's token, a tracking id
the provider echoes). It returns a :class:`Delivery` or raises one of the errors below; the service
(contest/voting/services/phone_codes.py) decides what the voter is told and what the day costs.
No database here: a gateway only talks to its provider.
"""

from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Delivery:
    """The provider accepted the message: its id for the provider's own reports."""

    message_id: str = ""


class GatewayError(Exception):
    """The message was not sent. ``code`` is the provider's own code (for the logs)."""

    def __init__(self, detail: str = "", code: str = ""):
        super().__init__(detail or code)
        self.code = code


class BadNumber(GatewayError):
    """The number cannot receive it: not a subscriber, no Zalo account, opted out."""


class ProviderQuotaExhausted(GatewayError):
    """The provider's own limit (the account's balance, the Zalo OA's daily quota) is used up."""


class GatewayRefused(GatewayError):
    """Any other refusal: credentials, template, the provider's own fault."""


class GatewayTimeout(GatewayError):
    """No answer in time: the message may still go out (and be billed)."""


class PhoneGateway(Protocol):
    """What every gateway does. ``label`` names it to the organisers (back office)."""

    label: str

    def send_code(self, *, phone: str, code: str, minutes: int, reference: str) -> Delivery: ...


def is_configured() -> bool:
    return bool(settings.VOTE_PHONE_GATEWAY)


def get_gateway() -> PhoneGateway:
    """The configured gateway (a new instance: gateways keep no state between messages)."""
    return import_string(settings.VOTE_PHONE_GATEWAY)()
