"""Background jobs (django-tasks; the database backend runs them in `manage.py db_worker`)."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage, get_connection, send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from contest.models import Entry, User


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
            "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("portal:entry-detail", args=[entry.pk]),
            "last_event": entry.events.order_by("-at", "-id").first(),
        }
        subject = render_to_string(f"contest/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"contest/email/{template}.txt", context)
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


@task()
def send_account_invitations(user_ids: list[int]) -> int:
    """E-mail imported unit accounts a link to choose their password.

    Imported accounts have no usable password, and Django's "forgot password" form skips such
    accounts, so this link (the standard reset-confirm page, valid PASSWORD_RESET_TIMEOUT) is how
    they get in. One SMTP connection for the whole batch.
    """
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for user in User.objects.filter(pk__in=user_ids, is_active=True).select_related("unit"):
            if not user.email or user.has_usable_password():
                continue  # chose a password meanwhile
            uid = urlsafe_base64_encode(force_bytes(user.pk))
            token = default_token_generator.make_token(user)
            context = {
                "user": user,
                "url": base + reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token}),
                "login_url": base + reverse("login"),
                "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
            }
            subject = render_to_string("contest/email/account_invitation_subject.txt", context).strip()
            body = render_to_string("contest/email/account_invitation.txt", context)
            messages.append(EmailMessage(subject, body, None, [user.email]))
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0


@task()
def send_judge_reminders(round_id: int, judge_ids: list[int]) -> int:
    """E-mail each judge the sheets still pending in a round (contest/services/reminders.py).

    The list is read when the job runs, so a sheet submitted meanwhile is not asked for again and
    a judge with nothing left gets no e-mail. In a blind round an entry is named only by its
    neutral code. One SMTP connection for the batch.
    """
    from contest.models import Round
    from contest.services.progress import round_progress

    round = Round.objects.select_related("contest").get(pk=round_id)
    progress = round_progress(round)
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("judging:home")
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for judge_id in judge_ids:
            judge_progress = progress.judge(judge_id)
            if judge_progress is None or not judge_progress.pending or not judge_progress.judge.email:
                continue
            context = {
                "judge": judge_progress.judge,
                "round": round,
                "contest": round.contest,
                "pending": judge_progress.pending,
                "pending_count": len(judge_progress.pending),
                "deadline": round.scoring_deadline,
                "url": url,
            }
            subject = render_to_string("contest/email/judge_reminder_subject.txt", context).strip()
            body = render_to_string("contest/email/judge_reminder.txt", context)
            messages.append(EmailMessage(subject, body, None, [judge_progress.judge.email]))
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0


@task()
def issue_certificates(batch_id: int) -> int:
    """Render a batch's pending certificates (resumable: running it again finishes the rest)."""
    from contest.enums import BatchStatus
    from contest.services.certificates import render_batch

    batch = render_batch(batch_id)
    if batch.status == BatchStatus.DONE:
        send_certificate_emails.enqueue(batch_id)
    return batch.done


@task()
def send_certificate_emails(batch_id: int) -> int:
    """Tell each unit of a finished batch that its certificates are issued: one e-mail per unit
    with the verification links and the portal page, no attachment (the PDF is downloaded from
    the portal). A certificate is announced once: ``emailed_at`` is set when its e-mail leaves,
    so running the job again (a retry, a resumed batch) sends nothing twice."""
    from django.utils import timezone

    from contest.certificate_pdf import verification_url
    from contest.enums import CertificateStatus
    from contest.models import Certificate

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
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
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
            subject = render_to_string("contest/email/certificates_issued_subject.txt", context).strip()
            body = render_to_string("contest/email/certificates_issued.txt", context)
            messages.append(EmailMessage(subject, body, None, recipients))
            sent_ids.extend(c.pk for c in unit_certificates)
    if not messages:
        return 0
    sent = get_connection().send_messages(messages) or 0
    Certificate.objects.filter(pk__in=sent_ids).update(emailed_at=timezone.now())
    return sent
