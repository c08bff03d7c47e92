"""The pages: the focal point's ballot, the public results, the secretariat's flow from draft to adoption."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone

from consultations.models import Ballot, CandidateTheme, CandidateTopic, Consultation
from tests import factories
from workshops.models import DialogueYear, Workshop

from .factories import ConsultationFactory, ballot, focal_point, state, themes, topics

pytestmark = pytest.mark.django_db

THEMES = ("Migration and social change", "Migration and the environment", "Health and migration")


@pytest.fixture
def survey():
    consultation = ConsultationFactory(year=2011)
    return consultation, themes(consultation, *THEMES), topics(consultation, "Transnationalism", "Societies", "Labour")


@pytest.fixture
def senegal():
    return state("SN", name="Senegal")


def ballot_url(consultation) -> str:
    return reverse("consultations:ballot", kwargs={"pk": consultation.pk})


def ballot_data(candidates, places, chosen=()) -> dict:
    data = {"theme_%d" % theme.pk: str(place) for theme, place in zip(candidates, places, strict=True)}
    data["topics"] = [topic.pk for topic in chosen]
    return data


def local(value, format_string="j F Y, H:i T") -> str:
    return dateformat.format(timezone.localtime(value), format_string)


# --- The ballot -----------------------------------------------------------------------------


def test_the_focal_point_sees_the_ballot_and_until_when_it_can_be_changed(client, survey, senegal):
    consultation, _candidates, _topics = survey
    client.force_login(focal_point(senegal))

    response = client.get(ballot_url(consultation))

    content = response.content.decode()
    assert response.status_code == 200
    assert "The ballot can be cast and changed until %s." % local(consultation.survey_closes) in content
    assert "Senegal has not cast its ballot yet." in content
    assert "Cast the ballot of Senegal" in content


def test_the_focal_point_ranks_the_themes_and_sees_the_ballot_recorded(client, survey, senegal):
    consultation, (social, environment, health), (transnationalism, societies, _labour) = survey
    voter = focal_point(senegal)
    client.force_login(voter)

    response = client.post(
        ballot_url(consultation), ballot_data([social, environment, health], [2, 3, 1], [transnationalism, societies])
    )
    page = client.get(ballot_url(consultation))

    assert (response.status_code, response.headers["Location"]) == (302, ballot_url(consultation))
    row = Ballot.objects.get()
    assert (row.member_state, row.cast_by) == (senegal, voter)
    assert [rank.theme.title for rank in row.ranks.order_by("rank")] == [
        "Health and migration",
        "Migration and social change",
        "Migration and the environment",
    ]
    content = page.content.decode()
    assert "The ballot of Senegal was recorded." in content
    assert "Cast by %s on %s." % (voter.get_full_name(), local(row.cast_at)) in content
    assert "Change the ballot of Senegal" in content
    assert page.context["form"]["theme_%d" % health.pk].value() == 1


def test_a_place_given_twice_or_missing_is_shown_and_nothing_is_recorded(client, survey, senegal):
    consultation, (social, environment, health), _topics = survey
    client.force_login(focal_point(senegal))

    twice = client.post(ballot_url(consultation), ballot_data([social, environment, health], [1, 1, 2]))
    missing = client.post(ballot_url(consultation), ballot_data([social, environment, health], [1, "", 2]))

    assert twice.status_code == 200
    assert twice.context["form"].errors == {
        "theme_%d" % social.pk: ["Place 1 is given to more than one theme."],
        "theme_%d" % environment.pk: ["Place 1 is given to more than one theme."],
    }
    assert missing.context["form"].errors == {"theme_%d" % environment.pk: ["Give this theme a place."]}
    assert Ballot.objects.count() == 0


def test_too_many_topics_are_refused(client, survey, senegal):
    consultation, candidates, chosen = survey
    client.force_login(focal_point(senegal))

    response = client.post(ballot_url(consultation), ballot_data(candidates, [1, 2, 3], chosen))

    assert response.context["form"].errors == {"topics": ["Choose at most 2 workshop topics."]}
    assert Ballot.objects.count() == 0


def test_a_delegate_who_is_not_the_focal_point_cannot_vote(client, survey, senegal):
    consultation, candidates, _topics = survey
    client.force_login(factories.make_delegate(email="delegate@state.example", state=senegal))

    page = client.get(ballot_url(consultation))
    post = client.post(ballot_url(consultation), ballot_data(candidates, [1, 2, 3]))

    assert (page.status_code, post.status_code) == (403, 403)
    assert Ballot.objects.count() == 0


def test_a_closed_survey_refuses_the_ballot_and_shows_the_one_cast(client, survey, senegal):
    consultation, (social, environment, health), _topics = survey
    voter = focal_point(senegal)
    ballot(consultation, senegal, [social, environment, health], cast_by=voter)
    Consultation.objects.filter(pk=consultation.pk).update(status=Consultation.Status.CLOSED)
    client.force_login(voter)

    page = client.get(ballot_url(consultation))
    post = client.post(ballot_url(consultation), ballot_data([social, environment, health], [3, 2, 1]))

    assert "The survey is closed: the ballot can no longer be changed." in page.content.decode()
    assert page.context["survey_open"] is False
    assert b'<form method="post" class="ballot-form"' not in page.content
    assert post.status_code == 200
    assert post.context["form"].non_field_errors() == ["The survey is not open: ballots are not accepted."]
    assert [rank.theme for rank in Ballot.objects.get().ranks.order_by("rank")] == [social, environment, health]


def test_a_survey_in_preparation_has_no_ballot_page(client, senegal):
    consultation = ConsultationFactory(status=Consultation.Status.DRAFT)
    client.force_login(focal_point(senegal))

    assert client.get(ballot_url(consultation)).status_code == 404


# --- Results --------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Consultation.Status.DRAFT, Consultation.Status.OPEN])
def test_results_do_not_exist_before_the_survey_closes(client, survey, status):
    consultation, _candidates, _topics = survey
    Consultation.objects.filter(pk=consultation.pk).update(status=status)
    url = reverse("consultations:results", kwargs={"pk": consultation.pk})

    anonymous = client.get(url)
    client.force_login(factories.make_secretariat())
    secretariat = client.get(url)

    assert (anonymous.status_code, secretariat.status_code) == (404, 404)


def test_results_are_public_after_closing_with_the_method_and_tie_break(client, survey):
    consultation, (social, environment, health), (transnationalism, _societies, _labour) = survey
    ballot(consultation, state("SN"), [social, environment, health], [transnationalism])
    ballot(consultation, state("KE"), [environment, social, health], [transnationalism])
    Consultation.objects.filter(pk=consultation.pk).update(status=Consultation.Status.CLOSED)

    response = client.get(reverse("consultations:results", kwargs={"pk": consultation.pk}))

    content = response.content.decode()
    assert response.status_code == 200
    assert [row.theme.title for row in response.context["results"].themes] == [
        "Migration and social change",
        "Migration and the environment",
        "Health and migration",
    ]
    # Both have 3 points, one first and one second preference: the alphabet decides, and the page says so.
    assert [row.result.points for row in response.context["results"].themes] == [3, 3, 0]
    assert "Equal points and equal preferences at every place: placed in alphabetical order." in content
    assert (
        "Borda count: with 3 candidate themes, a ballot gives 2 points to the theme it places first, 1 to the second"
        in content
    )
    assert "Equal points are broken by more first preferences" in content
    assert "2 of 2 member states cast a ballot (100%)." in content


# --- The secretariat: from a draft to the adopted year --------------------------------------


def test_the_secretariat_prepares_opens_closes_and_adopts(client, secretariat, senegal):
    client.force_login(secretariat)
    created = client.post(
        reverse("consultations:staff_create"),
        {"year": "2011", "title": "Theme of IDM 2011", "survey_closes": "2099-12-01T18:00", "max_topics": "1"},
    )
    consultation = Consultation.objects.get()
    detail = reverse("consultations:staff_detail", kwargs={"pk": consultation.pk})
    for title in ("The future of migration", "Migration and the environment"):
        client.post(reverse("consultations:staff_theme_create", kwargs={"pk": consultation.pk}), {"title": title})
    client.post(reverse("consultations:staff_topic_create", kwargs={"pk": consultation.pk}), {"title": "Climate"})
    opened = client.post(reverse("consultations:staff_open", kwargs={"pk": consultation.pk}))
    future, environment = CandidateTheme.objects.order_by("order")
    ballot(consultation, senegal, [environment, future], CandidateTopic.objects.all())
    closed = client.post(reverse("consultations:staff_close", kwargs={"pk": consultation.pk}))
    topic = CandidateTopic.objects.get()
    adopted = client.post(
        reverse("consultations:staff_adopt", kwargs={"pk": consultation.pk}),
        {
            "theme": environment.pk,
            "adopt_%d" % topic.pk: "on",
            "start_%d" % topic.pk: "2011-03-29",
            "end_%d" % topic.pk: "2011-03-30",
        },
    )

    assert (created.status_code, created.headers["Location"]) == (302, detail)
    assert (opened.status_code, opened.headers["Location"]) == (302, detail)
    assert closed.headers["Location"] == reverse("consultations:staff_tally", kwargs={"pk": consultation.pk})
    assert (adopted.status_code, adopted.headers["Location"]) == (302, reverse("workshops:staff_years"))
    year = DialogueYear.objects.get(year=2011)
    assert year.theme == "Migration and the environment"
    assert list(Workshop.objects.filter(year=year).values_list("title", "start_date", "status")) == [
        ("Climate", date(2011, 3, 29), Workshop.Status.PROPOSED)
    ]
    assert Consultation.objects.get().status == Consultation.Status.ADOPTED


def test_the_adopt_form_asks_for_the_dates_of_each_adopted_topic(client, secretariat, survey):
    consultation, (social, _environment, _health), (transnationalism, _societies, _labour) = survey
    Consultation.objects.filter(pk=consultation.pk).update(status=Consultation.Status.CLOSED)
    client.force_login(secretariat)

    response = client.post(
        reverse("consultations:staff_adopt", kwargs={"pk": consultation.pk}),
        {"theme": social.pk, "adopt_%d" % transnationalism.pk: "on", "end_%d" % transnationalism.pk: "2011-03-01"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "start_%d" % transnationalism.pk: ["Give the planned first day of the workshop."]
    }
    assert DialogueYear.objects.count() == 0


def test_opening_with_one_theme_is_refused_with_a_message(client, secretariat):
    consultation = ConsultationFactory(status=Consultation.Status.DRAFT)
    themes(consultation, "Migration and social change")
    client.force_login(secretariat)

    response = client.post(reverse("consultations:staff_open", kwargs={"pk": consultation.pk}), follow=True)

    assert [str(m) for m in response.context["messages"]] == ["Put at least two candidate themes to the membership."]
    assert Consultation.objects.get().status == Consultation.Status.DRAFT


def test_candidates_of_an_open_survey_cannot_be_deleted_from_the_page(client, secretariat, survey):
    consultation, (social, _environment, _health), _topics = survey
    client.force_login(secretariat)

    response = client.post(reverse("consultations:staff_theme_delete", kwargs={"pk": social.pk}), follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "The candidates are fixed once the survey has opened: every ballot ranks the same themes."
    ]
    assert CandidateTheme.objects.filter(pk=social.pk).exists() is True


def test_the_meeting_records_the_states_present(client, secretariat, senegal):
    consultation = ConsultationFactory(status=Consultation.Status.DRAFT)
    kenya = state("KE", name="Kenya")
    client.force_login(secretariat)

    client.post(
        reverse("consultations:staff_meeting_create", kwargs={"pk": consultation.pk}),
        {"date": "2009-10-20", "title": "Informal consultations", "states_present": [senegal.pk, kenya.pk]},
    )

    meeting = consultation.meetings.get()
    assert (meeting.date, sorted(meeting.states_present.values_list("name", flat=True))) == (
        date(2009, 10, 20),
        ["Kenya", "Senegal"],
    )
