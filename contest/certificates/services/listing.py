"""What a unit is shown of its certificates (the portal's entry page)."""

from contest.certificates.enums import CertificateStatus

# Pending rows are not issued yet; the other states are shown, so a unit sees a revocation.
SHOWN = (CertificateStatus.VALID, CertificateStatus.REVOKED, CertificateStatus.REPLACED)


def certificates_of(entry) -> list:
    """The entry's issued certificates, revoked and replaced ones included, by number and edition."""
    return list(entry.certificates.filter(status__in=SHOWN).order_by("number", "edition"))
