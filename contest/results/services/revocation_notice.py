"""The e-mail telling a unit that its award was revoked (and the unit of a promoted entry that it
now holds the prize): the body of the ``send_revocation_notice`` job, queued after the revocation
commits (services/revocation.py)."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from contest.core.models import User
from contest.results.enums import RevocationGround
from contest.results.models import AwardRevocation


def _recipients(unit) -> list[str]:
    users = User.objects.filter(unit=unit, is_active=True).exclude(email="").values_list("email", flat=True)
    return sorted(set(users) | ({unit.email} if unit.email else set()))


def notify_units(revocation_id: int) -> int:
    """E-mail the unit whose award was revoked, and the unit of a promoted entry, if any."""
    revocation = (
        AwardRevocation.objects.select_related("round__contest", "entry__unit", "promoted_entry__unit")
        .filter(pk=revocation_id)
        .first()
    )
    if revocation is None:
        return 0
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    context = {
        "revocation": revocation,
        "contest": revocation.round.contest,
        "round": revocation.round,
        "ground": RevocationGround(revocation.ground).label,
        "results_url": base + reverse("public-results", args=[revocation.round_id]),
        "portal_url": base + reverse("portal:home"),
    }
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        pairs = [("revoked", revocation.entry)]
        if revocation.promoted_entry is not None:
            pairs.append(("promoted", revocation.promoted_entry))
        for kind, entry in pairs:
            recipients = _recipients(entry.unit)
            if not recipients:
                continue
            local = {**context, "entry": entry, "unit": entry.unit}
            subject = render_to_string(f"contest/results/email/award_{kind}_subject.txt", local).strip()
            body = render_to_string(f"contest/results/email/award_{kind}.txt", local)
            messages.append(EmailMessage(subject, body, None, recipients))
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0
