"""Production: everything secret or host-specific comes from the environment.

Refuses to start without SECRET_KEY and ALLOWED_HOSTS, so a mis-deployed server fails loudly
instead of running with a guessable key.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from config.settings import derived_keys, public_url

from .base import *  # noqa: F403

if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")
ALTCHA_HMAC_KEY = derived_keys.altcha_key(os.environ, SECRET_KEY)  # noqa: F405
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the environment for production.")

PUBLIC_BASE_URL = public_url.for_production(os.environ, ALLOWED_HOSTS)  # noqa: F405
if not PUBLIC_BASE_URL:
    raise ImproperlyConfigured(
        "PUBLIC_BASE_URL must be set in the environment for production (e.g. https://dvk.example.vn): "
        "ALLOWED_HOSTS names no single host to link to."
    )
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL

DEBUG = False
# Rate limits and the page cache must be shared by every gunicorn worker: without CACHE_URL,
# the database (never the per-process memory cache, which would multiply every limit).
if not os.environ.get("CACHE_URL"):
    CACHES = {"default": DATABASE_CACHE}  # noqa: F405
CSRF_TRUSTED_ORIGINS = [
    o
    for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",")
    if o  # noqa: F405
]
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Nothing of ours is framed; Wagtail's preview views set SAMEORIGIN on themselves.
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")  # noqa: F405
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))  # noqa: F405
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")  # noqa: F405
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")  # noqa: F405
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "false").lower() == "true"  # noqa: F405
