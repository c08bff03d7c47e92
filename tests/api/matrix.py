"""Permission-matrix rows for the API: every route, every role (each signed-in role sends a token).

The records are made on first use and kept in ``world.extra``: a workshop open for registration with a
confirmed registration of the world's delegate, a Council panel with a speaker, a closed theme survey,
a donor statement of the world's donor contact's organisation (another donor's contribution is that of
a second donor), and a token of the delegate (to revoke).
"""

from ..matrix import LOGIN, Entry, Redirect, everyone, roles, signed_in

TOKEN = {"anonymous": 401}


def _records(world) -> dict:
    if "api" not in world.extra:
        from api.models import ApiToken
        from consultations.models import Consultation
        from directory.models import Person
        from documents.models import DocumentKind
        from documents.services import subject_for
        from tests.consultations import factories as consultation_factories
        from tests.documents.helpers import make_job
        from tests.factories import DonorFactory, PersonFactory
        from tests.funding import factories as funding_factories
        from tests.sessions_council import factories as council_factories
        from tests.workshops.factories import WorkshopFactory, registration
        from workshops.models import Registration

        workshop = WorkshopFactory(slug="api-matrix-workshop")
        own = registration(
            workshop,
            status=Registration.Status.CONFIRMED,
            person=Person.objects.get(user=world.users["delegate"]),
        )
        speaker = PersonFactory(given_name="William Lacy", family_name="Swing")
        participation = council_factories.ParticipationFactory(person=speaker)
        consultation = consultation_factories.ConsultationFactory(status=Consultation.Status.CLOSED)
        consultation_factories.themes(consultation, "Migration and social change")
        donor = world.users["donor_contact"].donor_contact.donor
        statement = make_job(subject_for(kind=DocumentKind.DONOR_STATEMENT, source=donor, variant=""))
        theirs = funding_factories.contribution(donor=DonorFactory(name="Government of Australia"), amount="2000")
        token, _key = ApiToken.objects.create_key(
            user=world.users["delegate"], name="to revoke", scope=ApiToken.Scope.READ
        )
        world.extra["api"] = {
            "workshop": workshop,
            "registration": own,
            "session": participation.panel.session,
            "speaker": speaker,
            "consultation": consultation,
            "statement": statement,
            "theirs": theirs,
            "token": token,
        }
    return world.extra["api"]


def _records_only(world):
    _records(world)
    return {}


def _workshop(world):
    return {"slug": _records(world)["workshop"].slug}


def _session(world):
    return {"number": _records(world)["session"].number}


def _speaker(world):
    return {"pk": _records(world)["speaker"].pk}


def _consultation(world):
    return {"pk": _records(world)["consultation"].pk}


def _registration(world):
    return {"pk": _records(world)["registration"].pk}


def _statement(world):
    return {"pk": _records(world)["statement"].pk}


def _theirs(world):
    return {"pk": _records(world)["theirs"].pk}


def _token(world):
    return {"prefix": _records(world)["token"].prefix}


def _empty(world):
    return {}


PUBLIC = everyone(200)
WITH_TOKEN = {**everyone(200), **TOKEN}
# A POST-only route: 405 to a GET once the token is accepted.
POST_ONLY = {**everyone(405), **TOKEN}
FUNDING_READERS = roles(
    anonymous=401, delegate=403, other_delegate=403, focal_point=403, donor_contact=200, secretariat=200
)
# Recording money: the secretariat only (an empty body: 400, what is missing); everyone else 403.
FUNDING_WRITERS = roles(
    anonymous=401, delegate=403, other_delegate=403, focal_point=403, donor_contact=403, secretariat=400
)
SECRETARIAT_ONLY = roles(
    anonymous=401, delegate=403, other_delegate=403, focal_point=403, donor_contact=403, secretariat=200
)

MATRIX = {
    "api:schema": Entry(get=PUBLIC, note="the OpenAPI description"),
    "api:docs": Entry(get=PUBLIC, note="the reference page (Swagger UI, vendored)"),
    "api:not_found": Entry(get=everyone(404), note="anything else under /api/: a JSON 404"),
    # Public
    "api:years": Entry(get=PUBLIC),
    "api:workshops": Entry(get=PUBLIC, kwargs=_records_only),
    "api:workshop": Entry(get=PUBLIC, kwargs=_workshop),
    "api:agenda": Entry(get=PUBLIC, kwargs=_workshop),
    "api:documents": Entry(get=PUBLIC),
    "api:sessions": Entry(get=PUBLIC, kwargs=_records_only),
    "api:session": Entry(get=PUBLIC, kwargs=_session),
    "api:speakers": Entry(get=PUBLIC, kwargs=_records_only),
    "api:speaker": Entry(get=PUBLIC, kwargs=_speaker),
    "api:consultations": Entry(get=PUBLIC, kwargs=_records_only),
    "api:consultation_results": Entry(get=PUBLIC, kwargs=_consultation),
    # With a token
    "api:me": Entry(get=WITH_TOKEN),
    "api:registrations": Entry(
        get=WITH_TOKEN,
        kwargs=_records_only,
        # An empty body: delegates are told what is missing; who may not register is refused first.
        post=roles(
            anonymous=401, delegate=400, other_delegate=400, focal_point=400, donor_contact=403, secretariat=403
        ),
        post_data=_empty,
    ),
    "api:registration": Entry(
        get=roles(anonymous=401, delegate=200, other_delegate=404, focal_point=200, donor_contact=404, secretariat=200),
        kwargs=_registration,
        note="the delegate's own registration: another state's delegate and a donor do not find it",
    ),
    "api:registration_decision": Entry(
        get=POST_ONLY,
        kwargs=_registration,
        post=roles(
            anonymous=401, delegate=403, other_delegate=403, focal_point=403, donor_contact=403, secretariat=400
        ),
        post_data=_empty,
    ),
    "api:registration_cancel": Entry(
        get=POST_ONLY,
        kwargs=_registration,
        post=roles(
            anonymous=401, delegate=200, other_delegate=404, focal_point=200, donor_contact=404, secretariat=200
        ),
        post_data=_empty,
    ),
    "api:check_in": Entry(
        get=POST_ONLY,
        kwargs=_workshop,
        # An empty body: the secretariat is told to scan a badge or find the participant.
        post=roles(
            anonymous=401, delegate=403, other_delegate=403, focal_point=403, donor_contact=403, secretariat=400
        ),
        post_data=_empty,
    ),
    "api:delegation": Entry(
        get=roles(anonymous=401, delegate=403, other_delegate=403, focal_point=200, donor_contact=403, secretariat=403)
    ),
    "api:my_documents": Entry(get=WITH_TOKEN),
    "api:attendance": Entry(get=SECRETARIAT_ONLY, kwargs=_workshop, note="who was checked in, day by day"),
    "api:contributions": Entry(
        get=FUNDING_READERS,
        kwargs=_records_only,
        # An empty body: the secretariat is told what is missing; nobody else may record money.
        post=FUNDING_WRITERS,
        post_data=_empty,
    ),
    "api:contribution": Entry(
        get={**FUNDING_READERS, "donor_contact": 404},
        kwargs=_theirs,
        note="another donor's contribution: 404 for a donor contact",
    ),
    "api:contribution_commit": Entry(get=POST_ONLY, kwargs=_theirs, post=FUNDING_WRITERS, post_data=_empty),
    "api:payments": Entry(get=FUNDING_READERS, post=FUNDING_WRITERS, post_data=_empty),
    "api:funded_workshops": Entry(
        get=roles(anonymous=401, delegate=403, other_delegate=403, focal_point=403, donor_contact=200, secretariat=403)
    ),
    "api:document_jobs": Entry(get=WITH_TOKEN, post={**everyone(400), **TOKEN}, post_data=_empty),
    "api:document_job": Entry(
        get=roles(anonymous=401, delegate=404, other_delegate=404, focal_point=404, donor_contact=200, secretariat=200),
        kwargs=_statement,
        note="the donor's own statement: nobody else but the secretariat finds it",
    ),
    # Tokens, on the profile (pages with a session)
    "api:tokens": Entry(get=signed_in(200), post={**signed_in(200)}, post_data=_empty),
    "api:token_revoke": Entry(
        get={**everyone(405), "anonymous": LOGIN},
        kwargs=_token,
        post={**everyone(404), "anonymous": LOGIN, "delegate": Redirect("api:tokens")},
        note="only its owner revokes a token; anyone else's is not found",
    ),
}
