"""The audit history's workshop and donor filters search as one types instead of listing every record."""

import re

import pytest
from django.urls import reverse

from funding.models import AuditEntry, Donor
from workshops.models import Workshop

from .factories import WorkshopFactory, staff

pytestmark = pytest.mark.django_db
OPTION = re.compile(r'<option value="(\d*)"[^>]*>([^<]*)</option>')


@pytest.fixture
def staff_client(client):
    client.force_login(staff())
    return client


def _options(html: str, select_id: str) -> list[tuple[str, str]]:
    select = re.search(r'<select[^>]*id="%s"[^>]*>(.*?)</select>' % select_id, html, re.S).group(1)
    return OPTION.findall(select)


def _records(n: int, year) -> None:
    """n donors and workshops, each with an entry in the history (bulk: the 10x case stays quick)."""
    donors = Donor.objects.bulk_create([Donor(name="Donor %03d" % i, kind="government") for i in range(n)])
    workshops = Workshop.objects.bulk_create(
        [WorkshopFactory.build(year=year, title="Workshop %03d" % i, slug="w-%03d" % i) for i in range(n)]
    )
    by = staff()
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(by=by, action="created", kind="donor", object_id=d.pk, summary="Donor", donor=d, workshop=w)
            for d, w in zip(donors, workshops, strict=True)
        ]
    )


@pytest.mark.parametrize("n", [1, 30, 300])
def test_the_audit_page_costs_the_same_whatever_the_workshops_and_donors(
    staff_client, year, n, django_assert_num_queries
):
    _records(n, year)

    with django_assert_num_queries(7):  # the newest entry's id (the kept page's key), then the page built
        response = staff_client.get(reverse("funding:audit"))

    html = response.content.decode()
    assert len(_options(html, "id_workshop")) == 1 + min(n, 20)
    assert len(_options(html, "id_donor")) == 1 + min(n, 20)
    assert len(response.context["object_list"]) == min(50, AuditEntry.objects.count())


def test_typing_in_the_search_box_offers_the_matching_workshops(staff_client, year):
    WorkshopFactory(year=year, title="Migration and Transnationalism")
    WorkshopFactory(year=year, title="Societies and Identities")

    response = staff_client.get(reverse("funding:audit_filter_options"), {"workshop_search": "transnational"})
    donors = staff_client.get(reverse("funding:audit_filter_options"), {"donor_search": "nobody"})

    assert OPTION.findall(response.content.decode())[1:] == [
        (str(w.pk), str(w)) for w in year.workshops.filter(title="Migration and Transnationalism")
    ]
    assert OPTION.findall(donors.content.decode()) == [("", "All donors")]


def test_a_workshop_beyond_the_offered_ones_still_filters_and_stays_chosen(staff_client, year):
    _records(25, year)
    oldest = year.workshops.order_by("start_date", "pk").first()
    oldest.start_date = oldest.start_date.replace(year=2001)
    oldest.save()

    response = staff_client.get(reverse("funding:audit"), {"workshop": oldest.pk})

    assert (str(oldest.pk), str(oldest)) in _options(response.content.decode(), "id_workshop")
    assert {entry.workshop_id for entry in response.context["object_list"]} == {oldest.pk}


def test_a_search_without_script_narrows_the_list_on_submit(staff_client, year):
    _records(3, year)
    WorkshopFactory(year=year, title="Migration and Transnationalism")

    response = staff_client.get(reverse("funding:audit"), {"workshop_search": "Transnationalism"})

    assert [label for _value, label in _options(response.content.decode(), "id_workshop")][1:] == [
        str(year.workshops.get(title="Migration and Transnationalism"))
    ]


@pytest.mark.parametrize(
    ("data", "donor_search"),
    [
        ({}, '<input type="search" name="donor_search" autocomplete="off"'),
        (
            {"donor_search": "\"<Sweden & 'co'>", "workshop_search": "Migration", "kind": "payment", "year": "x"},
            '<input type="search" name="donor_search" value="&quot;&lt;Sweden &amp; &#x27;co&#x27;&gt;" autocomplete',
        ),
    ],
)
def test_the_filters_are_written_as_django_writes_them(year, data, donor_search):
    from django.forms.renderers import DjangoTemplates

    from funding.forms import AuditFilterForm

    _records(3, year)
    form = AuditFilterForm(data or None)
    ours = [(field.label_tag(), str(field)) for field in form]
    form.renderer = DjangoTemplates()

    assert ours == [(field.label_tag(), str(field)) for field in form]
    assert ours[1][0] == '<label for="id_donor_search">Find a donor:</label>'
    assert ours[1][1].startswith(donor_search)


def test_the_year_filter_offers_every_year(staff_client, year):
    html = staff_client.get(reverse("funding:audit")).content.decode()

    assert _options(html, "id_year") == [("", "All years")] + [(str(y.pk), str(y)) for y in type(year).objects.all()]


def test_before_a_search_the_lists_offer_the_most_recent_workshops_and_the_first_donors(staff_client, year):
    _records(25, year)
    Workshop.objects.filter(title="Workshop 007").update(
        start_date="2030-01-01", end_date="2030-01-02", title_fr="Atelier sept"
    )

    html = staff_client.get(reverse("funding:audit"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    workshops = Workshop.objects.order_by("-start_date", "pk")[:20]
    assert _options(html, "id_workshop")[1:3] == [
        (str(workshops[0].pk), "Atelier sept"),
        (str(workshops[1].pk), str(workshops[1])),
    ]
    assert _options(html, "id_workshop")[1:] == [(str(w.pk), w.title_fr or w.title) for w in workshops]
    assert _options(html, "id_donor")[1:] == [(str(d.pk), d.name) for d in Donor.objects.order_by("name", "pk")[:20]]
