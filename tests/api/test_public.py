"""The public endpoints: what the public pages show, in the language asked for."""

from django.utils import translation

from consultations.models import Consultation
from tests.consultations import factories as consultation_factories
from tests.workshops.factories import WorkshopFactory

from .helpers import workshop_document


def test_the_language_asked_for(api, db):
    WorkshopFactory(title="Migration and social change", title_fr="Migration et changement social", status="confirmed")

    english = api.get("/api/v1/workshops/")
    french = api.get("/api/v1/workshops/", lang="fr")
    after_french = translation.get_language()
    spanish = api.get("/api/v1/workshops/", language="es")

    assert english.json()["results"][0]["title"] == "Migration and social change"
    assert (french.json()["results"][0]["title"], french.json()["results"][0]["status_label"]) == (
        "Migration et changement social",
        "Confirmé",
    )
    assert french.headers["Content-Language"] == "fr"
    # No Spanish title: the English one, and the status in Spanish.
    assert (spanish.json()["results"][0]["title"], spanish.json()["results"][0]["status_label"]) == (
        "Migration and social change",
        "Confirmado",
    )
    assert after_french == "en"  # ?lang= is for its request only


def test_an_unknown_language_is_a_clear_400(api, db):
    response = api.get("/api/v1/workshops/", lang="de")

    assert response.status_code == 400
    assert response.json() == {"lang": ['"de" is not a valid choice.']}


def test_a_workshop_shows_its_public_documents_only(api, db):
    workshop = WorkshopFactory(slug="migration-and-transnationalism")
    public = workshop_document(workshop, title="Concept note")
    workshop_document(workshop, title="Participants' briefing", is_public=False)

    response = api.get(f"/api/v1/workshops/{workshop.slug}/")

    body = response.json()
    assert response.status_code == 200
    assert [(d["id"], d["title"]) for d in body["documents"]] == [(public.pk, "Concept note")]
    assert body["documents"][0]["download"] == f"http://testserver/workshops/documents/{public.pk}/download/"
    assert [d["title"] for d in api.get("/api/v1/documents/").json()["results"]] == ["Concept note"]


def test_only_closed_consultations_have_public_results(api, db):
    closed = consultation_factories.ConsultationFactory(status=Consultation.Status.CLOSED)
    consultation_factories.themes(closed, "Migration and social change", "Migration and health")
    still_open = consultation_factories.ConsultationFactory()

    listed = api.get("/api/v1/consultations/")
    results = api.get(f"/api/v1/consultations/{closed.pk}/results/")
    hidden = api.get(f"/api/v1/consultations/{still_open.pk}/results/")

    assert [c["id"] for c in listed.json()["results"]] == [closed.pk]
    assert results.status_code == 200
    assert [t["title"] for t in results.json()["themes"]] == ["Migration and health", "Migration and social change"]
    assert hidden.status_code == 404


def test_an_unknown_address_under_the_api_is_a_json_404(api, db):
    response = api.post("/api/v1/nothing/here/")

    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})
