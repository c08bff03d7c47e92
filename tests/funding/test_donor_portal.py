"""The donor portal: a donor contact sees their own organisation's records and nothing of another's."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from directory.models import MemberState
from funding import services
from funding.models import Contribution, CostLine
from funding.queries import acknowledged_donors_for, contributions_visible_to
from tests.api.helpers import Api, make_token
from tests.factories import DonorFactory, MemberStateFactory, make_donor_contact
from tests.pages import heading, text
from workshops import slots
from workshops.cache import CSRF_PLACEHOLDER

from . import factories
from .factories import bulk_contributions, contribution, pay

D = Decimal
Stage = Contribution.Stage


@pytest.fixture
def donor_a(db):
    return DonorFactory(name="Government of Sweden")


@pytest.fixture
def donor_b(db):
    return DonorFactory(name="Government of Australia")


@pytest.fixture
def contact_a(donor_a):
    return make_donor_contact(email="lars@sweden.example", donor=donor_a)


@pytest.fixture
def a_client(client, contact_a):
    client.force_login(contact_a)
    return client


@pytest.fixture
def records(workshop, other_workshop, donor_a, donor_b, staff):
    """A gives to the 2010 programme and pledges for a workshop; B earmarks for a workshop, and alone funds 2011."""
    a_programme = contribution(donor=donor_a, year=workshop.year, amount="1000000", currency="SEK", rate="0.1389")
    pay(a_programme, "400000", reference="SE-1")
    a_pledge = contribution(donor=donor_a, workshop=other_workshop, stage=Stage.PLEDGE, amount="10000")
    b_money = contribution(
        donor=donor_b, workshop=workshop, cost_line=CostLine.PARTICIPATION, amount="40000", currency="AUD", rate="0.9"
    )
    b_payment = pay(b_money, "20000", reference="AU-1")
    year_2011 = factories.YearFactory(year=2011, theme="Migration and the changing economic landscape")
    b_2011 = contribution(donor=donor_b, year=year_2011, amount="5000")
    services.allocate(workshop=workshop, by=staff, amount_usd=D("60000"), allocated_on=date(2010, 3, 1))
    return {"a": [a_programme, a_pledge], "b": [b_money, b_2011], "b_payment": b_payment}


# --- Isolation ------------------------------------------------------------------------------


def test_a_donor_sees_exactly_their_own_contributions(a_client, contact_a, records):
    response = a_client.get(reverse("funding:donor_portal"))

    portal = response.context["portal"]
    assert sorted(c.pk for c in portal.contributions) == sorted(c.pk for c in records["a"])
    assert sorted(contributions_visible_to(contact_a).values_list("pk", flat=True)) == sorted(
        c.pk for c in records["a"]
    )
    assert b"Government of Australia" not in response.content
    assert b"AU-1" not in response.content


def test_every_record_of_another_donor_answers_404(a_client, records):
    b_money, b_2011 = records["b"]
    urls = [
        reverse("funding:donor_contribution", kwargs={"pk": b_money.pk}),
        reverse("funding:donor_contribution", kwargs={"pk": b_2011.pk}),
        reverse("funding:donor_iati", kwargs={"year": 2011}),  # only B gave in 2011
        reverse("funding:donor_contribution", kwargs={"pk": 999999}),
    ]

    assert [a_client.get(url).status_code for url in urls] == [404, 404, 404, 404]


def test_another_donors_statements_answer_404(a_client, records, donor_a, donor_b):
    """The documents app's donor statements (PDF) go through the same rule."""
    theirs = {"kind": "donor-statement", "pk": donor_b.pk}
    mine = {"kind": "donor-statement", "pk": donor_a.pk}

    assert a_client.get(reverse("documents:list", kwargs=theirs)).status_code == 404
    assert a_client.post(reverse("documents:generate", kwargs=theirs), {"language": "en"}).status_code == 404
    own = a_client.get(reverse("documents:list", kwargs=mine))
    assert (own.status_code, heading(own)) == (200, "Donor statement")


def test_a_donors_own_records_answer(a_client, records):
    a_programme, a_pledge = records["a"]
    urls = [
        reverse("funding:donor_portal"),
        reverse("funding:donor_contribution", kwargs={"pk": a_programme.pk}),
        reverse("funding:donor_contribution", kwargs={"pk": a_pledge.pk}),
        reverse("funding:donor_iati", kwargs={"year": 2010}),
    ]

    portal, programme, pledge, iati = [a_client.get(url) for url in urls]

    assert (portal.status_code, heading(portal)) == (200, "Government of Sweden: your contributions to the IDM")
    assert (programme.status_code, heading(programme)) == (200, "IDM 2010 programme")
    assert (pledge.status_code, heading(pledge)) == (200, "Societies and Identities")
    assert iati.status_code == 200
    assert iati["Content-Type"] == "application/xml; charset=utf-8"
    assert iati.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<iati-activities version=\"2.03\"")


def test_the_donors_iati_file_holds_only_their_transactions(a_client, records, donor_a):
    response = a_client.get(reverse("funding:donor_iati", kwargs={"year": 2010}))

    body = response.content.decode()
    assert response["Content-Disposition"] == 'attachment; filename="idm-2010-iati-donor-%d.xml"' % donor_a.pk
    assert "Government of Sweden" in body
    assert "Government of Australia" not in body
    assert body.count("<transaction>") + body.count("<transaction ") == 3  # commitment, payment, pledge


def test_the_secretariat_pages_are_forbidden_to_donors(a_client, records, workshop):
    urls = [
        reverse("funding:overview"),
        reverse("funding:year", kwargs={"year": 2010}),
        reverse("funding:year_actuals", kwargs={"year": 2010}),
        reverse("funding:year_contributions", kwargs={"year": 2010}),
        reverse("funding:year_iati", kwargs={"year": 2010}),
        reverse("funding:contribution_detail", kwargs={"pk": records["b"][0].pk}),
        reverse("funding:workshop", kwargs={"pk": workshop.pk}),
        reverse("funding:audit"),
    ]

    assert [a_client.get(url).status_code for url in urls] == [403] * len(urls)


def test_the_donor_portal_is_forbidden_to_other_users(client, delegate, records):
    client.force_login(delegate)

    assert client.get(reverse("funding:donor_portal")).status_code == 403
    assert client.get(reverse("funding:donor_contribution", kwargs={"pk": records["a"][0].pk})).status_code == 403


# --- What the money paid for ----------------------------------------------------------------


def test_programme_money_is_counted_pro_rata_and_funded_participants_by_region(a_client, records, workshop, donor_b):
    kenya = MemberStateFactory(country="KE", region=MemberState.Region.AFRICA)
    nepal = MemberStateFactory(country="NP", region=MemberState.Region.ASIA_PACIFIC)
    for state in (kenya, kenya, nepal):
        factories.funded_registration(workshop, state=state)
    # Workshop: 110,000 budget; B gives 36,000 USD for participation; A's programme money (138,900 USD, the
    # whole pool) is allocated 60,000. Gaps after B: participation 44,000, venue 20,000, interpretation
    # 10,000 = 74,000; the 60,000 fills 44,000 × 60/74 = 35,675.67 of participation. A's share of the
    # participation money: 35,675.67 / 71,675.67 = 49.77 %.

    portal = a_client.get(reverse("funding:donor_portal")).context["portal"]

    (item,) = portal.workshops
    assert (item.workshop, item.earmarked, item.via_programme) == (workshop, D("0.00"), D("60000.00"))
    assert item.share_percent == "50 %"
    assert [(row.region, row.participants, row.attributed) for row in item.regions] == [
        ("Africa", 2, D("1.0")),
        ("Asia and the Pacific", 1, D("0.5")),
    ]
    (year_2010,) = portal.years
    assert (year_2010.committed, year_2010.paid, year_2010.pledged, year_2010.programme_unallocated) == (
        D("138900.00"),
        D("55560.00"),
        D("10000.00"),
        D("78900.00"),
    )


def test_the_kept_figures_show_a_change_at_once_and_each_donor_its_own(
    client, a_client, records, workshop, donor_b, django_capture_on_commit_callbacks
):
    """The figures are kept (funding/cache.py) until a funding record or a registration changes."""
    url = reverse("funding:donor_portal")
    first = a_client.get(url)
    before = first.context["portal"]
    with django_capture_on_commit_callbacks(execute=True):
        pay(records["a"][0], "100000", on=date(2010, 2, 2))  # 13,890 USD more paid
    second = a_client.get(url)
    paid = second.context["portal"]
    with django_capture_on_commit_callbacks(execute=True):
        factories.funded_registration(workshop, state=MemberStateFactory(region=MemberState.Region.AFRICA))
    third = a_client.get(url)
    registered = third.context["portal"]
    client.force_login(make_donor_contact(email="ann@australia.example", donor=donor_b))
    theirs = client.get(url).context["portal"]

    assert [(y.year.year, y.paid) for y in before.years] == [(2010, D("55560.00"))]
    assert [(y.year.year, y.paid) for y in paid.years] == [(2010, D("69450.00"))]
    assert [[(r.region, r.participants) for r in w.regions] for w in paid.workshops] == [[]]
    assert [[(r.region, r.participants) for r in w.regions] for w in registered.workshops] == [[("Africa", 1)]]
    # The page's kept parts with them: the row of payments, the workshop's funded participants.
    assert ["2 Feb 2010: 100,000.00 SEK" in text(page) for page in (first, second)] == [False, True]
    assert ["Funded participants by region Region" in text(page) for page in (second, third)] == [False, True]
    assert [(y.year.year, y.committed, y.paid) for y in theirs.years] == [
        (2011, D("5000.00"), D("0.00")),
        (2010, D("36000.00"), D("18000.00")),
    ]
    assert [(w.workshop, w.earmarked, w.via_programme) for w in theirs.workshops] == [
        (workshop, D("36000.00"), D("0.00"))
    ]


def test_the_api_lists_the_funded_workshops_as_the_portal_shows_them(client, contact_a, records, workshop):
    kenya = MemberStateFactory(country="KE", region=MemberState.Region.AFRICA)
    nepal = MemberStateFactory(country="NP", region=MemberState.Region.ASIA_PACIFIC)
    for state in (kenya, kenya, nepal):
        factories.funded_registration(workshop, state=state)

    response = Api(client).get(reverse("api:funded_workshops"), make_token(contact_a))

    assert response.status_code == 200
    (item,) = response.json()
    assert (item["workshop"]["slug"], item["earmarked_usd"], item["via_programme_usd"]) == (
        workshop.slug,
        "0.00",
        "60000.00",
    )
    assert (item["participants"], item["attributed_participants"]) == (3, "1.5")
    assert item["regions"] == [
        {"region": "Africa", "participants": 2, "attributed": "1.0"},
        {"region": "Asia and the Pacific", "participants": 1, "attributed": "0.5"},
    ]


def _ten_dollars_spent(staff, source, registration, description: str):
    """10 USD of the participation line of the registration's workshop, charged to ``source``."""
    return services.record_expenditure(
        by=staff,
        workshop=registration.workshop,
        cost_line="participation",
        spent_on=date(2010, 3, 1),
        amount=D("10"),
        currency="USD",
        usd_rate=None,
        description=description,
        source=source,
        registration=registration,
    )


@pytest.mark.parametrize("n", [1, 30])
def test_the_donor_portal_queries_do_not_grow(
    a_client, donor_a, workshop, other_workshop, staff, n, django_assert_num_queries
):
    for i in range(n):
        money = contribution(
            donor=donor_a, workshop=[None, workshop, other_workshop][i % 3], year=workshop.year, amount="1000"
        )
        pay(money, "400")
        registration = factories.funded_registration(workshop)
        if money.workshop == workshop:  # what the money bought: one participant's ticket each
            _ten_dollars_spent(staff, money, registration, "Ticket")
    allocation = services.allocate(
        workshop=other_workshop, by=staff, amount_usd=D("100"), allocated_on=date(2010, 3, 1)
    )
    _ten_dollars_spent(staff, allocation, factories.funded_registration(other_workshop), "DSA")

    # The years summed by the database (and their records), the page of contributions counted, read
    # with its payments: the same number whatever the contributions.
    with django_assert_num_queries(17):
        response = a_client.get(reverse("funding:donor_portal"))

    assert len(response.context["portal"].contributions) == n
    assert text(response).count(" Commitment 1,000.00 USD 1,000.00 1 Feb 2010: 400.00 USD ") == n
    assert response.context["portal"].money.participants == len(range(1, n, 3)) + 1


# --- Public acknowledgement -----------------------------------------------------------------


def test_acknowledged_donors_are_those_who_agreed_and_whose_money_counts(workshop, other_workshop, staff):
    named = DonorFactory(name="Government of Australia")
    anonymous = DonorFactory(name="A private foundation", acknowledged_by_name=False)
    pledged_only = DonorFactory(name="Government of Switzerland")
    programme = DonorFactory(name="Government of Sweden")
    contribution(donor=named, workshop=workshop, amount="100")
    contribution(donor=anonymous, workshop=workshop, amount="100")
    contribution(donor=pledged_only, workshop=workshop, amount="100", stage=Stage.PLEDGE)
    contribution(donor=programme, year=workshop.year, amount="1000")
    services.allocate(workshop=workshop, by=staff, amount_usd=D("500"), allocated_on=date(2010, 3, 1))

    assert [d.name for d in acknowledged_donors_for(workshop)] == ["Government of Australia", "Government of Sweden"]
    assert acknowledged_donors_for(other_workshop) == []


def test_funding_fills_the_workshop_pages_aside_with_the_acknowledgement(workshop):
    contribution(donor=DonorFactory(name="Government of Australia"), workshop=workshop, amount="100")

    html = slots.render(slots.WORKSHOP_ASIDE, workshop=workshop)

    assert html == (
        f'<section class="card donor-acknowledgements" aria-labelledby="donors-{workshop.pk}">\n'
        f'  <h2 id="donors-{workshop.pk}">With the support of</h2>\n'
        "  <ul><li>Government of Australia</li></ul>\n"
        "</section>"
    )


def test_the_aside_is_empty_without_a_donor_to_acknowledge(workshop):
    assert slots.render(slots.WORKSHOP_ASIDE, workshop=workshop) == ""


# --- The page kept whole --------------------------------------------------------------------


def test_the_kept_page_follows_every_record_it_shows_at_once(
    a_client, records, workshop, other_workshop, staff, django_capture_on_commit_callbacks
):
    """The page below the shell is kept per donor, page and language (funding/views_delegate.py): each
    change through the portal's services, committed, shows on the next visit."""
    url = reverse("funding:donor_portal")
    a_programme, a_pledge = records["a"]
    made = {}

    def committed(change):
        with django_capture_on_commit_callbacks(execute=True):
            made[change.__name__] = change()
        return text(a_client.get(url))

    def earmark():
        return contribution(donor=a_pledge.donor, workshop=workshop, amount="2500", agreement_reference="SE-9")

    def correct():
        return services.update_contribution(contribution=a_pledge, by=staff, amount=D("12000"))

    def payment():
        return pay(a_programme, "50000", on=date(2010, 3, 3))

    def allocation():
        return services.allocate(workshop=other_workshop, by=staff, amount_usd=D("7000"), allocated_on=date(2010, 4, 1))

    def expenditure():
        return _ten_dollars_spent(staff, made["earmark"], factories.funded_registration(workshop), "Ticket")

    def payment_deleted():
        return services.delete_payment(payment=made["payment"], by=staff, reason="Entered twice")

    built, kept = text(a_client.get(url)), text(a_client.get(url))
    pages = [committed(change) for change in (earmark, correct, payment, allocation, expenditure, payment_deleted)]
    earmarked, corrected, paid, allocated, spent, unpaid = pages

    assert kept == built
    assert "Committed 138,900.00 USD" in kept
    assert "Committed 141,400.00 USD" in earmarked
    assert "2010 Migration and Transnationalism SE-9 Commitment 2,500.00 USD 2,500.00 —" in earmarked
    assert "Pledged 12,000.00 USD" in corrected
    assert "Societies and Identities Pledge 12,000.00 USD 12,000.00 —" in corrected
    assert "Paid 62,505.00 USD" in paid
    assert "1 Feb 2010: 400,000.00 SEK 3 Mar 2010: 50,000.00 SEK 2010" in paid
    assert "Not yet allocated to a workshop 71,900.00 USD" in allocated
    assert "Societies and Identities 9 March 2010 · Planned, subject to available funding Your share" in allocated
    assert ("Spent from your money 10.00 USD" in allocated, "Spent from your money 10.00 USD" in spent) == (False, True)
    assert "10.00 USD of your money has been spent." in spent
    assert ("Paid 55,560.00 USD" in unpaid, "3 Mar 2010" in unpaid) == (True, False)


def test_each_donor_and_each_page_is_kept_apart(client, a_client, records, donor_a, donor_b, staff):
    """Two contacts of one donor share its kept page; another donor's is never theirs, nor one page the next."""
    url = reverse("funding:donor_portal")
    bulk_contributions(60, donor=donor_a, year=records["a"][0].year)  # 62 contributions: two pages
    first = a_client.get(url)
    client.force_login(make_donor_contact(email="ann@australia.example", donor=donor_b))
    theirs = client.get(url)
    colleague = Client()
    colleague.force_login(make_donor_contact(email="eva@sweden.example", donor=donor_a))
    shared = colleague.get(url)
    second = colleague.get(url + "?page=2")
    past_the_end = colleague.get(url + "?page=9&x=1")

    assert [heading(page) for page in (first, theirs, shared)] == [
        "Government of Sweden: your contributions to the IDM",
        "Government of Australia: your contributions to the IDM",
        "Government of Sweden: your contributions to the IDM",
    ]
    assert ("40,000.00 AUD" in text(theirs), "40,000.00 AUD" in text(first)) == (True, False)
    assert ("1,000,000.00 SEK" in text(theirs), "1,000,000.00 SEK" in text(first)) == (False, True)
    assert _main(shared) == _main(first)
    assert ("Page 1 of 2" in text(first), "Page 2 of 2" in text(second)) == (True, True)
    assert _main(past_the_end) == _main(second)
    assert '<a href="?page=1">Previous</a>' in past_the_end.content.decode()


def _main(response) -> str:
    """The page below the shell, its CSRF tokens (one a session) left out."""
    main = re.search(r"<main[^>]*>(.*)</main>", response.content.decode(), re.S)[1]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", main)


def test_the_kept_page_carries_the_requests_own_token(records, contact_a):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(contact_a)
    browser.get(reverse("funding:donor_portal"))

    html = browser.get(reverse("funding:donor_portal")).content.decode()  # kept

    # One token a page: the statement's form carries the one of the header's forms (language, sign out).
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert (len(tokens), len(set(tokens))) == (3, 1)
    assert CSRF_PLACEHOLDER not in html
    assert 'action="/documents/donor-statement/%d/generate/"' % records["a"][0].donor_id in html
