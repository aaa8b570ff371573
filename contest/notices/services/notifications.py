"""E-mails of the notice period: an opinion's receipt code; a complaint's receipt and its answer
(the bodies of the jobs in contest/notices/tasks.py)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from contest.notices.models import Complaint, Opinion
from contest.notices.services.contacts import is_email


def send_opinion_receipt(opinion_id: int) -> int:
    """E-mail the receipt code to a visitor who gave an e-mail address (0 when none was given)."""
    opinion = Opinion.objects.select_related("notice__round__contest").get(pk=opinion_id)
    if not is_email(opinion.contact):
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {"opinion": opinion, "round": opinion.notice.round, "contest": opinion.notice.round.contest}
        subject = render_to_string("contest/notices/email/opinion_receipt_subject.txt", context).strip()
        body = render_to_string("contest/notices/email/opinion_receipt.txt", context)
    return send_mail(subject, body, None, [opinion.contact])


def _unit_recipients(unit) -> list[str]:
    emails = {m.email for m in unit.members.filter(is_active=True) if m.email}
    if unit.email:
        emails.add(unit.email)
    return sorted(emails)


def _send_complaint(complaint_id: int, template: str) -> int:
    complaint = Complaint.objects.select_related("entry__unit", "notice__round__contest").get(pk=complaint_id)
    recipients = _unit_recipients(complaint.entry.unit)
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "complaint": complaint,
            "round": complaint.notice.round,
            "contest": complaint.notice.round.contest,
            "url": settings.PUBLIC_BASE_URL.rstrip("/") + reverse("portal:complaint-detail", args=[complaint.pk]),
        }
        subject = render_to_string(f"contest/notices/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"contest/notices/email/{template}.txt", context)
    return send_mail(subject, body, None, recipients)


def send_complaint_receipt(complaint_id: int) -> int:
    """The receipt number and the answer's due date, to the unit's representatives."""
    return _send_complaint(complaint_id, "complaint_receipt")


def send_complaint_answer(complaint_id: int) -> int:
    """The answer is ready: its outcome, and where to read and download the Phiếu trả lời."""
    return _send_complaint(complaint_id, "complaint_answer")
