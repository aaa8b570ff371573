"""Background jobs of certificates: rendering a batch, then telling the units."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from contest.certificates.enums import CertificateStatus
from contest.certificates.models import Certificate
from contest.certificates.rendering import verification_url
from contest.certificates.services.production import render_batch
from contest.core.models import User


@task()
def issue_certificates(batch_id: int) -> int:
    """Render a batch's pending certificates (resumable: running it again finishes the rest). The
    job that completes the batch, and only that one, queues the units' e-mails."""
    batch = render_batch(batch_id, on_complete=lambda: send_certificate_emails.enqueue(batch_id))
    return batch.done


@task()
def send_certificate_emails(batch_id: int) -> int:
    """Tell each unit of a finished batch that its certificates are issued: one e-mail per unit
    with the verification links and the portal page, no attachment (the PDF is downloaded from
    the portal). A certificate is announced once: ``emailed_at`` is set when its e-mail leaves,
    so running the job again (a retry, a resumed batch) sends nothing twice."""
    certificates = (
        Certificate.objects.filter(batch_id=batch_id, status=CertificateStatus.VALID, emailed_at__isnull=True)
        .select_related("unit", "entry", "contest")
        .order_by("unit_id", "number")
    )
    by_unit = {}
    for certificate in certificates:
        by_unit.setdefault(certificate.unit_id, []).append(certificate)
    if not by_unit:
        return 0
    members = {}
    for user in User.objects.filter(unit_id__in=by_unit, is_active=True).exclude(email=""):
        members.setdefault(user.unit_id, set()).add(user.email)
    base = settings.PUBLIC_BASE_URL.rstrip("/")
    messages, sent_ids = [], []
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
