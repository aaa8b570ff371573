"""Awarded entries and published model pages for the public-site tests.

Results are written straight into a published snapshot (the results machinery is tested in
tests/results); these helpers only need "this entry won Giải Nhất, and it is public".
"""

from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from cms.models import GalleryPage, ShowcaseIndicator, ShowcasePage
from contest.core.text import fold
from contest.results.enums import AggregationMethod, SnapshotStatus
from contest.results.models import ResultRow, ResultSnapshot
from tests.factories.core import UserFactory
from tests.factories.judging import make_round


def published_snapshot(contest, *, status=SnapshotStatus.PUBLISHED):
    """The contest's snapshot in force (made on first use), published unless told otherwise."""
    snapshot = ResultSnapshot.objects.filter(round__contest=contest).exclude(status=SnapshotStatus.INVALIDATED).first()
    if snapshot is None:
        snapshot = ResultSnapshot.objects.create(
            round=make_round(contest, jury_only=True),
            version=1,
            method=AggregationMethod.MEAN,
            parameters={},
            audit_head="0" * 64,
            frozen_by=UserFactory(roles=["organiser"]),
            status=status,
            published_at=timezone.now() if status == SnapshotStatus.PUBLISHED else None,
        )
    return snapshot


def award(entry, prize_name="Giải Nhất", *, prize_code="nhat", rank=1, score="91.50", status=SnapshotStatus.PUBLISHED):
    """Record that ``entry`` won ``prize_name`` in its contest's snapshot."""
    snapshot = published_snapshot(entry.contest, status=status)
    return ResultRow.objects.create(
        snapshot=snapshot,
        entry=entry,
        code=snapshot.rows.count() + 1,
        rank=rank,
        score=Decimal(score),
        band="excellent",
        prize_code=prize_code,
        prize_name=prize_name,
    )


def gallery():
    return GalleryPage.objects.get()


def showcase(entry, *, live=True, indicators=2, **fields):
    """A model page for ``entry`` under the gallery, published unless ``live`` is False."""
    values = {
        "title": entry.title,
        "slug": slugify(fold(entry.title))[:80] + f"-{entry.pk}",
        "summary": f"Tóm tắt mô hình “{entry.title}”.",
        "place": "phường Thanh Khê, TP Đà Nẵng",
        "year_started": 2024,
        "problem": f"<p>{entry.situation}</p>",
        "approach": f"<p>{entry.content_methods}</p>",
        "results": f"<p>{entry.outputs}</p>",
        "forces": f"<p>{entry.forces}</p>",
    }
    values.update(fields)
    page = ShowcasePage(entry=entry, **values)
    for i in range(indicators):
        page.indicators.add(ShowcaseIndicator(name=f"Chỉ số {i + 1}", unit="hộ", before=str(10 * i), after="245"))
    gallery().add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    else:
        page.unpublish()
    page.refresh_from_db()
    return page
