"""The e-mail of an opinion's receipt code (the body of the ``send_opinion_receipt`` job)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from contest.notices.models import Opinion
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
