"""50 simultaneous confirmations of the same identity make one vote (PostgreSQL: SQLite serialises
every writer with its IMMEDIATE transactions, so only PostgreSQL can show a race)."""

import threading

import pytest
from django.conf import settings
from django.db import connections
from django.test import override_settings

from contest.core.errors import DomainError
from contest.voting.models import Vote
from contest.voting.services import ballots
from tests.factories.voting import make_vote

POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]


@pytest.mark.skipif(not POSTGRES, reason="needs PostgreSQL (DATABASE_URL)")
@pytest.mark.django_db(transaction=True)
@override_settings(VOTE_CODES_PER_IDENTITY_HOUR=100, VOTE_CODES_PER_IDENTITY_DAY=100)
def test_fifty_simultaneous_confirmations_make_one_vote(contest):
    vote, (entry, *_rest) = make_vote(contest)
    # Fifty codes for one person (different spellings of one Gmail mailbox), all confirmed at once.
    codes = [ballots.request_code(vote=vote, entry_id=entry.pk, email=f"lan.nguyen+{i}@gmail.com") for i in range(50)]
    barrier = threading.Barrier(len(codes))
    made, refused, errors = [], [], []

    def confirm(sent):
        try:
            barrier.wait()
            made.append(ballots.confirm_vote(token=sent.token, code=sent.code, ip="203.0.113.5"))
        except DomainError as error:
            refused.append(str(error))
        except Exception as error:  # noqa: BLE001  (reported by the assertion below)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm, args=(sent,)) for sent in codes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Vote.objects.count() == 1
    assert len(made) == 1 and len(refused) == 49
    assert all("đã bình chọn cho mô hình này rồi" in message for message in refused)
