"""The home pages: the secretariat's desk (what waits, each count one query) and the public home page."""

import datetime

import pytest
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from consultations.models import Ballot
from directory.models import Affiliation, MemberState, Person
from documents.models import DocumentJob, DocumentKind
from documents.services import request_document
from sessions_council.models import Participation
from tests import factories
from tests.consultations.factories import COUNTRIES, ConsultationFactory, state
from tests.sessions_council.factories import CouncilSessionFactory, PanelFactory, ParticipationFactory
from tests.workshops.factories import DialogueYearFactory, WorkshopFactory, registration
from workshops.models import Registration, WorkshopDocument

SIZES = [1, 30]


@pytest.fixture(autouse=True)
def _memory_cache(settings):
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "home"}}
    cache.clear()


def waiting(n: int) -> None:
    """``n`` of everything the desk counts."""
    workshop = WorkshopFactory(requires_approval=True)
    for _ in range(n):
        registration(workshop, status=Registration.Status.PENDING, funding=Registration.Funding.REQUESTED)
        Affiliation.objects.filter(pk=factories.AffiliationFactory().pk).update(status=Affiliation.Status.PENDING)
    session = CouncilSessionFactory(start_date=timezone.localdate(), end_date=timezone.localdate())
    panel = PanelFactory(session=session)
    for _ in range(n):
        ParticipationFactory(panel=panel, role=Participation.Role.PANELLIST)
    for _ in range(n):
        job = request_document(kind=DocumentKind.PARTICIPANTS, source=WorkshopFactory(), language="en", by=None)
        DocumentJob.objects.filter(pk=job.pk).update(status=DocumentJob.Status.FAILED)
    consultation = ConsultationFactory()
    for code in COUNTRIES[:n]:
        Ballot.objects.create(consultation=consultation, member_state=state(code, name="Voter %s" % code))


@pytest.mark.parametrize("n", SIZES)
def test_the_desk_counts_what_waits_with_the_same_queries(client, secretariat, n, django_assert_num_queries):
    waiting(n)
    client.force_login(secretariat)

    # the session with its user and roles; the counts in one statement; the first time, the records to
    # translate counted, the workshops where registrations wait and the open surveys read too (then kept
    # until what they show changes)
    with django_assert_num_queries(5):
        client.get("/")
    with django_assert_num_queries(2):
        response = client.get("/")

    counts = {item.key: item.count for item in response.context["waiting"]}
    assert counts["registrations"] == n
    assert counts["funding"] == n
    assert counts["affiliations"] == n
    assert counts["documents"] == n
    assert counts["presentations"] == n
    members = MemberState.objects.filter(status=MemberState.Status.MEMBER).count()
    assert [survey.not_voted for survey in response.context["surveys"]] == [members - n]


def test_the_public_home_page_shows_the_theme_the_next_workshop_a_survey_and_documents(client, db):
    year = DialogueYearFactory(year=2010, theme="Migration and social change")
    soon = timezone.localdate() + datetime.timedelta(days=20)
    WorkshopFactory(year=year, title="Later workshop", start_date=soon + datetime.timedelta(days=30))
    next_one = WorkshopFactory(year=year, title="Migration and Transnationalism", start_date=soon)
    ConsultationFactory(title="Overarching theme of the IDM in 2011")
    WorkshopDocument.objects.create(
        workshop=next_one,
        kind="concept_note",
        title="Concept note",
        file="x.pdf",
        content_type="application/pdf",
        size=1,
        original_name="x.pdf",
    )

    html = client.get("/").content.decode()

    assert '<p class="home-theme">Migration and social change</p>' in html
    assert "Migration and Transnationalism</a>" in html
    assert "Later workshop" not in html
    assert '<span class="badge badge-open">Registration open</span>' in html
    assert "Overarching theme of the IDM in 2011</a>" in html
    assert "Concept note</a>" in html


def _links(html: str, key: str) -> list[str]:
    """The hrefs of the desk line ``key`` (its own link first, then each workshop's)."""
    import re

    line = html.split('<li class="desk-%s' % key)[1].split('<li class="desk-', 1)[0]
    return re.findall(r'href="([^"]+)"', line)


def test_each_desk_count_links_to_its_list_filtered_to_what_it_counts(client, secretariat):
    from django.urls import reverse

    one = WorkshopFactory(slug="first", title="First workshop", title_fr="Premier atelier")
    registration(one, status=Registration.Status.PENDING, funding=Registration.Funding.REQUESTED)
    registration(one, status=Registration.Status.CONFIRMED)
    client.force_login(secretariat)

    html = client.get("/").content.decode()

    assert _links(html, "registrations") == ["/staff/workshops/first/registrations/?status=pending"]
    assert _links(html, "funding") == ["/staff/workshops/first/registrations/?funded=requested"]
    assert _links(html, "affiliations") == [reverse("directory:affiliation_queue") + "?status=pending"]
    assert _links(html, "documents") == [reverse("documents:job_list") + "?status=failed"]


def test_counts_waiting_in_several_workshops_link_to_each_workshop_s_filtered_list(client, secretariat):
    one = WorkshopFactory(
        slug="first", title="First workshop", title_fr="Premier atelier", start_date=datetime.date(2010, 3, 9)
    )
    two = WorkshopFactory(slug="second", title="Second workshop", start_date=datetime.date(2010, 10, 5))
    for _ in range(2):
        registration(one, status=Registration.Status.PENDING)
    registration(two, status=Registration.Status.PENDING, funding=Registration.Funding.REQUESTED)
    registration(two, status=Registration.Status.CANCELLED)  # not waiting
    client.force_login(secretariat)

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")

    html = response.content.decode()
    lines = {item.key: item for item in response.context["waiting"]}
    assert (lines["registrations"].count, lines["funding"].count) == (3, 1)
    assert _links(html, "registrations") == [
        "/staff/workshops/",
        "/staff/workshops/first/registrations/?status=pending",
        "/staff/workshops/second/registrations/?status=pending",
    ]
    assert '<li><a href="/staff/workshops/first/registrations/?status=pending">Premier atelier</a>: 2</li>' in html
    assert '<li><a href="/staff/workshops/second/registrations/?status=pending">Second workshop</a>: 1</li>' in html
    assert _links(html, "funding") == ["/staff/workshops/second/registrations/?funded=requested"]


@pytest.mark.parametrize("more", [0, 59])
def test_the_focal_points_home_lists_the_delegation_50_a_page(client, focal_point, more, django_assert_num_queries):
    from directory.models import Person
    from directory.roles import delegate_state

    state = delegate_state(focal_point)
    Person.objects.bulk_create(
        [Person(given_name="Given%02d" % i, family_name="Member%02d" % i, member_state=state) for i in range(more)]
    )
    people = Person.objects.filter(member_state=state).count()
    client.force_login(focal_point)

    with django_assert_num_queries(3):  # the session with its user and roles; the people counted, one page of them
        first = client.get("/")
    with django_assert_num_queries(1):  # the same page again: the table is the state's cached fragment
        again = client.get("/")
    last = client.get("/?page=2")

    assert (len(first.context["delegation"]), first.context["paginator"].count) == (min(50, people), people)
    assert again.content.decode().count("<tr><td>") == min(50, people)
    if more:
        assert (len(last.context["delegation"]), "Page 2 of 2" in last.content.decode()) == (people - 50, True)


def test_the_focal_points_home_shows_a_person_saved_since_and_only_their_own_state(
    client, focal_point, django_capture_on_commit_callbacks
):
    from directory.models import Person
    from directory.roles import delegate_state

    state = delegate_state(focal_point)
    Person.objects.create(given_name="Other", family_name="Statesman", member_state=factories.MemberStateFactory())
    client.force_login(focal_point)
    before = client.get("/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        Person.objects.create(given_name="Awa", family_name="Ndiaye", position="Counsellor", member_state=state)
    after = client.get("/").content.decode()

    assert ("Ndiaye" in before, "Statesman" in before + after) == (False, False)
    assert "<tr><td>Awa Ndiaye</td><td>Counsellor</td><td>no</td></tr>" in after


def test_the_desks_counts_in_one_query_equal_each_querysets_count(db, django_assert_num_queries):
    from idm_portal import desk
    from idm_portal.counts import Latest

    waiting(2)
    items = desk._static_counts()
    expected = [
        (item.queryset.aggregate(latest=Max("pk"))["latest"] or 0) if isinstance(item, Latest) else item.count()
        for item in items
    ]

    with django_assert_num_queries(1):
        counted = desk._STATIC_COUNTS()

    assert counted == expected
    assert expected[:2] == [2, 2]  # the pending affiliations and the failed documents
    assert expected[-2] == Person.objects.latest("pk").pk  # the latest person (the donors last)
    translations = [queryset.count() for queryset in desk._translation_counts()]
    with django_assert_num_queries(1):
        assert desk._TRANSLATION_COUNTS() == translations


def test_the_records_to_translate_are_kept_until_one_of_them_changes(
    client, secretariat, django_capture_on_commit_callbacks, django_assert_num_queries
):
    """The desk keeps the count (it reads every person): a person saved, translated, deleted or written
    in bulk (no signals) gives the figure again, counted anew."""

    def to_translate() -> int:
        return {item.key: item.count for item in client.get("/").context["waiting"]}["translations"]

    client.force_login(secretariat)
    before = to_translate()
    with django_assert_num_queries(2):  # kept: not counted again
        assert to_translate() == before
    with django_capture_on_commit_callbacks(execute=True):
        person = factories.PersonFactory(position="Counsellor", position_fr="", position_es="")
    assert to_translate() == before + 1
    person.position_fr, person.position_es = "Conseiller", "Consejero"
    with django_capture_on_commit_callbacks(execute=True):
        person.save()
    assert to_translate() == before
    Person.objects.bulk_create([Person(given_name="Awa", family_name="Ndiaye", position="Counsellor")])
    assert to_translate() == before + 1
    with django_capture_on_commit_callbacks(execute=True):
        Person.objects.get(given_name="Awa").delete()
    assert to_translate() == before


def test_the_desk_counts_funding_asked_on_active_registrations_and_presentations_of_sessions_not_ended(
    client, secretariat
):
    workshop = WorkshopFactory(slug="first", title="First workshop")
    registration(workshop, status=Registration.Status.CONFIRMED, funding=Registration.Funding.REQUESTED)
    registration(workshop, status=Registration.Status.DECLINED, funding=Registration.Funding.REQUESTED)
    registration(workshop, status=Registration.Status.CONFIRMED)
    today = timezone.localdate()
    for end in (today - datetime.timedelta(days=1), today):
        ParticipationFactory(
            panel=PanelFactory(session=CouncilSessionFactory(start_date=end, end_date=end)),
            role=Participation.Role.PANELLIST,
        )
    client.force_login(secretariat)

    counts = {item.key: item.count for item in client.get("/").context["waiting"]}

    assert (counts["registrations"], counts["funding"], counts["presentations"]) == (0, 1, 1)


def test_the_index_of_waiting_registrations_is_the_desks_condition():
    from django.db.models import Q

    from workshops.models import ACTIVE, waiting_for_secretariat

    assert waiting_for_secretariat() == Q(status=Registration.Status.PENDING) | Q(
        status__in=ACTIVE, funding=Registration.Funding.REQUESTED
    )


def test_each_delegate_and_focal_point_is_welcomed_with_their_own_name_state_and_position(client, db):
    from directory.models import Affiliation

    kenya = factories.MemberStateFactory(country="KE", name="Kenya", eligible_for_funding=True)
    ghana = factories.MemberStateFactory(country="GH", name="Ghana", eligible_for_funding=False)
    amina = factories.make_delegate(email="amina@ke.example", first_name="Amina", last_name="Otieno", state=kenya)
    kofi = factories.make_delegate(email="kofi@gh.example", first_name="Kofi", last_name="Mensah", state=ghana)
    focal = factories.make_delegate(
        email="fp@gh.example", first_name="Ama", last_name="Boateng", state=ghana, focal_point=True
    )
    Affiliation.objects.filter(user=amina).update(position="Counsellor")

    def home(user) -> str:
        client.force_login(user)
        return client.get("/").content.decode()

    pages = [home(amina), home(kofi), home(amina), home(focal)]
    kofi.first_name = "Kwame"
    kofi.save()
    renamed = home(kofi)

    assert [("Welcome, Amina Otieno" in page, "Welcome, Kofi Mensah" in page) for page in pages[:3]] == [
        (True, False),
        (False, True),
        (True, False),
    ]
    assert "<dt>Member state</dt><dd>Kenya</dd>\n  <dt>Position</dt><dd>Counsellor</dd>" in pages[0]
    assert "<dt>Member state</dt><dd>Ghana</dd>\n  <dt>Position</dt><dd>—</dd>" in pages[1]
    assert ("Your state is eligible" in pages[0], "Your state is not eligible" in pages[1]) == (True, True)
    assert ("Welcome, Ama Boateng" in pages[3], "You are the focal point of Ghana:" in pages[3]) == (True, True)
    assert "<h2>People of Ghana in the directory</h2>" in pages[3]
    assert ("Welcome, Kwame Mensah" in renamed, "Kofi" in renamed) == (True, False)


def test_each_donor_contact_is_welcomed_with_their_own_organisation_and_sees_a_change_at_once(client, secretariat):
    from funding.models import Donor
    from funding.services.donors import save_donor

    sweden = factories.DonorFactory(name="Sweden", name_fr="Suède", kind=Donor.Kind.GOVERNMENT)
    fund = factories.DonorFactory(name="Open Fund", kind=Donor.Kind.FOUNDATION, acknowledged_by_name=False)
    anna = factories.make_donor_contact(donor=sweden, email="anna@se.example", first_name="Anna", last_name="Berg")
    omar = factories.make_donor_contact(donor=fund, email="omar@fund.example", first_name="Omar", last_name="Diallo")

    def home(user, language="en") -> str:
        client.force_login(user)
        return client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()

    pages = [home(anna), home(omar), home(anna), home(anna, "fr")]
    sweden.name, sweden.acknowledged_by_name = "Kingdom of Sweden", False
    save_donor(donor=sweden, by=secretariat)
    renamed = home(anna)

    facts = (
        "<dt>Organisation</dt><dd>%s</dd>\n  <dt>Kind</dt><dd>%s</dd>\n"
        "  <dt>Acknowledged by name on public pages</dt><dd>%s</dd>"
    )
    assert facts % ("Sweden", "Government", "yes") in pages[0]
    assert facts % ("Open Fund", "Foundation", "no") in pages[1]
    assert ("Welcome, Anna Berg" in pages[0], "Omar" in pages[0]) == (True, False)
    assert "Welcome, Omar Diallo" in pages[1]
    assert '<a href="/documents/donor-statement/%d/">' % sweden.pk in pages[0]
    assert ("Welcome, Anna Berg" in pages[2], "Omar" in pages[2]) == (True, False)
    assert "<dd>Suède</dd>\n  <dt>Type</dt><dd>Gouvernement</dd>" in pages[3]
    assert facts % ("Kingdom of Sweden", "Government", "no") in renamed


def test_the_desk_shows_at_once_what_the_services_change(client, secretariat, django_capture_on_commit_callbacks):
    """The desk's lists, its translation count and its rendered text are kept: a registration decided, a
    workshop renamed, an affiliation refused, a ballot cast and a survey closed through the portal's
    services (committed) each show on the next visit."""
    from consultations import services as consultations
    from directory.services import decide_affiliation
    from tests.consultations.factories import focal_point, themes
    from workshops import services as workshops

    one = WorkshopFactory(slug="first", title="First workshop", start_date=datetime.date(2010, 3, 9))
    two = WorkshopFactory(slug="second", title="Second workshop", start_date=datetime.date(2010, 10, 5))
    deciding = registration(one, status=Registration.Status.PENDING)
    registration(two, status=Registration.Status.PENDING)
    affiliation = factories.AffiliationFactory(status=Affiliation.Status.PENDING)
    consultation = ConsultationFactory(title="Theme of 2011")
    (theme,) = themes(consultation, "Migration and social change")
    voter = focal_point(state("SN", name="Senegal"))
    client.force_login(secretariat)

    def desk() -> tuple[dict, list[int], str]:
        response = client.get("/")
        counts = {item.key: item.count for item in response.context["waiting"]}
        return counts, [survey.not_voted for survey in response.context["surveys"]], response.content.decode()

    counts, surveys, html = desk()
    members = MemberState.objects.filter(status=MemberState.Status.MEMBER).count()
    assert (counts["registrations"], counts["affiliations"], surveys) == (2, 1, [members])
    again = desk()
    assert (again[0], again[1], _section(again[2])) == (counts, surveys, _section(html))  # kept, the same

    with django_capture_on_commit_callbacks(execute=True):
        workshops.confirm_registration(registration=deciding, by=secretariat)
    counts, _, html = desk()
    assert (counts["registrations"], _links(html, "registrations")) == (
        1,
        ["/staff/workshops/second/registrations/?status=pending"],
    )

    with django_capture_on_commit_callbacks(execute=True):
        registration(one, status=Registration.Status.PENDING)
    two.title = "Second workshop, renamed"
    with django_capture_on_commit_callbacks(execute=True):
        workshops.save_workshop(workshop=two, by=secretariat)
    counts, _, html = desk()
    assert counts["registrations"] == 2
    renamed = '<a href="/staff/workshops/second/registrations/?status=pending">Second workshop, renamed</a>: 1'
    assert "<li>%s</li>" % renamed in html

    with django_capture_on_commit_callbacks(execute=True):
        decide_affiliation(affiliation=affiliation, by=secretariat, approve=False, reason="Not a delegate")
    with django_capture_on_commit_callbacks(execute=True):
        consultations.cast_ballot(consultation=consultation, by=voter, ranking=[theme.pk], topics=[])
    counts, surveys, html = desk()
    members = MemberState.objects.filter(status=MemberState.Status.MEMBER).count()  # one more delegate's state
    assert (counts["affiliations"], surveys) == (0, [members - 1])
    not_voted = '<span class="figure">%d</span> member states have not voted yet in “Theme of 2011”.' % (members - 1)
    assert not_voted in html

    with django_capture_on_commit_callbacks(execute=True):
        consultations.close_consultation(consultation=consultation, by=secretariat)
    assert desk()[1] == []


def _section(html: str) -> str:
    """The desk's own text in a page."""
    return html[html.index('<section class="desk"') : html.index("</section>")]


def test_a_survey_past_its_closing_date_is_no_longer_announced_as_open(client, db, monkeypatch):
    closes = timezone.now() + datetime.timedelta(days=2)
    ConsultationFactory(title="Theme of the IDM in 2011", survey_closes=closes)
    ConsultationFactory(
        title="Theme of the IDM in 2012",
        survey_opens=closes - datetime.timedelta(days=1),
        survey_closes=closes + datetime.timedelta(days=20),
    )
    monkeypatch.setattr(timezone, "now", lambda: closes - datetime.timedelta(days=1, hours=1))
    before = client.get("/").content.decode()  # kept for anonymous visitors
    monkeypatch.setattr(timezone, "now", lambda: closes + datetime.timedelta(days=1))  # a day after the close
    after = client.get("/").content.decode()
    listed = client.get(reverse("consultations:list")).content.decode()

    day = date_format(closes, "DATE_FORMAT")
    assert ("Theme of the IDM in 2011</a> · survey open until %s" % day in before) is True
    assert ("Theme of the IDM in 2012</a> · survey opens on" in before, "IDM in 2011" in after) == (True, False)
    assert "Theme of the IDM in 2012</a> · survey open until" in after
    assert (
        '<span class="badge badge-closed">Survey closed</span>' in listed,
        "The survey closed on %s" % date_format(timezone.localtime(closes), "DATETIME_FORMAT") in listed,
        listed.count("The survey is open from"),
    ) == (True, True, 1)
