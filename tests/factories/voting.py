"""A round with an open public vote on a few finalists, and a vote cast through the services."""

import datetime as dt

from django.utils import timezone

from contest.voting.models import VoteSettings
from contest.voting.services import ballots
from tests.factories.core import RoundFactory, UnitFactory
from tests.factories.dossiers import EntryFactory
from tests.factories.judging import add_entry

TITLES = ("Tổ liên gia an toàn", "Vận động hiến đất mở đường", "Bữa cơm nghĩa tình thứ Sáu")


def make_vote(contest, *, entries=3, opens_at=None, closes_at=None, **settings):
    """A round of ``contest`` whose public vote is open now on ``entries`` finalists."""
    now = timezone.now()
    round_ = RoundFactory(contest=contest, name="Vòng chung khảo")
    made = []
    for i in range(entries):
        entry = EntryFactory(contest=contest, unit=UnitFactory(), title=TITLES[i % len(TITLES)] + f" {i + 1}")
        add_entry(round_, entry)
        made.append(entry)
    vote = VoteSettings.objects.create(
        round=round_,
        enabled=True,
        opens_at=opens_at or now - dt.timedelta(hours=1),
        closes_at=closes_at or now + dt.timedelta(days=1),
        **settings,
    )
    return vote, made


def cast(vote, entry, email, *, ip="203.0.113.7", device="d" * 32):
    """A vote through the two services, as a visitor would."""
    sent = ballots.request_code(vote=vote, entry_id=entry.pk, email=email, ip=ip, device=device)
    return ballots.confirm_vote(token=sent.token, code=sent.code, ip=ip, device=device, user_agent="Test")
