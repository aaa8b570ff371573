"""Reading back the signatures of a PDF with pyHanko: intact, trusted, who signed.

Used by the tests now; the public verification page and ``manage.py verify_pdf`` (issue 17) will
say the same in Vietnamese.
"""

import io
from dataclasses import dataclass

from contest.signing.threads import outside_event_loop


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
