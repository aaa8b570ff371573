"""Reminding judges who still have sheets to submit, by e-mail.

Anti-spam rule: a judge reminded less than ``REMINDER_INTERVAL`` (one hour) ago is skipped, and
reported back as such; when that leaves nobody to remind, the call is refused. There is no
"force": an hour is short, and the rule also absorbs a double click or a form posted twice. A
judge without an e-mail address is not reminded (nor marked as reminded) and is reported back, so
that the organisers phone them instead of believing a message went out.

The e-mails are queued after the transaction commits (``send_judge_reminders``), one per judge;
the task lists the sheets still pending when it runs.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from contest.core.errors import DeadlinePassed, DomainError
from contest.core.models import User
from contest.judging.models import JuryMembership
from contest.judging.services import progress, sheets
from contest.judging.tasks import send_judge_reminders

REMINDER_INTERVAL = timedelta(hours=1)


@dataclass
class ReminderOutcome:
    reminded: list[User] = field(default_factory=list)
    without_email: list[User] = field(default_factory=list)
    recently_reminded: list[User] = field(default_factory=list)


def remind_pending_judges(*, round, by, judge_ids=None, now=None) -> ReminderOutcome:
    """Queue a reminder to each judge of ``round`` (or to the chosen ``judge_ids``) who has an
    assigned, unconflicted entry whose sheet is not submitted; stamp ``last_reminded_at``.

    ``by`` is the staff member asking; it needs judging.remind (organisers and the secretariat).
    """
    if not by.has_perm("judging.remind"):
        raise DomainError(_("Bạn không có quyền nhắc giám khảo."))
    now = now or timezone.now()
    if sheets.scoring_closed(round, now):
        raise DeadlinePassed(
            _("Đã hết hạn chấm (%(when)s), không thể nhắc giám khảo.")
            % {"when": formats.date_format(timezone.localtime(round.scoring_deadline), "DATETIME_FORMAT")}
        )
    wanted = None if judge_ids is None else {int(pk) for pk in judge_ids}
    outcome = ReminderOutcome()
    with transaction.atomic():
        # Locking the memberships serialises two organisers clicking at once: the second sees
        # the first one's last_reminded_at and skips those judges.
        memberships = {
            m.judge_id: m
            for m in JuryMembership.objects.select_for_update().filter(round=round)
            if wanted is None or m.judge_id in wanted
        }
        pending = [j for j in progress.round_progress(round).judges if j.pending and j.judge.pk in memberships]
        if not pending:
            raise DomainError(_("Không có giám khảo nào còn phiếu chấm chưa nộp."))
        for judge_progress in pending:
            judge, membership = judge_progress.judge, memberships[judge_progress.judge.pk]
            if membership.last_reminded_at and now - membership.last_reminded_at < REMINDER_INTERVAL:
                outcome.recently_reminded.append(judge)
            elif not judge.email:
                outcome.without_email.append(judge)
            else:
                membership.last_reminded_at = now
                membership.save(update_fields=["last_reminded_at"])
                outcome.reminded.append(judge)
        if not outcome.reminded and not outcome.without_email:
            raise DomainError(
                _("Các giám khảo này vừa được nhắc trong vòng %(minutes)d phút qua; hãy đợi rồi nhắc lại.")
                % {"minutes": REMINDER_INTERVAL.seconds // 60}
            )
        if outcome.reminded:
            ids = [j.pk for j in outcome.reminded]
            round_id = round.pk
            transaction.on_commit(lambda: send_judge_reminders.enqueue(round_id, ids))
    return outcome
