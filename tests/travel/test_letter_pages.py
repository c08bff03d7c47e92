"""The letter pages: personal data isolation (404 for everyone who may not see a letter), passport
numbers in no list or export, the queue's queries constant (1 vs 30), the desk count, the staff decision."""

import re

import pytest
from django.urls import reverse

from documents.models import DocumentJob
from tests.pages import heading
from travel import services
from travel.models import InvitationLetter

from .. import factories
from .factories import DETAILS, approved_file, complete, funded_workshop

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _memory_cache(settings):
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "lp"}}
    cache.clear()


@pytest.fixture
def world(secretariat, django_capture_on_commit_callbacks):
    state = factories.MemberStateFactory(country="KE", name="Kenya")
    traveller = factories.make_delegate(email="traveller@state.example", state=state)
    workshop = funded_workshop()
    travel_file = complete(approved_file(workshop, user=traveller, secretariat=secretariat), traveller)
    with django_capture_on_commit_callbacks(execute=True):  # the letter is rendered after commit
        letter = services.request_letter(travel_file=travel_file, by=traveller, language="en")
        letter = services.approve_letter(letter=letter, by=secretariat)
    return {
        "file": travel_file,
        "letter": letter,
        "job": DocumentJob.objects.get(subject__letter=letter),
        "workshop": workshop,
        "traveller": traveller,
        "focal_point": factories.make_delegate(email="fp@state.example", state=state, focal_point=True),
        "other_focal_point": factories.make_delegate(
            email="fp@other.example", state=factories.MemberStateFactory(country="PE"), focal_point=True
        ),
        "other_delegate": factories.make_delegate(email="other@state.example", state=state),
        "donor": factories.make_donor_contact(email="donor@donor.example"),
        "secretariat": secretariat,
    }


def _letter_urls(world) -> list[str]:
    return [
        reverse("travel:letter_request", args=[world["file"].pk]),
        reverse("documents:list", args=["letter", world["letter"].pk]),
        reverse("documents:job", args=[world["job"].pk]),
        reverse("documents:download", args=[world["job"].pk]),
    ]


def test_every_letter_url_is_404_for_everyone_else(client, world):
    urls = _letter_urls(world)
    for who in ("donor", "other_delegate", "other_focal_point"):
        client.force_login(world[who])
        assert [client.get(url).status_code for url in urls] == [404, 404, 404, 404], who
        assert client.post(urls[0], {"language": "en"}).status_code == 404, who
    client.logout()
    # Anonymous: travel's own address is 404; the documents' pages (every kind, every number) ask to log
    # in first, which says nothing about whether the letter exists.
    answers = [client.get(url) for url in urls]
    assert [answer.status_code for answer in answers] == [404, 302, 302, 302]
    assert [answer.url.split("?")[0] for answer in answers[1:]] == [reverse("account_login")] * 3
    assert InvitationLetter.objects.count() == 1
    for who in ("traveller", "focal_point", "secretariat"):
        client.force_login(world[who])
        assert [client.get(url).status_code for url in urls] == [200, 200, 200, 200], who
        assert client.get(urls[3])["Content-Type"] == "application/pdf"


def test_a_revoked_letter_s_pdf_is_no_longer_the_traveller_s(client, world):
    services.revoke_letter(letter=world["letter"], by=world["secretariat"], reason="Issued in error.")
    client.force_login(world["traveller"])
    assert [client.get(url).status_code for url in _letter_urls(world)[1:]] == [404, 404, 404]
    client.force_login(world["secretariat"])
    pdf = client.get(_letter_urls(world)[3])
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")


def test_passport_numbers_are_in_no_list_or_export(client, world):
    client.force_login(world["secretariat"])
    slug = world["workshop"].slug
    pages = [
        reverse("travel:desk", args=[slug]),
        reverse("travel:desk_export", args=[slug, "csv"]),
        reverse("travel:desk_export", args=[slug, "xlsx"]),
        reverse("travel:letter_queue") + "?status=",
        reverse("travel:audit"),
        reverse("documents:job_list"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert DETAILS["passport_number"].encode() not in response.content, url
    client.force_login(world["focal_point"])
    my_travel = client.get(reverse("travel:my_travel")).content.decode()
    assert DETAILS["passport_number"] not in my_travel
    assert world["letter"].reference in my_travel  # the delegation's letters, with the download


def test_the_secretariat_approves_and_refuses_on_the_letter_page(client, world, secretariat):
    other = complete(approved_file(world["workshop"], secretariat=secretariat), secretariat)
    letter = services.request_letter(travel_file=other, by=secretariat, language="es")
    client.force_login(secretariat)
    page = reverse("travel:staff_letter", args=[letter.pk])
    shown_page = client.get(page)
    assert shown_page.status_code == 200
    assert heading(shown_page) == "Invitation letter for %s" % other.registration.person.full_name

    empty = client.post(reverse("travel:letter_refuse", args=[letter.pk]), {"refuse-reason": ""})
    assert empty.status_code == 200
    assert "This field is required." in empty.content.decode()
    assert client.post(reverse("travel:letter_approve", args=[letter.pk])).url == page
    letter.refresh_from_db()
    assert (letter.status, letter.language) == (InvitationLetter.Status.APPROVED, "es")
    again = client.post(reverse("travel:letter_approve", args=[letter.pk]))
    assert "This letter was already decided (Approved)." in again.content.decode()


def test_the_desk_counts_the_letters_to_review(client, world, secretariat):
    services.request_letter(
        travel_file=complete(approved_file(world["workshop"], secretariat=secretariat), secretariat),
        by=secretariat,
        language="en",
    )
    from idm_portal.desk import secretariat_desk

    waiting = {line.key: (line.count, line.url) for line in secretariat_desk()["waiting"]}
    assert waiting["letters"] == (1, reverse("travel:letter_queue"))


@pytest.mark.parametrize("rows", [1, 30])
def test_the_letter_queue_s_queries_do_not_grow(client, secretariat, django_assert_num_queries, rows):
    workshop = funded_workshop()
    for _ in range(rows):
        travel_file = complete(approved_file(workshop, secretariat=secretariat), secretariat)
        services.request_letter(travel_file=travel_file, by=secretariat, language="fr")
    client.force_login(secretariat)
    with django_assert_num_queries(4):
        page = client.get(reverse("travel:letter_queue"))
    assert page.status_code == 200
    assert len(re.findall(r'href="/staff/travel/letters/\d+/"', page.content.decode())) == rows
