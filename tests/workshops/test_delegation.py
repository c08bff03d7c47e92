"""The focal point's delegation page: 50 registrations a page, a status filter and a search, the state's
own registrations only, and the list served from its cached fragment with the request's own token."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.models import Person
from tests import factories
from workshops.models import Registration

from .factories import WorkshopFactory

S = Registration.Status
ROW = re.compile(r'<tr>\s*<td><a href="/workshops/[^"]+/">([^<]+)</a>.*?</td>\s*<td>([^<]+)<', re.S)


@pytest.fixture
def senegal(db):
    state = factories.MemberStateFactory(country="SN", name="Senegal")
    return state, factories.make_delegate(email="focal@sn.example", state=state, focal_point=True)


def _register(workshop, state, n: int, *, status: str = S.CONFIRMED, prefix: str = "Member") -> None:
    people = Person.objects.bulk_create(
        [Person(given_name="Given%03d" % i, family_name="%s%03d" % (prefix, i), member_state=state) for i in range(n)]
    )
    by = factories.UserFactory()
    Registration.objects.bulk_create(
        [Registration(workshop=workshop, person=p, member_state=state, status=status, registered_by=by) for p in people]
    )


def _rows(response) -> list[tuple[str, str]]:
    return ROW.findall(response.content.decode())


def _queries(client, url: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert (url, response.status_code) == (url, 200)
    return len(captured), response


def test_the_delegation_is_shown_50_registrations_a_page(client, senegal):
    state, focal = senegal
    _register(WorkshopFactory(title="Dakar workshop"), state, 60)
    client.force_login(focal)

    first = client.get("/my/delegation/")
    second = client.get("/my/delegation/?page=2")
    last = client.get("/my/delegation/?page=last")

    assert (len(_rows(first)), len(_rows(second)), _rows(last)) == (50, 10, _rows(second))
    assert "<span>Page 1 of 2</span>" in first.content.decode()
    assert _rows(second)[-1] == ("Dakar workshop", "Given059 Member059")


def test_the_delegation_is_filtered_by_status_and_searched_by_workshop_or_participant(client, senegal):
    state, focal = senegal
    lisbon, geneva = (
        WorkshopFactory(title="Lisbon workshop", title_fr="Atelier de Lisbonne"),
        WorkshopFactory(title="Geneva workshop"),
    )
    _register(lisbon, state, 2, prefix="Sow")
    _register(geneva, state, 1, status=S.WAITLISTED, prefix="Diop")
    client.force_login(focal)

    waitlisted = client.get("/my/delegation/?status=waitlisted")
    lisbonne = client.get("/my/delegation/?q=lisbonne")
    diop = client.get("/my/delegation/?q=diop000")
    nobody = client.get("/my/delegation/?q=Lisbon&status=waitlisted")

    assert _rows(waitlisted) == [("Geneva workshop", "Given000 Diop000")]
    assert _rows(lisbonne) == [("Lisbon workshop", "Given000 Sow000"), ("Lisbon workshop", "Given001 Sow001")]
    assert _rows(diop) == [("Geneva workshop", "Given000 Diop000")]
    assert (_rows(nobody), "No registration of the delegation matches." in nobody.content.decode()) == ([], True)
    assert '<option value="waitlisted" selected>Waitlisted</option>' in waitlisted.content.decode()
    assert 'name="q" value="lisbonne"' in lisbonne.content.decode()


def test_pages_of_a_filtered_delegation_keep_the_filter_not_the_rest_of_the_address(client, senegal):
    state, focal = senegal
    _register(WorkshopFactory(title="Dakar workshop"), state, 51, status=S.WAITLISTED)
    client.force_login(focal)

    html = client.get("/my/delegation/?status=waitlisted&utm=mail").content.decode()

    assert '<a href="?status=waitlisted&amp;page=2">Next</a>' in html


def test_a_focal_point_sees_only_the_registrations_of_their_own_state(client, senegal):
    state, focal = senegal
    workshop = WorkshopFactory(title="Dakar workshop")
    _register(workshop, state, 1, prefix="Own")
    _register(workshop, factories.MemberStateFactory(country="ML", name="Mali"), 1, prefix="Other")
    client.force_login(focal)

    assert _rows(client.get("/my/delegation/")) == [("Dakar workshop", "Given000 Own000")]
    assert _rows(client.get("/my/delegation/?q=Other000")) == []


@pytest.mark.parametrize("n", [1, 30])
def test_the_cached_list_costs_the_same_queries_at_1_and_30_rows(client, senegal, n, django_assert_num_queries):
    state, focal = senegal
    _register(WorkshopFactory(), state, n)
    client.force_login(focal)
    client.get("/my/delegation/")

    with django_assert_num_queries(1):  # the session with its user and roles: the list is the cached fragment
        response = client.get("/my/delegation/")

    assert len(_rows(response)) == n


def test_the_delegation_at_ten_times_the_registrations(client, senegal):
    state, focal = senegal
    workshop = WorkshopFactory()
    _register(workshop, state, 1, prefix="First")
    client.force_login(focal)
    one, _ = _queries(client, "/my/delegation/")
    _register(workshop, state, 299)  # in bulk, as the cache would not know: the lists below are new addresses

    many, response = _queries(client, "/my/delegation/?status=confirmed")
    last, last_page = _queries(client, "/my/delegation/?status=confirmed&page=last")

    assert (one, many, last) == (4, 4, 4)
    assert (len(_rows(response)), len(_rows(last_page))) == (50, 50)


def test_a_cached_list_carries_the_requests_own_token_and_address(senegal):
    state, focal = senegal
    workshop = WorkshopFactory(title="Dakar workshop")
    _register(workshop, state, 1)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(focal)
    browser.get("/my/delegation/?status=confirmed&from=home")

    html = browser.get("/my/delegation/?from=mail&status=confirmed").content.decode()  # the same list, cached
    token = re.search(
        r'action="/my/registrations/\d+/cancel/"[^>]*><input type="hidden" name="csrfmiddlewaretoken" '
        r'value="([^"]+)">\s*<input type="hidden" name="next" value="([^"]+)">',
        html,
    )
    response = browser.post(
        "/my/registrations/%d/cancel/" % Registration.objects.get().pk,
        {"csrfmiddlewaretoken": token[1], "next": token[2].replace("&amp;", "&")},
    )

    assert token[2] == "/my/delegation/?from=mail&amp;status=confirmed"
    # One token a page: the list's forms carry the one of the header's forms (language, sign out).
    assert set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)) == {token[1]}
    assert (response.status_code, response["Location"]) == (302, "/my/delegation/?from=mail&status=confirmed")
    assert Registration.objects.get().status == S.CANCELLED


def test_a_change_to_a_registration_gives_the_list_a_new_version(client, senegal, django_capture_on_commit_callbacks):
    state, focal = senegal
    _register(WorkshopFactory(title="Dakar workshop"), state, 1)
    client.force_login(focal)
    before = client.get("/my/delegation/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        registration_ = Registration.objects.get()
        registration_.status = S.WAITLISTED
        registration_.save()
    after = client.get("/my/delegation/").content.decode()

    assert ('<span class="badge badge-confirmed">Confirmed</span>' in before, "badge-waitlisted" in before) == (
        True,
        False,
    )
    assert '<span class="badge badge-waitlisted">Waitlisted</span>' in after


def test_a_renamed_state_shows_at_once_on_the_kept_list(client, senegal, django_capture_on_commit_callbacks):
    """The heading is kept with the list, and member states do not give the list a new version: the
    state's name is in the list's key."""
    state, focal = senegal
    _register(WorkshopFactory(title="Dakar workshop"), state, 1)
    client.force_login(focal)
    before = client.get("/my/delegation/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        state.name = "Republic of Senegal"
        state.save()
    after = client.get("/my/delegation/").content.decode()

    assert re.findall(r"<h1>([^<]*)</h1>", before) == ["Delegation of Senegal"]
    assert re.findall(r"<h1>([^<]*)</h1>", after) == ["Delegation of Republic of Senegal"]
    assert _rows(client.get("/my/delegation/")) == [("Dakar workshop", "Given000 Member000")]


def test_someone_else_than_a_focal_point_is_refused_the_delegation(client, db):
    client.force_login(factories.make_delegate(email="member@sn.example"))

    assert client.get("/my/delegation/").status_code == 403


def _folded(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


LABELS = {
    "en": ("Change", "Cancel", "Register again", "Certificate of attendance"),
    "fr": ("Modification", "Annuler", "S'inscrire à nouveau", "Certificat de participation"),
}


def _offered(cell: str, registration) -> list[tuple[str, str, str]]:
    """A row's actions as (a, its address, its label) or (form, what it posts, its button's label)."""
    offered = []
    for match in re.finditer(
        r'<a href="(?P<href>[^"]+)">(?P<a>[^<]*)'
        r'|<form method="post" action="(?P<action>[^"]+)"[^>]*>.*?<button[^>]*>(?P<button>[^<]*)',
        cell,
        re.S,
    ):
        if match["href"]:
            offered.append(("a", match["href"], match["a"].strip()))
        else:
            kind = "certificate" if "/documents/certificate/" in match["action"] else "cancel"
            assert kind == "certificate" or match["action"] == reverse("workshops:cancel", args=[registration.pk])
            offered.append(("form", kind, match["button"].strip()))
    return offered


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_rows_tag_offers_what_each_registration_allows(rf, senegal, language):
    """Change and cancel while active (change only while registration is open), register again for
    one's own cancelled registration, one's own certificate once attended, nothing once declined."""
    from datetime import timedelta

    from django.template import Context
    from django.utils import timezone, translation

    from workshops.queries import delegation_registrations
    from workshops.templatetags.delegation import delegation_rows

    state, focal = senegal
    own = Person.objects.get(user=focal)
    open_, closed = (
        WorkshopFactory(title="Open workshop", title_fr="Atelier ouvert"),
        WorkshopFactory(
            registration_opens=timezone.now() - timedelta(days=3),
            registration_closes=timezone.now() - timedelta(days=1),
        ),
    )
    by = factories.UserFactory()
    for workshop, person, status, extra in [
        (open_, None, S.CONFIRMED, {"is_head_of_delegation": True, "note_verbale": "nv.pdf", "funding": "requested"}),
        (open_, None, S.WAITLISTED, {}),
        (open_, own, S.CANCELLED, {"funding": "approved"}),
        (closed, own, S.ATTENDED, {}),
        (closed, None, S.PENDING, {}),
        (closed, None, S.DECLINED, {}),
    ]:
        person = person or Person.objects.create(given_name="Given", family_name=status, member_state=state)
        Registration.objects.create(
            workshop=workshop, person=person, member_state=state, registered_by=by, status=status, **extra
        )
    request = rf.get("/my/delegation/?status=&q=")
    request.user = focal

    with translation.override(language):
        registrations = list(delegation_registrations(focal))
        rows = delegation_rows(Context({"request": request, "csrf_token": "TOKEN"}), registrations)
        change, cancel, again, certificate = LABELS[language]
        expected = {
            (open_.pk, S.CONFIRMED): [("a", reverse("workshops:change", args=[0]), change), ("form", "cancel", cancel)],
            (open_.pk, S.WAITLISTED): [
                ("a", reverse("workshops:change", args=[0]), change),
                ("form", "cancel", cancel),
            ],
            (open_.pk, S.CANCELLED): [("a", reverse("workshops:register", args=[open_.slug]), again)],
            (closed.pk, S.ATTENDED): [("form", "certificate", certificate)],
            (closed.pk, S.PENDING): [("form", "cancel", cancel)],
            (closed.pk, S.DECLINED): [],
        }
        cells = re.findall(r'<td class="actions">(.*?)</td>', rows, re.S)

    assert len(cells) == 6
    for registration, cell in zip(registrations, cells, strict=True):
        wanted = [
            (kind, where.replace("/0/", "/%d/" % registration.pk), label)
            for kind, where, label in expected[registration.workshop_id, registration.status]
        ]
        assert _offered(cell, registration) == wanted, registration.status
    assert [c.count("<form") for c in cells] == [1, 1, 0, 1, 1, 0]  # cancel twice, none, the certificate, cancel
    assert (rows.count('/note-verbale/">Note'), rows.count("waiting-position")) == (1, 1)
