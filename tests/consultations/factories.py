"""Consultation records for the tests: an open survey by default, candidates, and ballots written
directly (no rules) for arranging a tally."""

from collections.abc import Sequence
from datetime import timedelta

import factory
from django.utils import timezone

from consultations.models import Ballot, BallotThemeRank, CandidateTheme, CandidateTopic, Consultation
from directory.models import MemberState, User

from .. import factories

# ISO 3166 codes for tests that need many member states.
COUNTRIES = [
    "KE", "GH", "SN", "NG", "MA", "EC", "CO", "PE", "MX", "CA", "BD", "NP", "TH", "PH", "AU", "SE", "DE", "IT",
    "NL", "CH", "RS", "MD", "EG", "JO", "BH", "LR", "ZA", "UY", "AR", "CL", "NZ", "FI", "NO", "AT", "BE", "PT",
]  # fmt: skip


class ConsultationFactory(factory.django.DjangoModelFactory):
    """By default: the survey is open now and for ten more days, two topics per ballot."""

    class Meta:
        model = Consultation

    year = factory.Sequence(lambda n: 2011 + n)
    title = factory.LazyAttribute(lambda o: "Overarching theme and workshops of the IDM in %d" % o.year)
    status = Consultation.Status.OPEN
    survey_opens = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    survey_closes = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    max_topics = 2


def themes(consultation: Consultation, *titles: str) -> list[CandidateTheme]:
    return [
        CandidateTheme.objects.create(consultation=consultation, title=title, order=order)
        for order, title in enumerate(titles)
    ]


def topics(consultation: Consultation, *titles: str) -> list[CandidateTopic]:
    return [
        CandidateTopic.objects.create(consultation=consultation, title=title, order=order)
        for order, title in enumerate(titles)
    ]


def state(code: str, *, region: str = MemberState.Region.AFRICA, **fields) -> MemberState:
    return factories.MemberStateFactory(
        country=code, name=fields.pop("name", "State %s" % code), region=region, **fields
    )


def focal_point(member_state: MemberState, email: str | None = None) -> User:
    email = email or "focal-%s@state.example" % member_state.country.code.lower()
    return factories.make_delegate(email=email, state=member_state, focal_point=True)


def ballot(
    consultation: Consultation,
    member_state: MemberState,
    ranking: Sequence[CandidateTheme],
    chosen: Sequence[CandidateTopic] = (),
    cast_by: User | None = None,
) -> Ballot:
    """A ballot row written directly, for arranging a tally."""
    row = Ballot.objects.create(consultation=consultation, member_state=member_state, cast_by=cast_by)
    BallotThemeRank.objects.bulk_create(
        BallotThemeRank(ballot=row, theme=theme, rank=rank) for rank, theme in enumerate(ranking, start=1)
    )
    row.topics.set(chosen)
    return row
