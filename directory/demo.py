"""Demo data for the directory: every member state, organisation and person named in IC/2010/1.

Names and positions are written exactly as in the discussion note. ``load()`` is idempotent.
"""

from django.contrib.auth.models import Group

from . import demo_translations
from .models import MemberState, Organisation, Person
from .roles import SECRETARIAT_GROUP

MEMBER, OBSERVER = MemberState.Status.MEMBER, MemberState.Status.OBSERVER
R = MemberState.Region

# (ISO 3166 alpha-2, name, region, eligible for funded participation)
MEMBER_STATES = [
    ("BH", "Bahrain", R.MIDDLE_EAST, False),
    ("RS", "Serbia", R.EUROPE, True),
    ("LR", "Liberia", R.AFRICA, True),
    ("ZA", "South Africa", R.AFRICA, True),
    ("SE", "Sweden", R.EUROPE, False),
    ("TH", "Thailand", R.ASIA_PACIFIC, True),
    ("GR", "Greece", R.EUROPE, False),
    ("MX", "Mexico", R.AMERICAS, True),
    # Further member states for the demo delegations and registrations.
    ("CH", "Switzerland", R.EUROPE, False),
    ("PH", "Philippines", R.ASIA_PACIFIC, True),
    ("MA", "Morocco", R.AFRICA, True),
    ("SN", "Senegal", R.AFRICA, True),
    ("KE", "Kenya", R.AFRICA, True),
    ("GH", "Ghana", R.AFRICA, True),
    ("EC", "Ecuador", R.AMERICAS, True),
    ("CO", "Colombia", R.AMERICAS, True),
    ("US", "United States of America", R.AMERICAS, False),
    ("CA", "Canada", R.AMERICAS, False),
    ("AU", "Australia", R.ASIA_PACIFIC, False),
    ("BD", "Bangladesh", R.ASIA_PACIFIC, True),
    ("NP", "Nepal", R.ASIA_PACIFIC, True),
    ("EG", "Egypt", R.MIDDLE_EAST, True),
    ("JO", "Jordan", R.MIDDLE_EAST, True),
    ("IT", "Italy", R.EUROPE, False),
    ("DE", "Germany", R.EUROPE, False),
    ("NL", "Netherlands", R.EUROPE, False),
    ("MD", "Republic of Moldova", R.EUROPE, True),
]
OBSERVER_STATES = [("CN", "China", R.ASIA_PACIFIC, False)]

K = Organisation.Kind
# (name, acronym, kind, ISO code of the state for a ministry)
ORGANISATIONS = [
    ("International Organization for Migration", "IOM", K.INTERGOVERNMENTAL, None),
    ("Office of the High Commissioner of Human Rights", "OHCHR", K.UN_AGENCY, None),
    ("European Commission", "EC", K.INTERGOVERNMENTAL, None),
    ("Directorate-General for Justice, Freedom and Security", "DG JLS", K.INTERGOVERNMENTAL, None),
    ("Ministry of Social Development", "", K.MINISTRY, "BH"),
    ("Ministry of Interior", "", K.MINISTRY, "RS"),
    ("Ministry of Home Affairs", "", K.MINISTRY, "ZA"),
    ("Ministry of Justice", "", K.MINISTRY, "SE"),
    ("Ministry of the Interior", "", K.MINISTRY, "MX"),
    ("Migration Dialogue for Southern Africa", "MIDSA", K.RCP, None),
    ("Global Forum on Migration and Development", "GFMD", K.GLOBAL_FORUM, None),
    ("Global Migration Group", "GMG", K.GLOBAL_FORUM, None),
    ("United Nations Institute for Training and Research", "UNITAR", K.UN_AGENCY, None),
]

# (honorific, given name, family name, position as written in IC/2010/1, organisation, member state)
PEOPLE = [
    (
        "",
        "Kyung-wha",
        "Kang",
        "Deputy High Commissioner for Human Rights",
        "Office of the High Commissioner of Human Rights",
        None,
    ),
    (
        "",
        "Fatima Mohammed",
        "Al-Balooshi",
        "Minister of Social Development of Bahrain",
        ("Ministry of Social Development", "BH"),
        "BH",
    ),
    (
        "",
        "Jean-Louis",
        "de Brouwer",
        "Directorate-General for Justice, Freedom and Security of the European Commission",
        "Directorate-General for Justice, Freedom and Security",
        None,
    ),
    ("", "Drazen", "Maravic", "Ministry of Interior of Serbia", ("Ministry of Interior", "RS"), "RS"),
    ("", "Elly", "Anita", "Trafficking in Persons Report hero of the year for 2009", None, None),
    ("H.E.", "Ellen", "Johnson Sirleaf", "President of Liberia", None, "LR"),
    (
        "",
        "Malusi Knowledge Nkanyezi",
        "Gigaba",
        "Deputy Minister of Home Affairs of South Africa",
        ("Ministry of Home Affairs", "ZA"),
        "ZA",
    ),
    (
        "",
        "Minna",
        "Ljunggren",
        "State Secretary on Migration and Asylum Policy of the Ministry of Justice of Sweden",
        ("Ministry of Justice", "SE"),
        "SE",
    ),
    ("", "Sihasak", "Phuangketkeow", "Permanent Representative of the Government of Thailand", None, "TH"),
    ("", "George J.", "Kaklikis", "Permanent Representative of Greece (Chair of the GFMD in 2009)", None, "GR"),
    (
        "",
        "Alejandro",
        "Poiré",
        "Under-Secretary for Population, Migration and Religious Affairs, Ministry of the Interior of Mexico "
        "(Chair of the GFMD in 2010)",
        ("Ministry of the Interior", "MX"),
        "MX",
    ),
    (
        "",
        "Carlos",
        "Lopes",
        "Executive Director of the United Nations Institute for Training and Research",
        "United Nations Institute for Training and Research",
        None,
    ),
]


def load() -> dict[str, int]:
    Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    states = {}
    for status, rows in ((MEMBER, MEMBER_STATES), (OBSERVER, OBSERVER_STATES)):
        for code, name, region, eligible in rows:
            states[code], _ = MemberState.objects.update_or_create(
                country=code,
                defaults={
                    "name": name,
                    "name_fr": demo_translations.STATE_NAMES.get(code, {}).get("name_fr", ""),
                    "name_es": demo_translations.STATE_NAMES.get(code, {}).get("name_es", ""),
                    "status": status,
                    "region": region,
                    "eligible_for_funding": eligible,
                },
            )
    organisations = {}
    for name, acronym, kind, state_code in ORGANISATIONS:
        organisations[(name, state_code)], _ = Organisation.objects.update_or_create(
            name=name,
            member_state=states.get(state_code),
            defaults={"acronym": acronym, "kind": kind, **demo_translations.organisation(name)},
        )
    for honorific, given, family, position, organisation, state_code in PEOPLE:
        key = organisation if isinstance(organisation, tuple) else (organisation, None)
        Person.objects.update_or_create(
            given_name=given,
            family_name=family,
            defaults={
                "honorific": honorific,
                "position": position,
                **demo_translations.position(position),
                "organisation": organisations.get(key),
                "member_state": states.get(state_code),
            },
        )
    return {"member states": len(states), "organisations": len(organisations), "people": len(PEOPLE)}
