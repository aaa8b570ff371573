"""Checking a PDF someone holds: its signatures (validation.py) and whether it is a file this app
issued, by its SHA-256 against the stored rows (the signed file is what was stored and hashed).
Read-only; used by the public page (contest/signing/views.py) and ``manage.py verify_pdf``."""

import logging
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from contest.certificates.enums import CertificateStatus
from contest.certificates.models import Certificate
from contest.signing import explain, validation

logger = logging.getLogger(__name__)


def trust_roots_pem() -> tuple[bytes, ...]:
    """The certification authorities this installation trusts (``SIGNING_TRUST_ROOTS``: PEM files,
    comma-separated; the licensed CAs' roots, or the development CA on a demo)."""
    roots = []
    for name in (part.strip() for part in settings.SIGNING_TRUST_ROOTS.split(",")):
        if not name:
            continue
        try:
            roots.append(Path(name).read_bytes())
        except OSError:
            logger.warning("Trust root %s could not be read; signatures are checked without it", name)
    return tuple(roots)


def _certificate_matches(sha256: str) -> list[explain.Match]:
    found = Certificate.objects.filter(sha256=sha256).order_by("pk")
    return [
        explain.Match(
            title=_("Giấy chứng nhận số %(serial)s cấp cho %(holder)s")
            % {
                "serial": certificate.serial,
                "holder": certificate.holder_name,
            },
            state=str(certificate.get_status_display()),
            url=reverse("certificate-verify", args=[certificate.token]),
            current=certificate.status == CertificateStatus.VALID,
        )
        for certificate in found
    ]


def issued_matches(sha256: str) -> list[explain.Match]:
    """The issued documents whose stored file is exactly this one."""
    return _certificate_matches(sha256)


def check(content: bytes) -> explain.Explanation:
    """The plain-Vietnamese report on ``content``; never raises on a bad file."""
    inspection = validation.inspect(content, trust_roots_pem=trust_roots_pem())
    matches = [] if inspection.problem else issued_matches(inspection.sha256)
    return explain.explain(inspection, matches)
