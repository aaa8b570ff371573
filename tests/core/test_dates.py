"""Every date people type is dd/mm/yyyy, parsed strictly: nothing is guessed or replaced."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from contest.core import dates
from contest.core.forms import DateField, DateTimeField


@pytest.mark.parametrize(
    ("typed", "day"),
    [("05/12/2026", dt.date(2026, 12, 5)), ("5/12/2026", dt.date(2026, 12, 5)), (" 1/1/2027 ", dt.date(2027, 1, 1))],
)
def test_day_first_dates_are_read(typed, day):
    assert dates.parse_date(typed) == day
    assert DateField().clean(typed) == day


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("2026-12-05", "format"),
        ("15032025", "format"),
        ("5.12.2026", "format"),
        ("05/12/26", "format"),
        ("12/05/2026x", "format"),
        ("31/02/2026", "calendar"),
        ("00/12/2026", "calendar"),
        ("05/13/2026", "calendar"),
        ("05/12/0026", "calendar"),
    ],
)
def test_anything_else_is_refused_not_guessed(typed, code):
    with pytest.raises(dates.DateTextError) as refused:
        dates.parse_date(typed)
    assert refused.value.code == code


def test_the_form_field_says_why_in_vietnamese():
    field = DateField()
    with pytest.raises(Exception) as wrong:
        field.clean("2026-12-05")
    assert wrong.value.messages == ["«2026-12-05» không phải ngày dạng dd/mm/yyyy; hãy ghi ví dụ 05/12/2026."]
    with pytest.raises(Exception) as impossible:
        field.clean("31/02/2026")
    assert impossible.value.messages == ["Không có ngày 31/02/2026 trong lịch; hãy kiểm tra ngày và tháng."]
    assert DateField(required=False).clean("") is None


def test_a_moment_needs_its_hour_and_is_in_the_site_time_zone():
    field = DateTimeField()
    moment = field.clean("31/08/2027 17:00")
    assert timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") == "31/08/2027 17:00"
    assert moment.utcoffset() == dt.timedelta(hours=7)
    assert field.clean("31/08/2027 17h") == moment
    for typed in ("31/08/2027", "2027-08-31 17:00", "31/08/2027 25:00", "31/08/2027 17:60"):
        with pytest.raises(Exception):  # noqa: B017 - ValidationError, message checked above
            field.clean(typed)


def test_inputs_show_day_first_whatever_the_language():
    html = DateField().widget.render("d", dt.date(2026, 3, 5))
    assert 'type="text"' in html and 'value="05/03/2026"' in html and 'placeholder="dd/mm/yyyy"' in html
    moment = timezone.make_aware(dt.datetime(2027, 8, 31, 17, 0))
    field = DateTimeField()
    assert 'value="31/08/2027 17:00"' in field.widget.render("m", field.prepare_value(moment))


def test_back_office_model_forms_use_the_day_first_text_input(client, organiser, contest):
    """Wagtail's own picker (yyyy-mm-dd, replacing what it cannot read with today) is gone."""
    client.force_login(organiser)
    html = client.get(reverse("contests:edit", args=[contest.pk])).content.decode()
    deadline = timezone.localtime(contest.submission_deadline).strftime("%d/%m/%Y %H:%M")
    assert f'value="{deadline}" name="submission_deadline"' in html or (
        'name="submission_deadline"' in html and f'value="{deadline}"' in html
    )
    assert 'placeholder="dd/mm/yyyy hh:mm"' in html
    assert "initDateTimeChooser" not in html and "initDateChooser" not in html
    assert 'type="date"' not in html
