"""The PAdES level of a signature, from what the settings make available:

- **B-B**: the signature and the signer's certificate chain; the signing time is the server's word.
- **B-T**: plus a signed timestamp from an RFC 3161 timestamp authority (``SIGNING_TSA_URL``), which
  proves the file existed, signed, at that time (it outlives the signer's certificate).
- **B-LT**: plus the validation data (the chain up to a trusted root and its revocation data: CRLs
  given as files, or fetched from the CA's CRL and OCSP addresses at signing time) embedded in the
  file, so that a reader years later, offline, can still check that the certificate was good.

Pure configuration: no Django; the settings build a ``LevelConfig`` (signers.py).
"""

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LevelConfig:
    tsa_url: str = ""
    tsa_timeout: float = 10.0
    trust_roots: tuple[Path, ...] = ()  # PEM or DER certificates of the roots the chain ends at
    crls: tuple[Path, ...] = ()  # CRL files (PEM or DER), e.g. the dev CA's or a mirrored one
    fetch_revocation: bool = False  # fetch CRLs/OCSP from the addresses in the certificates
    # The organiser allowed it for this batch: an unreachable timestamp authority gives B-B.
    without_timestamp_if_unreachable: bool = False

    @property
    def timestamped(self) -> bool:
        return bool(self.tsa_url)

    @property
    def long_term(self) -> bool:
        """Validation data is embedded: a root to end the chain at, and revocation data."""
        return bool(self.trust_roots) and (bool(self.crls) or self.fetch_revocation)

    @property
    def name(self) -> str:
        if self.timestamped and self.long_term:
            return "PAdES B-LT"
        if self.timestamped:
            return "PAdES B-T"
        return "PAdES B-B"


def _pem_or_der_blocks(data: bytes) -> list[bytes]:
    from asn1crypto import pem

    if pem.detect(data):
        return [der for _type, _headers, der in pem.unarmor(data, multiple=True)]
    return [data]


def load_roots(paths: tuple[Path, ...]) -> list:
    from asn1crypto import x509

    return [x509.Certificate.load(der) for path in paths for der in _pem_or_der_blocks(path.read_bytes())]


def load_crls(paths: tuple[Path, ...]) -> list:
    from asn1crypto import crl

    return [crl.CertificateList.load(der) for path in paths for der in _pem_or_der_blocks(path.read_bytes())]


def validation_context(config: LevelConfig):
    """The pyHanko validation context that gathers the data embedded at B-LT."""
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(
        trust_roots=load_roots(config.trust_roots),
        crls=load_crls(config.crls),
        allow_fetching=config.fetch_revocation,
        # Every certificate must come with its revocation data: B-LT is not B-LT without it.
        revocation_mode="hard-fail",
    )


def timestamper(config: LevelConfig):
    from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

    return RequestsHTTPTimeStamper(config.tsa_url, timeout=config.tsa_timeout)
