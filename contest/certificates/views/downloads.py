"""A unit's certificates in the portal: listed on the entry page, downloaded from private storage.

Only the unit's own representatives get the file; everyone else (another unit, staff, a judge)
gets a 404 and learns nothing, not even that the certificate exists. Staff download from the back
office (contest/backoffice/certificates.py).
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from contest.certificates.enums import CertificateStatus
from contest.certificates.models import Certificate
from contest.core.http import stream_file


@require_safe
@login_required
def download(request, pk):
    certificate = get_object_or_404(Certificate, pk=pk)
    if not request.user.has_perm("certificates.download_own", certificate):
        raise Http404
    # A revoked or replaced certificate is no longer the unit's to hand out.
    if certificate.status != CertificateStatus.VALID or not certificate.pdf:
        raise Http404
    name = certificate.serial.replace("/", "-") + ".pdf"
    return stream_file(certificate.pdf, content_type="application/pdf", filename=name, inline=False)
