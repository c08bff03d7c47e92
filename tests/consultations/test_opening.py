"""Opening the survey e-mails every focal point: the page says exactly who first and asks; the count it
showed is checked when it is confirmed, so a changed list of focal points sends nothing unseen."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from consultations.models import Consultation
from directory.models import MemberState

from .factories import ConsultationFactory, focal_point, state, themes, topics

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    consultation = ConsultationFactory(
        year=2011,
        title="Theme of IDM 2011",
        status=Consultation.Status.DRAFT,
        survey_opens=None,
        survey_closes=timezone.now() + timedelta(days=20),
    )
    themes(consultation, "The future of migration", "Migration and the environment")
    topics(consultation, "Climate")
    focal_point(state("SN", name="Senegal"))
    focal_point(state("KE", name="Kenya"))
    focal_point(state("CN", name="China", status=MemberState.Status.OBSERVER))  # not a member: not told
    return consultation


def test_the_page_says_who_is_e_mailed_and_opens_nothing_on_get(client, secretariat, draft):
    client.force_login(secretariat)

    response = client.get(reverse("consultations:staff_open", kwargs={"pk": draft.pk}))

    page = response.content.decode()
    assert response.status_code == 200
    assert [a.user.email for a in response.context["recipients"]] == [
        "focal-ke@state.example",
        "focal-sn@state.example",
    ]
    assert "2 e-mails will go to these focal points, each in their language:" in page
    assert "The member states will rank 2 candidate themes and choose among 1 workshop topics" in page
    assert "Open the survey and send 2 e-mails" in page
    assert '<input type="hidden" name="recipients" value="2">' in page
    assert (Consultation.objects.get().status, len(mail.outbox)) == (Consultation.Status.DRAFT, 0)


def test_confirming_opens_and_sends_what_the_page_said(client, secretariat, draft, django_capture_on_commit_callbacks):
    client.force_login(secretariat)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("consultations:staff_open", kwargs={"pk": draft.pk}), {"recipients": "2"})

    assert response["Location"] == reverse("consultations:staff_detail", kwargs={"pk": draft.pk})
    assert Consultation.objects.get().status == Consultation.Status.OPEN
    assert sorted(m.to[0] for m in mail.outbox) == ["focal-ke@state.example", "focal-sn@state.example"]
    detail = client.get(response["Location"])
    assert [str(m) for m in detail.context["messages"]] == ["The survey is open; 2 focal points were told by e-mail."]


def test_a_focal_point_added_since_the_page_was_shown_stops_the_opening(
    client, secretariat, draft, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    focal_point(state("GH", name="Ghana"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("consultations:staff_open", kwargs={"pk": draft.pk}), {"recipients": "2"})

    page = client.get(response["Location"])
    assert response["Location"] == reverse("consultations:staff_open", kwargs={"pk": draft.pk})
    assert [str(m) for m in page.context["messages"]] == [
        "The focal points changed since the page was shown: 3 e-mails would go now. Look again, then confirm."
    ]
    assert (Consultation.objects.get().status, len(mail.outbox)) == (Consultation.Status.DRAFT, 0)
    assert "Open the survey and send 3 e-mails" in page.content.decode()


def test_the_detail_page_leads_to_the_question_instead_of_opening(client, secretariat, draft):
    client.force_login(secretariat)

    page = client.get(reverse("consultations:staff_detail", kwargs={"pk": draft.pk})).content.decode()

    url = reverse("consultations:staff_open", kwargs={"pk": draft.pk})
    assert f'<a class="button" href="{url}">Open the survey…</a>' in page
    assert f'action="{url}"' not in page
