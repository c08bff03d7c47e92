"""Names in the reader's language: member states from django-countries' ISO 3166 names (with the
secretariat's override where IOM writes a name otherwise), organisations, donors, positions and theme
consultations from their French and Spanish text, English where it is missing; lists sorted as the
language sorts them (Égypte before Suisse)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from consultations.models import Consultation
from directory.collation import sort_key, sorted_by_name
from directory.forms import AffiliationRequestForm
from tests import factories
from tests.consultations import factories as consultations
from tests.pages import text
from workshops.exports import to_csv
from workshops.models import Registration

pytestmark = pytest.mark.django_db


def speak(client, language: str):
    client.cookies["django_language"] = language
    return client


@pytest.fixture
def switzerland(db):
    return factories.MemberStateFactory(country="CH", name="Switzerland")


# --- One place: str(state) -------------------------------------------------------------------


@pytest.mark.parametrize(("language", "name"), [("en", "Switzerland"), ("fr", "Suisse"), ("es", "Suiza")])
def test_a_state_is_named_in_the_active_language(switzerland, language, name):
    with translation.override(language):
        assert (str(switzerland), switzerland.local_name) == (name, name)


def test_the_secretariat_s_override_wins_over_the_iso_name():
    moldova = factories.MemberStateFactory(
        country="MD", name="Republic of Moldova", name_fr="République de Moldova", name_es=""
    )

    assert [moldova.name_in(language) for language in ("en", "fr", "es")] == [
        "Republic of Moldova",
        "République de Moldova",
        "Moldavia",  # no override in Spanish: ISO's short name
    ]


def test_organisations_donors_and_positions_fall_back_to_english():
    organisation = factories.OrganisationFactory(
        name="International Organization for Migration",
        name_fr="Organisation internationale pour les migrations",
        acronym="IOM",
        acronym_fr="OIM",
    )
    person = factories.PersonFactory(position="Director", position_es="Director")
    donor = factories.DonorFactory(name="Government of Sweden", name_es="Gobierno de Suecia")

    with translation.override("fr"):
        french = (str(organisation), organisation.local_acronym, person.local_position, str(donor))
    with translation.override("es"):
        spanish = (str(organisation), organisation.local_acronym, person.local_position, str(donor))

    assert french == ("Organisation internationale pour les migrations", "OIM", "Director", "Government of Sweden")
    assert spanish == ("International Organization for Migration", "IOM", "Director", "Gobierno de Suecia")


# --- Sorting as the language sorts ---------------------------------------------------------------


def test_accents_do_not_push_a_name_after_others():
    names = ["Suisse", "Égypte", "Allemagne", "égalité", "Zambie"]

    assert sorted(names) == ["Allemagne", "Suisse", "Zambie", "Égypte", "égalité"]  # code points: wrong
    assert sorted_by_name(names, language="fr") == ["Allemagne", "égalité", "Égypte", "Suisse", "Zambie"]


def test_spanish_sorts_n_tilde_after_n():
    assert sorted_by_name(["Ñandú", "Nuevo", "Oeste", "Nación"], language="es") == [
        "Nación",
        "Nuevo",
        "Ñandú",
        "Oeste",
    ]
    assert sort_key("Ñandú", "fr") < sort_key("Nuevo", "fr")  # French folds the tilde


def _three_states():
    for code, name in (("CH", "Switzerland"), ("EG", "Egypt"), ("DE", "Germany")):
        factories.MemberStateFactory(country=code, name=name)


@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("en", ["Egypt", "Germany", "Switzerland"]),
        ("fr", ["Allemagne", "Égypte", "Suisse"]),
        ("es", ["Alemania", "Egipto", "Suiza"]),
    ],
)
def test_the_staff_list_of_states_is_sorted_in_the_reader_s_language(client, secretariat, language, names):
    _three_states()
    client.force_login(secretariat)

    response = speak(client, language).get(reverse("directory:state_list"))

    assert [str(state) for state in response.context["object_list"]] == names
    assert re.findall(r'/staff/directory/states/\d+/">([^<]+)</a>', response.content.decode()) == names


@pytest.mark.parametrize(
    ("language", "names"),
    [("fr", ["Allemagne", "Égypte", "Suisse"]), ("es", ["Alemania", "Egipto", "Suiza"])],
)
def test_a_choice_of_states_is_named_and_sorted_in_the_reader_s_language(language, names):
    _three_states()
    user = factories.UserFactory()

    with translation.override(language):
        choices = [label for value, label in AffiliationRequestForm(user=user).fields["member_state"].choices]

    assert choices == ["---------", *names]


def test_the_state_list_finds_a_state_by_its_french_name_without_accents(client, secretariat):
    _three_states()
    client.force_login(secretariat)

    response = speak(client, "fr").get(reverse("directory:state_list"), {"q": "egypte"})

    assert [str(state) for state in response.context["object_list"]] == ["Égypte"]


# --- Pages, e-mails, exports ----------------------------------------------------------------------


@pytest.mark.parametrize(("language", "sentence"), [("fr", "Suisse"), ("es", "Suiza")])
def test_the_delegate_s_home_names_the_state_in_the_reader_s_language(client, switzerland, language, sentence):
    client.force_login(factories.make_delegate(state=switzerland))

    page = text(speak(client, language).get("/"))

    assert sentence in page
    assert "Switzerland" not in page


@pytest.mark.parametrize(
    ("language", "subject"),
    [
        ("fr", "[IDM] Votre demande d'affiliation à Suisse a été reçue"),
        ("es", "[IDM] Se ha recibido su solicitud de afiliación a Suiza"),
    ],
)
def test_the_affiliation_e_mail_names_the_state_in_the_recipient_s_language(
    switzerland, language, subject, mailoutbox, django_capture_on_commit_callbacks
):
    from directory.services import request_affiliation

    user = factories.UserFactory(preferred_language=language)

    with django_capture_on_commit_callbacks(execute=True):
        request_affiliation(user=user, member_state=switzerland)

    assert [message.subject for message in mailoutbox if message.to == [user.email]] == [subject]


def test_the_speakers_directory_shows_organisations_and_positions_in_spanish(client, switzerland):
    from tests.sessions_council.factories import ParticipationFactory

    organisation = factories.OrganisationFactory(
        name="Global Forum on Migration and Development",
        name_es="Foro Mundial sobre Migración y Desarrollo",
        acronym="GFMD",
        acronym_es="FMMD",
    )
    person = factories.PersonFactory(
        given_name="George",
        family_name="Kaklikis",
        position="Permanent Representative",
        position_es="Representante Permanente",
        organisation=organisation,
        member_state=switzerland,
    )
    ParticipationFactory(person=person)

    page = text(speak(client, "es").get(reverse("sessions_council:speaker_detail", args=[person.pk])))

    assert "Representante Permanente" in page
    assert "Foro Mundial sobre Migración y Desarrollo (FMMD)" in page
    assert "Estado Miembro Suiza" in page


@pytest.mark.parametrize(("language", "name"), [("fr", "Gouvernement de la Suède"), ("es", "Gobierno de Suecia")])
def test_the_donor_portal_names_the_donor_in_the_reader_s_language(client, language, name):
    donor = factories.DonorFactory(
        name="Government of Sweden", name_fr="Gouvernement de la Suède", name_es="Gobierno de Suecia"
    )
    client.force_login(factories.make_donor_contact(donor=donor))

    page = text(speak(client, language).get(reverse("funding:donor_portal")))

    assert name in page
    assert "Government of Sweden" not in page


def test_the_csv_export_names_states_organisations_and_positions_in_french(switzerland):
    from tests.workshops.factories import WorkshopFactory, registration

    organisation = factories.OrganisationFactory(name="Ministry of Justice", name_fr="Ministère de la justice")
    person = factories.PersonFactory(
        position="Counsellor", position_fr="Conseiller", organisation=organisation, member_state=switzerland
    )
    registration(WorkshopFactory(), status=Registration.Status.CONFIRMED, person=person)

    with translation.override("fr"):
        row = to_csv(Registration.objects.select_related("person__organisation", "member_state", "workshop"))

    assert ",Conseiller,Ministère de la justice,Suisse," in row


# --- Theme consultations ------------------------------------------------------------------------------


@pytest.fixture
def closed_survey(db):
    mexico = consultations.state("MX", name="Mexico")
    consultation = consultations.ConsultationFactory(
        title="Overarching theme of the IDM in 2011",
        title_es="Tema general del IDM en 2011",
        introduction="The membership chose.",
        introduction_es="Los Miembros eligieron.",
        status=Consultation.Status.CLOSED,
    )
    crisis, social = consultations.themes(consultation, "Migration and the economic crisis", "Migration and society")
    crisis.title_es, crisis.proposed_by = "La migración y la crisis económica", mexico
    crisis.save()
    social.title_es = "Migración y sociedad"
    social.save()
    (topic,) = consultations.topics(consultation, "Labour mobility")
    topic.title_es = "Movilidad laboral"
    topic.save()
    consultations.ballot(consultation, mexico, [crisis, social], [topic])
    return consultation


def test_the_results_page_in_spanish_is_all_in_spanish(client, closed_survey):
    page = text(speak(client, "es").get(reverse("consultations:results", args=[closed_survey.pk])))

    assert "Tema general del IDM en 2011" in page
    assert "Los Miembros eligieron." in page
    assert "La migración y la crisis económica Propuesto por México" in page
    assert "Migración y sociedad" in page
    assert "Movilidad laboral" in page
    for english in ("Overarching theme", "Migration and", "Mexico", "Labour mobility"):
        assert english not in page


def test_the_consultation_form_groups_the_three_languages(client, secretariat, closed_survey):
    client.force_login(secretariat)

    page = client.get(reverse("consultations:staff_edit", args=[closed_survey.pk])).content.decode()

    assert re.findall(r'<legend><span lang="(\w+)">', page) == ["en", "fr", "es"]
    assert 'name="title_fr"' in page
    assert 'name="introduction_es"' in page


def test_the_missing_translations_page_lists_organisations_donors_and_positions(client, secretariat):
    factories.OrganisationFactory(name="Global Migration Group", name_fr="Groupe mondial sur la migration")
    factories.DonorFactory(name="Government of Australia")
    factories.PersonFactory(position="Rapporteur", position_fr="Rapporteur", position_es="Relator")
    client.force_login(secretariat)

    organisations = text(client.get("/staff/translations/?kind=organisations"))
    donors = text(client.get("/staff/translations/?kind=donors"))
    positions = text(client.get("/staff/translations/?kind=positions"))

    assert "Global Migration Group" in organisations
    assert "Name: Spanish" in organisations
    assert "Government of Australia" in donors
    assert "Name: French, Spanish" in donors
    assert "Rapporteur" not in positions
