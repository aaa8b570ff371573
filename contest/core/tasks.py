"""Background jobs of accounts: invitations to choose a password.

Thin leaves: each job calls one service (contest/core/services/invitations.py).
"""

from django_tasks import task

from contest.core.services import invitations


@task()
def send_account_invitations(user_ids: list[int]) -> int:
    """E-mail imported unit accounts a link to choose their password."""
    return invitations.send_invitations(user_ids)
