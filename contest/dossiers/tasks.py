"""Background jobs of the dossier domain: the receipt and state-change e-mails to a unit."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from contest.core.links import public_url
from contest.dossiers.models import Entry


def _recipients(entry):
    emails = {m.email for m in entry.unit.members.filter(is_active=True) if m.email}
    if entry.unit.email:
        emails.add(entry.unit.email)
    return sorted(emails)


def _send(entry, template):
    recipients = _recipients(entry)
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "entry": entry,
            "url": public_url(reverse("portal:entry-detail", args=[entry.pk])),
            "last_event": entry.events.order_by("-at", "-id").first(),
        }
        subject = render_to_string(f"contest/dossiers/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"contest/dossiers/email/{template}.txt", context)
    return send_mail(subject, body, None, recipients)


@task()
def send_receipt_email(entry_id: int) -> int:
    """E-mail the submission receipt to the unit's representatives."""
    entry = Entry.objects.select_related("contest", "unit").get(pk=entry_id)
    return _send(entry, "receipt")


@task()
def send_state_email(entry_id: int) -> int:
    """Tell the unit that the secretariat returned, accepted or rejected its dossier."""
    entry = Entry.objects.select_related("contest", "unit").get(pk=entry_id)
    return _send(entry, "state_changed")
