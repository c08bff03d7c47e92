"""The registration forms copy only the fields they ask (Django deep-copies each field a form is built
with), and ask exactly what they asked when they copied all of their class's fields."""

import pytest
from django.http import QueryDict

from directory.models import MemberState, Person
from workshops.forms_registration import RegistrationChangeForm, RegistrationForm
from workshops.models import Registration

ALL_FIELDS = [
    "head_of_delegation",
    "replace_head",
    "note_verbale",
    "consent_to_publish",
    "request_funding",
    "travel_from",
    "funding_reason",
    "participant",
    "honorific",
    "given_name",
    "family_name",
    "position",
    "email",
]
FUNDING = ["request_funding", "travel_from", "funding_reason"]
NEW_PERSON = ["honorific", "given_name", "family_name", "position", "email"]
ME = Person(pk=7, honorific="Ms", given_name="Ana", family_name="Lopez")
OTHER = Person(pk=8, given_name="Bo", family_name="Kim")
HEAD = Registration(pk=99, person=OTHER)


def registering(*, delegation=None, eligible=True, current_head=None, data=None) -> RegistrationForm:
    return RegistrationForm(
        data=data, own_person=ME, delegation=delegation, eligible=eligible, current_head=current_head
    )


@pytest.mark.parametrize(
    ("delegation", "eligible", "current_head", "asked"),
    [
        (None, True, None, ["participant", "consent_to_publish", *FUNDING]),
        (None, False, None, ["participant", "consent_to_publish"]),
        (
            [ME, OTHER],
            True,
            None,
            ["participant", *NEW_PERSON, "head_of_delegation", "note_verbale", "consent_to_publish", *FUNDING],
        ),
        (
            [ME, OTHER],
            False,
            HEAD,
            ["participant", *NEW_PERSON, "head_of_delegation", "replace_head", "note_verbale", "consent_to_publish"],
        ),
    ],
)
def test_the_registration_form_copies_only_the_fields_it_asks(delegation, eligible, current_head, asked):
    form = registering(delegation=delegation, eligible=eligible, current_head=current_head)

    assert list(form.fields) == asked
    assert sorted(form.base_fields) == sorted(asked)
    assert list(RegistrationForm.base_fields) == ALL_FIELDS
    assert all(form.fields[name] is not RegistrationForm.base_fields[name] for name in asked)


def test_a_form_changes_its_own_copies_never_the_class_fields():
    registering(delegation=[ME, OTHER], current_head=HEAD)

    form = registering()

    assert str(form.fields["consent_to_publish"].label) == "I agree to appear on the published list of participants"
    assert str(RegistrationForm.base_fields["consent_to_publish"].label) == (
        "The participant agrees to appear on the published list of participants"
    )
    assert str(RegistrationForm.base_fields["replace_head"].label) == "Make this person head of delegation instead"
    assert str(RegistrationForm.base_fields["head_of_delegation"].help_text) == ""
    assert form.fields["participant"].choices == [("self", "Myself (Ms Ana Lopez)")]
    assert RegistrationForm.base_fields["participant"].choices == []


def test_a_delegate_registering_themself_is_validated_as_before():
    form = registering(data=QueryDict("participant=self&request_funding=on&given_name=X"))

    assert form.is_valid() is False
    assert form.errors == {"travel_from": ["Say where the participant would travel from."]}

    form = registering(data=QueryDict("participant=self&head_of_delegation=on&given_name=X"))

    assert form.is_valid() is True
    assert form.cleaned_data == {
        "participant": "self",
        "consent_to_publish": False,
        "request_funding": False,
        "travel_from": "",
        "funding_reason": "",
    }
    assert form.person is ME
    assert form.registration_options() == {
        "consent_to_publish": False,
        "note_verbale": None,
        "replace_head": False,
        "request_funding": False,
        "travel_from": "",
        "funding_reason": "",
    }


@pytest.mark.parametrize(
    ("focal_point", "funding", "current_head", "asked"),
    [
        (False, Registration.Funding.NOT_REQUESTED, None, ["consent_to_publish", *FUNDING]),
        (False, Registration.Funding.APPROVED, None, ["consent_to_publish"]),
        (
            True,
            Registration.Funding.REQUESTED,
            "self",
            ["head_of_delegation", "note_verbale", "consent_to_publish", *FUNDING],
        ),
        (
            True,
            Registration.Funding.REFUSED,
            HEAD,
            ["head_of_delegation", "replace_head", "note_verbale", "consent_to_publish"],
        ),
    ],
)
def test_the_change_form_copies_only_the_fields_it_asks(focal_point, funding, current_head, asked):
    registration = Registration(
        pk=5, person=ME, member_state=MemberState(eligible_for_funding=True), funding=funding, travel_from="Lima"
    )

    form = RegistrationChangeForm(
        registration=registration,
        focal_point=focal_point,
        own=True,
        current_head=registration if current_head == "self" else current_head,
    )

    assert list(form.fields) == asked
    assert sorted(form.base_fields) == sorted(asked)
    assert list(RegistrationChangeForm.base_fields) == ALL_FIELDS[:7]
    assert form.funding_decided is (funding in (Registration.Funding.APPROVED, Registration.Funding.REFUSED))
