"""Reading back the signatures of a PDF with pyHanko: intact, trusted, who signed, when.

``inspect`` is what the public verification page and ``manage.py verify_pdf`` report (explain.py
says it in Vietnamese); ``signatures`` is the short form the signing tests check. Pure: no Django.
"""

import datetime as dt
import hashlib
import io
import logging
from dataclasses import dataclass

from contest.signing.threads import outside_event_loop

logger = logging.getLogger(__name__)
# pyHanko logs a warning with a traceback for every signer whose chain ends at no trusted root: on
# a public page where anyone uploads anything, that is the answer ("not trusted"), not an incident.
logging.getLogger("pyhanko.sign.validation.generic_cms").setLevel(logging.ERROR)
# Likewise the difference analysis, which logs every unexplained change appended after a signature.
logging.getLogger("pyhanko.sign.diff_analysis").setLevel(logging.ERROR)


@dataclass(frozen=True)
class SignatureReport:
    intact: bool  # the signed bytes hash to what the signature says (no byte changed)
    valid: bool  # the signature itself checks against the signer's public key
    trusted: bool  # the signer's certificate chains to one of the given trust roots
    covers_whole_file: bool  # nothing was appended after signing
    signer_subject: str


def signatures(pdf: bytes, *, trust_roots_pem: tuple[bytes, ...] = ()) -> list[SignatureReport]:
    """One report per embedded signature, in file order."""
    # pyHanko and its validator load only when a file is checked.
    from asn1crypto import pem, x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    roots = [x509.Certificate.load(pem.unarmor(item)[2]) for item in trust_roots_pem]
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    reports = []
    for embedded in reader.embedded_signatures:
        status = outside_event_loop(validate_pdf_signature, embedded, ValidationContext(trust_roots=roots))
        reports.append(
            SignatureReport(
                intact=status.intact,
                valid=status.valid,
                trusted=status.trusted,
                covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
                signer_subject=status.signing_cert.subject.human_friendly,
            )
        )
    return reports


# What a reader of the verification page or of ``manage.py verify_pdf`` is told about a file:
# every fact pyHanko establishes, in plain data (explain.py puts it into Vietnamese).
PDF_MAGIC = b"%PDF-"
# A PDF may start with a little junk before its header (PDF 1.7, annex H): readers look this far.
HEADER_WINDOW = 1024


@dataclass(frozen=True)
class CertificateFacts:
    subject: str  # the certificate's common name (a person, or the organisation for a seal)
    organisation: str
    subject_full: str
    issuer: str
    not_before: dt.datetime
    not_after: dt.datetime
    serial: str  # hexadecimal

    def valid_at(self, moment: dt.datetime) -> bool:
        return self.not_before <= moment <= self.not_after


@dataclass(frozen=True)
class TimestampFacts:
    time: dt.datetime
    authority: str
    intact: bool
    valid: bool
    trusted: bool


@dataclass(frozen=True)
class SignatureFacts:
    field: str
    intact: bool  # the signed bytes hash to what the signature holds: no byte changed since
    valid: bool  # the signature checks against the signer's public key
    trusted: bool  # the signer's certificate chains to one of the trust roots given
    covers_whole_file: bool  # nothing was appended after this signature
    later_changes_allowed: bool  # what was appended is only what a later signature adds
    signer: CertificateFacts
    signing_time: dt.datetime | None  # the time the signer's computer claims
    timestamp: TimestampFacts | None  # a timestamp authority's signed time, if any
    level: str  # "PAdES B-B", "PAdES B-T", "PAdES B-LT" or "CMS" (not PAdES)

    @property
    def altered(self) -> bool:
        return not (self.intact and self.valid)


@dataclass(frozen=True)
class PdfInspection:
    """``problem`` is "" for a PDF that could be read, else one of PROBLEMS."""

    sha256: str
    size: int
    problem: str = ""
    signatures: tuple[SignatureFacts, ...] = ()


PROBLEMS = ("empty", "not_pdf", "encrypted", "unreadable")


def _name_part(name, key: str) -> str:
    value = name.native.get(key, "")
    return value[-1] if isinstance(value, list) else str(value or "")


def _certificate_facts(certificate) -> CertificateFacts:
    validity = certificate["tbs_certificate"]["validity"]
    return CertificateFacts(
        subject=_name_part(certificate.subject, "common_name") or certificate.subject.human_friendly,
        organisation=_name_part(certificate.subject, "organization_name"),
        subject_full=certificate.subject.human_friendly,
        issuer=_name_part(certificate.issuer, "common_name") or certificate.issuer.human_friendly,
        not_before=validity["not_before"].native,
        not_after=validity["not_after"].native,
        serial=format(certificate.serial_number, "X"),
    )


def _timestamp_facts(status) -> TimestampFacts | None:
    if status is None:
        return None
    return TimestampFacts(
        time=status.timestamp,
        authority=_certificate_facts(status.signing_cert).subject,
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted,
    )


def _level(embedded, status) -> str:
    # pyHanko loads only when a PDF is checked, not in every web process that imports the views.
    from pyhanko.sign.fields import SigSeedSubFilter

    sub_filter = embedded.sig_object.get("/SubFilter")
    if sub_filter != SigSeedSubFilter.PADES.value:
        return "CMS"
    if status.timestamp_validity is None:
        return "PAdES B-B"
    # Validation data in the document security store: the long-term level.
    return "PAdES B-LT" if embedded.reader.root.get("/DSS") is not None else "PAdES B-T"


def _signature_facts(embedded, roots) -> SignatureFacts:
    # pyHanko loads only when a PDF is checked, not in every web process that imports the views.
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import ModificationLevel, SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    # Offline: the page must not reach out to CAs' servers because of a file someone uploaded.
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    status = outside_event_loop(validate_pdf_signature, embedded, context)
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    level = status.modification_level
    return SignatureFacts(
        field=embedded.field_name,
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted,
        covers_whole_file=whole,
        later_changes_allowed=whole
        or (level is not None and level in (ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING)),
        signer=_certificate_facts(status.signing_cert),
        signing_time=status.signer_reported_dt,
        timestamp=_timestamp_facts(status.timestamp_validity),
        level=_level(embedded, status),
    )


def inspect(pdf: bytes, *, trust_roots_pem: tuple[bytes, ...] = ()) -> PdfInspection:
    """What can be said of ``pdf``: its SHA-256 and each signature's facts. Never raises on a bad
    file (truncated, garbage, encrypted, hostile): the ``problem`` says why nothing more was read."""
    digest, size = hashlib.sha256(pdf).hexdigest(), len(pdf)
    if not pdf:
        return PdfInspection(sha256=digest, size=size, problem="empty")
    if PDF_MAGIC not in pdf[:HEADER_WINDOW]:
        return PdfInspection(sha256=digest, size=size, problem="not_pdf")
    # asn1crypto and pyHanko only once the file looks like a PDF (see _level).
    from asn1crypto import pem, x509
    from pyhanko.pdf_utils.reader import PdfFileReader

    roots = [x509.Certificate.load(pem.unarmor(item)[2]) for item in trust_roots_pem]
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        if reader.encrypted:
            return PdfInspection(sha256=digest, size=size, problem="encrypted")
        found = tuple(_signature_facts(embedded, roots) for embedded in reader.embedded_signatures)
    except Exception:  # noqa: BLE001 - any file a stranger uploads: a parser error is "unreadable"
        logger.info("PDF of %s bytes could not be read for verification", size, exc_info=True)
        return PdfInspection(sha256=digest, size=size, problem="unreadable")
    return PdfInspection(sha256=digest, size=size, signatures=found)
