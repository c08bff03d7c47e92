"""A registration posted after another reads its workshop as this process's last decision on it left
it, with the seats then taken, while no workshop changed since (workshops/cache.py ``decided``); under
the lock the row is read again and judges. On PostgreSQL (the decision is made in the insert) with
Redis (the rows' version is read with the session)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directory import named_statements
from directory.models import OutboxMail
from tests import factories
from tests.pages import messages
from tests.workshops.factories import WorkshopFactory, delegates, person_of
from workshops import cache, services
from workshops.models import Registration, RegistrationChange, Workshop

S = Registration.Status

pytestmark = [
    pytest.mark.skipif("not __import__('idm_portal.identity').identity.enabled()"),
    pytest.mark.skipif("__import__('django.db').db.connection.vendor != 'postgresql'"),
    pytest.mark.django_db(transaction=True),  # committed: the decision is kept once it commits
]


def _post(client, user, workshop, **fields):
    client.force_login(user)
    client.get(reverse("directory:profile"))  # the session kept, as after any page
    with CaptureQueriesContext(connection) as captured:
        response = client.post(reverse("workshops:register", args=[workshop.slug]), {"participant": "self", **fields})
    return response, [named_statements.source(query["sql"]) for query in captured.captured_queries]


def _workshop_reads(sql: list[str]) -> int:
    """Statements that read the workshop before the lock (the lock's own message excepted)."""
    return sum(text.startswith('SELECT "workshops_workshop"."id"') for text in sql)


def test_a_registration_after_another_reads_the_workshop_as_the_decision_left_it(client):
    workshop = WorkshopFactory(capacity=1)
    first, second = delegates(2)

    confirmed, read_first = _post(client, first, workshop)
    waitlisted, read_second = _post(client, second, workshop)

    assert (confirmed.status_code, waitlisted.status_code) == (302, 302)
    assert (_workshop_reads(read_first), _workshop_reads(read_second)) == (1, 0)
    assert len(read_second) == len(read_first) - 1
    assert dict(Registration.objects.filter(workshop=workshop).values_list("registered_by", "status")) == {
        first.pk: S.CONFIRMED,
        second.pk: S.WAITLISTED,
    }
    # The kept seats (the last one taken) foretold the waiting list: the e-mail was not written again
    # before the commit (after it, the e-mail is sent: eager tasks in the tests).
    decided = read_second[: read_second.index("COMMIT")]
    assert [text.split(" ", 2)[:2] for text in decided if text.startswith("UPDATE")] == []
    assert list(OutboxMail.objects.order_by("pk").values_list("subject", flat=True)) == [
        "[IDM] Registration confirmed: %s" % workshop.title,
        "[IDM] On the waiting list: %s" % workshop.title,
    ]


def test_a_workshop_saved_after_the_decision_is_read_again(client):
    """Negative control of the version: without it, the second delegate's page would take the row kept
    open, and the lock would refuse it on the form instead."""
    workshop = WorkshopFactory(capacity=5)
    first, second = delegates(2)
    _post(client, first, workshop)
    workshop.registration_closes = timezone.now() - timedelta(minutes=1)
    workshop.registration_opens = workshop.registration_closes - timedelta(days=1)
    workshop.save()

    response, sql = _post(client, second, workshop)

    assert (response.status_code, response["Location"], _workshop_reads(sql)) == (302, workshop.get_absolute_url(), 1)
    assert messages(client.get(response["Location"])) == ["Registration for this workshop is not open."]
    assert Registration.objects.filter(workshop=workshop).count() == 1


def test_a_kept_workshop_gone_from_the_database_is_404_not_an_error(client):
    """A workshop deleted by SQL that sends no signal (its version not renewed): the page still takes the
    kept row, and the lock finds none."""
    workshop = WorkshopFactory(capacity=5)
    first, second = delegates(2)
    _post(client, first, workshop)
    for model in (RegistrationChange, Registration, Workshop):
        rows = model.objects.filter(pk=workshop.pk) if model is Workshop else model.objects.filter(workshop=workshop)
        rows._raw_delete("default")

    response, sql = _post(client, second, workshop)

    assert (response.status_code, _workshop_reads(sql)) == (404, 0)
    assert Registration.objects.count() == 0


def test_a_decision_refused_under_the_lock_is_not_kept(client):
    """Closed by an update that sends no signal: the kept row says open, the row under the lock says
    closed, and the registration it wrote is rolled back; the kept row stays as the last commit left it."""
    workshop = WorkshopFactory(capacity=5)
    first, second = delegates(2)
    _post(client, first, workshop)
    kept = dict(cache._decided[workshop.slug][1])
    Workshop.objects.filter(pk=workshop.pk).update(registration_closes=timezone.now() - timedelta(minutes=1))

    refused, sql = _post(client, second, workshop)

    assert (refused.status_code, _workshop_reads(sql)) == (200, 0)
    assert "Registration for this workshop is not open." in refused.content.decode()
    assert list(Registration.objects.values_list("registered_by", flat=True)) == [first.pk]
    assert (cache._decided[workshop.slug][1], kept["seats_taken"]) == (kept, 1)


def test_a_registration_rolled_back_after_its_decision_is_not_kept(client, monkeypatch):
    """A head of delegation named since the page looked (a race, made here by hiding the head from the
    page): the registration written under the lock is rolled back once the head is found, and the kept
    decision stays as the last commit left it."""
    workshop = WorkshopFactory(capacity=5)
    state = factories.MemberStateFactory()
    focal_point = factories.make_delegate(state=state, focal_point=True, email="fp@state.example")
    head = factories.make_delegate(state=state, email="head@state.example")
    services.request_registration(workshop=workshop, person=person_of(head), by=focal_point, head_of_delegation=True)
    (first,) = delegates(1)
    _post(client, first, workshop)
    kept = dict(cache._decided[workshop.slug][1])
    monkeypatch.setattr(services, "current_head_of_delegation", lambda **_: None)  # the page's look only

    refused, _sql = _post(client, focal_point, workshop, head_of_delegation="on")

    assert (refused.status_code, "is head of delegation for this workshop" in refused.content.decode()) == (200, True)
    assert sorted(Registration.objects.values_list("registered_by", flat=True)) == sorted([focal_point.pk, first.pk])
    assert (cache._decided[workshop.slug][1], kept["seats_taken"]) == (kept, 2)
