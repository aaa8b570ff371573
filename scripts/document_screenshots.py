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

from contest.certificates.models import Certificate
from contest.certificates.rendering import render_certificates
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
certificates = list(Certificate.objects.filter(contest=finished).select_related("template", "contest", "entry")[:1])
shoot(render_certificates(certificates)[0], "146-giay-chung-nhan-the-thuc-dang", dpi=60)
