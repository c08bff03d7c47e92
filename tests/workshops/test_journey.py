"""The delegate's journey: registering again after cancelling, the waiting list and one's place on it,
changing a registration until registration closes, the head of delegation never moved silently, the
note verbale's download, and the register form's wording and files."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests import factories
from tests.pages import messages
from workshops import services
from workshops.models import Registration

from .factories import WorkshopFactory, delegates, person_of, registration

pytestmark = pytest.mark.django_db

S = Registration.Status
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def senegal(db):
    state = factories.MemberStateFactory(country="SN", name="Senegal", eligible_for_funding=True)
    focal = factories.make_delegate(email="fp@sn.example", state=state, focal_point=True)
    member = factories.make_delegate(email="member@sn.example", state=state)
    return state, focal, member


# --- The workshop page ----------------------------------------------------------------------


def test_after_cancelling_the_workshop_page_offers_to_register_again(client, delegate):
    workshop = WorkshopFactory()
    mine = services.request_registration(workshop=workshop, person=person_of(delegate), by=delegate)
    services.cancel_registration(registration=mine, by=delegate)
    client.force_login(delegate)

    text = client.get("/workshops/%s/" % workshop.slug).content.decode()

    assert '<a class="button" href="/workshops/%s/register/">Register again</a>' % workshop.slug in text


def test_on_a_full_workshop_the_button_says_join_the_waiting_list(client, delegate):
    workshop = WorkshopFactory(capacity=1)
    registration(workshop, status=S.CONFIRMED)
    client.force_login(delegate)

    page = client.get("/workshops/%s/" % workshop.slug).content.decode()
    form = client.get("/workshops/%s/register/" % workshop.slug).content.decode()

    assert '<a class="button" href="/workshops/%s/register/">Join the waiting list</a>' % workshop.slug in page
    assert '<button type="submit">Join the waiting list</button>' in form


def test_a_waitlisted_delegate_sees_their_place(client, committed):
    workshop = WorkshopFactory(capacity=1)
    registration(workshop, status=S.CONFIRMED)
    first, second = delegates(2)
    registration(workshop, status=S.WAITLISTED, person=person_of(first))
    mine = registration(workshop, status=S.WAITLISTED, person=person_of(second))
    client.force_login(second)

    page = client.get("/workshops/%s/" % workshop.slug).content.decode()
    listed = client.get("/my/registrations/")

    assert '<p class="waiting-position">You are number 2 on the waiting list.</p>' in page
    assert [r.waiting_position for r in listed.context["registrations"]] == [2]
    assert "Number 2 on the waiting list" in listed.content.decode()
    committed(services.cancel_registration, registration=Registration.objects.get(person=person_of(first)), by=first)
    assert [r.waiting_position for r in client.get("/my/registrations/").context["registrations"]] == [1]
    assert Registration.objects.get(pk=mine.pk).status == S.WAITLISTED


@pytest.mark.parametrize("n", [1, 30])
def test_my_registrations_with_places_costs_the_same(client, n, django_assert_num_queries):
    (user,) = delegates(1, prefix="me")
    others = delegates(n, prefix="o")
    for i in range(n):
        workshop = WorkshopFactory(capacity=0)
        registration(workshop, status=S.WAITLISTED, person=person_of(others[i]))
        registration(workshop, status=S.WAITLISTED, person=person_of(user))
    client.force_login(user)

    with django_assert_num_queries(MY_REGISTRATIONS_QUERIES):
        response = client.get("/my/registrations/")
    with django_assert_num_queries(MY_REGISTRATIONS_QUERIES - 1):  # the rows are the cached fragment
        cached = client.get("/my/registrations/")

    assert [r.waiting_position for r in response.context["registrations"]] == [2] * n
    assert response.content.decode().count("Number 2 on the waiting list") == n
    assert cached.content.decode().count("Number 2 on the waiting list") == n


MY_REGISTRATIONS_QUERIES = 2  # the session with its user and roles, the page of rows (its count known from it)


def test_a_cancelled_row_no_longer_says_funding_requested(client, delegate):
    workshop = WorkshopFactory()
    registration(workshop, status=S.CANCELLED, person=person_of(delegate), funding="requested", travel_from="Dakar")
    client.force_login(delegate)

    text = client.get("/my/registrations/").content.decode()

    assert "badge-funding-requested" not in text


# --- Changing a registration ----------------------------------------------------------------


def test_a_delegate_changes_consent_and_asks_for_funding(client, senegal):
    _, _, member = senegal
    workshop = WorkshopFactory()
    mine = services.request_registration(workshop=workshop, person=person_of(member), by=member)
    client.force_login(member)

    response = client.post(
        "/my/registrations/%d/change/" % mine.pk,
        {"consent_to_publish": "on", "request_funding": "on", "travel_from": "Dakar, Senegal"},
        follow=True,
    )

    mine.refresh_from_db()
    assert (mine.status, mine.consent_to_publish, mine.funding, mine.travel_from) == (
        S.CONFIRMED,
        True,
        "requested",
        "Dakar, Senegal",
    )
    assert messages(response) == ["The registration of %s for %s was changed." % (mine.person, workshop)]
    assert list(mine.changes.filter(cause="changed").values_list("field", "before", "after")) == [
        ("funding", "", "requested"),
        ("consent_to_publish", "no", "yes"),
    ]


def test_asking_for_funding_without_a_place_of_departure_changes_nothing(client, senegal):
    _, _, member = senegal
    workshop = WorkshopFactory()
    mine = services.request_registration(workshop=workshop, person=person_of(member), by=member)
    client.force_login(member)

    response = client.post("/my/registrations/%d/change/" % mine.pk, {"request_funding": "on", "travel_from": " "})

    mine.refresh_from_db()
    assert response.context["form"].errors == {"travel_from": ["Say where the participant would travel from."]}
    assert (mine.funding, mine.changes.filter(cause="changed").count()) == ("", 0)


def test_no_change_after_registration_closes(client, delegate):
    workshop = WorkshopFactory()
    mine = services.request_registration(workshop=workshop, person=person_of(delegate), by=delegate)
    Registration.objects.filter(pk=mine.pk).update(consent_to_publish=False)
    workshop.registration_closes = timezone.now() - timedelta(minutes=1)
    workshop.registration_opens = timezone.now() - timedelta(days=2)
    workshop.save()
    client.force_login(delegate)

    response = client.post("/my/registrations/%d/change/" % mine.pk, {"consent_to_publish": "on"}, follow=True)

    assert messages(response) == ["This registration can no longer be changed."]
    assert Registration.objects.get(pk=mine.pk).consent_to_publish is False


def test_the_change_service_refuses_someone_who_does_not_speak_for_the_registration(delegate, other_delegate):
    from django.core.exceptions import ValidationError

    workshop = WorkshopFactory()
    mine = services.request_registration(workshop=workshop, person=person_of(delegate), by=delegate)

    with pytest.raises(ValidationError) as refused:
        services.change_registration(registration=mine, by=other_delegate, consent_to_publish=True)

    assert refused.value.messages == ["Only the participant or the focal point of the member state can change it."]


# --- Head of delegation ---------------------------------------------------------------------


def test_the_focal_point_is_told_before_and_after_moving_the_head_of_delegation(client, senegal):
    state, focal, member = senegal
    workshop = WorkshopFactory()
    head = services.request_registration(workshop=workshop, person=person_of(focal), by=focal, head_of_delegation=True)
    theirs = services.request_registration(workshop=workshop, person=person_of(member), by=focal)
    client.force_login(focal)
    url = "/my/registrations/%d/change/" % theirs.pk

    form = client.get(url).context["form"]
    refused = client.post(url, {"head_of_delegation": "on"})
    moved = client.post(url, {"head_of_delegation": "on", "replace_head": "on"}, follow=True)

    assert (
        form.fields["head_of_delegation"].help_text == "Now %s is head of delegation for this workshop." % head.person
    )
    assert form.fields["replace_head"].label == "Make this person head of delegation instead of %s" % head.person
    assert refused.context["form"].errors["head_of_delegation"] == [
        "%s is head of delegation for this workshop. Tick “Make this person head of delegation instead” "
        "to move the flag, or untick “Head of delegation”." % head.person
    ]
    assert messages(moved) == [
        "The registration of %s for %s was changed." % (theirs.person, workshop),
        "%s is no longer head of delegation; %s is." % (head.person, theirs.person),
    ]
    assert list(
        Registration.objects.filter(workshop=workshop, is_head_of_delegation=True).values_list("pk", flat=True)
    ) == [theirs.pk]


def test_registering_a_second_head_is_refused_on_the_form_until_confirmed(client, senegal):
    _, focal, member = senegal
    workshop = WorkshopFactory()
    head = services.request_registration(workshop=workshop, person=person_of(focal), by=focal, head_of_delegation=True)
    client.force_login(focal)
    url = "/workshops/%s/register/" % workshop.slug
    data = {"participant": str(person_of(member).pk), "head_of_delegation": "on"}

    refused = client.post(url, data)
    done = client.post(url, {**data, "replace_head": "on"}, follow=True)

    assert list(refused.context["form"].errors) == ["head_of_delegation"]
    assert Registration.objects.filter(workshop=workshop).count() == 2
    assert "%s is no longer head of delegation; %s is." % (head.person, person_of(member)) in messages(done)


# --- The register form ----------------------------------------------------------------------


def test_registering_oneself_says_i_agree(client, delegate):
    workshop = WorkshopFactory()
    client.force_login(delegate)

    form = client.get("/workshops/%s/register/" % workshop.slug).context["form"]

    assert form.fields["consent_to_publish"].label == "I agree to appear on the published list of participants"


def test_the_new_member_fieldset_is_shown_only_for_a_new_member_without_inline_script(client, senegal):
    _, focal, _ = senegal
    workshop = WorkshopFactory()
    client.force_login(focal)

    text = client.get("/workshops/%s/register/" % workshop.slug).content.decode()

    assert '<fieldset data-shown-for="id_participant" data-shown-value="new">' in text
    assert "<script>" not in text
    assert "onchange" not in text
    assert 'src="/static/js/workshops.js"' in text


def test_after_an_error_the_form_asks_for_the_file_again(client, senegal):
    _, focal, _ = senegal
    workshop = WorkshopFactory()
    client.force_login(focal)

    response = client.post(
        "/workshops/%s/register/" % workshop.slug,
        {
            "participant": "new",
            "given_name": "",
            "family_name": "Sow",
            "note_verbale": SimpleUploadedFile("nv.pdf", PDF),
        },
    )

    assert response.context["form"].errors["note_verbale"] == [
        "Choose the file again: a chosen file is not kept when the form has an error."
    ]
    assert Registration.objects.count() == 0


# --- The note verbale -----------------------------------------------------------------------


def test_the_note_verbale_downloads_for_the_secretariat_and_the_focal_point_only(client, senegal, secretariat):
    state, focal, member = senegal
    workshop = WorkshopFactory()
    theirs = registration(workshop, status=S.CONFIRMED, person=person_of(member))
    theirs.note_verbale.save("note-verbale.pdf", ContentFile(PDF), save=True)
    stranger = factories.make_delegate(email="fp@ke.example", focal_point=True)
    url = "/my/registrations/%d/note-verbale/" % theirs.pk

    answers = {}
    for name, user in (("secretariat", secretariat), ("focal", focal), ("member", member), ("stranger", stranger)):
        client.force_login(user)
        response = client.get(url)
        answers[name] = (
            response.status_code,
            b"".join(response.streaming_content) if response.status_code == 200 else b"",
        )

    assert answers == {"secretariat": (200, PDF), "focal": (200, PDF), "member": (404, b""), "stranger": (404, b"")}
    client.force_login(secretariat)
    staff_page = client.get("/staff/workshops/registrations/%d/" % theirs.pk).content.decode()
    assert '<a href="%s">attached</a>' % url in staff_page


def test_a_cancelled_registrations_funding_request_waits_for_no_decision(client, secretariat):
    from workshops import queries

    workshop = WorkshopFactory(funded_seats=2)
    gone = registration(workshop, status=S.CANCELLED, funding="requested", travel_from="Dakar")
    waiting = registration(workshop, status=S.PENDING, funding="requested", travel_from="Quito")
    client.force_login(secretariat)

    page = client.get("/staff/workshops/%s/funding/" % workshop.slug).content.decode()
    row = queries.workshops_for_staff().get(pk=workshop.pk)

    assert (queries.queue_counts(workshop)["funding_requested"], row.funding_requested) == (1, 1)
    assert page.count('class="funding-decision"') == 1
    assert 'action="/staff/workshops/registrations/%d/funding/"' % waiting.pk in page
    assert 'action="/staff/workshops/registrations/%d/funding/"' % gone.pk not in page
