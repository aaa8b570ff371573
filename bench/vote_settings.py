"""Settings of the public-vote benchmark: the test settings, the bench's URLs. Rate limits off (200
clients share one loopback address; the limits are tested in tests/voting/), unless the bench runs
with ``--cache`` (VOTE_BENCH_RATELIMIT=1): then they count for real in that shared cache (CACHE_URL,
read by config/settings/base.py), each client with its own forwarded address."""

import os

from config.settings.test import *  # noqa: F403

ROOT_URLCONF = "bench.vote_urls"
RATELIMIT_ENABLE = os.environ.get("VOTE_BENCH_RATELIMIT") == "1"
DEBUG = False
