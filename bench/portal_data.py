"""The data bench/portal_bench.py and bench/profile_pages.py measure the portal with, loaded into the
benchmark's scratch PostgreSQL database (as bench/portal_bench.py configured it, before Django is set
up): the demo data of IC/2010/1 and its log-ins, plus 1,000 workshops (20 IDM years of 50), 10,000
registrations (1,000 on one workshop), 500 Council speakers, 300 donors with 3,000 contributions and
30,000 funding audit entries, then ANALYZE (this PostgreSQL runs without autovacuum); the delegates who
register in the throughput run, each with a signed-in session; and ``grow``, the same at 10x.
"""

import os
import time
from datetime import date, timedelta
from decimal import Decimal
from importlib import import_module

REGISTRATIONS = 1200
THROUGHPUT_SEATS = 400
# Before the registrations measured, other delegates register for a workshop of their own, as many as
# warm every worker's registration path (its templates, statements, format modules), a few waitlisted.
WARM_UP_REGISTRATIONS = 64
WARM_UP_SEATS = 48


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def load() -> dict:
    """The demo data and its log-ins, then the volumes of the issue, bulk-created."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from directory.models import MemberState, Organisation, Person, User
    from funding.models import AuditEntry, Contribution, Donor, DonorContact, Payment
    from sessions_council.models import CouncilSession, Panel, Participation
    from workshops.models import AgendaItem, AgendaSpeaker, DialogueYear, Registration, Workshop, WorkshopDocument

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - closed at exit
    states = list(MemberState.objects.order_by("pk"))
    organisation = Organisation.objects.first()
    now = timezone.now()
    this_year = timezone.localdate().year + 1
    staff = User.objects.get(email="secretariat@idm.example")
    delegate = User.objects.get(email="delegate@idm.example")

    unusable = "!" + "x" * 40  # nobody signs in with these passwords: sessions are made below
    users = User.objects.bulk_create(
        [
            User(
                email="delegate%d@bench.example" % i,
                first_name="Given%d" % i,
                last_name="Family%d" % i,
                password=unusable,
            )
            for i in range(3000)
        ]
    )
    from directory.models import Affiliation

    Affiliation.objects.bulk_create(
        [
            Affiliation(user=u, member_state=states[i % len(states)], status="approved", decided_at=now)
            for i, u in enumerate(users)
        ]
    )
    people = Person.objects.bulk_create(
        [
            Person(
                user=u,
                given_name=u.first_name,
                family_name=u.last_name,
                member_state=states[i % len(states)],
                position="Counsellor, Permanent Mission",
                organisation=organisation,
                email=u.email,
            )
            for i, u in enumerate(users)
        ]
    )
    # People without an account: registered by their focal point, and enough of them for 10,000 on one workshop.
    people += Person.objects.bulk_create(
        [
            Person(
                given_name="Guest%d" % i,
                family_name="Delegate%d" % i,
                member_state=states[i % len(states)],
                organisation=organisation,
                position="Adviser",
            )
            for i in range(7500)
        ],
        batch_size=2000,
    )
    years = DialogueYear.objects.bulk_create(
        [
            DialogueYear(year=y, theme="Theme of %d" % y, is_current=False)
            for y in range(this_year - 19, this_year + 1)
            if not DialogueYear.objects.filter(year=y).exists()
        ]
    )
    DialogueYear.objects.update(is_current=False)
    DialogueYear.objects.filter(year=this_year).update(is_current=True)
    workshops = []
    for year in years:
        for n in range(50):
            start = date(year.year, 1, 1) + timedelta(days=n * 7)
            workshops.append(
                Workshop(
                    year=year,
                    title="Workshop %d of IDM %d on migration and social change" % (n + 1, year.year),
                    slug="w-%d-%d" % (year.year, n + 1),
                    start_date=start,
                    end_date=start + timedelta(days=1),
                    venue="International Conference Centre Geneva (CICG), Geneva",
                    description="First paragraph of the description.\n\nSecond paragraph.",
                    guiding_questions="How?\nWhy?\nWhat next?",
                    capacity=50,
                    funded_seats=10,
                    requires_approval=(n == 0),
                    registration_opens=now - timedelta(days=10),
                    registration_closes=now + timedelta(days=300),
                    status=Workshop.Status.SUBJECT_TO_FUNDING,
                )
            )
    workshops = Workshop.objects.bulk_create(workshops)
    hot = next(w for w in workshops if w.slug == "w-%d-1" % this_year)

    registrations = []
    order = ["confirmed"] * 50 + ["pending"] * 700 + ["waitlisted"] * 200 + ["declined"] * 50
    for i, status in enumerate(order):
        p = people[i]
        registrations.append(
            Registration(
                workshop=hot,
                person=p,
                member_state=p.member_state,
                registered_by=p.user,
                status=status,
                funding="requested" if i % 5 == 0 else "",
                travel_from="Capital" if i % 5 == 0 else "",
            )
        )
    others = [w for w in workshops if w.pk != hot.pk]
    for i in range(9000):
        workshop = others[i % len(others)]
        p = people[1000 + (i // len(others)) * 7 % 2000 + i % 7]
        registrations.append(
            Registration(
                workshop=workshop,
                person=p,
                member_state=p.member_state,
                registered_by=p.user,
                status="confirmed" if i % 3 else "waitlisted",
            )
        )
    Registration.objects.bulk_create(registrations, ignore_conflicts=True, batch_size=2000)
    delegate_person = Person.objects.get(user=delegate)
    Registration.objects.get_or_create(
        workshop=hot,
        person=delegate_person,
        defaults={"member_state": delegate_person.member_state, "registered_by": delegate},
    )
    speakers = list(Person.objects.filter(user__isnull=True)[:12])
    for n in range(12):
        item = AgendaItem.objects.create(
            workshop=hot,
            title="Session %d: transnational families" % (n + 1),
            order=n,
            starts_at=now + timedelta(days=30, hours=n),
            ends_at=now + timedelta(days=30, hours=n + 1),
            kind="session",
            description="What the session is about.",
        )
        AgendaSpeaker.objects.bulk_create(
            [
                AgendaSpeaker(agenda_item=item, person=speakers[(n + k) % len(speakers)], role=role, order=k)
                for k, role in enumerate(["moderator", "speaker", "presenter"])
            ]
        )
    for n in range(5):
        WorkshopDocument.objects.create(
            workshop=hot,
            kind="background_paper",
            title="Background paper %d" % (n + 1),
            file="bench/x.pdf",
            content_type="application/pdf",
            size=123456,
            original_name="paper.pdf",
        )

    # 500 Council speakers: 25 sessions of 4 panels of 5 speakers, each a different person.
    council_people = people[3000:3500]
    sessions = CouncilSession.objects.bulk_create(
        [
            CouncilSession(
                number=200 + i,
                title="Session %d" % (200 + i),
                start_date=date(this_year - 25 + i, 11, 20),
                end_date=date(this_year - 25 + i, 11, 23),
            )
            for i in range(25)
        ]
    )
    panels = Panel.objects.bulk_create(
        [
            Panel(session=s, title="Panel %d of session %d" % (k + 1, s.number), order=k, summary="A summary.")
            for s in sessions
            for k in range(4)
        ]
    )
    Participation.objects.bulk_create(
        [
            Participation(panel=panel, person=council_people[i * 5 + k], order=k, topic="Migration and social change")
            for i, panel in enumerate(panels)
            for k in range(5)
        ]
    )

    # 300 donors, 3,000 contributions over the years (half earmarked), a payment each; the demo donor
    # contact's donor gets 300 of them.
    donors = Donor.objects.bulk_create(
        [Donor(name="Bench donor %03d" % i, kind="government", acknowledged_by_name=bool(i % 2)) for i in range(300)]
    )
    own_donor = DonorContact.objects.get(user__email="donor@idm.example").donor
    current = [w for w in workshops if w.year_id == next(y for y in years if y.year == this_year).pk]
    all_years = list(DialogueYear.objects.filter(year__gte=this_year - 19))
    contributions = Contribution.objects.bulk_create(
        [
            Contribution(
                donor=own_donor if i % 10 == 0 else donors[i % 300],
                year=all_years[-1] if i % 2 else all_years[i % len(all_years)],
                workshop=current[i % len(current)] if i % 4 == 1 else None,
                stage="paid" if i % 3 == 0 else "commitment",
                amount=Decimal("10000.000") + i,
                currency="USD",
                usd_rate=Decimal("1"),
                usd_amount=Decimal("10000.00") + i,
                pledged_on=date(this_year, 1, 1) + timedelta(days=i % 300),
                committed_on=date(this_year, 2, 1) + timedelta(days=i % 300),
            )
            for i in range(3000)
        ],
        batch_size=1000,
    )
    Payment.objects.bulk_create(
        [
            Payment(
                contribution=c,
                received_on=date(this_year, 3, 1),
                amount=c.amount,
                currency="USD",
                usd_amount=c.usd_amount,
            )
            for c in contributions
            if c.stage == "paid"
        ]
    )
    # Written past the services: the year's kept totals summed from them, as the data migration sums them.
    from funding.services import recount_all

    recount_all()
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                at=now - timedelta(minutes=i),
                by=staff,
                action="changed",
                kind="contribution",
                object_id=contributions[i % 3000].pk,
                summary="Contribution %d changed" % i,
                year=contributions[i % 3000].year,
                workshop=contributions[i % 3000].workshop,
                donor=contributions[i % 3000].donor,
                contribution=contributions[i % 3000],
                before={"amount": "1.000"},
                after={"amount": "2.000"},
            )
            for i in range(30000)
        ],
        batch_size=5000,
    )
    open_for_registration = {
        "year": all_years[-1],
        "registration_opens": now - timedelta(days=1),
        "registration_closes": now + timedelta(days=300),
        "status": Workshop.Status.SUBJECT_TO_FUNDING,
    }
    target = Workshop.objects.create(
        title="Registration throughput",
        slug="throughput",
        start_date=date(this_year, 12, 1),
        end_date=date(this_year, 12, 2),
        capacity=THROUGHPUT_SEATS,
        **open_for_registration,
    )
    warm_up = Workshop.objects.create(
        title="Registration warm-up",
        slug="throughput-warm-up",
        start_date=date(this_year, 12, 3),
        end_date=date(this_year, 12, 4),
        capacity=WARM_UP_SEATS,
        **open_for_registration,
    )
    analyze()
    from consultations.models import Consultation

    return {
        "hot": hot.slug,
        "hot_pk": hot.pk,
        "target": target.slug,
        "year": this_year,
        "speaker": council_people[0].pk,
        "session": sessions[-1].number,
        "consultation": Consultation.objects.order_by("pk").values_list("pk", flat=True).first(),
        "cookies": {role: session_for(User.objects.get(email=email)) for role, email in DEMO_LOGINS.items()},
        "registrants": [session_for(user) for user in users[1000 : 1000 + REGISTRATIONS]],
        "warm_up": warm_up.slug,
        "warm_up_registrants": [
            session_for(user) for user in users[1000 + REGISTRATIONS : 1000 + REGISTRATIONS + WARM_UP_REGISTRATIONS]
        ],
    }


DEMO_LOGINS = {
    "delegate": "delegate@idm.example",
    "focal point": "focalpoint@idm.example",
    "donor": "donor@idm.example",
    "secretariat": "secretariat@idm.example",
}


def session_for(user) -> str:
    """A signed-in session as allauth leaves it after a log-in (with the second factor for the secretariat)."""
    from allauth.mfa.models import Authenticator
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()  # the portal's, as a log-in saves it
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    methods = [{"method": "password", "at": time.time(), "email": user.email}]
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is not None:
        methods.append({"method": "mfa", "at": time.time(), "id": totp.pk, "type": "totp"})
    session["account_authentication_methods"] = methods
    session.create()
    return "sessionid=%s" % session.session_key


def grow(slug: str) -> dict:
    """10x: 10,000 registrations on the one workshop, 30,000 contributions, 300,000 audit entries (SQL)."""
    from django.db import connection

    from directory.models import Person
    from funding import cache as funding_cache
    from funding.models import AuditEntry, Contribution
    from workshops.models import Registration, Workshop

    hot = Workshop.objects.get(slug=slug)
    registered = Registration.objects.filter(workshop=hot).values("person_id")
    free = list(
        Person.objects.exclude(pk__in=registered)
        .filter(member_state__isnull=False)
        .values_list("pk", "member_state_id")[:9000]
    )
    staff_id = Registration.objects.filter(workshop=hot).values_list("registered_by_id", flat=True).first()
    Registration.objects.bulk_create(
        [
            Registration(workshop=hot, person_id=pk, member_state_id=state, registered_by_id=staff_id, status="pending")
            for pk, state in free
        ],
        batch_size=2000,
    )
    columns = [f.column for f in Contribution._meta.concrete_fields if f.column != "id"]
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO %s (%s) SELECT %s FROM %s, generate_series(1, 9)"  # noqa: S608 - names from the models
            % (Contribution._meta.db_table, ", ".join(columns), ", ".join(columns), Contribution._meta.db_table)
        )
        audit = [f.column for f in AuditEntry._meta.concrete_fields if f.column != "id"]
        cursor.execute(
            "INSERT INTO %s (%s) SELECT %s FROM %s, generate_series(1, 9)"  # noqa: S608 - names from the models
            % (AuditEntry._meta.db_table, ", ".join(audit), ", ".join(audit), AuditEntry._meta.db_table)
        )
    # Written past the services: the kept totals summed again, as the data migration sums them.
    from funding.services import recount_all

    recount_all()
    # Written past the models' signals: the donors' kept figures get their new version as a save would.
    funding_cache.invalidate()
    analyze()
    # Written without signals: the cached pages that show registrations (my delegation) get a new version.
    from workshops import cache

    cache.invalidate()
    return {
        "registrations on the workshop": Registration.objects.filter(workshop=hot).count(),
        "contributions": Contribution.objects.count(),
        "audit entries": AuditEntry.objects.count(),
    }
