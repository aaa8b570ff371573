#!/usr/bin/env python
"""Red team of the public vote (issue 16): bounded, in this process, no network at all.

Scripted attempts from a handful of addresses and browsers — throwaway mailboxes (refused) and
sequential Gmail ones (lan1@, lan2@… whose codes the script reads, as a bot owning them would), each
solving the proof-of-work challenge like a browser — are mixed with well-behaved voters (their own
browser, their office's shared address, real-looking varied mailboxes, spread over three hours).
Everything goes through the real pages with the Django test client: the challenge, the rate limits
per browser and per address, the per-mailbox limit, the disposable-domain list, the quota
constraints. Then the review's clusters are computed; the script voids, as an organiser would without
hesitation, the clusters of one browser with many mailboxes and of sequential mailboxes, and leaves
the network and burst clusters flagged for a human.

Reported: the share of bot attempts blocked (no vote) or flagged (their vote in a cluster), target
≥ 99 %; the share of honest votes blocked or voided, target 0. The clock the services see is
simulated (honest voters over three hours, the bots within one hour): the rate limits' own windows
run on the real clock, so every bot attempt counts within one hour — which is what a script does.

Usage: python bench/vote_redteam.py [--bots 10000] [--honest 500]
"""

import argparse
import contextlib
import datetime as dt
import logging
import random
import re
import sys
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _harness  # noqa: E402,F401  (sets Django up)
from _harness import bench_database  # noqa: E402

FIRST = ["an", "binh", "chau", "dung", "giang", "hoa", "khanh", "lan", "minh", "ngoc", "phuong", "quang", "son",
         "thao", "trang", "tuan", "uyen", "vy", "yen", "hieu"]  # fmt: skip
LAST = ["nguyen", "tran", "le", "pham", "hoang", "phan", "vu", "dang", "bui", "do", "ho", "ngo", "duong", "ly"]
DOMAINS = ["gmail.com", "yahoo.com.vn", "outlook.com", "quangtri.gov.vn", "vnpt.vn", "fpt.edu.vn"]


def main():
    # A refused request is logged as a warning by Django: thousands of them are the point here.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser()
    parser.add_argument("--bots", type=int, default=10_000)
    parser.add_argument("--honest", type=int, default=500)
    args = parser.parse_args()
    with bench_database():
        run(args)


def run(args):
    from django.core import mail
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from contest.core.errors import DomainError
    from contest.voting.models import Vote
    from contest.voting.services import review
    from tests.challenge import solved
    from tests.factories import ContestFactory, UserFactory
    from tests.factories.voting import make_vote

    rng = random.Random(16)
    start = timezone.now().replace(microsecond=0)
    clock = {"now": start}
    patch = mock.patch("django.utils.timezone.now", lambda: clock["now"])
    patch.start()
    cache.clear()
    contest = ContestFactory()
    vote, entries = make_vote(
        contest, entries=10, opens_at=start - dt.timedelta(hours=1), closes_at=start + dt.timedelta(days=1)
    )
    organiser = UserFactory(username="redteam-btc", roles=["organiser"])
    target = entries[3]

    def attempt(client, address, entry, ip):
        """One try through the pages; returns the vote or None (blocked)."""
        url = reverse("voting:vote", args=[vote.round_id, entry.pk])
        sent = len(mail.outbox)
        response = client.post(url, {"email": address, "challenge": solved()}, REMOTE_ADDR=ip)
        if response.status_code != 302 or len(mail.outbox) == sent:
            return None
        code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
        response = client.post(response["Location"], {"code": code}, REMOTE_ADDR=ip)
        if response.status_code != 302:
            return None
        return Vote.objects.get(receipt=response["Location"].rstrip("/").rsplit("/", 1)[1])

    # Honest voters: 50 offices (one shared address each), their own browser, spread over 3 hours.
    honest_votes, honest_blocked = [], 0
    offices = [f"113.{160 + i // 250}.{i % 250}.{rng.randint(2, 250)}" for i in range(50)]
    moments = sorted(rng.uniform(0, 3 * 3600) for _ in range(args.honest))
    for n, offset in enumerate(moments):
        clock["now"] = start + dt.timedelta(seconds=offset)
        name = f"{rng.choice(LAST)}{rng.choice(FIRST)}{rng.choice(['', '.', '_'])}{rng.choice(FIRST)}{n}"
        made = attempt(Client(), f"{name}@{rng.choice(DOMAINS)}", rng.choice(entries), offices[n % len(offices)])
        if made is None:
            honest_blocked += 1
        else:
            honest_votes.append(made.pk)

    # Bots: 5 addresses, 3 reused browsers each (and fresh ones when a browser is refused), half
    # throwaway mailboxes, half sequential Gmail ones, all for one model, within one hour.
    bot_ips = [f"45.76.{i}.{10 + i}" for i in range(5)]
    browsers = {ip: [Client() for _ in range(3)] for ip in bot_ips}
    bot_votes, bot_blocked = [], 0
    throwaway = ["mailinator.com", "yopmail.com", "guerrillamail.com", "10minutemail.com", "temp-mail.org"]
    for n in range(args.bots):
        clock["now"] = start + dt.timedelta(seconds=3600 * n / args.bots)
        ip = bot_ips[n % len(bot_ips)]
        client = browsers[ip][n % 3] if n % 2 else Client()
        address = f"votebot{n}@{throwaway[n % len(throwaway)]}" if n % 4 == 0 else f"lan{n}@gmail.com"
        made = attempt(client, address, target, ip)
        if made is None:
            bot_blocked += 1
        else:
            bot_votes.append(made.pk)

    clusters = review.suspicious_clusters(vote.round)
    flagged = {vote_id for cluster in clusters for vote_id in cluster.vote_ids}
    for cluster in clusters:
        if cluster.kind in ("device", "sequence"):
            # A cluster whose votes were all in one voided just before is gone: nothing to do.
            with contextlib.suppress(DomainError):
                review.void_cluster(round=vote.round, ref=cluster.ref, reason="Kịch bản thử nghiệm", by=organiser)
    voided = set(Vote.objects.filter(void__isnull=False).values_list("pk", flat=True))
    patch.stop()

    bot_caught = bot_blocked + sum(1 for v in bot_votes if v in flagged or v in voided)
    honest_lost = honest_blocked + sum(1 for v in honest_votes if v in voided)
    honest_flagged = sum(1 for v in honest_votes if v in flagged)
    bot_share = bot_caught / args.bots
    honest_share = honest_lost / args.honest
    print(
        f"Bình chọn — thử tấn công / red team: {args.bots:,} bot attempts, {args.honest:,} honest voters".replace(
            ",", "."
        )
    )
    bots_flagged = sum(1 for v in bot_votes if v in flagged)
    bots_voided = sum(1 for v in bot_votes if v in voided)
    honest_voided = sum(1 for v in honest_votes if v in voided)
    print(f"bots: {bot_blocked} blocked, {len(bot_votes)} got a vote: {bots_flagged} flagged, {bots_voided} voided")
    print(
        f"honest: {honest_blocked} blocked, {len(honest_votes)} voted: {honest_flagged} flagged for review "
        f"(burst or shared network), {honest_voided} voided"
    )
    kinds = {}
    for cluster in clusters:
        kinds[cluster.kind] = kinds.get(cluster.kind, 0) + 1
    print(f"clusters: {kinds}")
    print(f"RESULT vote_redteam_bots_caught {bot_share:.4f} target 0.99 {'PASS' if bot_share >= 0.99 else 'MISS'}")
    print(f"RESULT vote_redteam_honest_lost {honest_share:.4f} target 0 {'PASS' if honest_lost == 0 else 'MISS'}")


if __name__ == "__main__":
    main()
