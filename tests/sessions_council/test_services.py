import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings

from directory.models import Organisation
from sessions_council import services
from sessions_council.models import Panel, Participation, Presentation, SpeakerProfile
from sessions_council.tasks import task_send_presentation_reminders
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

from .factories import (
    CouncilSessionFactory,
    PanelFactory,
    ParticipationFactory,
    fake_pdf_upload,
    pdf_upload,
    png_upload,
    pptx_upload,
)

pytestmark = pytest.mark.django_db


def _names(panel: Panel) -> list[str]:
    return [p.person.family_name for p in panel.participations.select_related("person").order_by("order", "pk")]


# --- Speaking order and roles -----------------------------------------------------------------


def _add(panel, family_name, role=Participation.Role.PANELLIST, **fields):
    return services.add_participation(
        participation=Participation(
            panel=panel, person=PersonFactory(given_name="Ann", family_name=family_name), role=role, **fields
        )
    )


def test_add_participation_puts_speakers_in_the_order_they_are_added():
    panel = PanelFactory()

    speakers = [_add(panel, name) for name in ("Kang", "Al-Balooshi", "de Brouwer")]

    assert [s.order for s in speakers] == [0, 1, 2]
    assert _names(panel) == ["Kang", "Al-Balooshi", "de Brouwer"]


def test_move_participation_up_and_down_swaps_neighbours():
    panel = PanelFactory()
    kang, balooshi, brouwer = (_add(panel, name) for name in ("Kang", "Al-Balooshi", "de Brouwer"))

    services.move_participation(participation=brouwer, direction=-1)
    assert _names(panel) == ["Kang", "de Brouwer", "Al-Balooshi"]

    services.move_participation(participation=kang, direction=1)
    assert _names(panel) == ["de Brouwer", "Kang", "Al-Balooshi"]
    assert sorted(panel.participations.values_list("order", flat=True)) == [0, 1, 2]


def test_move_participation_past_either_end_changes_nothing():
    panel = PanelFactory()
    first, second = _add(panel, "Kang"), _add(panel, "Anita")

    services.move_participation(participation=first, direction=-1)
    services.move_participation(participation=second, direction=1)

    assert _names(panel) == ["Kang", "Anita"]


def test_move_participation_repairs_duplicate_places():
    panel = PanelFactory()
    ParticipationFactory(panel=panel, person=PersonFactory(family_name="A"), order=5)
    b = ParticipationFactory(panel=panel, person=PersonFactory(family_name="B"), order=5)
    ParticipationFactory(panel=panel, person=PersonFactory(family_name="C"), order=5)

    services.move_participation(participation=b, direction=-1)

    assert _names(panel) == ["B", "A", "C"]
    assert list(panel.participations.order_by("order").values_list("order", flat=True)) == [0, 1, 2]


def test_remove_participation_closes_the_gap():
    panel = PanelFactory()
    _add(panel, "Kang")
    middle = _add(panel, "Maravic")
    _add(panel, "Anita")

    services.remove_participation(participation=middle)

    assert _names(panel) == ["Kang", "Anita"]
    assert list(panel.participations.values_list("order", flat=True)) == [0, 1]


def test_a_person_speaks_once_per_panel():
    panel = PanelFactory()
    first = _add(panel, "Kang")

    with pytest.raises(ValidationError) as error:
        services.add_participation(participation=Participation(panel=panel, person=first.person))

    assert error.value.messages == ["Ann Kang already speaks at this panel."]
    assert panel.participations.count() == 1


def test_roles_and_attendance_are_kept():
    panel = PanelFactory()

    keynote = _add(
        panel,
        "Johnson Sirleaf",
        role=Participation.Role.KEYNOTE,
        attendance=Participation.Attendance.VIDEO,
        topic="Migration, human rights and the economic crisis",
    )
    moderator = _add(panel, "Moderator", role=Participation.Role.MODERATOR)

    keynote.refresh_from_db()
    assert (keynote.get_role_display(), keynote.get_attendance_display(), keynote.presents) == (
        "Keynote speaker",
        "By video",
        True,
    )
    assert (moderator.get_role_display(), moderator.presents) == ("Moderator", False)
    assert [label for _value, label in Participation.Role.choices] == [
        "Moderator",
        "Keynote speaker",
        "Panellist",
        "Presenter",
        "Rapporteur",
    ]


def test_an_organisation_may_speak_under_the_name_the_programme_gives_it():
    panel = PanelFactory(kind=Panel.Kind.DEDICATED_DISCUSSION)
    iom = OrganisationFactory(name="International Organization for Migration", kind=Organisation.Kind.INTERGOVERNMENTAL)

    participation = services.add_participation(
        participation=Participation(
            panel=panel, organisation=iom, label="the IOM Administration", role=Participation.Role.PRESENTER
        )
    )

    assert (participation.speaker_name, participation.shown_position, participation.email) == (
        "the IOM Administration",
        "International Organization for Migration",
        "",
    )


def test_the_position_at_the_time_overrides_the_persons_current_one():
    participation = ParticipationFactory(person=PersonFactory(position="Minister"), position="")
    assert participation.shown_position == "Minister"

    participation.position = "Deputy Minister"
    assert participation.shown_position == "Deputy Minister"


def test_a_panel_date_must_fall_within_its_session():
    session = CouncilSessionFactory(start_date=datetime.date(2009, 11, 23), end_date=datetime.date(2009, 11, 26))

    with pytest.raises(ValidationError) as error:
        services.save_panel(panel=Panel(session=session, title="Late", date=datetime.date(2009, 11, 27)))

    assert error.value.message_dict == {"date": ["The date must fall within the session (2009-11-23 to 2009-11-26)."]}
    assert Panel.objects.count() == 0


def test_summary_paragraphs_and_conclusions_in_order():
    panel = PanelFactory(summary="First.\n\n\nSecond.\n", key_conclusions="One\n\n  Two  \nThree")

    assert panel.paragraphs == ["First.", "Second."]
    assert panel.conclusions == ["One", "Two", "Three"]


# --- Presentations ----------------------------------------------------------------------------


def test_upload_presentation_checks_content_and_stores_a_generated_name(secretariat):
    participation = ParticipationFactory()

    presentation = services.upload_presentation(
        participation=participation, upload=pdf_upload("Kang – slides.pdf"), by=secretariat
    )

    assert (presentation.content_type, presentation.original_name, presentation.uploaded_by) == (
        "application/pdf",
        "Kang – slides.pdf",
        secretariat,
    )
    assert presentation.file.name.startswith("council-presentations/")
    assert presentation.file.name.endswith(".pdf")
    assert "Kang" not in presentation.file.name


def test_upload_presentation_takes_the_kind_from_the_content_not_the_name(secretariat):
    presentation = services.upload_presentation(
        participation=ParticipationFactory(), upload=pptx_upload("slides.pdf"), by=secretariat
    )

    assert presentation.file.name.endswith(".pptx")
    assert presentation.content_type == "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def test_upload_presentation_refuses_a_file_that_is_not_a_document(secretariat):
    participation = ParticipationFactory()

    with pytest.raises(ValidationError) as error:
        services.upload_presentation(participation=participation, upload=fake_pdf_upload(), by=secretariat)

    assert error.value.messages == ["The file is not a valid PDF, DOCX, PPTX document."]
    assert Presentation.objects.count() == 0


def test_a_new_upload_replaces_the_file_and_deletes_the_old_one(secretariat, django_capture_on_commit_callbacks):
    participation = ParticipationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.upload_presentation(participation=participation, upload=pdf_upload(), by=secretariat)
    old_name, storage = first.file.name, first.file.storage

    with django_capture_on_commit_callbacks(execute=True):
        second = services.upload_presentation(participation=participation, upload=pptx_upload(), by=secretariat)

    assert second.pk == first.pk
    assert Presentation.objects.count() == 1
    assert storage.exists(old_name) is False
    assert storage.exists(second.file.name) is True


def test_a_presentation_is_public_only_when_published_and_consented(secretariat):
    participation = ParticipationFactory(consent_to_publish=False)
    presentation = services.upload_presentation(participation=participation, upload=pdf_upload(), by=secretariat)
    assert presentation.is_public is False

    participation.consent_to_publish = True
    assert presentation.is_public is True

    presentation.is_published = False
    assert presentation.is_public is False


def test_a_speaker_submits_their_own_presentation_and_consent():
    user = UserFactory()
    participation = ParticipationFactory(person=PersonFactory(user=user), consent_to_publish=False)

    presentation = services.submit_own_presentation(
        participation=participation, upload=pdf_upload(), consent_to_publish=True, by=user
    )

    participation.refresh_from_db()
    assert (participation.consent_to_publish, presentation.is_public, presentation.uploaded_by) == (True, True, user)


def test_nobody_submits_someone_elses_presentation():
    participation = ParticipationFactory(person=PersonFactory(user=UserFactory()))

    with pytest.raises(ValidationError):
        services.submit_own_presentation(
            participation=participation, upload=pdf_upload(), consent_to_publish=True, by=UserFactory()
        )

    assert Presentation.objects.count() == 0


# --- Reminders --------------------------------------------------------------------------------

TODAY = datetime.date(2009, 11, 10)


def _reminder_panel(due=datetime.date(2009, 11, 16)) -> Panel:
    return PanelFactory(
        title="Human rights and migration", presentations_due=due, session__title="Ninety-eighth Session"
    )


@override_settings(COUNCIL_PRESENTATION_REMINDER_DAYS=7)
def test_reminder_goes_once_to_each_presenting_speaker_without_a_presentation(
    secretariat, django_capture_on_commit_callbacks
):
    panel = _reminder_panel()
    kang = ParticipationFactory(
        panel=panel, person=PersonFactory(given_name="Kyung-wha", family_name="Kang", email="kang@ohchr.example")
    )
    keynote = ParticipationFactory(
        panel=panel, role=Participation.Role.KEYNOTE, person=PersonFactory(email="keynote@liberia.example")
    )
    uploaded = ParticipationFactory(panel=panel, person=PersonFactory(email="uploaded@example.org"))
    services.upload_presentation(participation=uploaded, upload=pdf_upload(), by=secretariat)
    ParticipationFactory(panel=panel, role=Participation.Role.MODERATOR, person=PersonFactory(email="mod@example.org"))

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_presentation_reminders(today=TODAY)

    assert sent == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["kang@ohchr.example", "keynote@liberia.example"]
    message = next(m for m in mail.outbox if m.to == ["kang@ohchr.example"])
    assert message.subject == (
        "[IDM] Your presentation for the Ninety-eighth Session of the IOM Council is due on 16 November 2009"
    )
    assert "Dear Kyung-wha Kang," in message.body
    thanks = 'Thank you for speaking at "Human rights and migration" (Panellist) at the Ninety-eighth Session'
    assert thanks in message.body
    kang.refresh_from_db()
    keynote.refresh_from_db()
    assert kang.reminder_sent_at is not None  # the time of the claim (timezone.now())
    assert keynote.reminder_sent_at is not None


@override_settings(COUNCIL_PRESENTATION_REMINDER_DAYS=7)
def test_a_retry_or_a_second_run_sends_no_reminder_again(django_capture_on_commit_callbacks):
    panel = _reminder_panel()
    participation = ParticipationFactory(panel=panel, person=PersonFactory(email="kang@ohchr.example"))
    with django_capture_on_commit_callbacks(execute=True):
        services.send_presentation_reminders(today=TODAY)
    first_sent_at = Participation.objects.get(pk=participation.pk).reminder_sent_at

    with django_capture_on_commit_callbacks(execute=True):
        again = services.send_presentation_reminders(today=TODAY)
        next_day = services.send_presentation_reminders(today=TODAY + datetime.timedelta(days=1))

    assert (again, next_day) == (0, 0)
    assert [message.to for message in mail.outbox] == [["kang@ohchr.example"]]
    assert Participation.objects.get(pk=participation.pk).reminder_sent_at == first_sent_at


@override_settings(COUNCIL_PRESENTATION_REMINDER_DAYS=7)
def test_the_celery_task_reminds_once_even_when_run_twice(django_capture_on_commit_callbacks):
    panel = _reminder_panel(due=datetime.date.today() + datetime.timedelta(days=3))
    ParticipationFactory(panel=panel, person=PersonFactory(email="kang@ohchr.example"))

    with django_capture_on_commit_callbacks(execute=True):
        first = task_send_presentation_reminders.delay().get()
        second = task_send_presentation_reminders.delay().get()

    assert (first, second) == (1, 0)
    assert [message.to for message in mail.outbox] == [["kang@ohchr.example"]]


@override_settings(COUNCIL_PRESENTATION_REMINDER_DAYS=7)
@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2009, 11, 8), 0),  # eight days before the deadline: too early
        (datetime.date(2009, 11, 9), 1),  # seven days before
        (datetime.date(2009, 11, 16), 1),  # the day itself
        (datetime.date(2009, 11, 17), 0),  # past the deadline: the secretariat follows up by hand
    ],
)
def test_reminders_go_only_within_the_set_number_of_days_before_the_deadline(
    today, expected, django_capture_on_commit_callbacks
):
    ParticipationFactory(panel=_reminder_panel(), person=PersonFactory(email="kang@ohchr.example"))

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_presentation_reminders(today=today)

    assert (sent, len(mail.outbox)) == (expected, expected)


@override_settings(COUNCIL_PRESENTATION_REMINDER_DAYS=7)
def test_a_speaker_with_a_portal_account_gets_the_upload_link(django_capture_on_commit_callbacks, settings):
    settings.PUBLIC_URL = "https://idm.example.org"
    user = UserFactory(email="kang@ohchr.example")
    participation = ParticipationFactory(panel=_reminder_panel(), person=PersonFactory(user=user, email=""))

    with django_capture_on_commit_callbacks(execute=True):
        services.send_presentation_reminders(today=TODAY)

    assert mail.outbox[0].to == ["kang@ohchr.example"]
    assert f"https://idm.example.org/council/participations/{participation.pk}/presentation/" in mail.outbox[0].body


@override_settings(COUNCIL_PRESENTATION_REMINDER_DAYS=7)
def test_a_speaker_without_an_address_is_skipped_and_not_marked(django_capture_on_commit_callbacks):
    participation = ParticipationFactory(panel=_reminder_panel(), person=PersonFactory(email=""))

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_presentation_reminders(today=TODAY)

    participation.refresh_from_db()
    assert (sent, len(mail.outbox), participation.reminder_sent_at) == (0, 0, None)


def test_the_management_command_sends_the_reminders(django_capture_on_commit_callbacks, settings):
    from io import StringIO

    from django.core.management import call_command

    settings.COUNCIL_PRESENTATION_REMINDER_DAYS = 7
    ParticipationFactory(panel=_reminder_panel(), person=PersonFactory(email="kang@ohchr.example"))
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_presentation_reminders", "--today", "2009-11-10", stdout=out)
        call_command("send_presentation_reminders", "--today", "2009-11-10", stdout=out)

    assert out.getvalue() == "Presentation reminders sent: 1\nPresentation reminders sent: 0\n"
    assert len(mail.outbox) == 1


# --- Speakers ---------------------------------------------------------------------------------


def test_update_speaker_saves_biography_and_a_checked_photo(django_capture_on_commit_callbacks):
    person = PersonFactory()

    services.update_speaker(person=person, biography="**Deputy** High Commissioner", photo=png_upload())

    person.refresh_from_db()
    profile = SpeakerProfile.objects.get(person=person)
    assert person.biography == "**Deputy** High Commissioner"
    assert (profile.photo_content_type, profile.photo.name.startswith("speaker-photos/")) == ("image/png", True)


def test_update_speaker_refuses_a_file_that_is_not_an_image():
    person = PersonFactory()

    with pytest.raises(ValidationError) as error:
        services.update_speaker(person=person, biography="", photo=pdf_upload("photo.png"))

    assert error.value.messages == ["The file is not a JPEG or PNG image."]
    assert SpeakerProfile.objects.filter(person=person, photo="").count() == 0


def test_update_speaker_removes_the_photo(django_capture_on_commit_callbacks):
    person = PersonFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_speaker(person=person, biography="", photo=png_upload())
    old = SpeakerProfile.objects.get(person=person).photo
    name, storage = old.name, old.storage

    with django_capture_on_commit_callbacks(execute=True):
        services.update_speaker(person=person, biography="", remove_photo=True)

    assert (SpeakerProfile.objects.get(person=person).photo.name, storage.exists(name)) == ("", False)
