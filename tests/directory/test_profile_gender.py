"""Self-declared gender on the person's profile: optional, "not stated" by default, only the choices."""

import pytest
from django.urls import reverse

from directory.models import Person
from tests import factories

pytestmark = pytest.mark.django_db


def _post(client, **changes):
    data = {"first_name": "Ana", "last_name": "Silva", "preferred_language": "en", "gender": "woman", **changes}
    return client.post(reverse("directory:profile"), data)


def test_a_person_is_not_stated_until_they_say(delegate):
    assert Person.objects.get(user=delegate).gender == Person.Gender.NOT_STATED


def test_the_delegate_declares_and_withdraws_their_gender(client, delegate):
    client.force_login(delegate)

    declared = _post(client)
    person = Person.objects.get(user=delegate)
    assert (declared.status_code, declared["Location"], person.gender) == (302, reverse("directory:profile"), "woman")
    assert 'value="woman" selected' in client.get(reverse("directory:profile")).content.decode()

    withdrawn = _post(client, gender="")
    assert (withdrawn.status_code, withdrawn["Location"]) == (302, reverse("directory:profile"))
    assert Person.objects.get(user=delegate).gender == "not_stated"


@pytest.mark.parametrize("value", ["queen", "x" * 500])
def test_an_unknown_value_is_a_form_error_and_nothing_changes(client, delegate, value):
    client.force_login(delegate)

    response = _post(client, gender=value, first_name="Changed")

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["gender"]
    person = Person.objects.get(user=delegate)
    assert (person.gender, person.given_name == "Changed") == ("not_stated", False)


def test_an_account_without_a_person_record_is_not_asked(client):
    user = factories.UserFactory()
    client.force_login(user)

    form = client.get(reverse("directory:profile")).context["form"]

    assert "gender" not in form.fields
