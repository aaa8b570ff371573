"""The contests' "Tải Excel": what a secretariat reads, not the site's internal URL keys."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from tests.files import response_bytes


def test_the_contest_export_has_no_slug_column(client, organiser, contest):
    client.force_login(organiser)

    response = client.get(reverse("contests:index"), {"export": "xlsx"})

    rows = list(load_workbook(io.BytesIO(response_bytes(response))).worksheets[0].iter_rows(values_only=True))
    assert contest.name in rows[1]
    assert contest.slug not in rows[1]
    assert not {"Đường dẫn", "đường dẫn", "Slug"} & set(rows[0])
