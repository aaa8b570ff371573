"""Background jobs of the dossier domain: the receipt and state-change e-mails to a unit.

Thin leaves: each job calls one service (contest/dossiers/services/notifications.py).
"""

from django_tasks import task

from contest.dossiers.services import notifications


@task()
def send_receipt_email(entry_id: int) -> int:
    """E-mail the submission receipt to the unit's representatives."""
    return notifications.send_receipt(entry_id)


@task()
def send_state_email(entry_id: int) -> int:
    """Tell the unit that the secretariat returned, accepted or rejected its dossier."""
    return notifications.send_state_change(entry_id)
