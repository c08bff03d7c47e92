from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("account/profile/", views.ProfileView.as_view(), name="profile"),
    path("account/affiliation/", views.AffiliationRequestView.as_view(), name="affiliation_request"),
    path(
        "account/affiliation/<int:pk>/withdraw/", views.AffiliationWithdrawView.as_view(), name="affiliation_withdraw"
    ),
    path("staff/directory/states/", views.MemberStateListView.as_view(), name="state_list"),
    path("staff/directory/states/new/", views.MemberStateCreateView.as_view(), name="state_create"),
    path("staff/directory/states/<int:pk>/", views.MemberStateUpdateView.as_view(), name="state_edit"),
    path("staff/directory/organisations/", views.OrganisationListView.as_view(), name="organisation_list"),
    path("staff/directory/organisations/new/", views.OrganisationCreateView.as_view(), name="organisation_create"),
    path("staff/directory/organisations/<int:pk>/", views.OrganisationUpdateView.as_view(), name="organisation_edit"),
    path("staff/directory/people/", views.PersonListView.as_view(), name="person_list"),
    path("staff/directory/people/new/", views.PersonCreateView.as_view(), name="person_create"),
    path("staff/directory/people/<int:pk>/", views.PersonUpdateView.as_view(), name="person_edit"),
    path("staff/affiliations/", views.AffiliationQueueView.as_view(), name="affiliation_queue"),
    path("staff/affiliations/<int:pk>/", views.AffiliationDecideView.as_view(), name="affiliation_decide"),
    path("staff/affiliations/<int:pk>/focal-point/", views.FocalPointView.as_view(), name="affiliation_focal_point"),
]
