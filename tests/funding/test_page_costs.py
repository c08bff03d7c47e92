"""The funding pages cost the same with ten times the data: figures summed by the database, equal to
what the Python rule sums; 50 rows a page; the audit history counted only some pages ahead."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from funding import pagination
from funding.models import AuditEntry, Contribution
from funding.queries import paid_usd, stage_sums, with_paid
from funding.queries.sums import year_line_sums
from tests.factories import DonorFactory, make_donor_contact

from .factories import bulk_contributions, contribution, pay, staff

D = Decimal
Stage = Contribution.Stage
pytestmark = pytest.mark.django_db


def test_the_database_sums_what_the_python_rule_sums(workshop, other_workshop, sweden):
    """Partial payments at rates that round (half up), full payments, pledges and programme money."""
    rounding = contribution(donor=sweden, workshop=workshop, amount="333.335", currency="KWD", rate="5")
    pay(rounding, "0.001")  # 0.005 USD: half up to 0.01
    half = contribution(donor=sweden, workshop=other_workshop, amount="1000", currency="EUR", rate="1.23456789")
    pay(half, "500.5")
    full = contribution(donor=sweden, year=workshop.year, amount="250", currency="CHF", rate="1.1")
    pay(full, "250")
    contribution(donor=sweden, workshop=workshop, amount="700", stage=Stage.PLEDGE)
    contribution(donor=sweden, year=workshop.year, amount="90")

    sums = stage_sums(Contribution.objects.all(), "year_id")[workshop.year_id]

    everything = list(with_paid(Contribution.objects.all()))
    counted = [c for c in everything if c.counts]
    assert (sums.pledged, sums.committed, sums.paid, sums.programme) == (
        sum((c.usd_amount for c in everything if not c.counts), D(0)),
        sum((c.usd_amount for c in counted), D(0)),
        sum((paid_usd(c) for c in counted), D(0)),
        sum((c.usd_amount for c in counted if c.workshop_id is None), D(0)),
    )
    assert (sums.pledged, sums.committed, sums.paid, sums.programme) == (
        D("700.00"),
        D("3266.25"),
        D("892.91"),
        D("365.00"),
    )
    by_line = stage_sums(Contribution.objects.filter(year=workshop.year), "workshop_id", "cost_line")
    assert year_line_sums(workshop.year_id) == by_line  # the SQL compiled once gives the same sums
    assert year_line_sums(workshop.year_id + 1000) == {}  # and another year's, not the first one's
    assert {key: sums.paid for key, sums in by_line.items()} == {
        (None, ""): D("275.00"),
        (other_workshop.pk, ""): D("617.90"),
        (workshop.pk, ""): D("0.01"),
    }


@pytest.mark.parametrize("n", [1, 30, 300])
def test_the_year_dashboard_costs_the_same_with_ten_times_the_contributions(
    staff_client, workshop, n, django_assert_num_queries
):
    bulk_contributions(n, donor=DonorFactory(), year=workshop.year, workshop=workshop)

    with django_assert_num_queries(8):
        response = staff_client.get(reverse("funding:year", kwargs={"year": workshop.year.year}))

    totals = response.context["dashboard"].totals
    assert (totals.committed, totals.paid) == (D("1000.00") * n, D("1000.00") * len(range(0, n, 3)))


@pytest.mark.parametrize("n", [1, 30, 300])
def test_the_year_contributions_cost_the_same_with_ten_times_the_contributions(
    staff_client, workshop, n, django_assert_num_queries
):
    bulk_contributions(n, donor=DonorFactory(), year=workshop.year, workshop=workshop)

    with django_assert_num_queries(7):  # the page of 50 and their count, their unspent balances
        response = staff_client.get(reverse("funding:year_contributions", kwargs={"year": workshop.year.year}))

    assert len(response.context["balances"]) == min(n, 50)
    assert response.context["paginator"].count == n
    assert [b.contribution.usd_amount for b in response.context["balances"]] == [D("1000.00")] * min(n, 50)


@pytest.mark.parametrize("n", [1, 30, 300])
def test_the_donor_portal_costs_the_same_with_ten_times_the_contributions(
    client, workshop, sweden, n, django_assert_num_queries
):
    client.force_login(make_donor_contact(email="lars@sweden.example", donor=sweden))
    bulk_contributions(n, donor=sweden, year=workshop.year)
    bulk_contributions(n, donor=DonorFactory(), year=workshop.year)  # another donor's: never counted

    with django_assert_num_queries(11):  # nothing earmarked or spent: no workshop figures
        response = client.get(reverse("funding:donor_portal"))

    (year,) = response.context["portal"].years
    assert (year.committed, year.paid, year.programme) == (
        D("1000.00") * n,
        D("1000.00") * len(range(0, n, 3)),
        D("1000.00") * n,
    )
    assert len(response.context["contributions"]) == min(n, 50)
    assert response.context["paginator"].count == n


def _history(n: int) -> None:
    by = staff()
    now = timezone.now()
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                at=now - timedelta(minutes=i), by=by, action="changed", kind="donor", object_id=i, summary="E%d" % i
            )
            for i in range(n)
        ]
    )


@pytest.mark.parametrize("n", [1, 30, 300])
def test_the_audit_history_costs_the_same_with_ten_times_the_entries(staff_client, n, django_assert_num_queries):
    _history(n)

    with django_assert_num_queries(7):  # the newest entry's id (the kept page's key), then the page built
        response = staff_client.get(reverse("funding:audit"))
    with django_assert_num_queries(2):  # kept: the session with its user, the newest entry's id
        staff_client.get(reverse("funding:audit"))

    assert [e.summary for e in response.context["object_list"]] == ["E%d" % i for i in range(min(n, 50))]


def test_the_history_is_counted_only_some_pages_ahead(staff_client, monkeypatch):
    monkeypatch.setattr(pagination, "PAGES_AHEAD", 2)
    _history(50 * 5 + 1)  # six pages

    first = staff_client.get(reverse("funding:audit"))
    fourth = staff_client.get(reverse("funding:audit"), {"page": 4})
    last = staff_client.get(reverse("funding:audit"), {"page": "last"})

    assert "Page 1 of more than 3" in first.content.decode()
    assert first.context["paginator"].count == 151  # three pages ahead known, one row more: more pages
    assert "Page 4 of 6" in fourth.content.decode()
    assert "Page 6 of 6" in last.content.decode()
    assert [e.summary for e in last.context["object_list"]] == ["E250"]
    assert '<a href="?page=2">Older</a>' in first.content.decode()


def test_the_audit_rows_are_written_as_the_template_wrote_them(staff):
    from django.template.loader import render_to_string

    at = timezone.make_aware(timezone.datetime(2010, 3, 9, 14, 5))
    entries = [
        AuditEntry(
            at=at,
            by=None,
            action="created",
            kind="payment",
            object_id=1,
            summary="Payment <1>",
            after={"amount": "10.500", "reference": ""},
            reason="Sent twice & refunded",
            via="API token “sync”",
        ),
        AuditEntry(
            at=at,
            by=staff,
            action="changed",
            kind="contribution",
            object_id=2,
            summary="Contribution",
            before={"amount": "1.000", "stage": "pledge"},
            after={"amount": "2.000", "stage": "pledge", "note": "x"},
        ),
        AuditEntry(at=at, by=staff, action="deleted", kind="donor", object_id=3, summary="D", before={"name": "A"}),
    ]

    html = render_to_string("funding/includes/audit_table.html", {"entries": entries})

    rows = [" ".join(row.split()) for row in html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]]
    assert rows == [
        '<td>2010-03-09 14:05 CET</td> <td>(system)<br><span class="help">API token “sync”</span></td> '
        '<td><span class="badge badge-audit-created">Created</span> Payment<br>Payment &lt;1&gt;<br>'
        "<em>Reason: Sent twice &amp; refunded</em></td> "
        '<td><dl class="changes"><dt>amount</dt><dd>10.500</dd></dl></td> </tr>',
        "<td>2010-03-09 14:05 CET</td> <td>%s</td> "
        % staff
        + '<td><span class="badge badge-audit-changed">Changed</span> Contribution<br>Contribution</td> '
        '<td><dl class="changes"><dt>amount</dt><dd><del>1.000</del> → <ins>2.000</ins></dd>'
        "<dt>note</dt><dd><del>—</del> → <ins>x</ins></dd></dl></td> </tr>",
        "<td>2010-03-09 14:05 CET</td> <td>%s</td> "
        % staff
        + '<td><span class="badge badge-audit-deleted">Deleted</span> Donor<br>D</td> '
        '<td><dl class="changes"><dt>name</dt><dd><del>A</del></dd></dl></td> </tr>',
    ]


def test_the_dashboard_rows_are_written_as_the_template_wrote_them(staff_client, workshop, sweden):
    money = contribution(donor=sweden, workshop=workshop, amount="20000", currency="EUR", rate="1.5")
    pay(money, "10000")

    html = staff_client.get(reverse("funding:year", kwargs={"year": 2010})).content.decode()
    contributions = staff_client.get(reverse("funding:year_contributions", kwargs={"year": 2010})).content.decode()

    bodies = _tbodies(html)
    workshop_url = reverse("funding:workshop", kwargs={"pk": workshop.pk})
    assert bodies[0] == (
        f'<tr> <th scope="row"><a href="{workshop_url}">Migration and Transnationalism</a><br>'
        '<span class="muted">9 March 2010</span></th> '
        '<td><span class="badge badge-subject_to_funding">Planned, subject to available funding</span></td> '
        '<td class="num">110,000.00</td><td class="num">0.00</td> '
        '<td class="num">30,000.00</td><td class="num">15,000.00</td> '
        '<td class="num">0.00</td><td class="num">80,000.00</td> '
        '<td class="num">0 / 5</td> </tr>'
    )
    donor_url = reverse("funding:donor_detail", kwargs={"pk": sweden.pk})
    assert len(bodies) == 1  # the workshops: budget against actual and the contributions have their own pages
    assert _tbodies(contributions) == [
        (
            f'<tr> <td><a href="{donor_url}">Government of Sweden</a></td> '
            f'<td><a href="{reverse("funding:contribution_detail", kwargs={"pk": money.pk})}">'
            "Migration and Transnationalism</a></td> "
            '<td><span class="badge badge-stage-commitment">Commitment</span> </td> '
            '<td class="num">20,000.00 EUR</td> <td class="num">1.5</td> <td class="num">30,000.00</td> '
            '<td class="num">15,000.00</td> <td class="num">0.00</td><td class="num">30,000.00</td> </tr>'
        )
    ]


def test_the_donor_portal_rows_are_written_as_the_template_wrote_them(client, workshop, sweden):
    client.force_login(make_donor_contact(email="lars@sweden.example", donor=sweden))
    paid = contribution(
        donor=sweden, workshop=workshop, amount="20000", currency="EUR", rate="1.5", agreement_reference="SE-7"
    )
    pay(paid, "5000")
    pay(paid, "2500.5", on=date(2010, 2, 3))
    pledge = contribution(donor=sweden, year=workshop.year, amount="100", stage=Stage.PLEDGE)

    html = client.get(reverse("funding:donor_portal")).content.decode()

    body = _first_tbody(html)
    assert body == (
        f'<tr> <td>2010</td> <td><a href="{reverse("funding:donor_contribution", kwargs={"pk": paid.pk})}">'
        'Migration and Transnationalism</a><br><span class="muted">SE-7</span></td> '
        '<td><span class="badge badge-stage-commitment">Commitment</span> </td> '
        '<td class="num">20,000.00 EUR</td> <td class="num">30,000.00</td> '
        "<td>1 Feb 2010: 5,000.00 EUR<br>3 Feb 2010: 2,500.50 EUR</td> </tr> "
        f'<tr> <td>2010</td> <td><a href="{reverse("funding:donor_contribution", kwargs={"pk": pledge.pk})}">'
        "IDM 2010 programme</a></td> "
        '<td><span class="badge badge-stage-pledge">Pledge</span> </td> '
        '<td class="num">100.00 USD</td> <td class="num">100.00</td> <td>—</td> </tr>'
    )


def test_the_actual_rows_are_written_as_the_template_wrote_them(workshop):
    from django.template.loader import render_to_string

    from funding.queries import Actual, LineActual, WorkshopActual, workshop_funding

    figures = workshop_funding(workshop).figures
    rows = [
        WorkshopActual(figures=figures, total=Actual(budget=D("100"), covered=D("50"), spent=D("20"))),
        LineActual(cost_line="venue", budget=D("10"), covered=D("10"), spent=D("25.5")),
    ]

    html = render_to_string("funding/includes/actuals_table.html", {"rows": rows, "first_column": "X"})

    body = _first_tbody(html)
    assert body == (
        f'<tr> <th scope="row"><a href="{reverse("funding:workshop", kwargs={"pk": workshop.pk})}">'
        "Migration and Transnationalism</a></th> "
        '<td class="num">100.00</td><td class="num">50.00</td><td class="num">20.00</td> '
        '<td class="num">30.00</td><td class="num">80.00</td> </tr> '
        '<tr> <th scope="row">Venue</th> '
        '<td class="num">10.00</td><td class="num">10.00</td><td class="num">25.50</td> '
        '<td class="num">0.00</td><td class="num negative">-15.50</td> </tr>'
    )


def _tbodies(html: str) -> list[str]:
    """Each table body of the page, its white space folded."""
    return [" ".join(body.split()) for body in re.findall(r"<tbody>(.*?)</tbody>", html, re.S)]


def _first_tbody(html: str) -> str:
    return _tbodies(html)[0]


def test_the_chart_is_written_as_the_template_wrote_it():
    from django.template.loader import render_to_string

    from funding.queries import bar_chart

    chart = bar_chart(
        "T",
        [
            (
                "Venue & <rooms> " + "x" * 70,
                [("paid", D("10.5")), ("committed", D("0")), ("pledged", D("3"))],
                D("20"),
                "53 %",
            ),
            ("Travel", [], D("0"), "—"),
        ],
    )

    html = render_to_string("funding/includes/chart.html", {"chart": chart, "chart_id": "c"})

    assert html.split("</title>", 1)[1].split("</svg>")[0] == (
        '\n    \n    <g>\n      <text x="0" y="13" font-size="13" fill="#1b1f24">Venue &amp; &lt;rooms&gt; '
        + "x" * 63
        + '…</text>\n      <rect x="0" y="19" width="560" height="18" fill="#f3f6fa" stroke="#d5dbe3"/>\n      \n'
        '      <rect x="0.0" y="19" width="294.0" height="18" fill="#002270"><title>Paid: 10.50 USD</title></rect>\n'
        '      \n      <rect x="294.0" y="19" width="84.0" height="18" fill="#ffffff" stroke="#4f78c9" '
        'stroke-dasharray="4 3"><title>Pledged (not counted): 3.00 USD</title></rect>\n      \n'
        '      <line x1="560.0" x2="560.0" y1="15" y2="41" stroke="#a31621" stroke-width="2">'
        "<title>Budget</title></line>\n"
        '      <text x="568" y="33" font-size="13" font-weight="bold" fill="#002270">53 %</text>\n    </g>\n    \n'
        '    <g>\n      <text x="0" y="59" font-size="13" fill="#1b1f24">Travel</text>\n'
        '      <rect x="0" y="65" width="560" height="18" fill="#f3f6fa" stroke="#d5dbe3"/>\n      \n      \n'
        '      <text x="568" y="79" font-size="13" font-weight="bold" fill="#002270">—</text>\n    </g>\n    \n  '
    )
