"""The programme row as the day's lock and clock: every write of the day locks it, changes what it
must, bumps ``version`` (the screens' ETag) and appends to the audit chain."""

from django.db.models import F
from django.utils.translation import gettext as _

from contest.core import audit
from contest.core.errors import DomainError
from contest.core.text import nfc
from contest.stage.models import StageProgramme


def locked(programme) -> StageProgramme:
    """The programme row locked for this transaction (call inside ``transaction.atomic``).

    Two consoles open at once, a double click, a judge's tablet and the MC all serialise here, so
    each sees the state the previous one left."""
    return StageProgramme.objects.select_for_update().select_related("round").get(pk=programme.pk)


def bump(programme) -> None:
    StageProgramme.objects.filter(pk=programme.pk).update(version=F("version") + 1)


def record(*, programme, by, action, obj=None, old=None, new=None, reason="", ip=None):
    audit.append(
        actor=by,
        action=action,
        obj=obj if obj is not None else programme,
        round=programme.round,
        old=old,
        new=new,
        reason=reason,
        ip=ip,
    )
    bump(programme)


def required_reason(reason, message=None) -> str:
    reason = nfc(reason or "").strip()
    if not reason:
        raise DomainError(message or _("Hãy ghi lý do."), field="reason")
    return reason
