"""The e-mail telling each unit that its certificates are issued (the body of the
``send_certificate_emails`` job, queued by the job that completes a batch)."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from contest.certificates.enums import CertificateStatus
from contest.certificates.models import Certificate
from contest.certificates.rendering import verification_url
from contest.core.models import User


def send_issued(batch_id: int) -> int:
    """One e-mail per unit of a finished batch with the verification links and the portal page,
    no attachment (the PDF is downloaded from the portal). A certificate is announced once:
    ``emailed_at`` is set when its e-mail leaves, so running the job again (a retry, a resumed
    batch) sends nothing twice. Two jobs of the same batch at once (two workers, a batch resumed
    while its e-mails go out) do not both send: the certificates are locked while their e-mails
    leave, and the other job skips the locked ones (``SKIP LOCKED``)."""
    with transaction.atomic():
        return _send_issued(batch_id)


def _send_issued(batch_id: int) -> int:
    certificates = (
        Certificate.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(batch_id=batch_id, status=CertificateStatus.VALID, emailed_at__isnull=True)
        .select_related("unit", "entry", "contest")
        .order_by("unit_id", "number")
    )
    by_unit: dict[int | None, list[Certificate]] = {}
    for certificate in certificates:
        by_unit.setdefault(certificate.unit_id, []).append(certificate)
    if not by_unit:
        return 0
    members: dict[int | None, set[str]] = {}
    unit_ids = [pk for pk in by_unit if pk is not None]
    for user in User.objects.filter(unit_id__in=unit_ids, is_active=True).exclude(email=""):
        members.setdefault(user.unit_id, set()).add(user.email)
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    messages: list[EmailMessage] = []
    sent_ids: list[int] = []
    with translation.override(settings.LANGUAGE_CODE):
        for unit_id, unit_certificates in by_unit.items():
            unit = unit_certificates[0].unit
            recipients = sorted(members.get(unit_id, set()) | ({unit.email} if unit.email else set()))
            if not recipients:
                continue
            context = {
                "unit": unit,
                "contest": unit_certificates[0].contest,
                "certificates": [
                    {
                        "certificate": c,
                        "verify_url": verification_url(c),
                        "portal_url": base + reverse("portal:entry-detail", args=[c.entry_id]),
                    }
                    for c in unit_certificates
                ],
                "portal_url": base + reverse("portal:home"),
            }
            subject = render_to_string("contest/certificates/email/certificates_issued_subject.txt", context).strip()
            body = render_to_string("contest/certificates/email/certificates_issued.txt", context)
            messages.append(EmailMessage(subject, body, None, recipients))
            sent_ids.extend(c.pk for c in unit_certificates)
    if not messages:
        return 0
    sent = get_connection().send_messages(messages) or 0
    Certificate.objects.filter(pk__in=sent_ids).update(emailed_at=timezone.now())
    return sent
