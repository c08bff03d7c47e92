"""The secretariat's directory lists: search, pages, the kept people list, queries flat with rows."""

import re

import pytest
from django.urls import reverse
from django_countries import countries

from directory import services
from directory.models import Affiliation, MemberState, Organisation, Person
from tests import factories
from tests.pages import shown

# --- Staff lists: search --------------------------------------------------------------------


def _rows(response, attribute: str = "pk") -> list:
    return [getattr(row, attribute) for row in response.context["object_list"]]


def test_member_state_search(staff_client):
    for code, name in [("KE", "Kenya"), ("EC", "Ecuador"), ("MA", "Morocco"), ("MD", "Republic of Moldova")]:
        factories.MemberStateFactory(country=code, name=name)

    by_name = staff_client.get(reverse("directory:state_list"), {"q": "o"})
    by_code = staff_client.get(reverse("directory:state_list"), {"q": "ec"})
    nothing = staff_client.get(reverse("directory:state_list"), {"q": "Atlantis"})

    assert _rows(by_name, "name") == ["Ecuador", "Morocco", "Republic of Moldova"]
    assert _rows(by_code, "name") == ["Ecuador"]
    assert _rows(nothing, "name") == []
    assert "No member state matches." in nothing.content.decode()


def test_organisation_search_and_kind(staff_client):
    factories.OrganisationFactory(name="Global Migration Group", acronym="GMG", kind=Organisation.Kind.GLOBAL_FORUM)
    factories.OrganisationFactory(
        name="Migration Dialogue for Southern Africa", acronym="MIDSA", kind=Organisation.Kind.RCP
    )
    factories.OrganisationFactory(name="International Labour Organization", acronym="ILO", kind="un_agency")

    by_acronym = staff_client.get(reverse("directory:organisation_list"), {"q": "midsa"})
    by_name = staff_client.get(reverse("directory:organisation_list"), {"q": "migration"})
    by_kind = staff_client.get(reverse("directory:organisation_list"), {"q": "migration", "kind": "rcp"})

    assert _rows(by_acronym, "acronym") == ["MIDSA"]
    assert _rows(by_name, "acronym") == ["GMG", "MIDSA"]
    assert _rows(by_kind, "acronym") == ["MIDSA"]


def test_people_search_matches_every_word(staff_client, kenya):
    ilo = factories.OrganisationFactory(name="International Labour Organization", acronym="ILO")
    factories.PersonFactory(given_name="William Lacy", family_name="Swing", position="Director General")
    factories.PersonFactory(given_name="Juan", family_name="Somavia", position="Director General", organisation=ilo)
    factories.PersonFactory(given_name="Amina", family_name="Odhiambo", position="Adviser", member_state=kenya)

    directors = staff_client.get(reverse("directory:person_list"), {"q": "director general"})
    of_ilo = staff_client.get(reverse("directory:person_list"), {"q": "director ILO"})
    of_kenya = staff_client.get(reverse("directory:person_list"), {"q": "kenya"})

    assert _rows(directors, "family_name") == ["Somavia", "Swing"]
    assert _rows(of_ilo, "family_name") == ["Somavia"]
    assert _rows(of_kenya, "family_name") == ["Odhiambo"]


def test_people_list_rows_link_each_person_in_name_order_pages_stable(staff_client, kenya):
    ministry = factories.OrganisationFactory(name="Ministry of Interior", kind="ministry", member_state=kenya)
    twins = [
        factories.PersonFactory(given_name="Amina", family_name="odhiambo", organisation=ministry, member_state=kenya)
        for _ in range(2)
    ]
    first = factories.PersonFactory(given_name="Zawadi", family_name="Achieng", position="Adviser")

    html = staff_client.get(reverse("directory:person_list")).content.decode()

    assert (
        '<tr><td><a href="/staff/directory/people/%d/">Zawadi Achieng</a></td><td>Adviser</td><td></td><td></td></tr>'
        % first.pk
    ) in html
    rows = [
        '<tr><td><a href="/staff/directory/people/%d/">Amina odhiambo</a></td><td>Counsellor</td>'
        "<td>Ministry of Interior, Kenya</td><td>Kenya</td></tr>" % twin.pk
        for twin in twins
    ]
    assert html.index(rows[0]) < html.index(rows[1])  # the same name: by id, the same on every page


def test_people_list_rows_in_the_readers_language(staff_client, kenya):
    ministry = factories.OrganisationFactory(
        name="Ministry of Interior", name_fr="Ministère de l'Intérieur", kind="ministry", member_state=kenya
    )
    person = factories.PersonFactory(
        given_name="Amina",
        family_name="Odhiambo",
        position="Adviser",
        position_fr="Conseillère",
        organisation=ministry,
        member_state=kenya,
    )

    html = staff_client.get(reverse("directory:person_list"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert (
        '<tr><td><a href="/staff/directory/people/%d/">Amina Odhiambo</a></td><td>Conseillère</td>'
        "<td>Ministère de l&#x27;Intérieur, Kenya</td><td>Kenya</td></tr>" % person.pk
    ) in html


def test_the_kept_people_list_shows_each_change_at_once(staff_client, kenya, django_capture_on_commit_callbacks):
    """The list's body is kept: a person, an organisation, a member state or a user's name changed as
    the services change them, and committed, shows on the next request; so does a person written in bulk."""
    ministry = factories.OrganisationFactory(name="Ministry of Interior", kind="ministry", member_state=kenya)
    user = factories.UserFactory(first_name="Amina", last_name="Odhiambo")
    person = factories.PersonFactory(
        given_name="Amina",
        family_name="Odhiambo",
        position="Adviser",
        organisation=ministry,
        member_state=kenya,
        user=user,
    )

    def row() -> str:
        html = staff_client.get(reverse("directory:person_list")).content.decode()
        return re.search(r'<tr><td><a href="/staff/directory/people/%d/">.*?</tr>' % person.pk, html).group(0)

    def committed(action, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            action(**kwargs)

    assert row() == row()  # kept
    person.position = "Counsellor"
    committed(services.save_person, person=person)
    assert "<td>Counsellor</td>" in row()
    ministry.name = "Ministry of the Interior"
    committed(services.save_organisation, organisation=ministry)
    assert "<td>Ministry of the Interior, Kenya</td>" in row()
    kenya.name = "Republic of Kenya"
    committed(services.save_member_state, member_state=kenya)
    assert "<td>Republic of Kenya</td></tr>" in row()
    committed(services.update_profile, user=user, first_name="Amina", last_name="Wanjiru", preferred_language="en")
    assert ">Amina Wanjiru</a>" in row()
    Person.objects.bulk_create([Person(given_name="Aaron", family_name="Aaronson")])
    assert ">Aaron Aaronson</a>" in staff_client.get(reverse("directory:person_list")).content.decode()


def test_the_kept_people_list_is_only_for_the_secretariat(client, secretariat, delegate):
    client.force_login(secretariat)
    client.get(reverse("directory:person_list"))
    client.force_login(delegate)

    assert client.get(reverse("directory:person_list")).status_code == 403


def test_people_list_says_when_no_one_matches(staff_client):
    html = staff_client.get(reverse("directory:person_list"), {"q": "nobody"}).content.decode()

    assert '<tr><td colspan="4">No one matches.</td></tr>' in html


def test_affiliation_queue_status_and_search(staff_client, pending):
    mexico = factories.MemberStateFactory(country="MX", name="Mexico")
    other = factories.AffiliationFactory(
        user=factories.UserFactory(email="pablo@mx.example", last_name="Moreno"),
        member_state=mexico,
        status=Affiliation.Status.PENDING,
        decided_at=None,
    )
    approved = factories.AffiliationFactory(
        user=factories.UserFactory(email="ines@mx.example", last_name="Garcia"), member_state=mexico
    )
    queue = reverse("directory:affiliation_queue")

    default = staff_client.get(queue)
    by_state = staff_client.get(queue, {"q": "mexico"})
    by_name = staff_client.get(queue, {"q": "odhiambo"})
    everything = staff_client.get(queue, {"status": "all"})
    approved_only = staff_client.get(queue, {"status": "approved"})
    unknown_status = staff_client.get(queue, {"status": "bogus"})

    assert sorted(_rows(default)) == sorted([pending.pk, other.pk])
    assert _rows(by_state) == [other.pk]
    assert _rows(by_name) == [pending.pk]
    assert sorted(_rows(everything)) == sorted([pending.pk, other.pk, approved.pk])
    assert _rows(approved_only) == [approved.pk]
    assert sorted(_rows(unknown_status)) == sorted([pending.pk, other.pk])


# --- Staff lists: queries do not grow with rows ---------------------------------------------

CODES = [code for code, _name in countries][:30]


def _states(count: int) -> list[MemberState]:
    return [
        factories.MemberStateFactory(country=code, name=f"State {code}", region=MemberState.Region.EUROPE)
        for code in CODES[:count]
    ]


def _state_names(count: int) -> list[str]:
    """Each row names its member state."""
    return [state.name for state in _states(count)]


def _organisations(count: int) -> list[str]:
    states = _states(count)
    for state in states:
        factories.OrganisationFactory(name="Ministry of the Interior", kind="ministry", member_state=state)
    return [state.name for state in states]


def _people(count: int) -> list[str]:
    names = []
    for state in _states(count):
        organisation = factories.OrganisationFactory(
            name=f"Ministry of {state.name}", kind="ministry", member_state=state
        )
        names.append(factories.PersonFactory(organisation=organisation, member_state=state).family_name)
    return names


def _affiliations(count: int) -> list[str]:
    states = _states(count)
    for state in states:
        factories.AffiliationFactory(member_state=state, status=Affiliation.Status.PENDING, decided_at=None)
    return [state.name for state in states]


@pytest.fixture
def memory_cache(settings):
    """The cache in this process's memory: query counts show the pages' own queries, not the database
    cache's (the default without CACHE_URL)."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "dir"}}
    cache.clear()


@pytest.mark.parametrize("rows", [1, 30])
@pytest.mark.parametrize(
    ("name", "make", "queries"),
    [
        # States and organisations are sorted in the reader's language in Python: no COUNT query.
        ("directory:state_list", _state_names, 2),
        ("directory:organisation_list", _organisations, 2),
        # The latest person's id (the key of the kept number of people), the number, the page.
        ("directory:person_list", _people, 4),
        ("directory:affiliation_queue", _affiliations, 3),
    ],
)
def test_staff_list_queries_do_not_grow_with_rows(
    staff_client, memory_cache, django_assert_num_queries, name, make, queries, rows
):
    texts = make(rows)

    with django_assert_num_queries(queries):
        response = staff_client.get(reverse(name))

    assert len(response.context["object_list"]) == rows
    assert shown(response, texts) == rows


def test_the_number_of_people_is_kept_until_someone_is_added_or_deleted(
    staff_client, memory_cache, django_capture_on_commit_callbacks, django_assert_num_queries
):
    """Counting the people reads every row: the list keeps the number, and shows it anew once a person
    is created, written in bulk (no signals) or deleted."""

    def pages() -> int:
        found = re.search(r"Page 1 of (\d+)", staff_client.get(reverse("directory:person_list")).content.decode())
        return int(found.group(1)) if found else 1

    factories.PersonFactory.create_batch(50)
    assert pages() == 1
    with django_assert_num_queries(2):  # the session with its user; the latest person's id: the page's body kept
        assert pages() == 1
    with django_capture_on_commit_callbacks(execute=True):
        person = factories.PersonFactory()
    assert pages() == 2
    with django_capture_on_commit_callbacks(execute=True):
        person.delete()
    assert pages() == 1
    Person.objects.bulk_create([Person(given_name="Awa", family_name="Ndiaye")])
    assert pages() == 2
