"""From an awarded dossier to a draft model page: what is copied, what never is, and who may do it."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.models import PageLogEntry

from cms.models import ShowcasePage
from cms.publishing import excerpt, paragraphs, publish_to_site
from contest.core.text import fold
from contest.dossiers.models import EntryIndicator, TeamMember
from contest.dossiers.services.attachments import add_attachment
from contest.results.enums import SnapshotStatus
from tests import files
from tests.factories import EntryFactory, UserFactory
from tests.factories.showcase import award, gallery

Image = get_image_model()


@pytest.fixture
def awarded(entry, unit_user):
    entry.contact_name = "Võ Thị Hạnh"
    entry.contact_phone = "0905123456"
    entry.video_url = "https://www.youtube.com/watch?v=abc123"
    entry.situation = "Đường kiệt hẹp, ngập nước.\n\nNhiều hộ nghèo <không> có lối đi."
    entry.save()
    TeamMember.objects.create(entry=entry, full_name="Đặng Quốc Khánh")
    EntryIndicator.objects.create(entry=entry, name="Hộ tham gia", unit="hộ", before="40", after="312", order=1)
    EntryIndicator.objects.create(entry=entry, name="Đất hiến", unit="m²", before="", after="1.250", order=2)
    photo = files.upload("anh-1.jpg", files.jpeg_bytes(), "image/jpeg")
    add_attachment(entry=entry, kind="photo", uploaded_file=photo, caption="Bà con làm đường", by=unit_user)
    photo = files.upload("anh-2.jpg", files.jpeg_bytes(color=(0, 90, 0)), "image/jpeg")
    add_attachment(entry=entry, kind="photo", uploaded_file=photo, caption="", by=unit_user)
    report = files.upload("bao-cao.pdf", files.pdf_bytes(pages=1), "application/pdf")
    add_attachment(entry=entry, kind="report", uploaded_file=report, caption="", by=unit_user)
    award(entry, "Giải Nhất")
    return entry


def test_a_draft_page_is_prefilled_from_the_dossier(awarded, organiser):
    report = publish_to_site(entries=[awarded], by=organiser)

    assert report.present == [] and report.refused == []
    [page] = report.created
    page = ShowcasePage.objects.get(pk=page.pk)
    assert page.get_parent().specific == gallery()
    assert (page.live, page.has_unpublished_changes, page.revisions.count()) == (False, True, 1)
    assert page.title == awarded.title
    assert page.slug == slugify(fold(awarded.title))
    assert page.place == "phường Thanh Khê"
    assert page.year_started == 2024
    assert page.summary == "Hiến 1.250 m² đất; làm mới 2,3 km đường bê tông."
    assert page.problem == "<p>Đường kiệt hẹp, ngập nước.</p><p>Nhiều hộ nghèo &lt;không&gt; có lối đi.</p>"
    assert page.approach == f"<p>{awarded.content_methods}</p>"
    assert page.results == f"<p>{awarded.outputs}</p>"
    assert page.forces == f"<p>{awarded.forces}</p>"
    assert page.replication_note == awarded.sustainability
    assert page.video_url == "https://www.youtube.com/watch?v=abc123"
    assert page.owner == organiser
    assert PageLogEntry.objects.filter(page=page, action="wagtail.create", user=organiser).count() == 1


def test_indicators_are_copied_in_order(awarded, organiser):
    [page] = publish_to_site(entries=[awarded], by=organiser).created
    rows = list(ShowcasePage.objects.get(pk=page.pk).indicators.values_list("name", "unit", "before", "after"))
    assert rows == [("Hộ tham gia", "hộ", "40", "312"), ("Đất hiến", "m²", "", "1.250")]


def test_photos_become_wagtail_images_with_alt_text(awarded, organiser):
    [page] = publish_to_site(entries=[awarded], by=organiser).created
    photos = list(ShowcasePage.objects.get(pk=page.pk).photos.select_related("image__collection"))

    assert [p.caption for p in photos] == ["Bà con làm đường", ""]
    assert [p.image.title for p in photos] == ["Bà con làm đường", f"{awarded.title} – ảnh 2"]
    assert [p.image.description for p in photos] == [
        "Bà con làm đường",
        f"Ảnh minh họa mô hình “{awarded.title}”",
    ]
    assert {p.image.collection.name for p in photos} == {"Mô hình tiêu biểu"}
    assert [(p.image.width, p.image.height) for p in photos] == [(640, 480), (640, 480)]
    assert all(default_storage.exists(p.image.file.name) for p in photos)
    # Only the photos: the report (and any endorsement or evidence) never becomes a public image.
    assert Image.objects.count() == 2


def test_alt_text_is_vietnamese_even_from_an_english_back_office(awarded, organiser):
    from django.utils import translation

    with translation.override("en"):
        [page] = publish_to_site(entries=[awarded], by=organiser).created
    descriptions = [p.image.description for p in ShowcasePage.objects.get(pk=page.pk).photos.all()]
    assert descriptions[1] == f"Ảnh minh họa mô hình “{awarded.title}”"


def test_no_personal_data_is_copied(awarded, organiser):
    [page] = publish_to_site(entries=[awarded], by=organiser).created
    page = ShowcasePage.objects.get(pk=page.pk)
    everything = " ".join(str(getattr(page, f.attname, "")) for f in ShowcasePage._meta.concrete_fields) + str(
        page.get_latest_revision().content
    )
    for secret in ("Võ Thị Hạnh", "0905123456", "Đặng Quốc Khánh", "bao-cao"):
        assert secret not in everything


def test_refused_without_a_prize_in_a_published_result(entry, contest, organiser):
    not_awarded = EntryFactory(contest=contest)
    frozen_only = EntryFactory(contest=contest)
    award(frozen_only, status=SnapshotStatus.FROZEN)

    report = publish_to_site(entries=[not_awarded, frozen_only], by=organiser)

    assert report.created == [] and report.present == []
    assert [(e, reason) for e, reason in report.refused] == [
        (not_awarded, "Hồ sơ chưa có giải trong kết quả đã công bố."),
        (frozen_only, "Hồ sơ chưa có giải trong kết quả đã công bố."),
    ]
    assert not ShowcasePage.objects.exists()


def test_publishing_again_never_duplicates(awarded, organiser):
    [page] = publish_to_site(entries=[awarded], by=organiser).created

    again = publish_to_site(entries=[awarded], by=organiser)

    assert again.created == [] and again.refused == []
    assert [p.pk for p in again.present] == [page.pk]
    assert ShowcasePage.objects.count() == 1
    assert Image.objects.count() == 2
    assert ShowcasePage.objects.get().revisions.count() == 1


def test_the_same_entry_twice_in_one_call_makes_one_page(awarded, organiser):
    report = publish_to_site(entries=[awarded, awarded], by=organiser)
    assert len(report.created) == 1 and report.present == []
    assert ShowcasePage.objects.count() == 1


def test_two_pages_with_the_same_title_get_distinct_slugs(contest, organiser):
    first, second = (
        EntryFactory(contest=contest, title="Bữa cơm nghĩa tình"),
        EntryFactory(contest=contest, title="Bữa cơm nghĩa tình"),
    )
    award(first)
    award(second, "Giải Nhì", prize_code="nhi", rank=2)
    report = publish_to_site(entries=[first, second], by=organiser)
    assert [p.slug for p in report.created] == ["bua-com-nghia-tinh", "bua-com-nghia-tinh-2"]


def test_the_draft_stays_invisible_to_the_public(client, awarded, organiser):
    [page] = publish_to_site(entries=[awarded], by=organiser).created
    assert client.get(f"{gallery().url}{page.slug}/").status_code == 404


def test_summary_excerpt_ends_at_a_word_with_an_ellipsis():
    text = "Dân vận khéo " * 60
    short = excerpt(text)
    assert short == "Dân vận khéo " * 30 + "Dân vận…" and len(short) == 398
    assert excerpt("Một câu ngắn.\n\nHai.") == "Một câu ngắn. Hai."
    assert paragraphs("a & b\n\n\nc") == "<p>a &amp; b</p><p>c</p>"


# -- The back-office page ---------------------------------------------------------------------

URL = "cms_publish:index"


def _outcome(response):
    if response.status_code == 302:
        return "login" if response["Location"].startswith(reverse("wagtailadmin_login")) else response["Location"]
    return response.status_code


def test_the_page_as_every_persona(client, awarded, organiser, secretariat, unit_user):
    judge = UserFactory(username="giamkhao", roles=["judge"])
    expected = {None: "login", unit_user: "login", judge: "login", secretariat: 200, organiser: 200}
    got = {}
    for user in expected:
        client.logout()
        if user:
            client.force_login(user)
        got[user] = _outcome(client.get(reverse(URL)))
    assert got == expected


def test_units_and_judges_cannot_post(client, awarded, unit_user):
    judge = UserFactory(username="giamkhao", roles=["judge"])
    for user in (None, unit_user, judge):
        client.logout()
        if user:
            client.force_login(user)
        client.post(reverse(URL), {"contest": awarded.contest_id, "entries": [awarded.pk]})
    assert not ShowcasePage.objects.exists()


def test_the_page_lists_awarded_entries_and_their_site_status(client, awarded, contest, organiser):
    EntryFactory(contest=contest, title="Hồ sơ không đoạt giải")
    client.force_login(organiser)
    page = client.get(reverse(URL), {"contest": contest.pk}).content.decode()
    assert awarded.title in page and "Giải Nhất" in page and "Chưa đăng" in page
    assert "Hồ sơ không đoạt giải" not in page


@pytest.mark.parametrize("persona", ["organiser", "secretariat"])
def test_staff_create_drafts_from_the_page(client, awarded, persona, request):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.post(
        reverse(URL), {"contest": awarded.contest_id, "entries": [awarded.pk, awarded.pk]}, follow=True
    )
    page = ShowcasePage.objects.get()
    text = response.content.decode()
    assert "Đã tạo 1 bản nháp" in text
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in text
    assert "Bản nháp" in text

    again = client.post(reverse(URL), {"contest": awarded.contest_id, "entries": [awarded.pk]}, follow=True)
    assert "Đã có trang, không tạo thêm" in again.content.decode()
    assert ShowcasePage.objects.count() == 1


def test_a_refused_entry_is_reported_on_the_page(client, contest, organiser):
    plain = EntryFactory(contest=contest, title="Chưa có giải")
    client.force_login(organiser)
    response = client.post(reverse(URL), {"contest": contest.pk, "entries": [plain.pk]}, follow=True)
    assert "Không đăng “Chưa có giải”: Hồ sơ chưa có giải trong kết quả đã công bố." in response.content.decode()


def test_a_failure_leaves_no_page_no_image_and_no_file(awarded, organiser):
    second = awarded.attachments.filter(kind="photo").order_by("uploaded_at", "pk").last()
    second.file.storage.delete(second.file.name)  # the second photo cannot be read
    before = set(default_storage.listdir("original_images")[1]) if default_storage.exists("original_images") else set()

    with pytest.raises(FileNotFoundError):
        publish_to_site(entries=[awarded], by=organiser)

    assert not ShowcasePage.objects.exists()
    assert Image.objects.count() == 0
    after = set(default_storage.listdir("original_images")[1]) if default_storage.exists("original_images") else set()
    assert after == before


@pytest.mark.parametrize("persona", ["organiser", "secretariat"])
def test_the_draft_opens_in_the_page_editor(client, awarded, organiser, persona, request):
    [page] = publish_to_site(entries=[awarded], by=organiser).created
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    assert "Hộ tham gia" in response.content.decode()
