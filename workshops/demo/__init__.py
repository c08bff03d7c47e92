"""Demo data for the workshops: the IDM years 2009 and 2010 of IC/2010/1, their four workshops with
descriptions and guiding questions taken word for word from the note, agendas with speakers from the
directory, and demo delegations whose registrations show full lists, a waiting list and funded
participation.

The 2010 workshops took place in 2010, so their registration is closed. To try registering in the
browser, ``load()`` also adds one workshop clearly labelled as a demonstration, whose dates and open
registration window move with today's date each time the demo data is loaded. ``load()`` is idempotent.
"""

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from directory.models import Affiliation, MemberState, Organisation, Person, User

from ..models import AgendaItem, AgendaSpeaker, Attendance, DialogueYear, Registration, Workshop, WorkshopDocument

# French and Spanish, in ``translations.json`` beside this file (what stays in English, and why, is said there).
TRANSLATIONS = json.loads(Path(__file__).with_name("translations.json").read_text(encoding="utf-8"))
S = Registration.Status
F = Registration.Funding
C = Registration.Category
K = AgendaItem.Kind
R = AgendaSpeaker.Role
VENUE = "International Conference Centre Geneva (CICG), Geneva"

# Paragraphs of IC/2010/1 (shared/seed/000_fde1cb57e9344e2a.txt), word for word, without their numbers.
PARAGRAPH_13 = (
    "While current approaches to migration tend to focus on the economic dimension of human mobility, "
    "with the economic drivers for migration and the impact of migration on the labour markets of "
    "countries of origin, transit and destination being widely documented, the intrinsically social and "
    "cultural nature of migration is no less important. In 2010, the IDM will consider migration "
    "primarily as a social phenomenon connecting and transforming people and places. It will focus on "
    "the social and cultural transformations induced in both societies of origin and destination by the "
    "temporary, circular or permanent movements of individuals and families, as well as the challenges "
    "posed by the changing notions of belonging and identity. As mobility is an essential feature of "
    "today's world, IDM 2010 will try to identify what measures can be taken by all stakeholders to make "
    "the social implications of migration as positive and beneficial as possible, particularly in the "
    "context of the current global economic crisis."
)
PARAGRAPH_15 = (
    "Migration is, on the one hand, an important aspect of social change and, on the other, one of its "
    "key consequences. While human mobility makes a significant contribution to shaping the world as it "
    "is today, ongoing socio-economic changes – and indeed major events such as the global economic "
    "crisis – have also made contemporary migration increasingly varied in terms of its patterns and "
    "composition. Transnationalism – people belonging to or having ties with more than one society over "
    "the course of a lifetime – is a key aspect of this debate: while international mobility is making "
    "transnationalism a more prevalent phenomenon, its patterns are also being shaped by new "
    "transnational realities. Transnationalism serves as a way to conceptualize the policy matters "
    "arising from the cross-border social and cultural connections between societies resulting from "
    "migration and to focus policymakers' thinking and action on innovative responses to the realities "
    "of international mobility."
)
PARAGRAPH_16 = (
    "The workshop will consider the implication of transnationalism for the political, civic and social "
    "participation of migrants in communities of origin and destination. Policy issues relating inter "
    "alia to nationality, voting rights, and access to and portability of social security provisions and "
    "banking services have become a major focus for countries of origin and destination."
)
PARAGRAPH_17 = (
    "The impact of transnationalism on families has come to the attention of policymakers across the "
    "world. Transnationalism implies changes and challenges to family unity and can affect children, "
    "gender and generational roles as families migrate or when some family members move and others stay "
    "behind. Policies on family unity and reunification, marriage migration or so-called “second- and "
    "third-generation migrants” are only some of the issues of interest to home and host governments. "
    "The workshop will outline new policy challenges that result from an extension of family ties across "
    "borders and will help governments identify innovative solutions to make transnationalism beneficial "
    "for migrants and their families."
)
PARAGRAPH_18 = (
    "The workshop will also look at the role of transnational networks in shaping migration and "
    "migrants' interaction with home and host societies. A key feature of transnationalism is the "
    "cross-border activity of migrants and migrant organizations, which not only seek to maintain ties "
    "with the countries of origin, but also develop transnational linkages between two or more societies "
    "and thus influence global migration patterns in significant ways. The workshop will therefore "
    "examine the ways in which the participation of migrant networks and partnerships with migrant "
    "organizations and diaspora groups can support States' efforts to address the implications and "
    "maximize the benefits of transnational social dynamics."
)
PARAGRAPH_19 = (
    "Migration is a catalyst for change and development – it has the potential to enrich not only the "
    "economies, but more importantly perhaps the culture and societies, of both countries of origin and "
    "destination. For example, while financial remittances are now widely recognized as a product of "
    "migration, social remittances, including the transfer of ideas, behaviour, identities and social "
    "capital, have received much less attention. At the same time, migration transforms notions of "
    "national and personal identity and some societies struggle with the process of re-defining their "
    "collective identities and maintaining social cohesion in the face of increasing diversity. Lastly, "
    "migrants themselves may bring new ideas to their host countries; while at the same time some "
    "migrant communities may hold on to lifestyles and traditions they associate with their places of "
    "origin, even if those places have since changed. Any resulting tensions need to be eased in daily "
    "social interaction."
)
# Paragraph 20: the five guiding questions of the second workshop.
GUIDING_QUESTIONS_2010_2 = [
    (
        "How can the beneficial impacts of social remittances be strengthened, for instance in societies "
        "emerging from conflict?"
    ),
    "How do countries respond to the social transformation of gender roles brought about by migration?",
    (
        "How do societies manage growing diversity, such as religious pluralism, and what does it mean for "
        "integration policies?"
    ),
    "What are the most effective practices in fighting racism, discrimination and xenophobia?",
    (
        "How can the potentially negative impacts that growing and changing mobility may have on the "
        "continuity and stability of social and community structures be mitigated?"
    ),
]

THEME_2009 = "Human rights and migration: Working together for safe, dignified and secure migration"
THEME_2010 = "Migration and social change"

YEARS = [
    {
        "year": 2009,
        "theme": THEME_2009,
        "theme_selection": "Selected by the membership during informal consultations held in 2008.",
        "description": "",
        "is_current": False,
    },
    {
        "year": 2010,
        "theme": THEME_2010,
        "theme_selection": (
            "Selected by the membership through the process of informal consultations and a follow-up survey."
        ),
        "description": PARAGRAPH_13,
        "is_current": True,
    },
]

HUMAN_RIGHTS_2009 = "effective-respect-for-the-human-rights-of-migrants"
TRAFFICKING_2009 = "trafficking-in-persons-and-exploitation-of-migrants"
TRANSNATIONALISM_2010 = "migration-and-transnationalism"
SOCIETIES_2010 = "societies-and-identities"
DEMO_SLUG = "demo-registration-walk-through"


def _title_translations(pair: list[str] | None) -> dict[str, str]:
    french, spanish = pair or ("", "")
    return {"title_fr": french, "title_es": spanish}


def _window(opens: date, closes: date) -> dict:
    zone = timezone.get_current_timezone()
    return {
        "registration_opens": datetime.combine(opens, time(9), tzinfo=zone),
        "registration_closes": datetime.combine(closes, time(18), tzinfo=zone),
    }


def _workshops(today: date) -> list[dict]:
    demo_start = today + timedelta(days=45)
    return [
        {
            "slug": HUMAN_RIGHTS_2009,
            "year": 2009,
            "title": "Effective Respect for the Human Rights of Migrants: A Shared Responsibility",
            "start_date": date(2009, 3, 25),
            "end_date": date(2009, 3, 26),
            "venue": VENUE,
            "status": Workshop.Status.REPORT_PUBLISHED,
            "capacity": 120,
            **_window(date(2009, 1, 15), date(2009, 3, 16)),
        },
        {
            "slug": TRAFFICKING_2009,
            "year": 2009,
            "title": "Trafficking in Persons and Exploitation of Migrants: Ensuring Protection of Human Rights",
            "start_date": date(2009, 7, 9),
            "end_date": date(2009, 7, 10),
            "venue": VENUE,
            "status": Workshop.Status.HELD,
            "capacity": 120,
            **_window(date(2009, 5, 4), date(2009, 6, 30)),
        },
        {
            "slug": TRANSNATIONALISM_2010,
            "year": 2010,
            "title": "Migration and Transnationalism: Opportunities and Challenges",
            "start_date": date(2010, 3, 9),
            "end_date": date(2010, 3, 10),
            "venue": VENUE,
            "description": "\n\n".join([PARAGRAPH_15, PARAGRAPH_16, PARAGRAPH_17, PARAGRAPH_18]),
            "status": Workshop.Status.SUBJECT_TO_FUNDING,
            "capacity": 30,
            "funded_seats": 10,
            **_window(date(2010, 1, 18), date(2010, 3, 1)),
        },
        {
            "slug": SOCIETIES_2010,
            "year": 2010,
            "title": "Societies and Identities: the Multifaceted Impact of Migration",
            "start_date": date(2010, 7, 19),
            "end_date": date(2010, 7, 20),
            "venue": VENUE,
            "description": PARAGRAPH_19,
            "guiding_questions": "\n".join(GUIDING_QUESTIONS_2010_2),
            "status": Workshop.Status.SUBJECT_TO_FUNDING,
            "capacity": 40,
            "requires_approval": True,
            "funded_seats": 12,
            **_window(date(2010, 4, 12), date(2010, 7, 9)),
        },
        {
            "slug": DEMO_SLUG,
            "year": 2010,
            "title": "Demonstration workshop: registration walk-through (demo data)",
            "start_date": demo_start,
            "end_date": demo_start + timedelta(days=1),
            "venue": VENUE,
            "description": (
                "This workshop is demo data, not an IDM event. It exists so that registration, the waiting "
                "list and funded participation can be tried in the portal: its dates and its open registration "
                "window move with today's date each time the demo data is loaded.\n\n"
                "All its seats are taken and three delegates wait for a seat. A new registration joins the "
                "waiting list; raising the number of seats, or a cancellation, confirms the waiting list in "
                "order of arrival."
            ),
            "guiding_questions": "\n".join(GUIDING_QUESTIONS_2010_2[:2]),
            "status": Workshop.Status.SUBJECT_TO_FUNDING,
            "capacity": 12,
            "funded_seats": 4,
            **_window(today - timedelta(days=14), today + timedelta(days=30)),
        },
    ]


# Agenda: (slug, day index, start, end, kind, title, [(given name, family name, role)]).
# IC/2010/1 gives no workshop agendas, so the speakers are invented demo experts (DEMO_EXPERTS):
# the real people the note names are never given roles they did not have.
DEMO_EXPERTS = [
    ("Anna", "Keller", "Head, International Dialogue on Migration Division (demo)"),
    ("Rafael", "Ortiz", "Senior Policy Adviser, International Dialogue on Migration Division (demo)"),
    ("Nadia", "Haddad", "Migration Policy Officer, IOM (demo)"),
    ("Peter", "Lindqvist", "Professor of Sociology of Migration (demo)"),
    ("Mei", "Tan", "Researcher on transnational families (demo)"),
    ("Samuel", "Owusu", "Director of a diaspora network (demo)"),
    ("Lucía", "Romero", "Director of Migrant Integration, a national ministry (demo)"),
    ("Thabo", "Nkosi", "Regional consultative process coordinator (demo)"),
    ("Claire", "Dubois", "Policy analyst, social cohesion (demo)"),
    ("Jonas", "Weber", "Economist, remittances and development (demo)"),
    ("Dewi", "Lestari", "Representative of a migrant workers' association (demo)"),
]
AGENDAS = {
    TRANSNATIONALISM_2010: [
        (
            0,
            "09:30",
            "10:15",
            K.OPENING,
            "Opening and keynote address",
            [
                ("Anna", "Keller", R.CHAIR),
                ("Peter", "Lindqvist", R.KEYNOTE),
            ],
        ),
        (0, "10:15", "10:45", K.BREAK, "Coffee break", []),
        (
            0,
            "10:45",
            "13:00",
            K.SESSION,
            "Session I: Transnationalism and the participation of migrants in communities of origin and destination",
            [
                ("Rafael", "Ortiz", R.MODERATOR),
                ("Mei", "Tan", R.SPEAKER),
                ("Samuel", "Owusu", R.SPEAKER),
            ],
        ),
        (0, "13:00", "15:00", K.BREAK, "Lunch", []),
        (
            0,
            "15:00",
            "18:00",
            K.PANEL,
            "Session II: Transnational families – policy challenges and innovative solutions",
            [
                ("Nadia", "Haddad", R.MODERATOR),
                ("Lucía", "Romero", R.SPEAKER),
                ("Thabo", "Nkosi", R.SPEAKER),
            ],
        ),
        (
            1,
            "10:00",
            "13:00",
            K.SESSION,
            "Session III: Migrant networks, diaspora groups and partnerships with migrant organizations",
            [
                ("Claire", "Dubois", R.MODERATOR),
                ("Jonas", "Weber", R.PRESENTER),
            ],
        ),
        (
            1,
            "15:00",
            "17:00",
            K.CLOSING,
            "Wrap-up and closing remarks",
            [
                ("Anna", "Keller", R.CHAIR),
            ],
        ),
    ],
    SOCIETIES_2010: [
        (
            0,
            "09:30",
            "10:30",
            K.OPENING,
            "Opening and keynote address",
            [
                ("Jonas", "Weber", R.CHAIR),
                ("Nadia", "Haddad", R.KEYNOTE),
            ],
        ),
        (
            0,
            "10:30",
            "13:00",
            K.SESSION,
            "Session I: Strengthening the beneficial impacts of social remittances",
            [
                ("Thabo", "Nkosi", R.MODERATOR),
                ("Dewi", "Lestari", R.SPEAKER),
            ],
        ),
        (
            0,
            "15:00",
            "18:00",
            K.PANEL,
            "Session II: Migration and the transformation of gender roles",
            [
                ("Lucía", "Romero", R.MODERATOR),
                ("Mei", "Tan", R.SPEAKER),
            ],
        ),
        (
            1,
            "10:00",
            "13:00",
            K.SESSION,
            "Session III: Managing diversity – integration policies and the fight against racism and xenophobia",
            [
                ("Claire", "Dubois", R.MODERATOR),
                ("Samuel", "Owusu", R.SPEAKER),
                ("Rafael", "Ortiz", R.SPEAKER),
            ],
        ),
        (
            1,
            "15:00",
            "16:30",
            K.CLOSING,
            "Conclusions and closing remarks",
            [
                ("Peter", "Lindqvist", R.RAPPORTEUR),
            ],
        ),
    ],
    DEMO_SLUG: [
        (0, "09:30", "10:00", K.OPENING, "Welcome and introduction", [("Anna", "Keller", R.CHAIR)]),
        (
            0,
            "10:00",
            "12:30",
            K.SESSION,
            "Session I: Social remittances",
            [
                ("Jonas", "Weber", R.MODERATOR),
                ("Dewi", "Lestari", R.SPEAKER),
            ],
        ),
        (1, "10:00", "12:00", K.CLOSING, "Conclusions", [("Mei", "Tan", R.RAPPORTEUR)]),
    ],
}

# Demo delegations: (ISO code, focal point's given name, family name, position, [members without accounts]).
DELEGATIONS = [
    (
        "KE",
        "Wanjiru",
        "Kamau",
        "First Secretary, Permanent Mission of Kenya",
        [("Otieno", "Odhiambo"), ("Achieng", "Mwangi")],
    ),
    (
        "GH",
        "Kwame",
        "Mensah",
        "Minister Counsellor, Permanent Mission of Ghana",
        [("Akosua", "Boateng"), ("Yaw", "Asante")],
    ),
    ("EC", "Lucía", "Andrade", "Counsellor, Permanent Mission of Ecuador", [("Diego", "Cevallos"), ("Paola", "Vera")]),
    (
        "CO",
        "Camilo",
        "Restrepo",
        "Second Secretary, Permanent Mission of Colombia",
        [("Valentina", "Ospina"), ("Andrés", "Gaviria")],
    ),
    (
        "BD",
        "Farhana",
        "Rahman",
        "Counsellor (Labour), Permanent Mission of Bangladesh",
        [("Tanvir", "Hossain"), ("Nusrat", "Jahan")],
    ),
    (
        "NP",
        "Bishnu",
        "Adhikari",
        "Second Secretary, Permanent Mission of Nepal",
        [("Sarita", "Gurung"), ("Prakash", "Shrestha")],
    ),
    ("EG", "Mona", "Abdel-Rahman", "Counsellor, Permanent Mission of Egypt", [("Karim", "Fahmy"), ("Heba", "Soliman")]),
    ("JO", "Rami", "Haddad", "First Secretary, Permanent Mission of Jordan", [("Lina", "Khoury"), ("Omar", "Zoubi")]),
    (
        "MD",
        "Ion",
        "Rusu",
        "Counsellor, Permanent Mission of the Republic of Moldova",
        [("Elena", "Ciobanu"), ("Victor", "Lungu")],
    ),
    (
        "MA",
        "Nadia",
        "Benali",
        "Minister Plenipotentiary, Permanent Mission of Morocco",
        [("Youssef", "Alaoui"), ("Salma", "Idrissi")],
    ),
    (
        "MX",
        "Gabriela",
        "Ortiz",
        "Alternate Representative, Permanent Mission of Mexico",
        [("Rodrigo", "Salinas"), ("Mariana", "Cruz")],
    ),
    (
        "TH",
        "Nattapong",
        "Srisuk",
        "Counsellor, Permanent Mission of Thailand",
        [("Ploy", "Chaiyaporn"), ("Anan", "Wongsa")],
    ),
    (
        "DE",
        "Katrin",
        "Vogel",
        "First Counsellor, Permanent Mission of Germany",
        [("Jonas", "Becker"), ("Miriam", "Hoffmann")],
    ),
]


EDITABLE_WORKSHOP_FIELDS = ("status", "capacity", "funded_seats", "requires_approval")


def load() -> dict[str, int]:
    with transaction.atomic():
        return _load(timezone.localdate())


def _load(today: date) -> dict[str, int]:
    years = {}
    for row in YEARS:
        values = {**row, **TRANSLATIONS["years"].get(str(row["year"]), {})}
        number = values.pop("year")
        if values["is_current"]:
            DialogueYear.objects.exclude(year=number).filter(is_current=True).update(is_current=False)
        years[number], _ = DialogueYear.objects.update_or_create(year=number, defaults=values)
    workshops = {}
    for row in _workshops(today):
        values = {**row, **TRANSLATIONS["workshops"].get(row["slug"], {})}
        slug = values.pop("slug")
        values["year"] = years[values["year"]]
        # What the secretariat may change on its pages (seats, status…) is set when the workshop is created
        # and then left alone: loading the demo again must not undo what someone tried in the portal.
        editable = {field: values.pop(field) for field in EDITABLE_WORKSHOP_FIELDS if field in values}
        workshops[slug], _ = Workshop.objects.update_or_create(
            slug=slug, defaults=values, create_defaults={**values, **editable}
        )
    items = sum(_load_agenda(workshops[slug], rows) for slug, rows in AGENDAS.items())
    people = _load_delegations()
    registrations = _load_registrations(workshops, people)
    documents = _load_documents(workshops)
    return {
        "IDM years": len(years),
        "workshops": len(workshops),
        "agenda items": items,
        "demo delegates": len(people),
        "registrations": registrations,
        "workshop documents": documents,
    }


def _load_demo_experts() -> None:
    iom = Organisation.objects.filter(acronym="IOM").first()
    for given, family, position in DEMO_EXPERTS:
        Person.objects.update_or_create(
            given_name=given,
            family_name=family,
            defaults={
                "position": position,
                "organisation": iom if "IOM" in position or "Division" in position else None,
            },
        )


def _load_agenda(workshop: Workshop, rows) -> int:
    _load_demo_experts()
    zone = timezone.get_current_timezone()
    for order, (day, start, end, kind, title, speakers) in enumerate(rows):
        when = workshop.start_date + timedelta(days=day)
        item, _ = AgendaItem.objects.update_or_create(
            workshop=workshop,
            title=title,
            defaults={
                "starts_at": datetime.combine(when, time.fromisoformat(start), tzinfo=zone),
                "ends_at": datetime.combine(when, time.fromisoformat(end), tzinfo=zone),
                "kind": kind,
                "order": order,
                **_title_translations(TRANSLATIONS["agenda_items"].get(title)),
            },
        )
        kept = []
        for position, (given, family, role) in enumerate(speakers):
            person = Person.objects.get(given_name=given, family_name=family)
            speaker, _ = AgendaSpeaker.objects.update_or_create(
                agenda_item=item, person=person, defaults={"role": role, "order": position}
            )
            kept.append(speaker.pk)
        item.speakers.exclude(pk__in=kept).delete()
    return len(rows)


def _load_delegations() -> list[tuple[Person, User]]:
    """Every demo delegation: a focal point with an account, two members without one.
    Returns (person, the user who registers them) in a fixed order."""
    people = []
    for code, given, family, position, members in DELEGATIONS:
        state = MemberState.objects.get(country=code)
        email = "demo-%s@idm.example" % code.lower()
        user, created = User.objects.get_or_create(email=email, defaults={"first_name": given, "last_name": family})
        if created:
            user.set_unusable_password()  # demo records only: the four demo log-ins are the ones to use
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        if not Affiliation.objects.filter(user=user, status=Affiliation.Status.APPROVED).exists():
            Affiliation.objects.create(
                user=user,
                member_state=state,
                position=position,
                status=Affiliation.Status.APPROVED,
                is_focal_point=True,
                decided_at=timezone.now(),
            )
        focal_point, _ = Person.objects.update_or_create(
            user=user,
            defaults={
                "given_name": given,
                "family_name": family,
                "position": position,
                "member_state": state,
                "email": email,
            },
        )
        people.append((focal_point, user))
        for member_given, member_family in members:
            member, _ = Person.objects.update_or_create(
                given_name=member_given,
                family_name=member_family,
                member_state=state,
                defaults={"position": "Delegate of %s" % state.name},
            )
            people.append((member, user))
    return people


def _load_registrations(workshops: dict[str, Workshop], people: list[tuple[Person, User]]) -> int:
    """Registrations in a fixed arrival order (one minute apart), so the waiting list has a clear order."""
    plans = {
        # 2009: everyone who came is recorded as attended.
        HUMAN_RIGHTS_2009: [S.ATTENDED] * 18,
        TRAFFICKING_2009: [S.ATTENDED] * 16,
        # Full: 30 seats taken (28 came, two did not), 5 on the waiting list, one cancellation.
        TRANSNATIONALISM_2010: [S.ATTENDED] * 28 + [S.CONFIRMED] * 2 + [S.WAITLISTED] * 5 + [S.CANCELLED],
        # Approval needed: confirmed (20 came), pending, declined.
        SOCIETIES_2010: [S.ATTENDED] * 20 + [S.CONFIRMED] * 2 + [S.PENDING] * 8 + [S.DECLINED] * 2,
        # Open now: full, three waiting.
        DEMO_SLUG: [S.CONFIRMED] * 12 + [S.WAITLISTED] * 3,
    }
    count = 0
    for slug, statuses in plans.items():
        workshop = workshops[slug]
        arrival = workshop.registration_opens or timezone.now()
        # A different starting point per workshop, so each list mixes the delegations differently.
        offset = sum(map(ord, slug)) % len(people)
        chosen = (people[offset:] + people[:offset])[: len(statuses)]
        heads = set()
        for number, ((person, by), status) in enumerate(zip(chosen, statuses, strict=True)):
            state = person.member_state
            funding, travel_from = _funding_plan(workshop, state, number)
            # A registration's state is the portal's to change (confirmed from the waiting list, cancelled,
            # funding decided): the demo sets it once, when the registration is created.
            registration, created = Registration.objects.get_or_create(
                workshop=workshop,
                person=person,
                defaults={
                    "member_state": state,
                    "registered_by": by,
                    "status": status,
                    "is_head_of_delegation": state.pk not in heads,
                    "consent_to_publish": number % 4 != 3,
                    "funding": funding,
                    "travel_from": travel_from,
                    "funding_reason": "Travel from the capital is not covered by the ministry's budget."
                    if funding
                    else "",
                    "reason": "The delegation is limited to two members." if status == S.DECLINED else "",
                    "category": _category(number),
                },
            )
            heads.add(state.pk)
            if created:
                Registration.objects.filter(pk=registration.pk).update(created_at=arrival + timedelta(minutes=number))
            if registration.status == S.ATTENDED:
                _load_attendance(registration, number)
            count += 1
    return count


def _category(number: int) -> str:
    """Badge categories: mostly delegates; a few observers, speakers and one journalist per workshop."""
    return {5: C.SPEAKER, 11: C.OBSERVER, 17: C.PRESS, 23: C.SPEAKER}.get(number, C.DELEGATE)


def _load_attendance(registration: Registration, number: int) -> None:
    """Who came on each day of a past workshop, checked in from 08:30 a minute apart; every seventh
    participant came on the first day only."""
    days = (registration.workshop.end_date - registration.workshop.start_date).days + 1
    for offset in range(1 if number % 7 == 6 else days):
        day = registration.workshop.start_date + timedelta(days=offset)
        at = timezone.make_aware(datetime.combine(day, time(8, 30)) + timedelta(minutes=number))
        Attendance.objects.update_or_create(registration=registration, day=day, defaults={"checked_in_at": at})


CAPITALS = {
    "KE": "Nairobi, Kenya",
    "GH": "Accra, Ghana",
    "EC": "Quito, Ecuador",
    "CO": "Bogotá, Colombia",
    "BD": "Dhaka, Bangladesh",
    "NP": "Kathmandu, Nepal",
    "EG": "Cairo, Egypt",
    "JO": "Amman, Jordan",
    "MD": "Chişinău, Republic of Moldova",
    "MA": "Rabat, Morocco",
    "MX": "Mexico City, Mexico",
    "TH": "Bangkok, Thailand",
}


def _funding_plan(workshop: Workshop, state: MemberState, number: int) -> tuple[str, str]:
    """Some delegates of eligible states asked for funded participation: the first ones approved within
    the funded seats, later ones still waiting for a decision."""
    if not state.eligible_for_funding or number % 3 != 0 or workshop.slug in (HUMAN_RIGHTS_2009, TRAFFICKING_2009):
        return "", ""
    travel_from = CAPITALS.get(state.country.code, state.name)
    return (F.APPROVED if number < 3 * min(workshop.funded_seats, 3) else F.REQUESTED), travel_from


def _load_documents(workshops: dict[str, Workshop]) -> int:
    documents = [
        (TRANSNATIONALISM_2010, WorkshopDocument.Kind.CONCEPT_NOTE, "Concept note", True),
        (TRANSNATIONALISM_2010, WorkshopDocument.Kind.BACKGROUND_PAPER, "Background paper (participants)", False),
        (SOCIETIES_2010, WorkshopDocument.Kind.CONCEPT_NOTE, "Concept note", True),
        (DEMO_SLUG, WorkshopDocument.Kind.AGENDA, "Provisional agenda", True),
    ]
    for slug, kind, title, is_public in documents:
        workshop = workshops[slug]
        translations = _title_translations(TRANSLATIONS["documents"].get(slug, {}).get(title))
        if WorkshopDocument.objects.filter(workshop=workshop, title=title).update(**translations):
            continue
        content = ContentFile(_pdf("%s - %s" % (workshop.title, title)), name="document.pdf")
        WorkshopDocument.objects.create(
            workshop=workshop,
            kind=kind,
            title=title,
            **translations,
            language="en",
            is_public=is_public,
            file=content,
            content_type="application/pdf",
            size=content.size,
            original_name="%s-%s.pdf" % (slug, kind),
        )
    return len(documents)


def _pdf(text: str) -> bytes:
    """A one-page PDF with one line of text, so the demo has real files to download."""
    safe = text.encode("latin-1", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 11 Tf 50 780 Td (" + safe + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out
