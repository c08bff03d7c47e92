from django.urls import path

from . import views_delegate, views_staff

app_name = "directory"

urlpatterns = [
    path("account/profile/", views_delegate.ProfileView.as_view(), name="profile"),
    path("account/affiliation/", views_delegate.AffiliationRequestView.as_view(), name="affiliation_request"),
    path(
        "account/affiliation/<int:pk>/withdraw/",
        views_delegate.AffiliationWithdrawView.as_view(),
        name="affiliation_withdraw",
    ),
    path("staff/directory/states/", views_staff.MemberStateListView.as_view(), name="state_list"),
    path("staff/directory/states/new/", views_staff.MemberStateCreateView.as_view(), name="state_create"),
    path("staff/directory/states/<int:pk>/", views_staff.MemberStateUpdateView.as_view(), name="state_edit"),
    path("staff/directory/organisations/", views_staff.OrganisationListView.as_view(), name="organisation_list"),
    path(
        "staff/directory/organisations/new/", views_staff.OrganisationCreateView.as_view(), name="organisation_create"
    ),
    path(
        "staff/directory/organisations/<int:pk>/",
        views_staff.OrganisationUpdateView.as_view(),
        name="organisation_edit",
    ),
    path("staff/directory/people/", views_staff.PersonListView.as_view(), name="person_list"),
    path("staff/directory/people/new/", views_staff.PersonCreateView.as_view(), name="person_create"),
    path("staff/directory/people/<int:pk>/", views_staff.PersonUpdateView.as_view(), name="person_edit"),
    path("staff/directory/people/<int:pk>/photo/", views_staff.PersonPhotoView.as_view(), name="person_photo"),
    path("staff/affiliations/", views_staff.AffiliationQueueView.as_view(), name="affiliation_queue"),
    path("staff/affiliations/<int:pk>/", views_staff.AffiliationDecideView.as_view(), name="affiliation_decide"),
    path(
        "staff/affiliations/<int:pk>/focal-point/", views_staff.FocalPointView.as_view(), name="affiliation_focal_point"
    ),
]
