"""Links that leave the site (e-mails, certificates' QR codes) start at settings.PUBLIC_BASE_URL,
never at whatever host a request happened to use or at a hard-coded 127.0.0.1:8000."""

from django.conf import settings


def public_url(path: str) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + path
