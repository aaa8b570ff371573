"""E-mails to a unit about its dossier: the submission receipt and the secretariat's decisions.

Called by the background jobs of contest/dossiers/tasks.py, never inside a request: the services
that change an entry queue the job after their transaction commits.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from contest.dossiers.models import Entry


def _recipients(entry):
    emails = {m.email for m in entry.unit.members.filter(is_active=True) if m.email}
    if entry.unit.email:
        emails.add(entry.unit.email)
    return sorted(emails)


def _send(entry_id, template) -> int:
    entry = Entry.objects.select_related("contest", "unit").get(pk=entry_id)
    recipients = _recipients(entry)
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "entry": entry,
            "url": settings.PUBLIC_BASE_URL.rstrip("/") + reverse("portal:entry-detail", args=[entry.pk]),
            "last_event": entry.events.order_by("-at", "-id").first(),
        }
        subject = render_to_string(f"contest/dossiers/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"contest/dossiers/email/{template}.txt", context)
    return send_mail(subject, body, None, recipients)


def send_receipt(entry_id: int) -> int:
    """E-mail the submission receipt to the unit's representatives; returns the e-mails sent."""
    return _send(entry_id, "receipt")


def send_state_change(entry_id: int) -> int:
    """Tell the unit that the secretariat returned, accepted or rejected its dossier."""
    return _send(entry_id, "state_changed")
