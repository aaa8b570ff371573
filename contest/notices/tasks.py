"""Background jobs of the notice period (thin leaves calling a service)."""

from django_tasks import task

from contest.notices.services import notifications


@task()
def send_opinion_receipt(opinion_id: int) -> int:
    """E-mail an opinion's receipt code to the visitor who sent it."""
    return notifications.send_opinion_receipt(opinion_id)


@task()
def send_complaint_receipt(complaint_id: int) -> int:
    """E-mail a complaint's receipt number and the answer's due date to the unit."""
    return notifications.send_complaint_receipt(complaint_id)


@task()
def send_complaint_answer(complaint_id: int) -> int:
    """Tell the unit that its complaint has been answered."""
    return notifications.send_complaint_answer(complaint_id)
