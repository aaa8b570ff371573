"""Background jobs of judging: reminders to judges with pending sheets.

Thin leaves: each job calls one service (contest/judging/services/notifications.py).
"""

from django_tasks import task

from contest.judging.services import notifications


@task()
def send_judge_reminders(round_id: int, judge_ids: list[int]) -> int:
    """E-mail each judge the sheets still pending in a round (queued by services/reminders.py)."""
    return notifications.send_reminders(round_id, judge_ids)
