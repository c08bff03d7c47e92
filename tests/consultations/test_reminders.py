"""Reminding the focal points of the member states that have not voted: asked first, each once."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from consultations import services
from consultations.models import Ballot, Consultation

from .factories import ConsultationFactory, focal_point, state

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    consultation = ConsultationFactory(title="Theme of IDM 2011")
    kenya, ghana, ecuador = state("KE", name="Kenya"), state("GH", name="Ghana"), state("EC", name="Ecuador")
    for each in (kenya, ghana, ecuador):
        focal_point(each)
    Ballot.objects.create(consultation=consultation, member_state=ghana)
    return consultation


def test_only_the_states_without_a_ballot_are_reminded(survey, secretariat, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.remind_states_without_ballot(consultation=survey, by=secretariat)

    assert sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["focal-ec@state.example", "focal-ke@state.example"]
    assert sorted(
        line for m in mail.outbox for line in m.body.splitlines() if "has not yet received the ballot" in line
    ) == [
        'The survey "Theme of IDM 2011" has not yet received the ballot of Ecuador. As its focal point, you cast it.',
        'The survey "Theme of IDM 2011" has not yet received the ballot of Kenya. As its focal point, you cast it.',
    ]


def test_no_reminder_once_the_survey_is_closed(survey, secretariat):
    Consultation.objects.filter(pk=survey.pk).update(status=Consultation.Status.CLOSED)

    with pytest.raises(ValidationError):
        services.remind_states_without_ballot(consultation=survey, by=secretariat)


def test_the_page_asks_first_and_sends_nothing_on_get(client, survey, secretariat):
    client.force_login(secretariat)
    url = reverse("consultations:staff_remind", kwargs={"pk": survey.pk})

    page = client.get(url).content.decode()

    assert "2 e-mails will go to these focal points, each in their language:" in page
    assert "Send 2 reminders" in page
    assert len(mail.outbox) == 0
