"""Settings of the public-site benchmark: the test settings, but with the page cache as the
environment says and one media folder shared by the builder and the gunicorn workers."""

import os
from pathlib import Path

from config.settings.test import *  # noqa: F403

CMS_CACHE_SECONDS = int(os.environ.get("BENCH_CMS_CACHE_SECONDS", "300"))
ROOT_URLCONF = "bench.site_urls"
MEDIA_ROOT = Path(os.environ["BENCH_MEDIA_ROOT"])
DEBUG = False
# What production has (the test settings turn it off): the public live page of a Hội thi day.
STAGE_LIVE_VERSION_SECONDS = float(os.environ.get("BENCH_STAGE_LIVE_VERSION_SECONDS", "0.5"))
