"""Vietnamese mobile numbers: every way people write one is one subscriber; what cannot receive a
code is refused with its reason (pure: no database)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contest.voting import phone as phones


@pytest.mark.parametrize(
    "written",
    [
        "0912345678",
        "0912 345 678",
        "0912.345.678",
        "0912-345-678",
        "+84912345678",
        "+84 912 345 678",
        "84912345678",
        "(+84) 912 345 678",
        "+84 0912 345 678",
        "０９１２３４５６７８",
    ],
)
def test_every_spelling_is_one_number(written):
    assert phones.normalise_phone(written) == "84912345678"


@pytest.mark.parametrize(
    "number",
    [
        "0321234567",
        "0861234567",
        "0981234567",
        "0811234567",
        "0881234567",
        "0701234567",
        "0891234567",
        "0521234567",
        "0561234567",
        "0591234567",
        "0991234567",
        "0551234567",
        "0871234567",
    ],
)
def test_current_prefixes_of_every_network(number):
    assert phones.normalise_phone(number) == "84" + number[1:]


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("01681234567", "old"),  # the old 11-digit Viettel series, 038… since 2018
        ("+841681234567", "old"),
        ("02838221234", "landline"),  # a Hồ Chí Minh City landline
        ("0241234567", "landline"),
        ("0951234567", "prefix"),  # S-Fone's, no longer in use
        ("0801234567", "prefix"),
        ("091234567", "shape"),
        ("09123456789", "shape"),
        ("+1 212 555 0100", "shape"),
        ("0912abc678", "shape"),
        ("", "shape"),
    ],
)
def test_what_cannot_receive_a_code_is_refused_with_its_reason(written, reason):
    with pytest.raises(phones.NotAPhone) as refused:
        phones.normalise_phone(written)
    assert refused.value.reason == reason


def test_shown_forms():
    assert phones.national_form("84912345678") == "0912 345 678"
    assert phones.masked("84912345678") == "0912 *** 678"


def test_numbers_in_a_row_share_a_stem_and_others_do_not():
    assert phones.stem_of("84912345001") == phones.stem_of("84912345999")
    assert phones.stem_of("84912345001") != phones.stem_of("84912346001")


@given(st.sampled_from(sorted(phones.MOBILE_PREFIXES)), st.text(alphabet="0123456789", min_size=7, max_size=7))
def test_the_normal_form_is_a_fixed_point(prefix, rest):
    normalised = phones.normalise_phone("0" + prefix + rest)
    assert normalised == "84" + prefix + rest
    assert phones.normalise_phone(normalised) == normalised
    assert phones.normalise_phone("+" + normalised) == normalised
    assert phones.normalise_phone(phones.national_form(normalised)) == normalised
