"""Settings of the public-vote benchmark: the test settings, the bench's URLs, no rate limit (200
clients share one loopback address; the limits are tested in tests/voting/)."""

from config.settings.test import *  # noqa: F403

ROOT_URLCONF = "bench.vote_urls"
RATELIMIT_ENABLE = False
DEBUG = False
