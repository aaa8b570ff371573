"""Settings shared by every environment.

Environment-specific modules (dev, test, production) import from here and override only what
differs. Nothing secret lives in this file: production reads secrets from the environment.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.settings import object_storage, public_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "contest",
    "cms",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    # Wagtail's user admin with our account fields (contest/backoffice/users.py).
    "contest.core.backoffice.apps.WagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "import_export",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "django_ratelimit",
    "django_tasks",
    "django_tasks_db",
    "django_prometheus",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # Counts every request and times it (Prometheus, contest/core/metrics.py); its twin is last.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # A request id for every log line of the request, and in the X-Request-ID response header.
    "log_request_id.middleware.RequestIDMiddleware",
    # /healthz, /readyz, /metrics: before the host check and the HTTPS redirect (contest/core/views/operations.py).
    "contest.core.views.operations.OperationsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy on every page (django-csp; settings below).
    "contest.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "contest.core.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Logged-in users' pages are never stored by a cache (contest/core/middleware.py).
    "contest.core.middleware.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Anonymous visitors' public pages from the cache, before Wagtail routes them (cms/caching.py).
    "cms.caching.PageCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Turns django-ratelimit's refusal into RATELIMIT_VIEW's 429 page.
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, so that it sees the final outcome of authentication attempts.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# SQLite is the default so that a fresh machine needs no database server; CI and production set
# DATABASE_URL (postgres://…). ATOMIC_REQUESTS is deliberately off: services own transactions.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server and the task worker share the file safely.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "contest.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home-redirect"
LOGOUT_REDIRECT_URL = "login"

# Vietnamese first; English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# locale_libraries/ completes and corrects Wagtail's and Django's own Vietnamese
# (scripts/library_catalogue.py).
# It comes second so that makemessages keeps writing our msgids to locale/ (its first entry); it
# still wins over the libraries' catalogues, which LOCALE_PATHS always do.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_libraries"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Public uploads (Wagtail images and documents published on the site).
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Dossier attachments: never under MEDIA_URL; streamed by a view that checks permission.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))

# Digital signatures on issued PDFs (contest/signing, docs/operations.md "Ký số"). Which key signs:
# SIGNING_KEY_BACKEND = pkcs12 | pkcs11 | remote; unset means pkcs12 when SIGNING_PKCS12_PATH is set,
# else no signing (documents are stored unsigned). `manage.py make_signing_cert` makes a
# development key under SIGNING_DEV_DIR (never committed: var/ is ignored).
SIGNING_KEY_BACKEND = os.environ.get("SIGNING_KEY_BACKEND", "")
SIGNING_PKCS12_PATH = os.environ.get("SIGNING_PKCS12_PATH", "")
SIGNING_PKCS12_PASSPHRASE = os.environ.get("SIGNING_PKCS12_PASSPHRASE", "")
SIGNING_DEV_DIR = Path(os.environ.get("SIGNING_DEV_DIR", BASE_DIR / "var" / "signing"))
# A token or HSM through its vendor's PKCS#11 module. The token by label (or slot index), the key
# (and its certificate, when labelled differently) by label. No PIN here: the organiser enters it
# for each batch, and it is held only while the batch runs (contest/signing/batch_pins.py).
SIGNING_PKCS11_MODULE = os.environ.get("SIGNING_PKCS11_MODULE", "")
SIGNING_PKCS11_TOKEN_LABEL = os.environ.get("SIGNING_PKCS11_TOKEN_LABEL", "")
SIGNING_PKCS11_SLOT = os.environ.get("SIGNING_PKCS11_SLOT", "")
SIGNING_PKCS11_KEY_LABEL = os.environ.get("SIGNING_PKCS11_KEY_LABEL", "")
SIGNING_PKCS11_CERT_LABEL = os.environ.get("SIGNING_PKCS11_CERT_LABEL", "")
SIGNING_PKCS11_PIN = os.environ.get("SIGNING_PKCS11_PIN", "")
# A remote-signing service (contest/signing/remote_key.py; the HTTP contract in docs/operations.md):
# its base address and the bearer token it issued; how long a signature may wait for approval.
SIGNING_REMOTE_URL = os.environ.get("SIGNING_REMOTE_URL", "")
SIGNING_REMOTE_TOKEN = os.environ.get("SIGNING_REMOTE_TOKEN", "")
SIGNING_REMOTE_TIMEOUT = float(os.environ.get("SIGNING_REMOTE_TIMEOUT", "15"))
SIGNING_REMOTE_APPROVAL_WAIT = float(os.environ.get("SIGNING_REMOTE_APPROVAL_WAIT", "120"))
# The level (contest/signing/levels.py): B-T with an RFC 3161 timestamp authority; B-LT when the
# roots (PEM files, comma-separated) and revocation data (CRL files, or fetching) are available.
SIGNING_TSA_URL = os.environ.get("SIGNING_TSA_URL", "")
SIGNING_TSA_TIMEOUT = float(os.environ.get("SIGNING_TSA_TIMEOUT", "10"))
SIGNING_TRUST_ROOTS = os.environ.get("SIGNING_TRUST_ROOTS", "")
SIGNING_CRLS = os.environ.get("SIGNING_CRLS", "")
SIGNING_FETCH_REVOCATION = os.environ.get("SIGNING_FETCH_REVOCATION", "").lower() in ("1", "true", "yes")

# The local disk, or an S3-compatible bucket when S3_BUCKET is set (config/settings/object_storage.py
# lists the variables; docs/operations.md, "Lưu trữ đối tượng / Object storage").
STORAGES = object_storage.storages(
    os.environ,
    private_root=PRIVATE_MEDIA_ROOT,
    staticfiles="django.contrib.staticfiles.storage.StaticFilesStorage",
)

# Uploads larger than this go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Hard ceiling for one request body (a video upload); per-contest limits are stricter.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

WAGTAIL_SITE_NAME = "Dân vận khéo"
# Links that leave the site (e-mails, QR codes): see config/settings/public_url.py. dev.py and
# production.py derive it when the environment does not set it.
PUBLIC_BASE_URL = public_url.explicit(os.environ) or "http://127.0.0.1:8000"
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt"]
WAGTAIL_I18N_ENABLED = False
# Wagtail's own pickers (the page schedule) write day-first dates like every other date input
# (our model forms use contest.core.forms' text input instead, see contest/core/backoffice/dates.py).
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
# Page addresses in plain ASCII ("/mo-hinh/bua-com-nghia-tinh/"): they survive being pasted into
# Zalo, e-mail and printed documents, where percent-encoded Vietnamese does not.
WAGTAIL_ALLOW_UNICODE_SLUGS = False

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Ban To chuc Dan van kheo <no-reply@localhost>")

# The visitor's address (contest/core/http.py), one rule for the lockout, the rate limits and
# every recorded address: requests from these proxies (addresses or networks) carry the visitor's
# address as the last X-Forwarded-For entry; CLIENT_IP_PROXY_COUNT proxies in a row (nginx alone:
# 1; a load balancer in front of nginx: 2, with its address listed here too).
CLIENT_IP_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("TRUSTED_PROXIES", "127.0.0.1,::1").split(",") if p.strip()
]
CLIENT_IP_PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "1"))

# django-axes: lock an account+IP after repeated failures (brute force), for one hour. Keyed by
# username and address together, so failures from one place never lock the owner out elsewhere.
AXES_FAILURE_LIMIT = 8
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "contest.core.http.client_ip"

# django-ratelimit (public certificate verification, password reset) counts in the default cache,
# which must be shared by every gunicorn worker (docs/operations.md): CACHE_URL=redis://… (needs
# the redis package) or CACHE_URL=db, the database (its table comes with `migrate`; counters are
# locked while they change: contest/core/cache.py). Without it, Django's per-process local memory
# cache: right for one dev server and the tests; production falls back to the database instead.
DATABASE_CACHE = {
    "BACKEND": "contest.core.cache.SharedDatabaseCache",
    "LOCATION": "dvk_cache",
    # Django's default (300 entries) would cull rate-limit counters as soon as pages are cached.
    "OPTIONS": {"MAX_ENTRIES": 50_000},
}
_cache_url = os.environ.get("CACHE_URL", "")
if _cache_url.startswith(("redis://", "rediss://")):
    # Django's own Redis backend (redis-py). Short socket timeouts: a Redis that stops answering
    # makes requests fail in seconds (and /readyz say so) instead of hanging every worker.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
            # Two installations (or a test run beside the real one) sharing a Redis keep apart.
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "dvk"),
        }
    }
elif _cache_url == "db":
    CACHES = {"default": DATABASE_CACHE}
elif _cache_url:
    raise ImproperlyConfigured("CACHE_URL must be redis://host:port/db or db.")
# The PIN an organiser enters for a batch signed on a token, encrypted, for the batch's lifetime
# (contest/signing/batch_pins.py): a cache the web process and the worker share, even in development.
SIGNING_PIN_CACHE = CACHES["default"] if _cache_url.startswith(("redis://", "rediss://")) else DATABASE_CACHE
SIGNING_PIN_HOURS = float(os.environ.get("SIGNING_PIN_HOURS", "12"))
# Anonymous visitors get public pages from the cache (cms/caching.py), dropped on every publish.
CMS_CACHE_SECONDS = int(os.environ.get("CMS_CACHE_SECONDS", "300"))
RATELIMIT_VIEW = "contest.core.http.too_many_requests"
# How stale the public live page of a Hội thi day may be, in seconds (contest/stage/views.py).
STAGE_LIVE_VERSION_SECONDS = 0.5
# Proof-of-work challenges of public forms (contest/core/challenge.py). The key (ALTCHA_HMAC_KEY) is
# set per environment, derived from SECRET_KEY unless given. A used challenge is remembered in the
# default cache until it expires, so the cache must be shared by the workers (as for rate limits).
# The difficulty: how far a visitor's browser may have to count (about a second on a cheap phone).
ALTCHA_MAX_NUMBER = int(os.environ.get("ALTCHA_MAX_NUMBER", "100000"))
# Password reset e-mails (contest/core/views/accounts.py): past either limit nothing is sent and
# the page says what it always says.
PASSWORD_RESET_RATE_PER_ADDRESS = os.environ.get("PASSWORD_RESET_RATE_PER_ADDRESS", "3/h")
PASSWORD_RESET_RATE_PER_VISITOR = os.environ.get("PASSWORD_RESET_RATE_PER_VISITOR", "10/h")
RATELIMIT_IP_META_KEY = "contest.core.http.client_ip"
# The public vote (contest/voting, docs/huong-dan-binh-chon.md): one-time codes and their limits.
# The identity hash's key: set VOTE_IDENTITY_SECRET once and never change it during a vote (a new key
# makes every voter new again); without it a key derived from SECRET_KEY is used.
VOTE_IDENTITY_SECRET = os.environ.get("VOTE_IDENTITY_SECRET", "")
VOTE_CODE_MINUTES = int(os.environ.get("VOTE_CODE_MINUTES", "10"))
VOTE_CODE_ATTEMPTS = int(os.environ.get("VOTE_CODE_ATTEMPTS", "5"))
# Unconfirmed codes sent to one address (counted in the database, so also without a shared cache).
VOTE_CODES_PER_IDENTITY_HOUR = int(os.environ.get("VOTE_CODES_PER_IDENTITY_HOUR", "3"))
VOTE_CODES_PER_IDENTITY_DAY = int(os.environ.get("VOTE_CODES_PER_IDENTITY_DAY", "10"))
# Per browser (the device cookie) and per address: an office or a school shares one address.
VOTE_CODE_RATE_PER_DEVICE = os.environ.get("VOTE_CODE_RATE_PER_DEVICE", "10/h")
VOTE_CONFIRM_RATE_PER_IP = os.environ.get("VOTE_CONFIRM_RATE_PER_IP", "30/m")
# Escalation per hour of code requests (contest/voting/escalation.py): "harder,login,refuse" —
# from the first count a harder challenge, from the second a signed-in account, from the third no
# more codes. A shared office address is slowed, not shut out, long before the refusal.
VOTE_ESCALATION_IP = os.environ.get("VOTE_ESCALATION_IP", "30,60,300")
VOTE_ESCALATION_DEVICE = os.environ.get("VOTE_ESCALATION_DEVICE", "3,6,10")
# One-time codes by phone (contest/voting/gateways, docs/operations.md "Tin nhắn mã xác nhận"): the
# gateway class (empty: no phone codes; ConsoleGateway in development), its provider's address,
# token, registered template and brandname, how long to wait for it, and what one message costs
# (đồng, counted per round and day for the organisers). A round's own daily quota is its setting.
VOTE_PHONE_GATEWAY = os.environ.get("VOTE_PHONE_GATEWAY", "")
VOTE_PHONE_GATEWAY_URL = os.environ.get("VOTE_PHONE_GATEWAY_URL", "")
VOTE_PHONE_GATEWAY_TOKEN = os.environ.get("VOTE_PHONE_GATEWAY_TOKEN", "")
VOTE_PHONE_TEMPLATE_ID = os.environ.get("VOTE_PHONE_TEMPLATE_ID", "")
VOTE_PHONE_BRANDNAME = os.environ.get("VOTE_PHONE_BRANDNAME", "")
VOTE_PHONE_GATEWAY_TIMEOUT = float(os.environ.get("VOTE_PHONE_GATEWAY_TIMEOUT", "5"))
VOTE_PHONE_MESSAGE_COST = int(os.environ.get("VOTE_PHONE_MESSAGE_COST", "0"))
# The provider's result codes for "this number cannot receive it" and "the account's quota is used
# up", comma-separated, when they differ from the gateway's defaults (contest/voting/gateways/http.py).
VOTE_PHONE_BAD_NUMBER_CODES = os.environ.get("VOTE_PHONE_BAD_NUMBER_CODES", "")
VOTE_PHONE_QUOTA_CODES = os.environ.get("VOTE_PHONE_QUOTA_CODES", "")
# Personal data of the vote log (address prefix, device, browser) is erased this many days after
# the vote closes (manage.py purge_vote_data).
VOTE_RETENTION_DAYS = int(os.environ.get("VOTE_RETENTION_DAYS", "90"))
SILENCED_SYSTEM_CHECKS = [
    # "Not officially supported": django-ratelimit lists only django-redis and memcached, but
    # Django's own Redis backend increments atomically, and so does SharedDatabaseCache.
    "django_ratelimit.W001",
]

IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# Content-Security-Policy (django-csp): scripts, styles, fonts and images from our own origin only,
# no inline code (templates use static/js and static/css; data goes through data-* attributes or
# json_script), nothing may frame our pages. The back office's exceptions and responses with a
# policy of their own (private files: sandbox): contest/core/middleware.py.
# Video players the public site embeds (Wagtail embeds): CSP_FRAME_SOURCES=https://… in the env.
CSP_FRAME_SOURCES = os.environ.get(
    "CSP_FRAME_SOURCES",
    "https://www.youtube.com,https://www.youtube-nocookie.com,https://www.facebook.com,https://player.vimeo.com",
).split(",")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "frame-src": [SELF, *[s.strip() for s in CSP_FRAME_SOURCES if s.strip()]],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# No third-party avatars in the back office (privacy, and the servers may have no Internet).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor a call to Wagtail's release feed from every organiser's browser.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Nor its "what's new" banner, which links to its English editor guide (contest/core/backoffice/chrome.py).
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

SESSION_COOKIE_HTTPONLY = True
# A form refused for its CSRF token: a Vietnamese page in the site's style (templates/403_csrf.html).
CSRF_FAILURE_VIEW = "contest.core.views.errors.csrf_failure"
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Logs go to the standard error (journald on a server). LOG_FORMAT=json writes one JSON object per
# line (python-json-logger) for a log collector; either way every line of a request carries its
# request id (django-log-request-id): the X-Request-ID header nginx sets ($request_id), else a new
# one, sent back in the response's X-Request-ID so a user's report can be found in the logs.
LOG_REQUEST_ID_HEADER = "HTTP_X_REQUEST_ID"
GENERATE_REQUEST_ID_IF_NOT_IN_HEADER = True
REQUEST_ID_RESPONSE_HEADER = "X-Request-ID"
NO_REQUEST_ID = "-"
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured("LOG_FORMAT must be text or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "log_request_id.filters.RequestIDFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(process)d",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# /readyz (contest/core/services/health.py): the worker's heartbeat must be younger than this to
# count as "ok" (a heartbeat every WORKER_HEARTBEAT_SECONDS; five minutes rides out a worker's
# restart and a long PDF). Required for readiness only with READYZ_WORKER_REQUIRED=true.
READYZ_WORKER_MAX_AGE_SECONDS = float(os.environ.get("READYZ_WORKER_MAX_AGE_SECONDS", "300"))
READYZ_WORKER_REQUIRED = os.environ.get("READYZ_WORKER_REQUIRED", "false").lower() == "true"
# /metrics (Prometheus): visitors' addresses (contest/core/http.py: behind trusted proxies, the real
# one) or networks allowed to scrape, and/or a bearer token. Anyone else gets a 404.
METRICS_ALLOWED_IPS = [
    item.strip() for item in os.environ.get("METRICS_ALLOWED_IPS", "127.0.0.1,::1").split(",") if item.strip()
]
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")

# Background workers (contest/core/services/workers.py): each `db_worker` refreshes a heartbeat
# every WORKER_HEARTBEAT_SECONDS; a RUNNING job that no heartbeat younger than WORKER_LEASE_SECONDS
# claims was left by a dead worker and is queued again, at most WORKER_MAX_ATTEMPTS times.
WORKER_HEARTBEAT_SECONDS = float(os.environ.get("WORKER_HEARTBEAT_SECONDS", "10"))
WORKER_LEASE_SECONDS = float(os.environ.get("WORKER_LEASE_SECONDS", "60"))
WORKER_MAX_ATTEMPTS = int(os.environ.get("WORKER_MAX_ATTEMPTS", "5"))
# Certificates rendered per transaction by the batch job (contest/certificates/services/production.py).
CERTIFICATE_CHUNK = int(os.environ.get("CERTIFICATE_CHUNK", "50"))
# How many jobs (so workers, if that many run) share one batch's chunks: set it to the number of
# db_worker processes (docs/operations.md "Several machines"); extra jobs find nothing and end.
CERTIFICATE_JOBS = int(os.environ.get("CERTIFICATE_JOBS", "2"))
# Where Django writes uploads larger than FILE_UPLOAD_MAX_MEMORY_SIZE while they arrive (None: the
# system's temporary folder). A worker killed mid-upload leaves its file there; `manage.py
# sweep_orphans` removes such leftovers (docs/operations.md).
FILE_UPLOAD_TEMP_DIR = os.environ.get("FILE_UPLOAD_TEMP_DIR") or None
# A file whose row was deleted or replaced is kept this long before `sweep_orphans` deletes it,
# so that a backup running meanwhile still finds every file its database dump names.
FILE_RETENTION_HOURS = float(os.environ.get("FILE_RETENTION_HOURS", "48"))
