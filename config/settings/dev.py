"""Local development: debug on, e-mails printed to the console (one line each), a throw-away secret."""

from config.settings import derived_keys, public_url

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405
ALTCHA_HMAC_KEY = derived_keys.altcha_key(os.environ, SECRET_KEY)  # noqa: F405
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]  # noqa: F405
# One line per e-mail (recipients, subject, links) and per finished job: contest/core/devconsole.py.
EMAIL_BACKEND = "contest.core.devconsole.OneLineEmailBackend"
# Phone codes of the public vote printed on the console too (one line each), unless a real gateway is set.
VOTE_PHONE_GATEWAY = VOTE_PHONE_GATEWAY or "contest.voting.gateways.console.ConsoleGateway"  # noqa: F405
LOGGING = {
    **LOGGING,  # noqa: F405
    "filters": {**LOGGING["filters"], "job_lines": {"()": "contest.core.devconsole.JobLines"}},  # noqa: F405
    "loggers": {"django_tasks": {"filters": ["job_lines"]}},
}
# The host and port `make run` serves on (HOST=0.0.0.0 PORT=8103 make run → http://127.0.0.1:8103).
PUBLIC_BASE_URL = WAGTAILADMIN_BASE_URL = public_url.for_development(os.environ)  # noqa: F405
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# One dev server: the per-process memory cache is shared by everything that counts (django-ratelimit
# calls it "not shared"; production never uses it, see production.py).
if "CACHES" not in globals():
    SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "django_ratelimit.E003"]  # noqa: F405
