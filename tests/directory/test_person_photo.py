"""A directory person's optional photo: uploaded on the staff form (checked by its content), served
only to the secretariat by a permission-checked view, shown on the check-in answer."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from directory.models import Person
from tests import factories

pytestmark = pytest.mark.django_db


def png(width: int = 4, height: int = 5) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def form_data(person: Person, **extra) -> dict:
    return {
        "honorific": person.honorific,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "email": person.email,
        **extra,
    }


@pytest.fixture
def person(db):
    return factories.PersonFactory(
        given_name="Amina",
        family_name="Diallo",
        email="amina@state.example",
        member_state=factories.MemberStateFactory(),
    )


def upload(client, person, **files):
    return client.post(reverse("directory:person_edit", kwargs={"pk": person.pk}), form_data(person, **files))


def test_the_secretariat_adds_a_photo_and_only_the_secretariat_sees_it(client, secretariat, delegate, person):
    client.force_login(secretariat)
    image = png()

    response = upload(client, person, photo=SimpleUploadedFile("../../etc/me.PNG", image, "text/plain"))

    person.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("directory:person_list")
    assert person.photo.name.startswith("people-photos/")  # under a generated name
    assert person.photo.name.endswith(".png")
    assert person.photo_content_type == "image/png"
    url = reverse("directory:person_photo", kwargs={"pk": person.pk})
    served = client.get(url)
    assert (served.status_code, served["Content-Type"], served["Cache-Control"]) == (
        200,
        "image/png",
        "private, no-store",
    )
    assert b"".join(served.streaming_content) == image
    client.force_login(delegate)
    assert client.get(url).status_code == 403
    client.logout()
    anonymous = client.get(url)
    assert (anonymous.status_code, anonymous["Location"]) == (302, "%s?next=%s" % (reverse("account_login"), url))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.7 not an image", "The file is not a JPEG or PNG image."),
        (b"", "The submitted file is empty."),
        (b"GIF89a" + b"\0" * 40, "The file is not a JPEG or PNG image."),
    ],
)
def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_saved(client, secretariat, person, content, message):
    client.force_login(secretariat)

    response = client.post(
        reverse("directory:person_edit", kwargs={"pk": person.pk}),
        form_data(person, family_name="Changed", photo=SimpleUploadedFile("photo.png", content, "image/png")),
    )

    person.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors["photo"] == [message]
    assert (person.family_name, person.photo.name, person.photo_content_type) == ("Diallo", "", "")


def test_a_removed_photo_is_gone_and_its_file_deleted_after_commit(
    client, secretariat, person, django_capture_on_commit_callbacks
):
    client.force_login(secretariat)
    upload(client, person, photo=SimpleUploadedFile("me.png", png(), "image/png"))
    person.refresh_from_db()
    stored, storage = person.photo.name, person.photo.storage

    with django_capture_on_commit_callbacks(execute=True):
        upload(client, person, remove_photo="on")

    person.refresh_from_db()
    assert (person.photo.name, person.photo_content_type, storage.exists(stored)) == ("", "", False)
    assert client.get(reverse("directory:person_photo", kwargs={"pk": person.pk})).status_code == 404


def test_the_check_in_answer_shows_the_photo_if_there_is_one(client, secretariat, person):
    from workshops.models import Registration

    from ..workshops.factories import WorkshopFactory, registration

    today = timezone.localdate()
    workshop = WorkshopFactory(start_date=today, end_date=today + datetime.timedelta(days=1))
    with_photo = registration(workshop, status=Registration.Status.CONFIRMED, person=person)
    without = registration(workshop, status=Registration.Status.CONFIRMED)
    client.force_login(secretariat)
    upload(client, person, photo=SimpleUploadedFile("me.png", png(), "image/png"))
    url = reverse("workshops:staff_checkin_scan", kwargs={"slug": workshop.slug})

    answers = [
        client.post(url, {"registration": row.pk}, headers={"HX-Request": "true"}).content.decode()
        for row in (with_photo, without)
    ]

    img = '<img class="checkin-photo" src="%s" alt="Photo of Amina Diallo">' % reverse(
        "directory:person_photo", kwargs={"pk": person.pk}
    )
    assert [img in answer for answer in answers] == [True, False]
    assert ['class="checkin-photo"' in answer for answer in answers] == [True, False]
