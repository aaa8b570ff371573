"""A vote's one-time code by phone (SMS brandname or Zalo ZNS, contest/voting/gateways).

1. The vote is open, the round offers phones and a gateway is configured, the number is a current
   Vietnamese mobile number (contest/voting/phone.py). The voter is the keyed hash of the number.
2. In one transaction the code is issued (the same per-identity limits as e-mail codes) and one
   message of the day is reserved with its cost (services/phone_quota.py). No quota left: nothing
   is kept, and :class:`PhoneQuotaExhausted` sends the voter to e-mail.
3. After the commit — no row stays locked while a provider answers — the gateway sends it:
   - accepted: done;
   - no answer in time: the message may still arrive and be billed, so it stays counted and the
     code stays valid; the voter is told it may be late (:attr:`SentCode.delayed`);
   - refused (bad number, the provider's quota, any other fault): the code is deleted, the message
     moves from "sent" to "failed" and costs nothing; the voter is told why, in plain words.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.core.errors import DomainError
from contest.voting import gateways
from contest.voting import phone as phones
from contest.voting.enums import IdentityKind
from contest.voting.models import VoteSettings
from contest.voting.services import ballots, phone_quota
from contest.voting.services.phone_quota import PhoneQuotaExhausted

logger = logging.getLogger(__name__)

__all__ = ["PhoneQuotaExhausted", "SentCode", "clean_phone", "request_phone_code"]


@dataclass(frozen=True)
class SentCode:
    token: str
    code: str
    delayed: bool = False


def clean_phone(text: str) -> str:
    """The number as ``84…``, or a DomainError saying plainly what is wrong with it."""
    try:
        return phones.normalise_phone(text)
    except phones.NotAPhone as error:
        messages = {
            "old": _(
                "Đây là số 11 chữ số cũ; từ năm 2018 các số này đã chuyển sang 10 chữ số "
                "(ví dụ 0168… thành 038…). Hãy ghi số mới."
            ),
            "landline": _("Đây là số máy bàn, không nhận được tin nhắn; hãy ghi số điện thoại di động."),
            "prefix": _("Đầu số này không phải số di động Việt Nam đang dùng; hãy kiểm tra lại."),
        }
        message = messages.get(error.reason, _("Số điện thoại chưa đúng, ví dụ: 0912 345 678."))
        raise DomainError(message, field="phone") from None


def request_phone_code(*, vote: VoteSettings, entry_id: int, phone: str, ip=None, device="") -> SentCode:
    """Send a one-time code for a vote for ``entry_id`` to ``phone``."""
    now = timezone.now()
    ballots.check_open(vote, entry_id, now)
    if not phone_quota.phone_offered(vote):
        raise DomainError(_("Vòng này không nhận mã xác nhận qua điện thoại; hãy dùng thư điện tử."))
    normalised = clean_phone(phone)
    day = timezone.localdate(now)
    with transaction.atomic():
        sent, code = ballots.issue_code(
            vote=vote,
            entry_id=entry_id,
            key=ballots.phone_key(normalised),
            kind=IdentityKind.PHONE,
            domain="",
            stem=ballots.phone_stem_key(normalised),
            now=now,
            ip=ip,
            device=device,
            too_many=_("Số điện thoại này vừa nhận nhiều mã; hãy dùng mã đã nhận hoặc thử lại sau một giờ."),
        )
        if not phone_quota.reserve(vote, day):
            # Rolls the code back too: nothing of this request is kept.
            raise phone_quota.exhausted()
    try:
        gateways.get_gateway().send_code(
            phone=normalised, code=code, minutes=settings.VOTE_CODE_MINUTES, reference=str(sent.token)
        )
    except gateways.GatewayTimeout:
        logger.warning("Vote code by phone: the gateway did not answer in time; the code stays valid.")
        return SentCode(token=str(sent.token), code=code, delayed=True)
    except gateways.GatewayError as error:
        used_up = isinstance(error, gateways.ProviderQuotaExhausted)
        phone_quota.release(sent, day, provider_exhausted=used_up)
        if used_up:
            logger.warning("Vote code by phone: the provider's quota is used up (%s).", error.code)
            raise phone_quota.exhausted() from None
        if isinstance(error, gateways.BadNumber):
            raise DomainError(
                _(
                    "Số điện thoại này không nhận được tin nhắn mã xác nhận (số không tồn tại, chưa dùng "
                    "Zalo hoặc đã từ chối tin nhắn). Hãy kiểm tra lại số, hoặc nhận mã qua thư điện tử."
                ),
                field="phone",
            ) from None
        logger.error("Vote code by phone refused by the gateway: %s (%s).", error, error.code)
        raise DomainError(
            _(
                "Tổng đài tin nhắn đang gặp sự cố, chưa gửi được mã. Hãy thử lại sau ít phút, "
                "hoặc nhận mã qua thư điện tử."
            )
        ) from None
    return SentCode(token=str(sent.token), code=code)
