"""The public page a receipt's QR code opens: is this Giấy biên nhận genuine?

Found only through the signed token the QR carries (contest/dossiers/receipt.py), never by a
guessable number; it shows what the paper itself shows, nothing more (no file, no contact).
"""

from django.http import Http404
from django.shortcuts import render

from contest.dossiers import receipt
from contest.dossiers.models import Entry


def receipt_check(request, token):
    code = receipt.receipt_code_of(token)
    if code is None:
        raise Http404
    entry = Entry.objects.select_related("contest", "unit", "field").filter(receipt_code=code).first()
    if entry is None:
        raise Http404
    return render(
        request,
        "contest/dossiers/public/receipt_check.html",
        {"entry": entry, "received_on": receipt.received_on(entry), "items": len(receipt.items(entry))},
    )
