"""Pictures of every printed document, as a civil servant sees them (docs/screenshots/140–159).

Run on the demo data (make run, or migrate + seed_demo):
    .venv/bin/python manage.py shell < scripts/document_screenshots.py
Each document is rendered as the app renders it and turned into PNG pages with pdftoppm.
"""

import io
import subprocess
import tempfile
from pathlib import Path

from pypdf import PdfReader

from contest.certificates.models import Certificate, CertificateTemplate
from contest.certificates.numbering import serial_text
from contest.certificates.rendering import render_certificates
from contest.certificates.services.issuing import awards_of, holder_of
from contest.core.models import Contest
from contest.demo.finished import FINISHED_SLUG
from contest.dossiers.models import Entry
from contest.dossiers.receipt import receipt_pdf
from contest.judging.models import JuryMembership
from contest.judging.paper import score_sheets_pdf
from contest.results import documents
from contest.results.models import ResultSnapshot

OUT = Path("docs/screenshots")


def shoot(pdf: bytes, name: str, page: int = 1, dpi: int = 70) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "doc.pdf"
        source.write_bytes(pdf)
        command = ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile"]
        subprocess.run([*command, str(source), str(OUT / name)], check=True)  # noqa: S603, S607
    print("wrote", OUT / f"{name}.png")


finished = Contest.objects.get(slug=FINISHED_SLUG)
snapshot = ResultSnapshot.objects.filter(round__contest=finished).order_by("-version").first()
entry = Entry.objects.exclude(receipt_code=None).exclude(contest=finished).order_by("pk").first()

shoot(receipt_pdf(entry), "140-giay-bien-nhan")
minutes = documents.minutes_pdf(snapshot)
shoot(minutes, "141-bien-ban-trang-dau")
pages = len(PdfReader(io.BytesIO(minutes)).pages)
shoot(minutes, "142-bien-ban-phu-luc-niem-phong", page=pages)
shoot(documents.decision_pdf(snapshot), "143-du-thao-quyet-dinh-the-thuc-dang")
shoot(documents.decision_pdf(snapshot), "144-du-thao-quyet-dinh-danh-sach", page=2)
head = JuryMembership.objects.filter(round=snapshot.round, is_head=True).select_related("judge").first()
shoot(score_sheets_pdf(snapshot.round, judges=[head.judge]), "145-phieu-cham-mot-trang")
# The first award of the finished contest as the batch would issue it (not saved).
template = CertificateTemplate.objects.get(contest=finished, kind="certificate")
row, key, prize = awards_of(snapshot)[0]
sample = Certificate(
    contest=finished,
    template=template,
    snapshot=snapshot,
    entry=row.entry,
    unit=row.entry.unit,
    award_key=key,
    holder_name=holder_of(row.entry),
    prize_name=prize,
    entry_title=row.entry.title,
    year=2025,
    number=1,
    serial=serial_text(1, template.serial_suffix, party=template.party),
    token="MauXemThu" + "0" * 13,
)
shoot(render_certificates([sample])[0], "146-giay-chung-nhan-the-thuc-dang", dpi=60)
