"""Measured results ("Kết quả đo được (trước / sau)") entered by the unit on its dossier."""

import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contest.dossiers.enums import EntryState
from contest.dossiers.models import Entry, EntryIndicator
from contest.dossiers.services.entries import submit_entry

pytestmark = pytest.mark.django_db


def _form(entry_or_contest, rows=(), existing=(), **overrides):
    """The dossier form as the browser posts it: ``existing`` rows (pk, values…, delete) first."""
    contest = getattr(entry_or_contest, "contest", entry_or_contest)
    data = {
        "kind": "model",
        "field": contest.fields.first().pk,
        "title": "Vận động Nhân dân hiến đất mở rộng đường kiệt",
        "situation": "Nhiều kiệt hẻm rộng dưới 2 m.",
        "form_token": "0b4e2b1a-6c55-4d3c-8a2e-5f0f8a1d2c30",
        "members-TOTAL_FORMS": "0",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "15",
    }
    forms = [(pk, values, delete) for pk, values, delete in existing] + [(None, r, False) for r in rows]
    data.update(
        {
            "indicators-TOTAL_FORMS": str(len(forms)),
            "indicators-INITIAL_FORMS": str(len(existing)),
            "indicators-MIN_NUM_FORMS": "0",
            "indicators-MAX_NUM_FORMS": "10",
        }
    )
    for i, (pk, values, delete) in enumerate(forms):
        name, unit, before, after = values
        data.update(
            {
                f"indicators-{i}-id": str(pk or ""),
                f"indicators-{i}-name": name,
                f"indicators-{i}-unit": unit,
                f"indicators-{i}-before": before,
                f"indicators-{i}-after": after,
            }
        )
        if delete:
            data[f"indicators-{i}-DELETE"] = "on"
    data.update(overrides)
    return data


def _stored(entry):
    return list(entry.indicators.values_list("name", "unit", "before", "after", "order"))


@pytest.fixture
def logged_in(client, unit_user):
    client.force_login(unit_user)
    return client


def test_indicators_are_created_with_the_new_dossier_and_blank_rows_ignored(logged_in, contest):
    rows = [("Hộ tham gia", "hộ", "40", "312"), ("", "", "", ""), ("Đất hiến", "m²", "0", "1.250")]
    response = logged_in.post(reverse("portal:entry-create", args=[contest.pk]), _form(contest, rows))
    entry = Entry.objects.get()
    assert response.status_code == 302
    assert _stored(entry) == [("Hộ tham gia", "hộ", "40", "312", 0), ("Đất hiến", "m²", "0", "1.250", 1)]


def test_edit_replaces_changes_and_deletes_rows_in_one_save(logged_in, entry):
    logged_in.post(
        reverse("portal:entry-edit", args=[entry.pk]),
        _form(entry, [("Hộ tham gia", "hộ", "40", "312"), ("Ngày công", "ngày", "", "2.100")]),
    )
    first, second = entry.indicators.all()
    nfd_name = unicodedata.normalize("NFD", "Tiền vận động")
    response = logged_in.post(
        reverse("portal:entry-edit", args=[entry.pk]),
        _form(
            entry,
            rows=[(nfd_name, "đồng", "0", "120.000.000")],
            existing=[
                (first.pk, ("Hộ tham gia", "hộ", "40", "315"), False),
                (second.pk, ("Ngày công", "", "", "1"), True),
            ],
        ),
    )
    assert response.status_code == 302
    assert _stored(entry) == [("Hộ tham gia", "hộ", "40", "315", 0), ("Tiền vận động", "đồng", "0", "120.000.000", 1)]
    edited = entry.events.filter(action="edited").last()
    assert "indicators" in edited.details["fields"]


def test_a_post_without_indicator_rows_keeps_the_stored_ones(logged_in, entry):
    EntryIndicator.objects.create(entry=entry, name="Hộ tham gia", after="312")
    data = {k: v for k, v in _form(entry).items() if not k.startswith("indicators-")}
    logged_in.post(reverse("portal:entry-edit", args=[entry.pk]), data)
    assert _stored(entry) == [("Hộ tham gia", "", "", "312", 0)]


def test_a_name_without_an_after_figure_is_refused_in_vietnamese(logged_in, entry):
    response = logged_in.post(
        reverse("portal:entry-edit", args=[entry.pk]), _form(entry, [("Hộ tham gia", "hộ", "40", "")])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Hãy ghi số liệu sau khi thực hiện cho chỉ số “Hộ tham gia”." in page
    assert 'value="Hộ tham gia"' in page
    assert not entry.indicators.exists()


def test_figures_without_a_name_are_refused(logged_in, entry):
    response = logged_in.post(reverse("portal:entry-edit", args=[entry.pk]), _form(entry, [("", "hộ", "40", "312")]))
    assert "Hãy ghi tên chỉ số (ví dụ: Hộ tham gia, Diện tích đất hiến)." in response.content.decode()
    assert not entry.indicators.exists()


def test_at_most_ten_indicators(logged_in, entry):
    rows = [(f"Chỉ số {i}", "", "", str(i)) for i in range(11)]
    response = logged_in.post(reverse("portal:entry-edit", args=[entry.pk]), _form(entry, rows))
    assert response.status_code == 200
    assert not entry.indicators.exists()


def test_another_unit_cannot_touch_the_indicators(client, other_unit_user, entry):
    EntryIndicator.objects.create(entry=entry, name="Hộ tham gia", after="312")
    client.force_login(other_unit_user)
    response = client.post(reverse("portal:entry-edit", args=[entry.pk]), _form(entry, [("Giả", "", "", "1")]))
    assert response.status_code == 404
    assert _stored(entry) == [("Hộ tham gia", "", "", "312", 0)]
    assert client.get(reverse("portal:entry-detail", args=[entry.pk])).status_code == 404


def test_indicators_cannot_change_after_submission(logged_in, complete_entry, unit_user):
    EntryIndicator.objects.create(entry=complete_entry, name="Hộ tham gia", after="312")
    submit_entry(entry=complete_entry, by=unit_user)
    response = logged_in.post(
        reverse("portal:entry-edit", args=[complete_entry.pk]),
        _form(complete_entry, [("Hộ tham gia", "", "", "999")]),
        follow=True,
    )
    assert "không thể sửa" in response.content.decode()
    complete_entry.refresh_from_db()
    assert complete_entry.state == EntryState.SUBMITTED
    assert _stored(complete_entry) == [("Hộ tham gia", "", "", "312", 0)]


def test_the_edit_page_shows_stored_rows_with_a_delete_box_and_three_blank_rows(logged_in, entry):
    EntryIndicator.objects.create(entry=entry, name="Hộ tham gia", unit="hộ", before="40", after="312")
    page = logged_in.get(reverse("portal:entry-edit", args=[entry.pk])).content.decode()
    assert "Kết quả đo được (trước / sau)" in page
    assert 'name="indicators-TOTAL_FORMS" value="4"' in page
    assert 'name="indicators-0-DELETE"' in page
    assert 'name="indicators-1-DELETE"' not in page


def test_the_detail_page_shows_the_table(logged_in, entry):
    EntryIndicator.objects.create(entry=entry, name="Đất hiến", unit="m²", before="0", after="1.250", order=1)
    EntryIndicator.objects.create(entry=entry, name="Hộ tham gia", unit="hộ", before="", after="312", order=0)
    page = logged_in.get(reverse("portal:entry-detail", args=[entry.pk])).content.decode()
    assert page.index('<th scope="row">Hộ tham gia</th>') < page.index('<th scope="row">Đất hiến</th>')
    assert "<td>1.250</td>" in page


def test_detail_page_queries_do_not_grow_with_indicators(logged_in, entry):
    url = reverse("portal:entry-detail", args=[entry.pk])
    logged_in.get(url)  # warm the session and caches

    def queries_with(count):
        EntryIndicator.objects.filter(entry=entry).delete()
        EntryIndicator.objects.bulk_create(
            EntryIndicator(entry=entry, name=f"Chỉ số {i}", after=str(i), order=i) for i in range(count)
        )
        with CaptureQueriesContext(connection) as queries:
            assert logged_in.get(url).status_code == 200
        return len(queries)

    assert queries_with(8) == queries_with(1)


def test_the_secretariat_sees_the_indicators_when_reviewing(client, secretariat, entry):
    EntryIndicator.objects.create(entry=entry, name="Hộ tham gia", unit="hộ", before="40", after="312")
    client.force_login(secretariat)
    page = client.get(reverse("entries:review", args=[entry.pk])).content.decode()
    assert '<th scope="row">Hộ tham gia</th>' in page
