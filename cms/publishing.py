"""From an awarded dossier to a draft model page on the public site ("Đăng lên trang công khai").

Only an entry with a prize in a *published* result may be published (DOMAIN.md §9: after the
decision is signed). Each entry gets at most one ShowcasePage (a OneToOne constraint): a second
run, a double click or the same entry twice in one request reports the page already there and
changes nothing. The page is created as a draft; it reaches the public only through Wagtail's
moderation workflow (cms/roles.py gives the organisers the approval).

What is copied: the narrative items, indicators and photos (already re-encoded without EXIF at
upload: contest/uploads/images.py). What is never copied: the contact person and telephone, team
member names, the report, the endorsement and evidence files.
"""

import io
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection

from cms.models import GalleryPage, ShowcaseIndicator, ShowcasePage, ShowcasePhoto
from contest.core.errors import DomainError
from contest.core.text import fold, nfc
from contest.dossiers.enums import AttachmentKind
from contest.dossiers.models import Entry
from contest.results.public import published_rows

COLLECTION_NAME = "Mô hình tiêu biểu"
SUMMARY_MAX_LENGTH = 400
SLUG_MAX_LENGTH = 80
# The place a model happened is the locality in its unit's name: "Đảng ủy phường Thanh Khê".
LOCALITY = re.compile(r"\b(xã|phường|thị trấn|thị xã|quận|huyện|thành phố|TP\.?|tỉnh)\s", re.IGNORECASE)


@dataclass
class PublishReport:
    created: list = field(default_factory=list)  # new draft ShowcasePages
    present: list = field(default_factory=list)  # pages that already existed, untouched
    refused: list = field(default_factory=list)  # (entry, Vietnamese reason)


def publish_to_site(*, entries, by) -> PublishReport:
    """Create a draft model page for each awarded entry that has none yet."""
    report = PublishReport()
    unique = list({entry.pk: entry for entry in entries}.values())
    awarded = set(published_rows().filter(entry_id__in=[e.pk for e in unique]).values_list("entry_id", flat=True))
    gallery = GalleryPage.objects.first()
    for entry in unique:
        if entry.pk not in awarded:
            report.refused.append((entry, _("Hồ sơ chưa có giải trong kết quả đã công bố.")))
            continue
        if gallery is None:
            raise DomainError(_("Chưa có trang “Thư viện mô hình” để đặt trang mô hình vào."))
        _publish_one(entry=entry, gallery=gallery, by=by, report=report)
    return report


def _publish_one(*, entry, gallery, by, report):
    written = []
    try:
        with transaction.atomic():
            entry = Entry.objects.select_for_update().select_related("unit", "contest").get(pk=entry.pk)
            existing = ShowcasePage.objects.filter(entry=entry).first()
            if existing is not None:
                report.present.append(existing)
                return
            page = _draft_page(entry=entry, gallery=gallery, by=by, written=written)
        report.created.append(page)
    except IntegrityError:
        _delete_files(written)
        # Another request created the page between our check and our insert (the OneToOne).
        existing = ShowcasePage.objects.filter(entry_id=entry.pk).first()
        if existing is None:
            raise
        report.present.append(existing)
    except BaseException:
        _delete_files(written)
        raise


def _draft_page(*, entry, gallery, by, written):
    page = ShowcasePage(
        entry=entry,
        title=entry.title,
        slug=_unique_slug(gallery, entry.title),
        live=False,
        owner=by,
        place=_place(entry.unit),
        year_started=entry.started_on.year if entry.started_on else None,
        summary=excerpt(entry.outputs or entry.content_methods or entry.situation or entry.title),
        problem=paragraphs(entry.situation),
        approach=paragraphs(entry.content_methods),
        results=paragraphs(entry.outputs),
        forces=paragraphs(entry.forces),
        replication_note=nfc(entry.sustainability or ""),
        video_url=entry.video_url,
    )
    for indicator in entry.indicators.all():
        page.indicators.add(
            ShowcaseIndicator(name=indicator.name, unit=indicator.unit, before=indicator.before, after=indicator.after)
        )
    for photo in _photos(entry, written):
        page.photos.add(photo)
    gallery.add_child(instance=page)  # logs "wagtail.create" by the page's owner
    page.save_revision(user=by, log_action=True, clean=False)
    return page


def _photos(entry, written):
    attachments = list(entry.attachments.filter(kind=AttachmentKind.PHOTO).order_by("uploaded_at", "pk"))
    if not attachments:
        return []
    collection = _collection()
    image_model = get_image_model()
    photos = []
    for n, attachment in enumerate(attachments, start=1):
        caption = nfc(attachment.caption or "")
        with attachment.file.open("rb") as source:
            content = source.read()
        suffix = PurePosixPath(attachment.file.name).suffix.lower() or ".jpg"
        # Public content is Vietnamese whatever language the organiser's back office is in.
        with translation.override(settings.LANGUAGE_CODE):
            title = caption or _("%(title)s – ảnh %(n)d") % {"title": entry.title, "n": n}
            alt = caption or _("Ảnh minh họa mô hình “%(title)s”") % {"title": entry.title}
        image = image_model(title=title, description=alt, collection=collection)
        image.file.save(f"mo-hinh-{entry.pk}-{n}{suffix}", ContentFile(content), save=False)
        written.append(image.file)
        with PILImage.open(io.BytesIO(content)) as decoded:
            image.width, image.height = decoded.size
        image._set_image_file_metadata()
        image.save()
        photos.append(ShowcasePhoto(image=image, caption=caption))
    return photos


def _collection():
    existing = Collection.objects.filter(name=COLLECTION_NAME).first()
    return existing or Collection.get_first_root_node().add_child(name=COLLECTION_NAME)


def _delete_files(fieldfiles):
    for fieldfile in fieldfiles:
        fieldfile.storage.delete(fieldfile.name)


def _unique_slug(parent, title):
    base = slugify(fold(title))[:SLUG_MAX_LENGTH].strip("-") or "mo-hinh"
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _place(unit):
    if unit.address:
        return nfc(unit.address)
    match = LOCALITY.search(unit.name)
    return nfc(unit.name[match.start() :]) if match else ""


def excerpt(text, limit=SUMMARY_MAX_LENGTH) -> str:
    """The text on one line, cut at a word boundary with "…" when longer than ``limit``."""
    flat = " ".join(nfc(text or "").split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.–-") + "…"


def paragraphs(text) -> str:
    """Plain dossier text as rich text: one escaped <p> per non-empty line."""
    lines = [line.strip() for line in nfc(text or "").splitlines()]
    return "".join(f"<p>{escape(line)}</p>" for line in lines if line)
