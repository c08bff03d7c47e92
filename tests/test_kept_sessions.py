"""A signed-in request's session, user and roles kept in Redis (idm_portal/identity.py): every change of
what they are made of counts at the very next request, and a kept row that is missing or damaged is
read again by the query. The rules are checked on every cache (with the database cache nothing is
kept, and the same answers must come from the query); the Redis tests count its round trips."""

import threading
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directory import roles, versions
from directory.models import Affiliation
from directory.named_statements import source
from directory.services import decide_affiliation, request_affiliation, set_focal_point
from funding.models import DonorContact
from funding.services.donors import remove_donor_contact
from idm_portal import identity, sessions
from tests import factories
from tests.workshops.factories import WorkshopFactory, person_of, registration
from workshops.models import Registration

pytestmark = pytest.mark.django_db

PROFILE = "directory:profile"


def _session_reads(captured) -> list[str]:
    sent = [source(q["sql"]) for q in captured.captured_queries]
    return [sql for sql in sent if 'FROM "idm_portal_session"' in sql or 'FROM "directory_user"' in sql]


def _get(client, name: str):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(name))
    return response, _session_reads(captured)


def _warm(client, name: str = PROFILE):
    """Two requests: the first keeps the session's row (on Redis), the second reads it."""
    _get(client, name)
    response, reads = _get(client, name)
    assert (response.status_code, len(reads)) == (200, 0 if identity.enabled() else 1)
    return response


def _forget_process_state() -> None:
    """As if the next request were served by another process: nothing kept in this one."""
    sessions._decoded.clear()
    sessions._compiled.clear()
    versions.drop_snapshot()


def _signed_in_user(client):
    return client.get(reverse(PROFILE)).wsgi_request.user


def _warm_delegate(client):
    """A delegate signed in on ``client``, their session's row kept (on Redis)."""
    delegate = factories.make_delegate(email="d@state.example")
    client.force_login(delegate)
    _warm(client)
    return delegate


def test_a_refused_pending_affiliation_counts_at_the_next_request(client):
    staff = factories.make_secretariat(email="s@iom.example")
    member = factories.UserFactory(email="m@example.org")
    affiliation = request_affiliation(user=member, member_state=factories.MemberStateFactory())
    client.force_login(member)
    assert roles.roles_of(_warm(client).wsgi_request.user).affiliation.pk == affiliation.pk

    decide_affiliation(affiliation=affiliation, by=staff, approve=False, reason="Not known to the mission")

    assert roles.roles_of(_signed_in_user(client)).affiliation is None


def test_a_revoked_affiliation_counts_at_the_next_request(client):
    delegate = factories.make_delegate(email="d@state.example")
    client.force_login(delegate)
    assert roles.roles_of(_warm(client).wsgi_request.user).delegate is True

    affiliation = delegate.affiliations.get()
    affiliation.status = Affiliation.Status.REFUSED  # as the admin would
    affiliation.save()

    assert roles.roles_of(_signed_in_user(client)).delegate is False


def test_a_removed_focal_point_flag_counts_at_the_next_request(client):
    staff = factories.make_secretariat(email="s@iom.example")
    focal = factories.make_delegate(email="f@state.example", focal_point=True)
    client.force_login(focal)
    assert client.get(reverse("workshops:my_delegation")).status_code == 200
    _warm(client, "workshops:my_delegation")

    set_focal_point(affiliation=focal.affiliations.get(), by=staff, is_focal_point=False)

    assert client.get(reverse("workshops:my_delegation")).status_code == 403
    assert roles.roles_of(_signed_in_user(client)).focal_point is False


def test_a_user_set_inactive_is_signed_out_at_the_next_request(client):
    delegate = factories.make_delegate(email="d@state.example")
    client.force_login(delegate)
    _warm(client)

    delegate.is_active = False
    delegate.save()

    response, _reads = _get(client, PROFILE)
    assert (response.status_code, response.wsgi_request.user.is_authenticated) == (302, False)


def test_a_new_password_signs_out_the_other_sessions_at_their_next_request(client):
    delegate = factories.make_delegate(email="d@state.example")
    other = Client()
    client.force_login(delegate)
    other.force_login(delegate)
    _warm(client)
    _warm(other)

    delegate.set_password("another-password-2010")
    delegate.save()

    assert [c.get(reverse(PROFILE)).status_code for c in (client, other)] == [302, 302]


def test_a_session_cookie_replayed_after_logout_is_anonymous_in_any_process(client):
    delegate = factories.make_delegate(email="d@state.example")
    client.force_login(delegate)
    _warm(client)
    cookie = client.cookies["sessionid"].value

    client.post(reverse("account_logout"))
    replayed = [Client(), Client()]
    for replay in replayed:
        replay.cookies["sessionid"] = cookie
    here = replayed[0].get(reverse(PROFILE))
    _forget_process_state()
    elsewhere = replayed[1].get(reverse(PROFILE))

    assert [(r.status_code, r.wsgi_request.user.is_authenticated) for r in (here, elsewhere)] == [(302, False)] * 2


def test_a_removed_donor_contact_counts_at_the_next_request(client):
    staff = factories.make_secretariat(email="s@iom.example")
    contact = factories.make_donor_contact(email="c@donor.example")
    client.force_login(contact)
    _warm(client, "funding:donor_portal")

    remove_donor_contact(contact=DonorContact.objects.get(user=contact), by=staff)

    assert roles.roles_of(_signed_in_user(client)).donor is None
    assert client.get(reverse("funding:donor_portal")).status_code == 403


def test_a_removed_authenticator_takes_the_secretariat_power_at_the_next_request(client):
    staff = factories.make_secretariat(email="s@iom.example")
    client.force_login(staff)
    _warm(client, "directory:person_list")

    Authenticator.objects.get(user=staff, type=Authenticator.Type.TOTP).delete()

    assert client.get(reverse("directory:person_list")).url == reverse("mfa_activate_totp")


def test_an_expired_session_is_anonymous_at_the_next_request(client, monkeypatch):
    delegate = factories.make_delegate(email="d@state.example")
    client.force_login(delegate)
    _warm(client)
    expiry = client.session.get_expiry_date()
    later = expiry + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    response = client.get(reverse(PROFILE))

    assert (response.status_code, response.wsgi_request.user.is_authenticated) == (302, False)


# Redis only: what is kept, and its round trips.

redis_only = pytest.mark.skipif("not __import__('idm_portal.identity').identity.enabled()")


def _row_key(client) -> str:
    return "idm:session:%s:row" % client.cookies["sessionid"].value


@redis_only
@pytest.mark.parametrize("damage", ["cold", "evicted", "corrupt", "not a row", "another shape"])
def test_a_missing_or_damaged_kept_row_is_read_again_by_the_query(client, damage):
    from django.core.cache import cache

    delegate = factories.make_delegate(email="d@state.example")
    client.force_login(delegate)
    _warm(client)
    key = _row_key(client)
    if damage == "cold":
        cache.clear()
        _forget_process_state()
    elif damage == "evicted":
        cache.delete(key)
    elif damage == "corrupt":
        cache._cache.get_client(write=True).set(cache.make_and_validate_key(key), b"\x80\x05not a pickle")
    elif damage == "not a row":
        cache.set(key, "a text")
    else:
        version, identity_version, shape, row = cache.get(key)
        cache.set(key, (version, identity_version, shape[:-1], row))

    read_again = _get(client, PROFILE)
    kept_again = _get(client, PROFILE)

    assert [(r.status_code, r.wsgi_request.user.pk, len(reads)) for r, reads in (read_again, kept_again)] == [
        (200, delegate.pk, 1),
        (200, delegate.pk, 0),
    ]


class _RoundTrips:
    """Every command sent to Redis (a pipeline is one round trip), by name and keys."""

    def __init__(self, monkeypatch):
        import redis

        self.sent: list[tuple] = []
        command, pipeline = redis.Redis.execute_command, redis.client.Pipeline.execute

        def counted_command(client, *args, **options):
            if not isinstance(client, redis.client.Pipeline):
                self.sent.append(args)
            return command(client, *args, **options)

        def counted_pipeline(client, *args, **options):
            self.sent.append(("PIPELINE",))
            return pipeline(client, *args, **options)

        monkeypatch.setattr(redis.Redis, "execute_command", counted_command)
        monkeypatch.setattr(redis.client.Pipeline, "execute", counted_pipeline)


@redis_only
def test_a_warm_signed_in_page_reads_its_session_and_versions_in_one_round_trip(client, monkeypatch):
    from django.core.cache import cache

    delegate = factories.make_delegate(email="d@state.example")
    client.force_login(delegate)
    _warm(client, "home")
    trips = _RoundTrips(monkeypatch)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home"))

    made = cache.make_and_validate_key
    session_key = client.cookies["sessionid"].value
    expected = [
        "idm:session:%s:row" % session_key,
        "idm:session:%s:version" % session_key,
        identity.IDENTITY_VERSION_KEY,
        *versions.PREFETCHED,
    ]
    assert (response.status_code, response.wsgi_request.user.pk, _session_reads(captured)) == (200, delegate.pk, [])
    assert trips.sent == [("MGET", *[made(key) for key in expected])]
    assert roles.roles_of(response.wsgi_request.user).delegate is True


@redis_only
def test_a_prefetched_version_missing_is_made_for_the_requests_after(client):
    """One the MGET did not find (an emptied cache, a key no change has made yet): made once by that
    request, outside its snapshot, and read with the session by the next."""
    from django.core.cache import cache

    from workshops import cache as workshops_cache

    key = workshops_cache.ROWS_VERSION_KEY
    _warm_delegate(client)
    cache.delete(key)

    first = client.get(reverse(PROFILE))
    made = cache.get(key)
    second = client.get(reverse(PROFILE))

    assert (first.status_code, second.status_code, len(made)) == (200, 200, 32)
    assert cache.get(key) == made  # not made again by the second request


@redis_only
def test_the_prefetched_versions_answer_the_request_and_only_it(client):
    from django.core.signals import request_started

    from workshops import cache as workshops_cache

    key = workshops_cache.VERSION_KEY
    before = versions.named_version(key)
    versions.keep_snapshot({key: "read-outside-a-request"})  # kept by nobody
    outside = versions.named_version(key)
    request_started.send(sender=__name__)  # as a request begins
    try:
        versions.keep_snapshot({key: "read-with-the-session"})
        in_request = versions.named_versions(key)
        elsewhere: list[str] = []  # another thread (another request) reads the cache
        thread = threading.Thread(target=lambda: elsewhere.append(versions.named_version(key)))
        thread.start()
        thread.join()
        versions.renew(key)  # renewed during the request: the snapshot forgets it
        renewed = versions.named_version(key)
    finally:
        versions.drop_snapshot()

    assert (outside, in_request, elsewhere) == (before, ["read-with-the-session"], [before])
    assert renewed not in {before, "read-with-the-session"}
    assert versions.named_version(key) == renewed


@redis_only
def test_with_redis_down_the_session_is_read_by_its_query(client, settings):
    delegate = factories.make_delegate(email="d@state.example")
    client.force_login(delegate)
    _warm(client)
    key = client.cookies["sessionid"].value
    settings.CACHES = {
        "default": {"BACKEND": "idm_portal.redis_cache.PortalRedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
    }  # nothing listens on port 9
    store = sessions.SessionStore(key)

    with CaptureQueriesContext(connection) as captured:
        data = store.load()

    assert (int(data["_auth_user_id"]), len(_session_reads(captured))) == (delegate.pk, 1)
    assert store.user_read_with_session(delegate.pk).pk == delegate.pk


def test_saving_the_signed_in_user_after_a_kept_read_keeps_their_password(client):
    delegate = factories.make_delegate(email="d@state.example")
    password = delegate.password
    client.force_login(delegate)
    user = _warm(client).wsgi_request.user  # read from Redis: its password deferred

    user.first_name = "Renamed"
    user.save()

    saved = type(delegate).objects.get(pk=delegate.pk)
    assert ("password" in user.get_deferred_fields(), saved.first_name, saved.password) == (
        identity.enabled(),
        "Renamed",
        password,
    )
    assert client.get(reverse(PROFILE)).status_code == 200  # the session still verifies


@redis_only
def test_the_kept_row_holds_no_password_hash(client):
    from django.core.cache import cache

    delegate = _warm_delegate(client)

    raw = cache._cache.get_client().get(cache.make_and_validate_key(_row_key(client)))

    algorithm, salt, digest = delegate.password.rsplit("$", 2)
    assert (delegate.password.encode() in raw, digest.encode() in raw, salt.encode() in raw) == (False, False, False)
    assert delegate.get_session_auth_hash().encode() in raw  # what is kept instead


@redis_only
def test_a_kept_hash_that_does_not_match_is_judged_by_the_password(client):
    from django.core.cache import cache

    delegate = _warm_delegate(client)
    key = _row_key(client)
    version, identity_version, shape, row = cache.get(key)
    cache.set(key, (version, identity_version, shape, {**row, sessions.KEPT_AUTH_HASH: "0" * 64}))

    response, reads = _get(client, PROFILE)

    # Django's own check: the password read by its own query, the session's hash right.
    assert (response.status_code, response.wsgi_request.user.pk, len(reads)) == (200, delegate.pk, 1)


@redis_only
def test_a_row_kept_under_another_secret_is_not_read(client, settings):
    delegate = _warm_delegate(client)
    key = client.cookies["sessionid"].value
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-of-the-portal-0123456789-abcdefghijklmnop"

    response, reads = _get(client, PROFILE)

    # Read by the query and judged as Django judges it: the older secret keeps the session under a new key.
    assert (response.status_code, response.wsgi_request.user.pk) == (200, delegate.pk)
    assert ("mfa_authenticator" in reads[0], client.cookies["sessionid"].value != key) == (True, True)


@redis_only
def test_a_delegates_warm_workshop_page_reads_its_session_alone_and_shows_a_change_at_once(
    client, monkeypatch, committed
):
    from workshops.services.registration import cancel_registration

    workshop = WorkshopFactory(title="Migration and social change", capacity=5)
    delegate = factories.make_delegate(email="d@state.example")
    mine = registration(workshop, status=Registration.Status.CONFIRMED, person=person_of(delegate))
    client.force_login(delegate)
    address = workshop.get_absolute_url()
    client.get(address)
    client.get(address)  # the delegate's own registration kept by the shared cache and this process
    trips = _RoundTrips(monkeypatch)

    with CaptureQueriesContext(connection) as captured:
        kept = client.get(address)
    sent = [command for command, *_keys in trips.sent]
    committed(cancel_registration, registration=mine, by=delegate)
    changed = client.get(address)

    assert (kept.status_code, sent, len(captured)) == (200, ["MGET"], 0)
    badges = [
        ("badge-confirmed" in r.content.decode(), "badge-cancelled" in r.content.decode()) for r in (kept, changed)
    ]
    assert badges == [(True, False), (False, True)]


@redis_only
def test_versions_renewed_one_after_the_other_are_written_in_one_round_trip(
    monkeypatch, django_capture_on_commit_callbacks
):
    """As a registration renews the public fragments' and its queue's; a renewal in a savepoint
    rolled back is not written, nor does it take another key with it."""
    keys = ["test:versions:%s" % name for name in ("first", "second", "in-savepoint", "untouched")]
    before = [versions.named_version(key) for key in keys]
    trips = _RoundTrips(monkeypatch)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        versions.new_version_on_commit(keys[0])
        versions.new_version_on_commit(keys[1])
        versions.new_version_on_commit(keys[0])
        with pytest.raises(RuntimeError), transaction.atomic():
            versions.new_version_on_commit(keys[2])
            raise RuntimeError

    assert (len(callbacks), trips.sent) == (3, [("PIPELINE",)])
    after = [versions.named_version(key) for key in keys]
    assert [old != new for old, new in zip(before, after, strict=True)] == [True, True, False, False]


def _own_person_on_the_form(client, workshop):
    """The registration form's own participant, and the queries that read a person for it."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("workshops:register", kwargs={"slug": workshop.slug}))
    assert response.status_code == 200
    reads = [q["sql"] for q in captured.captured_queries if source(q["sql"]).startswith('SELECT "directory_person"')]
    own = response.context["form"].own_person
    return (own.pk, own.full_name) if own is not None else None, reads


def test_the_registration_forms_own_person_is_read_with_the_roles_and_changes_at_the_next_request(client):
    from directory.services import update_profile

    workshop = WorkshopFactory()
    delegate = factories.make_delegate(email="d@state.example", first_name="Amina", last_name="Diallo")
    person = person_of(delegate)
    client.force_login(delegate)
    _warm(client)

    first = _own_person_on_the_form(client, workshop)
    update_profile(user=delegate, first_name="Aminata", last_name="Diallo", preferred_language="fr")
    renamed = _own_person_on_the_form(client, workshop)
    person.refresh_from_db()
    person.honorific = "Dr"
    person.save()  # as the secretariat edits the record
    edited = _own_person_on_the_form(client, workshop)

    assert [first, renamed, edited] == [
        ((person.pk, "Amina Diallo"), []),
        ((person.pk, "Aminata Diallo"), []),
        ((person.pk, "Dr Aminata Diallo"), []),
    ]


def test_a_person_taken_from_the_account_leaves_the_form_at_the_next_request(client):
    workshop = WorkshopFactory()
    delegate = factories.make_delegate(email="d@state.example")
    client.force_login(delegate)
    _warm(client)
    before, _reads = _own_person_on_the_form(client, workshop)

    person = person_of(delegate)
    person.user = None
    person.save()

    assert before == (person.pk, person.full_name)
    assert _own_person_on_the_form(client, workshop) == (None, [])
