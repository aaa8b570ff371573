"""Background jobs of results: thin leaves calling one service each."""

from django_tasks import task

from contest.results.services import revocation_notice


@task()
def send_revocation_notice(revocation_id: int) -> int:
    """Tell the unit whose award was revoked (and a promoted entry's unit) by e-mail."""
    return revocation_notice.notify_units(revocation_id)
