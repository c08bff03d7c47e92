"""Queries per page do not grow with the rows: 1 against 30 ballots, themes, topics or consultations."""

import pytest
from django.urls import reverse

from consultations.models import Consultation, ConsultationMeeting
from directory.models import MemberState
from tests.pages import shown

from .factories import COUNTRIES, ConsultationFactory, ballot, focal_point, state, themes, topics

pytestmark = pytest.mark.django_db

REGIONS = list(MemberState.Region.values)


def survey(n: int, *, status: str = Consultation.Status.CLOSED) -> Consultation:
    """A consultation with n themes, n topics, n meetings and n ballots (each from its own state)."""
    consultation = ConsultationFactory(status=status)
    candidates = themes(consultation, *("Theme %02d" % i for i in range(n)))
    chosen = topics(consultation, *("Topic %02d" % i for i in range(n)))
    states = [state(code, region=REGIONS[i % len(REGIONS)]) for i, code in enumerate(COUNTRIES[:n])]
    for i, member_state in enumerate(states):
        ranking = candidates[i % n :] + candidates[: i % n]
        ballot(consultation, member_state, ranking, chosen[:2], cast_by=focal_point(member_state))
        meeting = ConsultationMeeting.objects.create(consultation=consultation, date="2009-10-20")
        meeting.states_present.set(states[: i + 1])
    return consultation


def themes_shown(response, n: int) -> int:
    """How many of the survey's n themes ("Theme 00"...) the page names."""
    return shown(response, ("Theme %02d" % i for i in range(n)))


@pytest.mark.parametrize("n", [1, 30])
def test_results_page(client, django_assert_num_queries, n):
    consultation = survey(n)
    url = reverse("consultations:results", kwargs={"pk": consultation.pk})

    with django_assert_num_queries(8):
        response = client.get(url)

    assert response.status_code == 200
    assert len(response.context["results"].themes) == n
    assert response.context["results"].ballots == n
    assert themes_shown(response, n) == n


@pytest.mark.parametrize("n", [1, 30])
def test_results_page_signed_in(client, secretariat, django_assert_num_queries, n):
    consultation = survey(n)
    client.force_login(secretariat)
    url = reverse("consultations:results", kwargs={"pk": consultation.pk})

    with django_assert_num_queries(9):
        response = client.get(url)

    assert response.status_code == 200
    assert themes_shown(response, n) == n


@pytest.mark.parametrize("n", [1, 30])
def test_public_list(client, django_assert_num_queries, n):
    titles = [ConsultationFactory(status=Consultation.Status.CLOSED).title for _ in range(n)]

    with django_assert_num_queries(2):
        response = client.get(reverse("consultations:list"))

    assert len(response.context["consultations"]) == n
    assert shown(response, titles) == n


@pytest.mark.parametrize("n", [1, 30])
def test_ballot_page(client, django_assert_num_queries, n):
    consultation = survey(n, status=Consultation.Status.OPEN)
    voter = focal_point(state("PT", region=MemberState.Region.EUROPE), email="voter@portugal.example")
    ballot(consultation, voter.affiliations.get().member_state, list(consultation.themes.all()), cast_by=voter)
    client.force_login(voter)

    with django_assert_num_queries(7):
        response = client.get(reverse("consultations:ballot", kwargs={"pk": consultation.pk}))

    assert response.status_code == 200
    assert len(response.context["form"].themes) == n
    assert themes_shown(response, n) == n


@pytest.mark.parametrize("n", [1, 30])
def test_staff_list(client, secretariat, django_assert_num_queries, n):
    member_state = state("SN")
    titles = []
    for _ in range(n):
        consultation = ConsultationFactory()
        titles.append(consultation.title)
        themes(consultation, "Migration and social change", "Health and migration")
        topics(consultation, "Transnationalism")
        ballot(consultation, member_state, list(consultation.themes.all()))
        ConsultationMeeting.objects.create(consultation=consultation, date="2009-10-20")
    client.force_login(secretariat)

    with django_assert_num_queries(3):
        response = client.get(reverse("consultations:staff_list"))

    assert len(response.context["consultations"]) == n
    assert shown(response, titles) == n


@pytest.mark.parametrize("n", [1, 30])
def test_staff_detail(client, secretariat, django_assert_num_queries, n):
    consultation = survey(n)
    client.force_login(secretariat)

    with django_assert_num_queries(6):
        response = client.get(reverse("consultations:staff_detail", kwargs={"pk": consultation.pk}))

    assert len(response.context["themes"]) == n
    assert themes_shown(response, n) == n


@pytest.mark.parametrize("n", [1, 30])
def test_staff_tally(client, secretariat, django_assert_num_queries, n):
    consultation = survey(n, status=Consultation.Status.OPEN)
    client.force_login(secretariat)

    with django_assert_num_queries(11):
        response = client.get(reverse("consultations:staff_tally", kwargs={"pk": consultation.pk}))

    assert len(response.context["ballots"]) == n
    assert shown(response, ("State %s" % code for code in COUNTRIES[:n])) == n  # one ballot row per state


@pytest.mark.parametrize("n", [1, 30])
def test_staff_adopt(client, secretariat, django_assert_num_queries, n):
    consultation = survey(n)
    client.force_login(secretariat)

    with django_assert_num_queries(7):
        response = client.get(reverse("consultations:staff_adopt", kwargs={"pk": consultation.pk}))

    assert response.status_code == 200
    assert themes_shown(response, n) == n
