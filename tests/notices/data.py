"""Shared data of the notice tests: the contest's notice rules and a frozen, awarded round out for opinions."""

from datetime import timedelta

from django.utils import timezone

from contest.notices.models import Notice
from contest.notices.services import notices as notice_services


def with_rules(contest, organiser, **values):
    values.setdefault("opinion_address", "Văn phòng Ban Tổ chức, số 5 Lê Lợi; thư điện tử btc@example.vn")
    return notice_services.save_rules(contest=contest, by=organiser, **values)


def out_for_opinions(snapshot, organiser, **kwargs):
    with_rules(snapshot.round.contest, organiser)
    return notice_services.publish_provisional(
        snapshot=snapshot, starts_on=kwargs.pop("starts_on", timezone.localdate()), by=organiser, **kwargs
    )


def expire(notice):
    """Move a notice's windows into the past (as if its days had gone by)."""
    past = timezone.localdate() - timedelta(days=1)
    Notice.objects.filter(pk=notice.pk).update(starts_on=past - timedelta(days=14), ends_on=past, complaints_end=past)
    notice.refresh_from_db()
    return notice
