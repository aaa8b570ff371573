"""Background jobs of certificates: rendering a batch, then telling the units.

Thin leaves: each job calls one service (services/production.py, services/notifications.py).
"""

from django_tasks import task

from contest.certificates.services import notifications
from contest.certificates.services.production import render_batch


@task()
def issue_certificates(batch_id: int, helper: bool = False) -> int:
    """Render a batch's pending certificates (resumable: running it again finishes the rest). The
    job that completes the batch, and only that one, queues the units' e-mails. A helper job
    (another worker sharing the batch) never restarts a batch that failed."""
    batch = render_batch(batch_id, helper=helper, on_complete=lambda: send_certificate_emails.enqueue(batch_id))
    return batch.done


@task()
def send_certificate_emails(batch_id: int) -> int:
    """Tell each unit of a finished batch that its certificates are issued (once per certificate)."""
    return notifications.send_issued(batch_id)
