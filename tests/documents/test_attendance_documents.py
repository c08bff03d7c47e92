"""Badges (sheets and a reprint) and certificates of attendance, rendered and read back; the public
verification page of a certificate."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from documents import services
from documents.models import DocumentJob, DocumentKind
from tests import factories
from workshops import attendance
from workshops.attendance import Outcome
from workshops.models import Attendance, Certificate, Registration

from ..workshops.factories import WorkshopFactory, person_of, registration
from .helpers import job_pdf, pdf_pages, pdf_text

S = Registration.Status
START = datetime.date(2010, 3, 9)


@pytest.fixture
def workshop(db):
    return WorkshopFactory(
        title="Migration and Transnationalism: Opportunities and Challenges",
        title_fr="Migration et transnationalisme : opportunités et défis",
        start_date=START,
        end_date=START + datetime.timedelta(days=1),
    )


@pytest.fixture
def rendered(django_capture_on_commit_callbacks):
    """Ask for a document and let the (eager) worker render it, as after a commit."""

    def ask(ask_for, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            job = ask_for(**kwargs)
        job.refresh_from_db()
        return job

    return ask


def participant(workshop, given, family, status=S.CONFIRMED, **fields) -> Registration:
    person = factories.PersonFactory(
        given_name=given,
        family_name=family,
        email="%s@state.example" % given.lower(),
        member_state=factories.MemberStateFactory(),
    )
    return registration(workshop, status=status, person=person, **fields)


def attended(row: Registration, *days: datetime.date) -> Registration:
    for day in days:
        Attendance.objects.create(registration=row, day=day)
    Registration.objects.filter(pk=row.pk).update(status=S.ATTENDED)
    row.refresh_from_db()
    return row


def test_badge_sheets_hold_every_confirmed_participant_eight_to_a_page(workshop, secretariat, rendered):
    rows = [participant(workshop, "Given%d" % i, "Family%d" % i) for i in range(9)]
    Registration.objects.filter(pk=rows[0].pk).update(category=Registration.Category.PRESS, badge_name="Ms. A. Press")
    participant(workshop, "Pending", "Person", status=S.PENDING)

    job = rendered(services.request_document, kind=DocumentKind.BADGES, source=workshop, language="en", by=secretariat)

    pages = pdf_pages(job_pdf(job))
    assert job.status == DocumentJob.Status.DONE
    assert len(pages) == 2
    text = " ".join(pages)
    assert "Ms. A. Press" in text
    assert [text.count("Given%d Family%d" % (i, i)) for i in range(9)] == [0, 1, 1, 1, 1, 1, 1, 1, 1]
    assert "Pending Person" not in text
    assert text.count("Migration and Transnationalism: Opportunities and Challenges") == 9
    assert text.count("PRESS") == 1
    assert text.count("DELEGATE") == 8
    assert Registration.objects.filter(workshop=workshop, badge_token__isnull=False).count() == 9


@pytest.mark.parametrize(
    ("language", "states"),
    [("fr", ["Allemagne", "Allemagne", "Colombie"]), ("en", ["Colombia", "Germany", "Germany"])],
)
def test_badges_come_by_member_state_in_the_order_of_the_document_s_language(workshop, language, states):
    from django.utils import translation

    from documents.snapshots import KINDS

    for given, family, country, name in [
        ("Jonas", "Becker", "DE", "Germany"),
        ("Andrés", "Gaviria", "CO", "Colombia"),
        ("Miriam", "Adler", "DE", "Germany"),
    ]:
        person = factories.PersonFactory(
            given_name=given, family_name=family, member_state=factories.MemberStateFactory(country=country, name=name)
        )
        registration(workshop, status=S.CONFIRMED, person=person)
    records = KINDS[DocumentKind.BADGES].build(workshop, "")

    with translation.override(language):
        (sheet,) = KINDS[DocumentKind.BADGES].present(records)["sheets"]

    assert [badge["state"] for badge in sheet] == states
    assert [badge["name"] for badge in sheet if badge["state"] in ("Germany", "Allemagne")] == [
        "Miriam Adler",
        "Jonas Becker",
    ]


def test_badge_sheets_draw_one_qr_code_per_badge_from_its_code(workshop, secretariat):
    from documents.snapshots import KINDS

    rows = [participant(workshop, "Given%d" % i, "Family%d" % i) for i in range(3)]

    records = KINDS[DocumentKind.BADGES].build(workshop, "")
    context = KINDS[DocumentKind.BADGES].present(records)

    tokens = sorted(Registration.objects.filter(pk__in=[r.pk for r in rows]).values_list("badge_token", flat=True))
    assert sorted(badge["token"] for badge in records["badges"]) == tokens
    assert [badge["qr"].startswith("<svg") for badge in context["sheets"][0]] == [True, True, True]


def test_a_reprint_gives_a_new_code_and_the_old_badge_is_refused(workshop, secretariat, rendered):
    row = participant(workshop, "Amina", "Odhiambo")
    attendance.issue_badge_tokens(workshop=workshop)
    row.refresh_from_db()
    old = row.badge_token

    job = rendered(services.reprint_badge, registration=row, by=secretariat, language="en")

    row.refresh_from_db()
    assert row.badge_token != old
    assert "Amina Odhiambo" in pdf_text(job_pdf(job))
    assert job.kind == DocumentKind.BADGE
    on_the_day = attendance.check_in(
        workshop=workshop, by=secretariat, token=old, at=datetime.datetime(2010, 3, 9, 9, tzinfo=datetime.UTC)
    )
    assert on_the_day.outcome == Outcome.UNKNOWN_BADGE


def test_no_reprint_without_a_seat(workshop, secretariat):
    row = participant(workshop, "Amina", "Odhiambo", status=S.WAITLISTED)

    with pytest.raises(ValidationError) as error:
        services.reprint_badge(registration=row, by=secretariat, language="en")

    assert error.value.messages == ["Only a confirmed participant gets a badge."]
    assert DocumentJob.objects.count() == 0


def test_the_certificate_is_refused_before_the_participant_attended(workshop):
    row = participant(workshop, "Amina", "Odhiambo")

    with pytest.raises(ValidationError) as error:
        services.request_document(kind=DocumentKind.CERTIFICATE, source=row, language="en", by=None)

    assert error.value.messages == ["A certificate of attendance is given once the participant has attended."]
    assert Certificate.objects.count() == 0


def test_the_certificate_in_the_participants_language_with_its_code(workshop, rendered):
    row = attended(participant(workshop, "Amina", "Odhiambo"), START, START + datetime.timedelta(days=1))

    job = rendered(services.request_document, kind=DocumentKind.CERTIFICATE, source=row, language="fr", by=None)

    text = pdf_text(job_pdf(job))
    code = Certificate.objects.get(registration=row).code
    assert "Certificat de participation" in text
    assert "Amina Odhiambo" in text
    assert "Migration et transnationalisme : opportunités et défis" in text
    # The colon and the semicolon take French spacing (h15's typography): the words and dates only.
    assert "Jours de présence" in text
    assert "9 mars 2010" in text
    assert "10 mars 2010" in text
    assert code in text
    assert "/verify/certificates/%s/" % code in text


def test_a_second_request_keeps_the_same_code(workshop):
    row = attended(participant(workshop, "Amina", "Odhiambo"), START)

    first = services.request_document(kind=DocumentKind.CERTIFICATE, source=row, language="en", by=None)
    second = services.request_document(kind=DocumentKind.CERTIFICATE, source=row, language="en", by=None)

    assert first.pk == second.pk
    assert Certificate.objects.filter(registration=row).count() == 1


# --- Verification ---------------------------------------------------------------------------


def test_the_verification_page_shows_valid_and_only_what_it_must(client, workshop):
    row = attended(participant(workshop, "Amina", "Odhiambo"), START)
    certificate = attendance.issue_certificate(registration=row)

    response = client.get(reverse("workshops:verify_certificate", kwargs={"code": certificate.code}))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<p class="verification-status" id="verification-status">Valid</p>' in html
    assert "<dd>Amina Odhiambo</dd>" in html
    assert "<dd>Migration and Transnationalism: Opportunities and Challenges</dd>" in html
    assert row.person.email not in html
    assert row.member_state.name not in html


def test_a_revoked_certificate_says_so(client, workshop, secretariat):
    row = attended(participant(workshop, "Amina", "Odhiambo"), START)
    certificate = attendance.revoke_certificate(
        certificate=attendance.issue_certificate(registration=row), by=secretariat
    )

    response = client.get(reverse("workshops:verify_certificate", kwargs={"code": certificate.code}))

    assert 'class="verification verification-revoked"' in response.content.decode()
    with pytest.raises(ValidationError):
        attendance.issue_certificate(registration=row)


def test_an_unknown_code_is_404(client, db):
    response = client.get(reverse("workshops:verify_certificate", kwargs={"code": "A" * 32}))

    assert response.status_code == 404


def test_my_registrations_offers_the_certificate_once_attended(
    client, workshop, secretariat, django_capture_on_commit_callbacks
):
    user = factories.make_delegate(email="amina@state.example")
    row = registration(workshop, status=S.CONFIRMED, person=person_of(user))
    client.force_login(user)
    url = reverse("documents:generate", kwargs={"kind": "certificate", "pk": row.pk})

    before = client.get(reverse("workshops:my_registrations")).content.decode()
    # Checked in at the desk, as on the day: the page's kept table is renewed when the change commits.
    with django_capture_on_commit_callbacks(execute=True):
        desk = attendance.check_in(
            workshop=workshop,
            by=secretariat,
            registration_id=row.pk,
            at=datetime.datetime(2010, 3, 9, 9, tzinfo=datetime.UTC),
        )
    after = client.get(reverse("workshops:my_registrations")).content.decode()

    assert desk.outcome == Outcome.CHECKED_IN

    assert url not in before
    assert 'action="%s"' % url in after


def test_another_delegate_cannot_see_or_ask_for_the_certificate(client, workshop, other_delegate):
    user = factories.make_delegate(email="amina@state.example")
    row = attended(registration(workshop, status=S.CONFIRMED, person=person_of(user)), START)
    job = services.request_document(kind=DocumentKind.CERTIFICATE, source=row, language="en", by=user)
    client.force_login(other_delegate)

    assert client.get(reverse("documents:job", kwargs={"pk": job.pk})).status_code == 404
    generate = reverse("documents:generate", kwargs={"kind": "certificate", "pk": row.pk})
    assert client.post(generate, {"language": "en"}).status_code == 404
    client.force_login(user)
    own = client.get(reverse("documents:job", kwargs={"pk": job.pk}))
    assert own.status_code == 200
    assert "<h1>Certificate of attendance</h1>" in own.content.decode()
    assert job.filename in own.content.decode()


@pytest.mark.parametrize("status", [S.PENDING, S.WAITLISTED, S.DECLINED, S.CANCELLED])
def test_no_badge_asked_for_directly_without_a_seat(workshop, status):
    """The document service refuses it too (the API asks it directly, not through a reprint)."""
    row = participant(workshop, "Amina", "Odhiambo", status=status)

    with pytest.raises(ValidationError) as error:
        services.request_document(kind=DocumentKind.BADGE, source=row, language="en", by=None)

    assert error.value.messages == ["Only a confirmed participant gets a badge."]
    assert DocumentJob.objects.count() == 0
