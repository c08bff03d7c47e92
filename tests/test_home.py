"""The home pages: the secretariat's desk (what waits, each count one query) and the public home page."""

import datetime

import pytest
from django.utils import timezone

from consultations.models import Ballot
from directory.models import Affiliation, MemberState
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

    with django_assert_num_queries(24):
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
    assert "Migration and Transnationalism</a>" in html and "Later workshop" not in html
    assert '<span class="badge badge-open">Registration open</span>' in html
    assert "Overarching theme of the IDM in 2011</a>" in html
    assert "Concept note</a>" in html
