"""The reminder e-mails to judges (the body of the ``send_judge_reminders`` job; who is reminded
and when is decided by contest/judging/services/reminders.py)."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from contest.core.models import Round
from contest.judging.services.progress import round_progress


def send_reminders(round_id: int, judge_ids: list[int]) -> int:
    """E-mail each judge the sheets still pending in a round.

    The list is read when the job runs, so a sheet submitted meanwhile is not asked for again and
    a judge with nothing left gets no e-mail. In a blind round an entry is named only by its
    neutral code. One SMTP connection for the batch.
    """
    round = Round.objects.select_related("contest").get(pk=round_id)
    progress = round_progress(round)
    url = settings.PUBLIC_BASE_URL.rstrip("/") + reverse("judging:home")
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
            subject = render_to_string("contest/judging/email/judge_reminder_subject.txt", context).strip()
            body = render_to_string("contest/judging/email/judge_reminder.txt", context)
            messages.append(EmailMessage(subject, body, None, [judge_progress.judge.email]))
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0
