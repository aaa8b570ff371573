"""Background jobs of the notice period (thin leaves calling a service)."""

from django_tasks import task

from contest.notices.services import notifications


@task()
def send_opinion_receipt(opinion_id: int) -> int:
    """E-mail an opinion's receipt code to the visitor who sent it."""
    return notifications.send_opinion_receipt(opinion_id)
