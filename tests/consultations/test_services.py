"""The consultation's rules: who casts a ballot and when, what a ballot holds, closing, adoption."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from consultations import services
from consultations.models import Ballot, CandidateTheme, CandidateTopic, Consultation
from directory.models import MemberState
from tests import factories
from workshops.models import DialogueYear, Workshop

from .factories import ConsultationFactory, ballot, focal_point, state, themes, topics

pytestmark = pytest.mark.django_db

THEMES = ("Migration and social change", "Migration and the environment", "Health and migration")
TOPICS = ("Migration and Transnationalism: Opportunities and Challenges", "Societies and Identities", "Labour Mobility")


@pytest.fixture
def survey():
    consultation = ConsultationFactory(year=2010)
    return consultation, themes(consultation, *THEMES), topics(consultation, *TOPICS)


@pytest.fixture
def senegal():
    return state("SN", name="Senegal")


def ids(records) -> list[int]:
    return [record.pk for record in records]


def ranking_of(row: Ballot) -> list[str]:
    return [rank.theme.title for rank in row.ranks.order_by("rank")]


def messages_of(error: pytest.ExceptionInfo) -> list[str]:
    return error.value.messages


# --- Casting a ballot -----------------------------------------------------------------------


def test_the_focal_point_casts_the_state_ballot(survey, senegal):
    consultation, (social, environment, health), (transnationalism, societies, _labour) = survey
    voter = focal_point(senegal)

    cast = services.cast_ballot(
        consultation=consultation,
        by=voter,
        ranking=ids([environment, social, health]),
        topics=ids([societies, transnationalism]),
    )

    cast.refresh_from_db()
    assert cast.member_state == senegal
    assert cast.cast_by == voter
    assert cast.revision == 1
    assert timezone.now() - cast.cast_at < timedelta(seconds=5)
    assert ranking_of(cast) == ["Migration and the environment", "Migration and social change", "Health and migration"]
    assert sorted(cast.topics.values_list("title", flat=True)) == sorted([TOPICS[0], TOPICS[1]])


def test_a_second_ballot_of_the_state_replaces_the_first_and_records_who(survey, senegal):
    consultation, (social, environment, health), (transnationalism, societies, labour) = survey
    first, second = focal_point(senegal), focal_point(senegal, email="second@state.example")
    earlier = services.cast_ballot(
        consultation=consultation, by=first, ranking=ids([social, environment, health]), topics=ids([labour])
    )

    later = services.cast_ballot(
        consultation=consultation, by=second, ranking=ids([health, environment, social]), topics=ids([societies])
    )

    assert Ballot.objects.filter(consultation=consultation).count() == 1
    later.refresh_from_db()
    assert later.pk == earlier.pk
    assert later.cast_by == second
    assert later.revision == 2
    assert later.cast_at >= earlier.cast_at
    assert ranking_of(later) == ["Health and migration", "Migration and the environment", "Migration and social change"]
    assert list(later.topics.values_list("title", flat=True)) == ["Societies and Identities"]


def test_the_focal_points_of_the_state_are_told_by_e_mail(survey, senegal, django_capture_on_commit_callbacks):
    consultation, (social, environment, health), (transnationalism, _societies, _labour) = survey
    voter = focal_point(senegal)
    voter.first_name, voter.last_name = "Amadou", "Diallo"
    voter.save()
    focal_point(senegal, email="colleague@state.example")
    factories.make_delegate(email="not-focal@state.example", state=senegal)

    with django_capture_on_commit_callbacks(execute=True):
        services.cast_ballot(
            consultation=consultation,
            by=voter,
            ranking=ids([social, environment, health]),
            topics=ids([transnationalism]),
        )

    assert sorted(message.to[0] for message in mail.outbox) == ["colleague@state.example", "focal-sn@state.example"]
    assert {message.subject for message in mail.outbox} == {"[IDM] Ballot of Senegal recorded: theme of IDM 2010"}
    body = mail.outbox[0].body
    assert "cast by Amadou Diallo" in body
    assert "1. Migration and social change\n2. Migration and the environment\n3. Health and migration\n" in body
    assert "- Migration and Transnationalism: Opportunities and Challenges\n" in body


def test_a_delegate_who_is_not_the_focal_point_cannot_vote(survey, senegal):
    consultation, (social, environment, health), _topics = survey
    delegate = factories.make_delegate(email="delegate@state.example", state=senegal)

    with pytest.raises(ValidationError) as error:
        services.cast_ballot(
            consultation=consultation, by=delegate, ranking=ids([social, environment, health]), topics=[]
        )

    assert messages_of(error) == ["Only the focal point of a member state casts its ballot."]
    assert Ballot.objects.count() == 0


@pytest.mark.parametrize("who", ["secretariat", "donor", "pending focal point", "observer focal point"])
def test_nobody_else_votes(survey, who):
    consultation, (social, environment, health), _topics = survey
    if who == "secretariat":
        user = factories.make_secretariat()
    elif who == "donor":
        user = factories.make_donor_contact()
    elif who == "pending focal point":
        user = factories.UserFactory()
        factories.AffiliationFactory(user=user, member_state=state("KE"), status="pending", decided_at=None)
    else:
        user = focal_point(state("CN", region=MemberState.Region.ASIA_PACIFIC, status=MemberState.Status.OBSERVER))

    with pytest.raises(ValidationError) as error:
        services.cast_ballot(consultation=consultation, by=user, ranking=ids([social, environment, health]), topics=[])

    assert messages_of(error) == ["Only the focal point of a member state casts its ballot."]
    assert Ballot.objects.count() == 0


@pytest.mark.parametrize(
    "window",
    ["closed", "adopted", "draft", "deadline passed", "not yet open"],
)
def test_a_survey_that_is_not_open_refuses_ballots(survey, senegal, window):
    consultation, (social, environment, health), _topics = survey
    now = timezone.now()
    if window in ("closed", "adopted", "draft"):
        consultation.status = window
    elif window == "deadline passed":
        consultation.survey_opens, consultation.survey_closes = now - timedelta(days=10), now - timedelta(seconds=1)
    else:
        consultation.survey_opens, consultation.survey_closes = now + timedelta(hours=1), now + timedelta(days=10)
    consultation.save()

    with pytest.raises(ValidationError) as error:
        services.cast_ballot(
            consultation=consultation, by=focal_point(senegal), ranking=ids([social, environment, health]), topics=[]
        )

    assert messages_of(error) == ["The survey is not open: ballots are not accepted."]
    assert Ballot.objects.count() == 0


def test_a_closed_survey_keeps_the_ballot_cast_before(survey, senegal):
    consultation, (social, environment, health), _topics = survey
    voter = focal_point(senegal)
    services.cast_ballot(consultation=consultation, by=voter, ranking=ids([social, environment, health]), topics=[])
    services.close_consultation(consultation=consultation, by=factories.make_secretariat())

    with pytest.raises(ValidationError):
        services.cast_ballot(consultation=consultation, by=voter, ranking=ids([health, environment, social]), topics=[])

    assert ranking_of(Ballot.objects.get()) == list(THEMES)
    assert Ballot.objects.get().revision == 1


@pytest.mark.parametrize(
    ("ranking", "message"),
    [
        ([0, 1], "Rank every candidate theme, each at its own place."),
        ([0, 1, 1], "Each theme is ranked once."),
        ([0, 1, 2, 0], "Each theme is ranked once."),
        ([0, 1, "other"], "Rank every candidate theme, each at its own place."),
        ([], "Rank every candidate theme, each at its own place."),
    ],
)
def test_the_ranking_is_complete_and_without_duplicates(survey, senegal, ranking, message):
    consultation, candidates, _topics = survey
    other = themes(ConsultationFactory(), "A theme of another consultation")[0]
    theme_ids = [other.pk if index == "other" else candidates[index].pk for index in ranking]

    with pytest.raises(ValidationError) as error:
        services.cast_ballot(consultation=consultation, by=focal_point(senegal), ranking=theme_ids, topics=[])

    assert messages_of(error) == [message]
    assert Ballot.objects.count() == 0


def test_topics_are_limited_to_the_consultation_maximum(survey, senegal):
    consultation, candidates, chosen = survey

    with pytest.raises(ValidationError) as error:
        services.cast_ballot(
            consultation=consultation, by=focal_point(senegal), ranking=ids(candidates), topics=ids(chosen)
        )

    assert error.value.message_dict == {"topics": ["Choose at most 2 workshop topics."]}
    assert Ballot.objects.count() == 0


def test_a_merged_topic_or_another_consultation_topic_is_not_on_the_ballot(survey, senegal):
    consultation, candidates, (transnationalism, _societies, labour) = survey
    CandidateTopic.objects.filter(pk=labour.pk).update(merged_into=transnationalism)
    elsewhere = topics(ConsultationFactory(), "Elsewhere")[0]
    voter = focal_point(senegal)

    for topic in (labour, elsewhere):
        with pytest.raises(ValidationError) as error:
            services.cast_ballot(consultation=consultation, by=voter, ranking=ids(candidates), topics=[topic.pk])
        assert error.value.message_dict == {"topics": ["Choose among the workshop topics on the ballot."]}
    assert Ballot.objects.count() == 0


# --- Preparing and opening ------------------------------------------------------------------


def test_open_survey_needs_two_themes_and_a_closing_date_in_the_future(secretariat):
    consultation = ConsultationFactory(status=Consultation.Status.DRAFT, survey_opens=None, survey_closes=None)
    themes(consultation, "Migration and social change")

    with pytest.raises(ValidationError) as too_few:
        services.open_survey(consultation=consultation, by=secretariat)
    themes(consultation, "Health and migration")
    with pytest.raises(ValidationError) as no_closing:
        services.open_survey(consultation=consultation, by=secretariat)

    assert messages_of(too_few) == ["Put at least two candidate themes to the membership."]
    assert messages_of(no_closing) == [
        "Set a closing date in the future, after the opening, before opening the survey."
    ]
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.DRAFT


def test_open_survey_opens_now_and_tells_every_focal_point(secretariat, django_capture_on_commit_callbacks):
    closes = timezone.now() + timedelta(days=20)
    consultation = ConsultationFactory(
        year=2011, status=Consultation.Status.DRAFT, survey_opens=None, survey_closes=closes
    )
    themes(consultation, "The future of migration", "Migration and the environment")
    focal_point(state("SN", name="Senegal"))
    focal_point(state("KE", name="Kenya"))
    focal_point(state("CN", name="China", status=MemberState.Status.OBSERVER))
    factories.make_delegate(email="delegate@state.example", state=state("GH"))

    with django_capture_on_commit_callbacks(execute=True):
        services.open_survey(consultation=consultation, by=secretariat)

    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.OPEN
    assert consultation.survey_is_open() is True
    assert consultation.survey_closes == closes
    assert [message.to for message in mail.outbox] == [["focal-ke@state.example"], ["focal-sn@state.example"]]
    assert mail.outbox[0].subject == "[IDM] Survey on the theme of IDM 2011: the ballot of your member state"
    assert "As the focal point of Kenya, you cast its ballot." in mail.outbox[0].body


def test_candidates_are_fixed_once_the_survey_is_open(survey, secretariat):
    consultation, (social, _environment, _health), (transnationalism, _societies, _labour) = survey
    message = ["The candidates are fixed once the survey has opened: every ballot ranks the same themes."]

    social.title = "Migration and society"
    with pytest.raises(ValidationError) as edit:
        services.save_theme(theme=social)
    with pytest.raises(ValidationError) as add:
        services.save_theme(theme=CandidateTheme(consultation=consultation, title="Another theme"))
    with pytest.raises(ValidationError) as delete_theme:
        services.delete_theme(theme=social)
    with pytest.raises(ValidationError) as delete_topic:
        services.delete_topic(topic=transnationalism)

    assert [messages_of(e) for e in (edit, add, delete_theme, delete_topic)] == [message] * 4
    assert CandidateTheme.objects.get(pk=social.pk).title == "Migration and social change"
    assert CandidateTheme.objects.filter(consultation=consultation).count() == 3


def test_a_topic_is_incorporated_into_one_that_stays_on_the_ballot():
    consultation = ConsultationFactory(status=Consultation.Status.DRAFT)
    transnationalism, families, societies = topics(consultation, "Transnationalism", "Families", "Societies")

    families.merged_into = transnationalism
    services.save_topic(topic=families)
    societies.merged_into = families
    with pytest.raises(ValidationError) as chained:
        services.save_topic(topic=societies)
    transnationalism.merged_into = societies
    with pytest.raises(ValidationError) as has_merged:
        services.save_topic(topic=transnationalism)

    assert chained.value.message_dict == {"merged_into": ["That topic is itself incorporated into another one."]}
    assert has_merged.value.message_dict == {
        "merged_into": ["Other topics are incorporated into this one; it stays on the ballot."]
    }
    assert list(CandidateTopic.objects.filter(merged_into__isnull=False).values_list("title", flat=True)) == [
        "Families"
    ]


def test_new_candidates_go_to_the_end_and_titles_are_unique():
    consultation = ConsultationFactory(status=Consultation.Status.DRAFT)
    themes(consultation, "Migration and social change")

    added = services.save_theme(theme=CandidateTheme(consultation=consultation, title="Health and migration"))
    with pytest.raises(ValidationError) as twice:
        services.save_theme(theme=CandidateTheme(consultation=consultation, title="migration and social change"))

    assert added.order == 1
    assert twice.value.message_dict == {"title": ["There is already a candidate theme with this title."]}


def test_an_open_survey_keeps_its_year_and_topics_per_ballot(survey, secretariat):
    consultation, _themes, _topics = survey
    consultation.max_topics = 3

    with pytest.raises(ValidationError) as error:
        services.save_consultation(consultation=consultation, by=secretariat)

    assert messages_of(error) == ["While the survey is open, its year and the number of topics per ballot stay."]
    assert Consultation.objects.get(pk=consultation.pk).max_topics == 2


def test_an_open_survey_can_be_extended(survey, secretariat):
    consultation, _themes, _topics = survey
    later = consultation.survey_closes + timedelta(days=7)
    consultation.survey_closes = later

    services.save_consultation(consultation=consultation, by=secretariat)

    assert Consultation.objects.get(pk=consultation.pk).survey_closes == later


# --- Closing and adoption -------------------------------------------------------------------


def test_closing_tallies_the_ballots(survey, secretariat):
    consultation, (social, environment, health), _topics = survey
    for code, ranking in (("SN", [social, environment, health]), ("KE", [environment, social, health])):
        ballot(consultation, state(code), ranking)
    ballot(consultation, state("GH"), [social, health, environment])

    results = services.close_consultation(consultation=consultation, by=secretariat)

    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.CLOSED
    assert consultation.closed_by == secretariat
    assert [(r.title, r.points, r.preferences) for r in results] == [
        ("Migration and social change", 5, (2, 1, 0)),
        ("Migration and the environment", 3, (1, 1, 1)),
        ("Health and migration", 1, (0, 1, 2)),
    ]


def test_only_an_open_survey_is_closed(secretariat):
    consultation = ConsultationFactory(status=Consultation.Status.DRAFT)

    with pytest.raises(ValidationError) as error:
        services.close_consultation(consultation=consultation, by=secretariat)

    assert messages_of(error) == ["Only an open survey can be closed."]


def test_adoption_creates_the_year_and_its_proposed_workshops(survey, secretariat):
    consultation, (social, _environment, _health), (transnationalism, societies, _labour) = survey
    Consultation.objects.filter(pk=consultation.pk).update(status=Consultation.Status.CLOSED)
    ballot(consultation, state("SN"), [social, _environment, _health])
    current = DialogueYear.objects.create(year=2009, theme="Human rights and migration", is_current=True)

    year = services.adopt_consultation(
        consultation=consultation,
        theme=social,
        topics=[
            services.AdoptedTopic(topic=transnationalism, start_date=date(2010, 3, 9), end_date=date(2010, 3, 10)),
            services.AdoptedTopic(topic=societies, start_date=date(2010, 7, 19), end_date=date(2010, 7, 20)),
        ],
        by=secretariat,
    )

    year.refresh_from_db()
    assert (year.year, year.theme, year.is_current) == (2010, "Migration and social change", False)
    assert year.theme_selection == (
        "Through the process of informal consultations and a follow-up survey, the membership has selected the "
        "overarching theme of “Migration and social change” to guide the IDM in 2010."
    )
    assert list(
        Workshop.objects.filter(year=year)
        .values_list("title", "start_date", "end_date", "status")
        .order_by("start_date")
    ) == [
        (TOPICS[0], date(2010, 3, 9), date(2010, 3, 10), Workshop.Status.PROPOSED),
        (TOPICS[1], date(2010, 7, 19), date(2010, 7, 20), Workshop.Status.PROPOSED),
    ]
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.ADOPTED
    assert (consultation.adopted_year, consultation.adopted_theme, consultation.adopted_by) == (
        year,
        social,
        secretariat,
    )
    assert (
        CandidateTopic.objects.get(pk=transnationalism.pk).workshop.slug
        == "migration-and-transnationalism-opportunities-and-challenges"
    )
    assert DialogueYear.objects.get(pk=current.pk).is_current is True


def test_adoption_needs_a_closed_survey_a_topic_and_a_new_year(survey, secretariat):
    consultation, (social, _environment, _health), (transnationalism, _societies, _labour) = survey
    adopted = [services.AdoptedTopic(topic=transnationalism, start_date=date(2010, 3, 9), end_date=date(2010, 3, 10))]

    with pytest.raises(ValidationError) as still_open:
        services.adopt_consultation(consultation=consultation, theme=social, topics=adopted, by=secretariat)
    Consultation.objects.filter(pk=consultation.pk).update(status=Consultation.Status.CLOSED)
    with pytest.raises(ValidationError) as no_topic:
        services.adopt_consultation(consultation=consultation, theme=social, topics=[], by=secretariat)
    DialogueYear.objects.create(year=2010, theme="Migration and social change")
    with pytest.raises(ValidationError) as year_exists:
        services.adopt_consultation(consultation=consultation, theme=social, topics=adopted, by=secretariat)

    assert messages_of(still_open) == ["Close the survey before adopting its outcome."]
    assert no_topic.value.message_dict == {"topics": ["Adopt at least one workshop topic."]}
    assert messages_of(year_exists) == ["IDM 2010 exists already; its theme is not replaced from here."]
    assert Workshop.objects.count() == 0
    assert Consultation.objects.get(pk=consultation.pk).status == Consultation.Status.CLOSED
