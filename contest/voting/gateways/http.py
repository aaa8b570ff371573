"""The real gateways: a JSON request over HTTPS to the provider, one per code message.

Both speak the contract documented in docs/operations.md ("Tin nhắn mã xác nhận"), modelled on
how Vietnamese providers work: a token in a header, a registered template (a brandname SMS must
match a template registered with the networks; a ZNS message *is* a template approved by Zalo),
the number as ``84…``, a tracking id the provider echoes, and a result code in the JSON answer.
Codes that mean "this number cannot receive it" and "the account's quota is used up" are settings
(``VOTE_PHONE_BAD_NUMBER_CODES``, ``VOTE_PHONE_QUOTA_CODES``) with the defaults below, because
providers add codes. A provider with another dialect is one subclass overriding :meth:`payload`
and :meth:`interpret`.
"""

from abc import ABC, abstractmethod
from typing import Any

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from contest.core.text import unaccented
from contest.voting.gateways import BadNumber, Delivery, GatewayRefused, GatewayTimeout, ProviderQuotaExhausted


def _codes(setting: str, default: frozenset[str]) -> frozenset[str]:
    given = getattr(settings, setting, "")
    return frozenset(c.strip() for c in given.split(",") if c.strip()) if given else default


class HttpGateway(ABC):
    """What both gateways share: the settings, the POST, the timeout, the answer's triage."""

    label = "HTTP"
    bad_number_codes: frozenset[str] = frozenset()
    quota_codes: frozenset[str] = frozenset()

    def __init__(self, *, url=None, token=None, template_id=None, timeout=None):
        self.url = url or settings.VOTE_PHONE_GATEWAY_URL
        self.token = token or settings.VOTE_PHONE_GATEWAY_TOKEN
        self.template_id = template_id or settings.VOTE_PHONE_TEMPLATE_ID
        self.timeout = float(timeout or settings.VOTE_PHONE_GATEWAY_TIMEOUT)
        if not (self.url and self.token and self.template_id):
            raise ImproperlyConfigured(
                "VOTE_PHONE_GATEWAY_URL, VOTE_PHONE_GATEWAY_TOKEN and VOTE_PHONE_TEMPLATE_ID are needed."
            )
        self.bad_numbers = _codes("VOTE_PHONE_BAD_NUMBER_CODES", self.bad_number_codes)
        self.quotas = _codes("VOTE_PHONE_QUOTA_CODES", self.quota_codes)

    success_code = "0"

    @abstractmethod
    def headers(self) -> dict[str, str]:
        """How the request authenticates."""

    @abstractmethod
    def payload(self, *, phone: str, code: str, minutes: int, reference: str) -> dict[str, Any]:
        """The JSON body."""

    @abstractmethod
    def interpret(self, answer: dict[str, Any]) -> tuple[str, str, str]:
        """(result code, the provider's message, the message id); success is ``success_code``."""

    def send_code(self, *, phone: str, code: str, minutes: int, reference: str) -> Delivery:
        body = self.payload(phone=phone, code=code, minutes=minutes, reference=reference)
        try:
            response = requests.post(self.url, json=body, headers=self.headers(), timeout=self.timeout)
        except requests.Timeout as error:
            raise GatewayTimeout(str(error), code="timeout") from error
        except requests.RequestException as error:
            raise GatewayRefused(str(error), code="connection") from error
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            raise GatewayRefused(
                f"HTTP {response.status_code}: {response.text[:200]}", code=f"http-{response.status_code}"
            )
        result, detail, message_id = self.interpret(answer)
        if result == self.success_code and response.ok:
            return Delivery(message_id=message_id)
        if result in self.bad_numbers:
            raise BadNumber(detail, code=result)
        if result in self.quotas:
            raise ProviderQuotaExhausted(detail, code=result)
        raise GatewayRefused(f"HTTP {response.status_code}: {detail}", code=result or f"http-{response.status_code}")


def code_text(code: str, minutes: int) -> str:
    """The message a brandname SMS carries, in plain letters (one 160-character SMS)."""
    with translation.override(settings.LANGUAGE_CODE):
        text = gettext(
            "Mã xác nhận bình chọn của bạn là %(code)s, dùng trong %(minutes)s phút. Không đưa mã này cho ai."
        )
    return unaccented(text % {"code": code, "minutes": minutes})


class SmsBrandnameGateway(HttpGateway):
    """An SMS under the organiser's brandname (e.g. "UBND TINH").

    ``POST VOTE_PHONE_GATEWAY_URL``, ``Authorization: Bearer <token>``, JSON
    ``{"brandname", "phone": "849…", "template_id", "params": {"code", "minutes"}, "message",
    "request_id"}``; the answer ``{"code": "00", "message": "…", "message_id": "…"}``.
    """

    label = _("Tin nhắn SMS thương hiệu (brandname)")
    success_code = "00"
    # 10 not a mobile subscriber; 11 the subscriber refuses brandname messages (opted out).
    bad_number_codes = frozenset({"10", "11"})
    # 30 the account's balance or the day's sending limit is used up.
    quota_codes = frozenset({"30"})

    def __init__(self, *, brandname=None, **kwargs):
        super().__init__(**kwargs)
        self.brandname = brandname or settings.VOTE_PHONE_BRANDNAME
        if not self.brandname:
            raise ImproperlyConfigured("VOTE_PHONE_BRANDNAME is needed for SMS brandname.")

    def headers(self):
        return {"Authorization": f"Bearer {self.token}"}

    def payload(self, *, phone, code, minutes, reference):
        return {
            "brandname": self.brandname,
            "phone": phone,
            "template_id": self.template_id,
            "params": {"code": code, "minutes": str(minutes)},
            "message": code_text(code, minutes),
            "request_id": reference,
        }

    def interpret(self, answer):
        return str(answer.get("code", "")), str(answer.get("message", "")), str(answer.get("message_id", ""))


class ZaloZnsGateway(HttpGateway):
    """A Zalo ZNS template message (delivered in the Zalo app of the number's owner).

    ``POST VOTE_PHONE_GATEWAY_URL`` (Zalo's ``…/message/template``), header ``access_token``, JSON
    ``{"phone": "849…", "template_id", "template_data": {"otp", "minutes"}, "tracking_id"}``; the
    answer ``{"error": 0, "message": "Success", "data": {"msg_id": "…"}}``, a negative ``error``
    otherwise.
    """

    label = _("Tin Zalo ZNS")
    success_code = "0"
    # -108 invalid number; -118 no Zalo account on the number (or disabled); -119 the account
    # cannot receive ZNS; -139 its owner refused ZNS messages.
    bad_number_codes = frozenset({"-108", "-118", "-119", "-139"})
    # -144 the Official Account's daily ZNS quota is used up.
    quota_codes = frozenset({"-144"})

    def headers(self):
        return {"access_token": self.token}

    def payload(self, *, phone, code, minutes, reference):
        return {
            "phone": phone,
            "template_id": self.template_id,
            "template_data": {"otp": code, "minutes": str(minutes)},
            "tracking_id": reference,
        }

    def interpret(self, answer):
        data = answer.get("data") if isinstance(answer.get("data"), dict) else {}
        return str(answer.get("error", "")), str(answer.get("message", "")), str(data.get("msg_id", ""))
