"""The demo's dossiers, made through the services as a unit and the secretariat would: created,
files attached, then submitted, returned, resubmitted or accepted."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from contest.demo.data import INDICATOR_KEYS, DemoEntry
from contest.demo.documents import demo_pdf
from contest.demo.illustrations import illustration
from contest.demo.sync import Tally
from contest.dossiers.enums import AttachmentKind, EntryKind
from contest.dossiers.models import Entry
from contest.dossiers.services import review
from contest.dossiers.services.attachments import add_attachment
from contest.dossiers.services.entries import create_entry, submit_entry, update_entry

CHECKLIST_ALL = {key: True for key, _label in review.CHECKLIST}


def seed_entry(spec: DemoEntry, *, contests, units, users, tally: Tally) -> None:
    contest, unit, author = contests[spec.contest_slug], units[spec.unit_code], users[spec.username]
    if Entry.objects.filter(contest=contest, unit=unit, title=spec.title).exists():
        tally.count("unchanged")
        return
    secretariat = users["thuky"]
    data = {"kind": spec.kind, "title": spec.title, **spec.data}
    if spec.field_code:
        data["field"] = contest.fields.get(code=spec.field_code)
    with transaction.atomic():
        entry = create_entry(
            contest=contest,
            unit=unit,
            by=author,
            data=data,
            members=spec.members or None,
            indicators=[dict(zip(INDICATOR_KEYS, row, strict=True)) for row in spec.indicators],
        )
        _attach(entry, spec, author)
        for step in spec.steps:
            entry = _apply_step(step, entry, author=author, secretariat=secretariat)
    tally.count("created")


def _attach(entry, spec, author) -> None:
    if spec.kind == EntryKind.TEAM:
        return
    files = [
        (
            AttachmentKind.REPORT,
            "bao-cao-mo-hinh.pdf",
            "application/pdf",
            demo_pdf(
                [
                    "BAO CAO MO HINH DAN VAN KHEO (tai lieu mau)",
                    spec.title,
                    entry.unit.name,
                    "Noi dung day du xem trong ho so truc tuyen.",
                ]
            ),
            "",
        ),
    ]
    if entry.contest.require_endorsement:
        files.append(
            (
                AttachmentKind.ENDORSEMENT,
                "xac-nhan-cap-uy.pdf",
                "application/pdf",
                demo_pdf(
                    [
                        "XAC NHAN CUA CAP UY (tai lieu mau)",
                        f"{entry.unit.name} xac nhan mo hinh: {spec.title}",
                    ]
                ),
                "",
            )
        )
    for i, (scene, caption) in enumerate(spec.photos, start=1):
        photo = illustration(scene, caption, seed=i)
        files.append((AttachmentKind.PHOTO, f"anh-{i}.jpg", "image/jpeg", photo, caption))
    for kind, name, content_type, content, caption in files:
        add_attachment(
            entry=entry,
            kind=kind,
            by=author,
            caption=caption,
            uploaded_file=SimpleUploadedFile(name, content, content_type=content_type),
        )


def _apply_step(step, entry, *, author, secretariat):
    if step == "submit":
        return submit_entry(entry=entry, by=author)
    if step == "return":
        return review.return_entry(
            entry=entry,
            by=secretariat,
            reason="Bổ sung số liệu kiểm chứng (trước/sau khi triển khai) và ảnh chụp hiện trường.",
        )
    if step == "resubmit":
        entry = update_entry(
            entry=entry,
            by=author,
            data={"outputs": entry.outputs + " Số liệu kiểm chứng: năm 2021 có 52 hộ nghèo, năm 2025 còn 24 hộ."},
        )
        return submit_entry(entry=entry, by=author)
    if step == "accept":
        return review.accept_entry(entry=entry, by=secretariat, checklist=CHECKLIST_ALL, note="Hồ sơ đầy đủ.")
    raise ValueError(f"unknown demo step {step!r}")
