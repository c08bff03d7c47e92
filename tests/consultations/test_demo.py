"""The demo data: the consultation that led to IDM 2010, and an open survey to try the ballot."""

from datetime import date

import pytest

from consultations import demo, queries, services
from consultations.models import Ballot, Consultation, ConsultationMeeting
from directory import demo as directory_demo
from directory.models import User
from idm_portal import demo_accounts
from workshops import demo as workshops_demo
from workshops.models import DialogueYear


@pytest.fixture
def loaded(db):
    directory_demo.load()
    workshops_demo.load()
    demo_accounts.load()
    return demo.load()


def test_the_2010_consultation_is_adopted_as_the_existing_year(loaded):
    consultation = Consultation.objects.get(year=2010)

    results = queries.results_of(consultation)

    assert consultation.status == Consultation.Status.ADOPTED
    assert DialogueYear.objects.filter(year=2010).count() == 1
    assert consultation.adopted_year == DialogueYear.objects.get(year=2010)
    assert consultation.adopted_theme.title == "Migration and social change"
    assert [(row.theme.title, row.result.points) for row in results.themes] == [
        ("Migration and social change", 55),
        ("Migration and the global economic crisis: impacts and policy responses", 38),
        ("Migration, the environment and climate change", 26),
        ("Health and migration: protecting the health of migrants", 13),
    ]
    assert [
        (row.topic.title, row.result.votes, row.topic.workshop and row.topic.workshop.slug) for row in results.topics
    ] == [
        ("Migration and Transnationalism: Opportunities and Challenges", 19, "migration-and-transnationalism"),
        ("Societies and Identities: the Multifaceted Impact of Migration", 15, "societies-and-identities"),
        ("Labour Mobility in Times of Economic Crisis", 8, None),
    ]
    assert [(t.title, t.merged_into.title) for t in results.merged_topics] == [
        (
            "Migration and the Family: Ties across Borders",
            "Migration and Transnationalism: Opportunities and Challenges",
        )
    ]
    assert (results.total.ballots, results.total.member_states) == (22, 27)


def test_the_informal_consultations_of_20_october_2009(loaded):
    meeting = ConsultationMeeting.objects.get(consultation__year=2010)

    assert meeting.date == date(2009, 10, 20)
    assert meeting.states_present.count() == 21
    assert "incorporate elements of another originally proposed workshop" in meeting.notes


def test_senegal_ballot_is_the_demo_focal_point(loaded):
    assert Ballot.objects.get(consultation__year=2010, member_state__name="Senegal").cast_by.email == (
        "focalpoint@idm.example"
    )


def test_the_demo_focal_point_can_cast_the_2011_ballot(loaded):
    consultation = Consultation.objects.get(year=2011)
    focal_point = User.objects.get(email="focalpoint@idm.example")
    ranking = list(consultation.themes.values_list("pk", flat=True))

    cast = services.cast_ballot(consultation=consultation, by=focal_point, ranking=ranking, topics=[])

    assert consultation.survey_is_open() is True
    assert cast.member_state.name == "Senegal"
    assert Ballot.objects.filter(consultation=consultation).count() == 6


def test_loading_twice_changes_nothing(loaded):
    before = (Consultation.objects.count(), Ballot.objects.count(), ConsultationMeeting.objects.count())

    again = demo.load()

    assert again == loaded == {"theme consultations": 2, "ballots": 27}
    assert (Consultation.objects.count(), Ballot.objects.count(), ConsultationMeeting.objects.count()) == before
    assert DialogueYear.objects.count() == 2
