"""The code messages a round may send by phone per day, and what they cost (PhoneMessageDay).

The quota holds under any number of simultaneous requests because the count is taken by one
conditional ``UPDATE … SET sent = sent + 1 WHERE sent < quota`` (a row lock for the length of
one statement), not read and written back. E-mail is the way round a used-up day: a round that
offers phones always takes e-mail codes once its phone messages are used up (the issue's "always
available"), even if the organisers listed phones only.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.core.errors import DomainError
from contest.voting import gateways
from contest.voting.enums import IdentityKind
from contest.voting.models import PhoneMessageDay, VoteCode, VoteSettings


class PhoneQuotaExhausted(DomainError):
    """No code message can be sent today: the voter gets the code by e-mail instead."""


def exhausted() -> PhoneQuotaExhausted:
    return PhoneQuotaExhausted(
        _(
            "Hôm nay đã hết số tin nhắn mã xác nhận qua điện thoại của cuộc bình chọn này. "
            "Bạn vẫn bình chọn được: hãy nhận mã qua thư điện tử."
        )
    )


def phone_offered(vote: VoteSettings) -> bool:
    return vote.accepts(IdentityKind.PHONE) and gateways.is_configured()


def phone_available(vote: VoteSettings, now=None) -> bool:
    """Whether a phone code can be asked for now: offered, and today's messages not used up."""
    if not phone_offered(vote):
        return False
    day = PhoneMessageDay.objects.filter(round_id=vote.round_id, day=timezone.localdate(now)).first()
    return day is None or (day.exhausted_at is None and day.sent < vote.phone_daily_quota)


def email_accepted(vote: VoteSettings, now=None) -> bool:
    """E-mail codes: when the round lists them, and as the fallback of a used-up phone day."""
    if vote.accepts(IdentityKind.EMAIL):
        return True
    return vote.accepts(IdentityKind.PHONE) and not phone_available(vote, now)


def reserve(vote: VoteSettings, day) -> bool:
    """Count one message of ``day`` (and its price), if the quota allows; inside the caller's
    transaction, so that a refused request keeps nothing."""
    PhoneMessageDay.objects.get_or_create(round_id=vote.round_id, day=day)
    return bool(
        PhoneMessageDay.objects.filter(
            round_id=vote.round_id, day=day, sent__lt=vote.phone_daily_quota, exhausted_at__isnull=True
        ).update(sent=F("sent") + 1, cost=F("cost") + settings.VOTE_PHONE_MESSAGE_COST)
    )


def release(sent: VoteCode, day, *, provider_exhausted: bool) -> None:
    """The message did not go: its code goes, the day counts it as failed and it costs nothing.
    The provider's own quota used up closes the day to phones."""
    with transaction.atomic():
        VoteCode.objects.filter(pk=sent.pk, used_at__isnull=True).delete()
        changes: dict[str, object] = {
            "sent": F("sent") - 1,
            "failed": F("failed") + 1,
            "cost": F("cost") - settings.VOTE_PHONE_MESSAGE_COST,
        }
        if provider_exhausted:
            changes["exhausted_at"] = timezone.now()
        PhoneMessageDay.objects.filter(round_id=sent.round_id, day=day).update(**changes)


def days_of(round) -> list[PhoneMessageDay]:
    """The round's days with messages, newest first (the back office's table)."""
    return list(PhoneMessageDay.objects.filter(round=round).order_by("-day"))
