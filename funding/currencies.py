"""Currencies (ISO 4217) and the money rounding rule.

The rounding rule, in one place:

* An amount in its original currency is kept exactly as given, with at most the currency's minor
  units (2 for EUR, 0 for JPY, 3 for KWD); more decimals are refused, never rounded away.
* Its USD value is ``round(amount × rate, 2)`` with ROUND_HALF_UP ("commercial" rounding: 0.005
  goes up), where ``rate`` is the number of US dollars for one unit of the original currency,
  recorded at commitment (for a pledge: an indicative rate, replaced when it is committed).
* What has been paid of a contribution is valued as one sum, ``round(Σ payments × rate, 2)``, so
  a fully paid contribution is worth exactly its committed USD amount, never a cent more or less.
* Budgets and allocations are in US dollars, to the cent.
* Shares of money and funded seats are rounded down (a seat is funded only when all of it is).
"""

import functools
from collections.abc import Callable
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

USD = "USD"
CENT = Decimal("0.01")

# Active ISO 4217 codes: (code, name, minor units).
_CURRENCIES = [
    ("AED", _("UAE dirham"), 2),
    ("AFN", _("Afghani"), 2),
    ("ALL", _("Lek"), 2),
    ("AMD", _("Armenian dram"), 2),
    ("ANG", _("Netherlands Antillean guilder"), 2),
    ("AOA", _("Kwanza"), 2),
    ("ARS", _("Argentine peso"), 2),
    ("AUD", _("Australian dollar"), 2),
    ("AWG", _("Aruban florin"), 2),
    ("AZN", _("Azerbaijan manat"), 2),
    ("BAM", _("Convertible mark"), 2),
    ("BBD", _("Barbados dollar"), 2),
    ("BDT", _("Taka"), 2),
    ("BGN", _("Bulgarian lev"), 2),
    ("BHD", _("Bahraini dinar"), 3),
    ("BIF", _("Burundi franc"), 0),
    ("BMD", _("Bermudian dollar"), 2),
    ("BND", _("Brunei dollar"), 2),
    ("BOB", _("Boliviano"), 2),
    ("BRL", _("Brazilian real"), 2),
    ("BSD", _("Bahamian dollar"), 2),
    ("BTN", _("Ngultrum"), 2),
    ("BWP", _("Pula"), 2),
    ("BYN", _("Belarusian ruble"), 2),
    ("BZD", _("Belize dollar"), 2),
    ("CAD", _("Canadian dollar"), 2),
    ("CDF", _("Congolese franc"), 2),
    ("CHF", _("Swiss franc"), 2),
    ("CLP", _("Chilean peso"), 0),
    ("CNY", _("Yuan renminbi"), 2),
    ("COP", _("Colombian peso"), 2),
    ("CRC", _("Costa Rican colon"), 2),
    ("CUP", _("Cuban peso"), 2),
    ("CVE", _("Cabo Verde escudo"), 2),
    ("CZK", _("Czech koruna"), 2),
    ("DJF", _("Djibouti franc"), 0),
    ("DKK", _("Danish krone"), 2),
    ("DOP", _("Dominican peso"), 2),
    ("DZD", _("Algerian dinar"), 2),
    ("EGP", _("Egyptian pound"), 2),
    ("ERN", _("Nakfa"), 2),
    ("ETB", _("Ethiopian birr"), 2),
    ("EUR", _("Euro"), 2),
    ("FJD", _("Fiji dollar"), 2),
    ("FKP", _("Falkland Islands pound"), 2),
    ("GBP", _("Pound sterling"), 2),
    ("GEL", _("Lari"), 2),
    ("GHS", _("Ghana cedi"), 2),
    ("GIP", _("Gibraltar pound"), 2),
    ("GMD", _("Dalasi"), 2),
    ("GNF", _("Guinean franc"), 0),
    ("GTQ", _("Quetzal"), 2),
    ("GYD", _("Guyana dollar"), 2),
    ("HKD", _("Hong Kong dollar"), 2),
    ("HNL", _("Lempira"), 2),
    ("HTG", _("Gourde"), 2),
    ("HUF", _("Forint"), 2),
    ("IDR", _("Rupiah"), 2),
    ("ILS", _("New Israeli sheqel"), 2),
    ("INR", _("Indian rupee"), 2),
    ("IQD", _("Iraqi dinar"), 3),
    ("IRR", _("Iranian rial"), 2),
    ("ISK", _("Iceland krona"), 0),
    ("JMD", _("Jamaican dollar"), 2),
    ("JOD", _("Jordanian dinar"), 3),
    ("JPY", _("Yen"), 0),
    ("KES", _("Kenyan shilling"), 2),
    ("KGS", _("Som"), 2),
    ("KHR", _("Riel"), 2),
    ("KMF", _("Comorian franc"), 0),
    ("KPW", _("North Korean won"), 2),
    ("KRW", _("Won"), 0),
    ("KWD", _("Kuwaiti dinar"), 3),
    ("KYD", _("Cayman Islands dollar"), 2),
    ("KZT", _("Tenge"), 2),
    ("LAK", _("Lao kip"), 2),
    ("LBP", _("Lebanese pound"), 2),
    ("LKR", _("Sri Lanka rupee"), 2),
    ("LRD", _("Liberian dollar"), 2),
    ("LSL", _("Loti"), 2),
    ("LYD", _("Libyan dinar"), 3),
    ("MAD", _("Moroccan dirham"), 2),
    ("MDL", _("Moldovan leu"), 2),
    ("MGA", _("Malagasy ariary"), 2),
    ("MKD", _("Denar"), 2),
    ("MMK", _("Kyat"), 2),
    ("MNT", _("Tugrik"), 2),
    ("MOP", _("Pataca"), 2),
    ("MRU", _("Ouguiya"), 2),
    ("MUR", _("Mauritius rupee"), 2),
    ("MVR", _("Rufiyaa"), 2),
    ("MWK", _("Malawi kwacha"), 2),
    ("MXN", _("Mexican peso"), 2),
    ("MYR", _("Malaysian ringgit"), 2),
    ("MZN", _("Mozambique metical"), 2),
    ("NAD", _("Namibia dollar"), 2),
    ("NGN", _("Naira"), 2),
    ("NIO", _("Cordoba oro"), 2),
    ("NOK", _("Norwegian krone"), 2),
    ("NPR", _("Nepalese rupee"), 2),
    ("NZD", _("New Zealand dollar"), 2),
    ("OMR", _("Rial Omani"), 3),
    ("PAB", _("Balboa"), 2),
    ("PEN", _("Sol"), 2),
    ("PGK", _("Kina"), 2),
    ("PHP", _("Philippine peso"), 2),
    ("PKR", _("Pakistan rupee"), 2),
    ("PLN", _("Zloty"), 2),
    ("PYG", _("Guarani"), 0),
    ("QAR", _("Qatari rial"), 2),
    ("RON", _("Romanian leu"), 2),
    ("RSD", _("Serbian dinar"), 2),
    ("RUB", _("Russian ruble"), 2),
    ("RWF", _("Rwanda franc"), 0),
    ("SAR", _("Saudi riyal"), 2),
    ("SBD", _("Solomon Islands dollar"), 2),
    ("SCR", _("Seychelles rupee"), 2),
    ("SDG", _("Sudanese pound"), 2),
    ("SEK", _("Swedish krona"), 2),
    ("SGD", _("Singapore dollar"), 2),
    ("SHP", _("Saint Helena pound"), 2),
    ("SLE", _("Leone"), 2),
    ("SOS", _("Somali shilling"), 2),
    ("SRD", _("Surinam dollar"), 2),
    ("SSP", _("South Sudanese pound"), 2),
    ("STN", _("Dobra"), 2),
    ("SVC", _("El Salvador colon"), 2),
    ("SYP", _("Syrian pound"), 2),
    ("SZL", _("Lilangeni"), 2),
    ("THB", _("Baht"), 2),
    ("TJS", _("Somoni"), 2),
    ("TMT", _("Turkmenistan new manat"), 2),
    ("TND", _("Tunisian dinar"), 3),
    ("TOP", _("Pa'anga"), 2),
    ("TRY", _("Turkish lira"), 2),
    ("TTD", _("Trinidad and Tobago dollar"), 2),
    ("TWD", _("New Taiwan dollar"), 2),
    ("TZS", _("Tanzanian shilling"), 2),
    ("UAH", _("Hryvnia"), 2),
    ("UGX", _("Uganda shilling"), 0),
    ("USD", _("US dollar"), 2),
    ("UYU", _("Peso uruguayo"), 2),
    ("UZS", _("Uzbekistan sum"), 2),
    ("VES", _("Bolívar soberano"), 2),
    ("VND", _("Dong"), 0),
    ("VUV", _("Vatu"), 0),
    ("WST", _("Tala"), 2),
    ("XAF", _("CFA franc BEAC"), 0),
    ("XCD", _("East Caribbean dollar"), 2),
    ("XCG", _("Caribbean guilder"), 2),
    ("XOF", _("CFA franc BCEAO"), 0),
    ("XPF", _("CFP franc"), 0),
    ("YER", _("Yemeni rial"), 2),
    ("ZAR", _("Rand"), 2),
    ("ZMW", _("Zambian kwacha"), 2),
    ("ZWG", _("Zimbabwe gold"), 2),
]

MINOR_UNITS: dict[str, int] = {code: units for code, _name, units in _CURRENCIES}
CURRENCY_CHOICES = [(code, format_lazy("{} – {}", code, name)) for code, name, _units in _CURRENCIES]


def is_currency(code: str) -> bool:
    return code in MINOR_UNITS


def minor_units(code: str) -> int:
    return MINOR_UNITS.get(code, 2)


def has_valid_minor_units(amount: Decimal, currency: str) -> bool:
    """At most the currency's minor units: 10.5 JPY or 1.005 EUR are refused, not rounded."""
    return amount == amount.quantize(Decimal(1).scaleb(-minor_units(currency)), rounding=ROUND_DOWN)


def to_usd(amount: Decimal, rate: Decimal) -> Decimal:
    """USD value of an amount at a rate (USD per unit): round(amount × rate, 2), ROUND_HALF_UP."""
    return (Decimal(amount) * Decimal(rate)).quantize(CENT, rounding=ROUND_HALF_UP)


def cents_down(value: Decimal) -> Decimal:
    """A share of money, rounded down to the cent so shares never add up to more than the whole."""
    return Decimal(value).quantize(CENT, rounding=ROUND_DOWN)


def money_text(amount: Decimal, currency: str = USD) -> str:
    """An amount with its currency's minor units and the active language's digit grouping."""
    return number_text(amount, minor_units(currency), grouping=True)


def number_text(value, decimal_pos: int, *, grouping: bool = False) -> str:
    """What Django's ``number_format`` writes in the active language (digits past ``decimal_pos`` cut,
    not rounded), by Python's own formatting: a table of amounts formats thousands of numbers, and
    the generic path costs several times more per number. Negative numbers and grouping other than
    by threes take Django's path."""
    return _number_text(value, decimal_pos, grouping, _separators(get_language()))


def money_formatter(currency: str = USD) -> Callable[[Decimal], str]:
    """``money_text`` of ``currency`` for the many amounts of one page: the active language's
    separators and the currency's minor units looked up once, not for every amount."""
    separators, places = _separators(get_language()), minor_units(currency)
    return lambda amount: _number_text(amount, places, True, separators)


def _number_text(value, decimal_pos: int, grouping: bool, separators: tuple[str, object, str]) -> str:
    decimal_sep, group_size, thousand_sep = separators
    number = Decimal(value)
    if number < 0 or (grouping and group_size != 3):
        return numberformat.format(
            number, decimal_sep, decimal_pos, group_size, thousand_sep, force_grouping=grouping, use_l10n=True
        )
    number = number.quantize(Decimal(1).scaleb(-decimal_pos), rounding=ROUND_DOWN)
    text = format(number, ",f" if grouping else "f")
    if decimal_sep == "." and (thousand_sep == "," or not grouping):
        return text  # Python's own separators (English)
    return text.replace(",", "\x00").replace(".", decimal_sep).replace("\x00", thousand_sep)


@functools.cache
def _separators(language: str | None) -> tuple[str, object, str]:
    return tuple(
        get_format(name, language, use_l10n=True)
        for name in ("DECIMAL_SEPARATOR", "NUMBER_GROUPING", "THOUSAND_SEPARATOR")
    )
