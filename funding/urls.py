from django.urls import path

from . import views

app_name = "funding"

urlpatterns = [
    # Secretariat
    path("staff/funding/", views.OverviewView.as_view(), name="overview"),
    path("staff/funding/<int:year>/", views.YearDashboardView.as_view(), name="year"),
    path("staff/funding/<int:year>/iati.xml", views.YearIatiView.as_view(), name="year_iati"),
    path("staff/funding/history/", views.AuditView.as_view(), name="audit"),
    path("staff/funding/workshops/<int:pk>/", views.WorkshopFundingView.as_view(), name="workshop"),
    path("staff/funding/workshops/<int:pk>/budget/", views.BudgetView.as_view(), name="budget"),
    path(
        "staff/funding/workshops/<int:pk>/allocations/new/",
        views.AllocationCreateView.as_view(),
        name="allocation_create",
    ),
    path("staff/funding/workshops/<int:pk>/confirm/", views.ConfirmEarlyView.as_view(), name="confirm_early"),
    path(
        "staff/funding/workshops/<int:pk>/confirm/withdraw/",
        views.WithdrawConfirmationView.as_view(),
        name="withdraw_confirmation",
    ),
    path("staff/funding/allocations/<int:pk>/", views.AllocationEditView.as_view(), name="allocation_edit"),
    path("staff/funding/allocations/<int:pk>/delete/", views.AllocationDeleteView.as_view(), name="allocation_delete"),
    path("staff/funding/donors/", views.DonorListView.as_view(), name="donor_list"),
    path("staff/funding/donors/new/", views.DonorCreateView.as_view(), name="donor_create"),
    path("staff/funding/donors/<int:pk>/", views.DonorDetailView.as_view(), name="donor_detail"),
    path("staff/funding/donors/<int:pk>/edit/", views.DonorEditView.as_view(), name="donor_edit"),
    path("staff/funding/donors/<int:pk>/delete/", views.DonorDeleteView.as_view(), name="donor_delete"),
    path("staff/funding/donors/<int:pk>/contacts/", views.DonorContactAddView.as_view(), name="donor_contact_add"),
    path(
        "staff/funding/contacts/<int:pk>/remove/",
        views.DonorContactRemoveView.as_view(),
        name="donor_contact_remove",
    ),
    path("staff/funding/contributions/new/", views.ContributionCreateView.as_view(), name="contribution_create"),
    path("staff/funding/contributions/<int:pk>/", views.ContributionDetailView.as_view(), name="contribution_detail"),
    path("staff/funding/contributions/<int:pk>/edit/", views.ContributionEditView.as_view(), name="contribution_edit"),
    path(
        "staff/funding/contributions/<int:pk>/commit/",
        views.ContributionCommitView.as_view(),
        name="contribution_commit",
    ),
    path(
        "staff/funding/contributions/<int:pk>/delete/",
        views.ContributionDeleteView.as_view(),
        name="contribution_delete",
    ),
    path(
        "staff/funding/contributions/<int:pk>/payments/new/",
        views.PaymentCreateView.as_view(),
        name="payment_create",
    ),
    path("staff/funding/payments/<int:pk>/", views.PaymentEditView.as_view(), name="payment_edit"),
    path("staff/funding/payments/<int:pk>/delete/", views.PaymentDeleteView.as_view(), name="payment_delete"),
    # Donor portal
    path("donor/", views.DonorPortalView.as_view(), name="donor_portal"),
    path("donor/contributions/<int:pk>/", views.DonorContributionView.as_view(), name="donor_contribution"),
    path("donor/iati/<int:year>.xml", views.DonorIatiView.as_view(), name="donor_iati"),
]
