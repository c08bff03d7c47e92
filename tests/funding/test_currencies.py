"""The money rounding rule: USD = round(amount × rate, 2), ROUND_HALF_UP; minor units are kept, not rounded."""

from decimal import Decimal

import pytest

from funding.currencies import has_valid_minor_units, is_currency, minor_units, to_usd

D = Decimal


@pytest.mark.parametrize(
    ("amount", "rate", "usd"),
    [
        (D("1100000"), D("0.1389"), D("152790.00")),
        (D("10.00"), D("1.2345"), D("12.35")),  # 12.345 → half up
        (D("10.00"), D("1.2344"), D("12.34")),  # 12.344 → down
        (D("1.00"), D("0.005"), D("0.01")),  # 0.005 → up, not to even
        (D("3.00"), D("0.0025"), D("0.01")),  # 0.0075 → 0.01
        (D("1000"), D("0.00911"), D("9.11")),  # JPY-like
        (D("250.500"), D("3.26"), D("816.63")),  # KWD, three decimals: 816.63
        (D("30000"), D("1.3620"), D("40860.00")),
    ],
)
def test_usd_is_rounded_half_up_to_the_cent(amount, rate, usd):
    assert to_usd(amount, rate) == usd


def test_currencies_are_iso_4217_codes():
    assert is_currency("EUR") is True
    assert is_currency("SEK") is True
    assert is_currency("XYZ") is False
    assert is_currency("eur") is False


def test_minor_units_follow_the_currency():
    assert (minor_units("EUR"), minor_units("JPY"), minor_units("KWD")) == (2, 0, 3)


@pytest.mark.parametrize(
    ("amount", "currency", "valid"),
    [
        (D("10.50"), "EUR", True),
        (D("10.505"), "EUR", False),
        (D("1000"), "JPY", True),
        (D("1000.5"), "JPY", False),
        (D("1.125"), "KWD", True),
        (D("1.1255"), "KWD", False),
    ],
)
def test_more_decimals_than_the_currency_has_are_refused(amount, currency, valid):
    assert has_valid_minor_units(amount, currency) is valid


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_fast_number_text_writes_what_number_format_writes(language):
    from django.utils import translation
    from django.utils.formats import number_format

    from funding.currencies import minor_units, money_formatter, money_text, number_text

    values = [Decimal(v) for v in ("0", "0.004", "7.1", "12", "999.999", "1000", "1234567.891", "-1234.5", "-0.5")]
    values += [Decimal(n) / Decimal(10**k) for n in (1, 999, 1000, 123456789, 10**12 - 1) for k in (0, 1, 3)]
    with translation.override(language):
        for currency in ("USD", "JPY", "KWD", "EUR"):
            expected = [
                number_format(v, decimal_pos=minor_units(currency), use_l10n=True, force_grouping=True) for v in values
            ]
            assert [money_text(v, currency) for v in values] == expected
            assert list(map(money_formatter(currency), values)) == expected
        assert [number_text(v, 1) for v in values] == [number_format(v, decimal_pos=1, use_l10n=True) for v in values]
