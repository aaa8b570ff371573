"""Test settings: fast hashing, in-memory mail, tasks run immediately, files in a temp dir."""

import os
import tempfile

from config.settings import derived_keys, object_storage

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"
ALTCHA_HMAC_KEY = derived_keys.altcha_key({}, SECRET_KEY)
# An easy proof of work: the tests solve challenges in Python (tests/challenge.py).
ALTCHA_MAX_NUMBER = 2_000
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Phone codes kept in memory (MemoryGateway.outbox); the HTTP gateways are tested against a fake provider.
VOTE_PHONE_GATEWAY = "contest.voting.gateways.memory.MemoryGateway"
VOTE_PHONE_MESSAGE_COST = 700
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# A worker process started by a test (tests/processes.py) shares its parent's folders.
_tmp = Path(os.environ.get("DVK_TEST_ROOT") or tempfile.mkdtemp(prefix="dvk-test-"))  # noqa: F405
MEDIA_ROOT = _tmp / "media"
PRIVATE_MEDIA_ROOT = _tmp / "private"
if STORAGES["private"]["BACKEND"] == object_storage.FILESYSTEM_PRIVATE:  # noqa: F405
    STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405
FILE_UPLOAD_TEMP_DIR = _tmp / "uploads"
FILE_UPLOAD_TEMP_DIR.mkdir(exist_ok=True)
AXES_ENABLED = False
# Unsigned unless a test configures a key (a developer's environment must not sign every test).
SIGNING_KEY_BACKEND = SIGNING_PKCS12_PATH = SIGNING_PKCS11_PIN = SIGNING_TSA_URL = ""
SIGNING_TRUST_ROOTS = SIGNING_CRLS = SIGNING_REMOTE_URL = SIGNING_REMOTE_TOKEN = ""
SIGNING_FETCH_REVOCATION = False
SIGNING_DEV_DIR = _tmp / "signing"
PUBLIC_BASE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"
# Serve static files straight from the finders: no collectstatic needed before tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Tests share one process cache across databases: page caching is off except where a test turns it on.
CMS_CACHE_SECONDS = 0
# Round ids repeat between tests: the live page reads its programme afresh (a test turns it on).
STAGE_LIVE_VERSION_SECONDS = 0
# No network in tests: video embeds render their plain link instead of asking YouTube.
WAGTAILEMBEDS_FINDERS = []
# One test process: the per-process memory cache is shared by everything that counts (django-ratelimit
# calls it "not shared"; production never uses it, see production.py).
if "CACHES" not in globals():
    SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "django_ratelimit.E003"]  # noqa: F405
