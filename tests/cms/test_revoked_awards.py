"""A model whose award was revoked after the decision (contest/results/services/revocation.py): its
page shows the revocation, or leaves the gallery, as the organiser chose; nothing is deleted."""

import pytest
from django.utils import timezone

from cms.gallery import live_showcases
from cms.models import ShowcasePage
from contest.results.enums import RevocationGround, RevokedShowcase
from contest.results.services.revocation import revoke_award
from tests.factories.certificates import make_certificate
from tests.factories.showcase import award, showcase

pytestmark = pytest.mark.django_db


def _revoked_page(entry, organiser, showcase_mode):
    row = award(entry)
    make_certificate(entry)
    page = showcase(entry)
    revoke_award(
        round=row.snapshot.round,
        entry=entry,
        ground=RevocationGround.FALSE_CLAIM,
        ground_detail="Kê khai 245 hộ tham gia, thực tế 80 hộ.",
        decision_number="15/QĐ-BTC",
        decision_date=timezone.localdate(),
        showcase=showcase_mode,
        by=organiser,
    )
    return page


def test_a_kept_page_says_the_award_was_revoked_and_stays_in_the_gallery(client, entry, organiser):
    page = _revoked_page(entry, organiser, RevokedShowcase.MARK)
    html = client.get(f"/mo-hinh/{page.slug}/").content.decode()
    assert "Giải đã bị thu hồi" in html
    assert "Giải Nhất (" in html and "đã bị thu hồi theo Quyết định số 15/QĐ-BTC" in html
    assert "gian dối trong kê khai thành tích: Kê khai 245 hộ tham gia, thực tế 80 hộ." in html
    assert "Xác minh giấy chứng nhận" not in html  # the revoked prize is no longer listed as won
    assert page.pk in set(live_showcases().values_list("pk", flat=True))
    gallery = client.get("/mo-hinh/").content.decode()
    assert page.title in gallery and "Giải đã bị thu hồi" in gallery


def test_a_withdrawn_page_leaves_the_gallery_and_answers_404_but_is_kept(client, entry, organiser):
    page = _revoked_page(entry, organiser, RevokedShowcase.HIDE)
    assert client.get(f"/mo-hinh/{page.slug}/").status_code == 404
    assert page.pk not in set(live_showcases().values_list("pk", flat=True))
    assert page.title not in client.get("/mo-hinh/").content.decode()
    assert f"/mo-hinh/{page.slug}/" not in client.get("/sitemap.xml").content.decode()
    # Nothing deleted: the page and its revisions stay for the editors.
    assert ShowcasePage.objects.filter(pk=page.pk, live=True).exists()
