"""One PAdES signature appended to a PDF with pyHanko, shared by every signer backend (a PKCS#12
file, a PKCS#11 token, a remote service): the backends differ in where the key is, never in what
the signed file looks like.

The signature is an incremental update: the signed bytes are exactly what was rendered, so the
signature covers everything a reader sees. With an :class:`~contest.signing.appearance.Appearance`
the field is visible at the signer's place (Decree 30); without one it is invisible.
"""

import io
import math

from contest.signing.appearance import Appearance, stamp_style
from contest.signing.threads import outside_event_loop

FIELD_NAME = "ChuKySo"


def sign_pdf(pdf: bytes, *, signer, appearance: Appearance | None = None, timestamper=None) -> bytes:
    """``pdf`` signed by the pyHanko ``signer`` (PAdES B-B, or B-T with a ``timestamper``)."""
    # pyHanko loads when a file is signed, not in every process that imports this module.
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        # The chain travels in the signature, so a reader that trusts the CA needs nothing else.
        embed_validation_info=False,
    )
    options = {"timestamper": timestamper}
    if appearance is not None:
        left, bottom, right, top = appearance.place.box
        # Whole points, outward: pyHanko's layout wants integers, and a rounded-in box could clip.
        box = (math.floor(left), math.floor(bottom), math.ceil(right), math.ceil(top))
        options["new_field_spec"] = fields.SigFieldSpec(FIELD_NAME, on_page=appearance.place.page, box=box)
        options["stamp_style"] = stamp_style(appearance)
    pdf_signer = signers.PdfSigner(metadata, signer=signer, **options)
    return outside_event_loop(pdf_signer.sign_pdf, writer).getvalue()
