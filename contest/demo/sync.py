"""Small helpers every demo builder shares: idempotent create-or-correct, the tally it reports,
and the dates a demo is laid out on."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone


class Tally:
    """How many demo objects a run created, corrected or found as they were (the summary line)."""

    def __init__(self) -> None:
        self.counts = {"created": 0, "updated": 0, "unchanged": 0}

    def count(self, outcome: str) -> None:
        self.counts[outcome] += 1


def sync(model, lookup: dict, values: dict):
    """get_or_create, then correct only the fields that differ (no write when nothing changed)."""
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    if created:
        return obj, "created"
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        return obj, "updated"
    return obj, "unchanged"


def at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def next_october_15(after: dt.date) -> dt.date:
    """15/10, the Day of Mass Mobilisation work: results are announced on the next one."""
    candidate = dt.date(after.year, 10, 15)
    return candidate if candidate >= after else dt.date(after.year + 1, 10, 15)


def demo_score(criterion, share: float):
    """A plausible score: ``share`` of the maximum, rounded down to the criterion's step."""
    steps = int(criterion.max_points * Decimal(str(share)) / criterion.step)
    return steps * criterion.step
