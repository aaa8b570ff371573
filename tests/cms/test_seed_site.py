"""manage.py seed_site: demo announcements, results pages and published models, idempotent."""

from io import StringIO

from django.core.management import call_command

from cms.models import AnnouncementPage, ResultsPage, ShowcasePage
from contest.results.models import ResultSnapshot
from tests.factories import EntryFactory
from tests.factories.showcase import award


def _seed():
    out = StringIO()
    call_command("seed_site", stdout=out)
    return out.getvalue()


def test_seed_site_twice_makes_everything_once(contest, entry, organiser):
    second = EntryFactory(contest=contest)
    not_awarded = EntryFactory(contest=contest)
    award(entry, "Giải Nhất")
    award(second, "Giải Nhì", prize_code="nhi", rank=2)
    ResultSnapshot.objects.filter(round__contest=contest).update(
        parameters={"discrepancy_threshold": "15", "min_prize_score": "50"}
    )

    first_run = _seed()
    assert "thêm 4 thông báo, 1 trang kết quả, 2 mô hình" in first_run
    second_run = _seed()
    assert "thêm 0 thông báo, 0 trang kết quả, 0 mô hình" in second_run

    assert AnnouncementPage.objects.live().count() == 4
    assert set(AnnouncementPage.objects.values_list("kind", flat=True)) == {"plan", "rules", "notice", "results"}
    assert list(ResultsPage.objects.live().values_list("contest_id", flat=True)) == [contest.pk]
    pages = ShowcasePage.objects.order_by("entry_id")
    assert [(p.entry_id, p.live) for p in pages] == [(entry.pk, True), (second.pk, True)]
    assert ShowcasePage.objects.filter(featured=True).count() == 2
    assert not ShowcasePage.objects.filter(entry=not_awarded).exists()


def test_seed_site_pages_render(client, contest, entry, organiser):
    award(entry, "Giải Nhất")
    ResultSnapshot.objects.filter(round__contest=contest).update(
        parameters={"discrepancy_threshold": "15", "min_prize_score": "50"}
    )
    _seed()
    for page in [*AnnouncementPage.objects.all(), ResultsPage.objects.get(), ShowcasePage.objects.get()]:
        assert client.get(page.url).status_code == 200, page.url


def test_seed_site_dresses_the_portal_once_and_leaves_an_editors_changes_alone(contest, entry, organiser):
    from wagtail.models import Site

    from cms.models import HomePage, PortalSettings, ResultsIndexPage

    award(entry, "Giải Nhất")
    _seed()
    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    assert (settings.parent_body, settings.organiser_name) == ("Thành ủy Đà Nẵng", "Ban Tuyên giáo và Dân vận")
    assert settings.address and settings.phone and settings.email and settings.responsible
    home = HomePage.objects.get()
    assert home.banner_image is not None and home.banner_image.description
    covers = AnnouncementPage.objects.exclude(cover=None)
    assert covers.count() == 3  # the rules keep the drawn panel of their kind
    assert all(page.cover.description for page in covers)
    assert ResultsPage.objects.get().get_parent().specific_class is ResultsIndexPage

    settings.organiser_name = "Ban Dân vận Thành ủy"
    settings.save()
    _seed()
    settings.refresh_from_db()
    assert settings.organiser_name == "Ban Dân vận Thành ủy"
    assert AnnouncementPage.objects.exclude(cover=None).count() == 3
    assert HomePage.objects.get().banner_image_id == home.banner_image_id
