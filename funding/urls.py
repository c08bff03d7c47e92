from django.urls import path

from . import views_audit, views_delegate, views_donors, views_expenditures, views_staff

app_name = "funding"
# Every address here begins with one of these: the portal's URLconf tries these patterns only for such
# an address (idm_portal/urls.py, under_its_prefixes).
PREFIXES = ("donor/", "staff/funding/")

# The donor portal first: Django tries the patterns in order, and a donor's pages need not try the
# secretariat's 33 before theirs (no two patterns here match the same address).
urlpatterns = [
    # Donor portal
    path("donor/", views_delegate.DonorPortalView.as_view(), name="donor_portal"),
    path("donor/contributions/<int:pk>/", views_delegate.DonorContributionView.as_view(), name="donor_contribution"),
    path("donor/iati/<int:year>.xml", views_delegate.DonorIatiView.as_view(), name="donor_iati"),
    # Secretariat
    path("staff/funding/", views_staff.OverviewView.as_view(), name="overview"),
    path("staff/funding/<int:year>/", views_staff.YearDashboardView.as_view(), name="year"),
    path("staff/funding/<int:year>/actuals/", views_staff.YearActualsView.as_view(), name="year_actuals"),
    path(
        "staff/funding/<int:year>/contributions/",
        views_staff.YearContributionsView.as_view(),
        name="year_contributions",
    ),
    path("staff/funding/<int:year>/iati.xml", views_staff.YearIatiView.as_view(), name="year_iati"),
    path("staff/funding/history/", views_audit.AuditView.as_view(), name="audit"),
    path("staff/funding/history/options/", views_audit.AuditFilterOptionsView.as_view(), name="audit_filter_options"),
    path("staff/funding/workshops/<int:pk>/", views_staff.WorkshopFundingView.as_view(), name="workshop"),
    path("staff/funding/workshops/<int:pk>/budget/", views_staff.BudgetView.as_view(), name="budget"),
    path(
        "staff/funding/workshops/<int:pk>/allocations/new/",
        views_staff.AllocationCreateView.as_view(),
        name="allocation_create",
    ),
    path("staff/funding/workshops/<int:pk>/confirm/", views_staff.ConfirmEarlyView.as_view(), name="confirm_early"),
    path(
        "staff/funding/workshops/<int:pk>/confirm/withdraw/",
        views_staff.WithdrawConfirmationView.as_view(),
        name="withdraw_confirmation",
    ),
    path("staff/funding/allocations/<int:pk>/", views_staff.AllocationEditView.as_view(), name="allocation_edit"),
    path(
        "staff/funding/allocations/<int:pk>/delete/",
        views_staff.AllocationDeleteView.as_view(),
        name="allocation_delete",
    ),
    path("staff/funding/expenditures/", views_expenditures.ExpenditureListView.as_view(), name="expenditure_list"),
    path(
        "staff/funding/workshops/<int:pk>/expenditures/new/",
        views_expenditures.ExpenditureCreateView.as_view(),
        name="expenditure_create",
    ),
    path(
        "staff/funding/expenditures/<int:pk>/",
        views_expenditures.ExpenditureCorrectView.as_view(),
        name="expenditure_edit",
    ),
    path(
        "staff/funding/expenditures/<int:pk>/reverse/",
        views_expenditures.ExpenditureReverseView.as_view(),
        name="expenditure_reverse",
    ),
    path("staff/funding/donors/", views_donors.DonorListView.as_view(), name="donor_list"),
    path("staff/funding/donors/new/", views_donors.DonorCreateView.as_view(), name="donor_create"),
    path("staff/funding/donors/<int:pk>/", views_donors.DonorDetailView.as_view(), name="donor_detail"),
    path("staff/funding/donors/<int:pk>/edit/", views_donors.DonorEditView.as_view(), name="donor_edit"),
    path("staff/funding/donors/<int:pk>/delete/", views_donors.DonorDeleteView.as_view(), name="donor_delete"),
    path(
        "staff/funding/donors/<int:pk>/contacts/", views_donors.DonorContactAddView.as_view(), name="donor_contact_add"
    ),
    path(
        "staff/funding/contacts/<int:pk>/remove/",
        views_donors.DonorContactRemoveView.as_view(),
        name="donor_contact_remove",
    ),
    path("staff/funding/contributions/new/", views_staff.ContributionCreateView.as_view(), name="contribution_create"),
    path(
        "staff/funding/contributions/<int:pk>/",
        views_staff.ContributionDetailView.as_view(),
        name="contribution_detail",
    ),
    path(
        "staff/funding/contributions/<int:pk>/edit/",
        views_staff.ContributionEditView.as_view(),
        name="contribution_edit",
    ),
    path(
        "staff/funding/contributions/<int:pk>/commit/",
        views_staff.ContributionCommitView.as_view(),
        name="contribution_commit",
    ),
    path(
        "staff/funding/contributions/<int:pk>/delete/",
        views_staff.ContributionDeleteView.as_view(),
        name="contribution_delete",
    ),
    path(
        "staff/funding/contributions/<int:pk>/payments/new/",
        views_staff.PaymentCreateView.as_view(),
        name="payment_create",
    ),
    path("staff/funding/payments/<int:pk>/", views_staff.PaymentEditView.as_view(), name="payment_edit"),
    path("staff/funding/payments/<int:pk>/delete/", views_staff.PaymentDeleteView.as_view(), name="payment_delete"),
]
