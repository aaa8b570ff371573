"""Background jobs of the notice period (thin leaves): the receipt of an opinion by e-mail."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from contest.notices.models import Opinion
from contest.notices.services.opinions import is_email


@task()
def send_opinion_receipt(opinion_id: int) -> int:
    """E-mail the receipt code to a visitor who gave an e-mail address."""
    opinion = Opinion.objects.select_related("notice__round__contest").get(pk=opinion_id)
    if not is_email(opinion.contact):
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {"opinion": opinion, "round": opinion.notice.round, "contest": opinion.notice.round.contest}
        subject = render_to_string("contest/notices/email/opinion_receipt_subject.txt", context).strip()
        body = render_to_string("contest/notices/email/opinion_receipt.txt", context)
    return send_mail(subject, body, None, [opinion.contact])
