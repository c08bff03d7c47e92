"""The hostile input of issue 11 that answered 500: a NUL in a search box, seats and money beyond their
columns, an agenda item in year 1. Each now gets its form message and changes nothing
(``directory/hardening.py``)."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from directory import hardening
from directory.models import Affiliation, MemberState, Organisation, Person
from funding.models import AuditEntry, Contribution, Donor
from workshops.forms import AgendaItemForm
from workshops.forms_queue import CapacityForm
from workshops.models import AgendaItem, Workshop

from . import factories
from .pages import heading
from .workshops.factories import WorkshopFactory

DATE_RANGE = "Enter a date between 1 January 1900 and 31 December 2100."


@pytest.fixture
def staff_client(client, db):
    client.force_login(factories.make_secretariat(email="staff@iom.example"))
    return client


@pytest.fixture
def workshop(db):
    return WorkshopFactory(title="Migration and Transnationalism", slug="transnationalism", capacity=30)


def _form_errors(response) -> dict[str, list[str]]:
    return {field: [str(e) for e in errors] for field, errors in response.context["form"].errors.items()}


# --- A NUL in a search box ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "model", "field"),
    [
        ("directory:state_list", MemberState, "name"),
        ("directory:person_list", Person, "family_name"),
        ("directory:organisation_list", Organisation, "name"),
        ("directory:affiliation_queue", None, ""),
        ("funding:donor_list", Donor, "name"),
    ],
)
def test_a_nul_in_a_search_box_is_dropped_and_the_search_runs(staff_client, name, model, field):
    factories.MemberStateFactory(country="KE", name="Kenya")
    factories.PersonFactory(given_name="William Lacy", family_name="Swing")
    factories.OrganisationFactory(name="Global Forum on Migration and Development")
    factories.DonorFactory(name="Government of Sweden")
    factories.AffiliationFactory(status=Affiliation.Status.PENDING, decided_at=None)

    response = staff_client.get(reverse(name), {"q": "Sw\x00ing\x01\x1f"})

    assert response.status_code == 200
    assert response.context["search"] == "Swing"


def test_control_characters_are_stripped_from_keys_and_values_but_not_tabs_and_newlines(rf):
    seen = {}

    def view(request):
        seen["GET"], seen["POST"] = request.GET.dict(), request.POST.dict()
        return None

    request = rf.post("/?q=a%00b&n%00ame=x", {"text": "line\r\none\tcolumn\x00\x07\x7f", "rtl": "\u202eabc"})
    hardening.ControlCharacterMiddleware(view)(request)

    assert seen == {"GET": {"q": "ab", "name": "x"}, "POST": {"text": "line\r\none\tcolumn", "rtl": "\u202eabc"}}


def test_a_nul_in_the_path_is_not_found_and_in_a_json_body_is_refused(client, db):
    in_path = client.get("/workshops/a%00b/")
    in_api_path = client.get("/api/v1/workshops/a%00b/")
    in_json = client.post("/api/v1/me/registrations/", '{"workshop": "a\\u0000b"}', content_type="application/json")

    assert in_path.status_code == 404
    assert (in_api_path.status_code, in_api_path.json()) == (404, {"detail": "Not found."})
    assert (in_json.status_code, in_json.json()) == (
        400,
        {"non_field_errors": ["A text value holds a control character (such as NUL)."]},
    )


@pytest.mark.parametrize(
    "body",
    ["[" * 100_000 + "]" * 100_000, '{"a":' * 50_000 + "1" + "}" * 50_000, "[" * 65 + "]" * 65],
    ids=["array 100,000 deep", "object 50,000 deep", "array 65 deep"],
)
@pytest.mark.parametrize("address", ["/", "/accounts/login/", "/api/v1/registrations/"])
def test_a_json_body_nesting_too_deep_is_refused_on_any_address(client, db, body, address):
    response = client.post(address, body, content_type="application/json")

    assert (response.status_code, response.json()) == (400, {"non_field_errors": ["The JSON body nests too deeply."]})


def test_a_json_body_as_deep_as_allowed_reaches_the_api(client, db):
    body = '{"workshop": ' + "[" * 63 + "]" * 63 + "}"  # 64 levels with the object

    response = client.post("/api/v1/registrations/", body, content_type="application/json")

    assert response.status_code == 401  # the API's own answer to an anonymous client


# --- Seats beyond the column ----------------------------------------------------------------------


@pytest.mark.parametrize("seats", ["99999999999999999999", "99999999999", "3001"])
def test_seats_beyond_the_bound_are_refused_and_change_nothing(staff_client, workshop, seats):
    response = staff_client.post(reverse("workshops:staff_capacity", args=[workshop.slug]), {"capacity": seats})

    workshop.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, reverse("workshops:staff_queue", args=[workshop.slug]))
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Enter the number of seats."]
    assert workshop.capacity == 30
    assert CapacityForm(data={"capacity": seats}).errors == {
        "capacity": ["Ensure this value is less than or equal to 3000."]
    }


def test_three_thousand_seats_are_accepted(staff_client, workshop):
    staff_client.post(reverse("workshops:staff_capacity", args=[workshop.slug]), {"capacity": "3000"})

    workshop.refresh_from_db()
    assert workshop.capacity == 3000


def test_the_workshop_form_bounds_its_seats_by_the_domain(workshop):
    from workshops.forms import WorkshopForm

    form = WorkshopForm(instance=workshop)

    assert (form.fields["capacity"].max_value, form.fields["capacity"].min_value) == (3000, 0)
    assert 'max="3000"' in str(form["capacity"])


# --- Money beyond the USD column -----------------------------------------------------------------


def test_a_contribution_too_large_for_the_usd_column_is_a_form_error(staff_client):
    year = factories_year()
    donor = factories.DonorFactory(name="Government of Sweden")
    data = {
        "donor": donor.pk,
        "year": year.pk,
        "workshop": "",
        "cost_line": "",
        "stage": "pledge",
        "amount": "9999999999999",
        "currency": "USD",
        "usd_rate": "",
        "pledged_on": "2010-05-03",
        "committed_on": "",
        "agreement_reference": "",
        "note": "",
    }

    response = staff_client.post(reverse("funding:contribution_create"), data)

    assert response.status_code == 200
    assert _form_errors(response) == {
        "__all__": ["Amount in USD would be 9999999999999.00: more than 12 digits before the decimal point."]
    }
    assert (Contribution.objects.count(), AuditEntry.objects.count()) == (0, 0)


def factories_year():
    from workshops.models import DialogueYear

    return DialogueYear.objects.create(year=2010, theme="Migration and social change", is_current=True)


def test_check_columns_names_every_value_that_does_not_fit(workshop):
    workshop.capacity = 2**31
    workshop.start_date = date(1, 1, 1)
    workshop.title = "x" * 1000

    with pytest.raises(ValidationError) as refused:
        workshop.save()

    assert refused.value.message_dict == {
        "capacity": ["Seats would be 2147483648: it must be between 0 and 2147483647."],
        "start_date": ["First day: " + DATE_RANGE],
        "title": ["Title is longer than 300 characters."],
    }
    assert Workshop.objects.get(pk=workshop.pk).capacity == 30


# --- Year 1 on an agenda item ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("starts_at", "ends_at", "errors"),
    [
        ("0001-01-01T10:00", "0001-01-01T11:00", {"starts_at": [DATE_RANGE], "ends_at": [DATE_RANGE]}),
        ("9999-12-31T10:00", "9999-12-31T11:00", {"starts_at": [DATE_RANGE], "ends_at": [DATE_RANGE]}),
        ("1899-12-31T10:00", "2010-03-09T11:00", {"starts_at": [DATE_RANGE]}),
    ],
)
def test_an_agenda_item_out_of_the_date_range_is_refused_and_pages_stay_up(
    staff_client, client, workshop, starts_at, ends_at, errors
):
    data = {"starts_at": starts_at, "ends_at": ends_at, "kind": AgendaItem.Kind.SESSION, "title": "Session I"}

    response = staff_client.post(reverse("workshops:staff_agenda_item_create", args=[workshop.slug]), data)
    public = client.get(reverse("workshops:detail", args=[workshop.slug]))
    agenda = staff_client.get(reverse("workshops:staff_agenda", args=[workshop.slug]))

    assert response.status_code == 200
    assert _form_errors(response) == errors
    assert AgendaItem.objects.count() == 0
    assert (public.status_code, heading(public)) == (200, workshop.title)
    assert (agenda.status_code, heading(agenda)) == (200, workshop.title)  # the staff pages of the workshop


def test_date_inputs_say_their_range():
    form = AgendaItemForm()

    assert 'min="1900-01-01T00:00" max="2100-12-31T23:59"' in str(form["starts_at"])


def test_the_last_day_of_2100_is_accepted_and_the_first_of_2101_is_not():
    field = AgendaItemForm().fields["starts_at"]

    assert field.clean("2100-12-31T23:59").date() == date(2100, 12, 31)
    with pytest.raises(ValidationError) as refused:
        field.clean("2101-01-01T00:00")
    assert refused.value.messages == [DATE_RANGE]


# --- The mechanism covers forms it has never seen -------------------------------------------------


def test_a_form_added_later_is_bounded_without_being_edited():
    from django import forms

    class LaterForm(forms.Form):
        __module__ = "workshops.forms_added_later"
        seats = forms.IntegerField()
        amount = forms.DecimalField()
        name = forms.CharField()
        when = forms.DateField()

    form = LaterForm(data={"seats": str(10**20), "amount": "9" * 20, "name": "n" * 1001, "when": "0001-01-01"})

    assert form.errors == {
        "seats": ["Ensure this value is less than or equal to 2147483647."],
        "amount": ["Ensure that there are no more than 16 digits in total."],
        "name": ["Ensure this value has at most 1000 characters (it has 1001)."],
        "when": [DATE_RANGE],
    }


def test_api_serializers_bound_dates_and_integers():
    from rest_framework import serializers

    class Later(serializers.Serializer):
        number = serializers.IntegerField()
        day = serializers.DateField()
        at = serializers.DateTimeField()

    checked = Later(data={"number": 10**20, "day": "0001-01-01", "at": "9999-12-31T10:00:00Z"})

    assert checked.is_valid() is False
    assert {field: [str(e) for e in errors] for field, errors in checked.errors.items()} == {
        "number": ["Ensure this value is less than or equal to 2147483647."],
        "day": [DATE_RANGE],
        "at": [DATE_RANGE],
    }
