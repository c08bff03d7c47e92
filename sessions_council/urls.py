from django.urls import path

from . import views_delegate, views_public, views_staff

app_name = "sessions_council"

urlpatterns = [
    # Public
    path("council/", views_public.SessionListView.as_view(), name="session_list"),
    path("council/<int:number>/", views_public.SessionDetailView.as_view(), name="session_detail"),
    path("council/presentations/<int:pk>/", views_public.presentation_download, name="presentation_download"),
    path("speakers/", views_public.SpeakerListView.as_view(), name="speaker_list"),
    path("speakers/<int:pk>/", views_public.SpeakerDetailView.as_view(), name="speaker_detail"),
    path("speakers/<int:pk>/photo/", views_public.speaker_photo, name="speaker_photo"),
    # A speaker's own presentations
    path("council/my-presentations/", views_delegate.MyPresentationsView.as_view(), name="my_presentations"),
    path(
        "council/participations/<int:pk>/presentation/",
        views_delegate.MyPresentationUploadView.as_view(),
        name="my_presentation_upload",
    ),
    # Secretariat
    path("staff/council/", views_staff.StaffSessionListView.as_view(), name="staff_session_list"),
    path("staff/council/new/", views_staff.SessionCreateView.as_view(), name="session_create"),
    path("staff/council/missing/", views_staff.MissingPresentationsView.as_view(), name="presentations_missing"),
    path("staff/council/<int:pk>/", views_staff.StaffSessionView.as_view(), name="staff_session"),
    path("staff/council/<int:pk>/edit/", views_staff.SessionUpdateView.as_view(), name="session_edit"),
    path("staff/council/<int:pk>/panels/new/", views_staff.PanelCreateView.as_view(), name="panel_create"),
    path("staff/council/panels/<int:pk>/", views_staff.PanelUpdateView.as_view(), name="panel_edit"),
    path(
        "staff/council/panels/<int:pk>/speakers/new/",
        views_staff.ParticipationCreateView.as_view(),
        name="participation_create",
    ),
    path("staff/council/speakers/<int:pk>/", views_staff.ParticipationUpdateView.as_view(), name="participation_edit"),
    path(
        "staff/council/speakers/<int:pk>/move/", views_staff.ParticipationMoveView.as_view(), name="participation_move"
    ),
    path(
        "staff/council/speakers/<int:pk>/remove/",
        views_staff.ParticipationDeleteView.as_view(),
        name="participation_delete",
    ),
    path(
        "staff/council/speakers/<int:pk>/presentation/",
        views_staff.PresentationUploadView.as_view(),
        name="presentation_upload",
    ),
    path("staff/council/people/<int:pk>/", views_staff.SpeakerEditView.as_view(), name="speaker_edit"),
]
