"""Deadlines and extensions: when may a unit still change or submit a dossier?"""

from django.db.models import Max
from django.utils import timezone

from contest.core.models import Contest, Unit
from contest.dossiers.models import Extension


def effective_deadline(*, contest: Contest, unit: Unit):
    """The contest's submission deadline, pushed later by the latest extension for the unit."""
    latest = Extension.objects.filter(contest=contest, unit=unit).aggregate(m=Max("until"))["m"]
    if latest and latest > contest.submission_deadline:
        return latest
    return contest.submission_deadline


def is_open_for(*, contest: Contest, unit: Unit, now=None) -> bool:
    now = now or timezone.now()
    return contest.registration_opens <= now <= effective_deadline(contest=contest, unit=unit)
