from django.urls import path

from . import views

app_name = "sessions_council"

urlpatterns = [
    # Public
    path("council/", views.SessionListView.as_view(), name="session_list"),
    path("council/<int:number>/", views.SessionDetailView.as_view(), name="session_detail"),
    path("council/presentations/<int:pk>/", views.presentation_download, name="presentation_download"),
    path("speakers/", views.SpeakerListView.as_view(), name="speaker_list"),
    path("speakers/<int:pk>/", views.SpeakerDetailView.as_view(), name="speaker_detail"),
    path("speakers/<int:pk>/photo/", views.speaker_photo, name="speaker_photo"),
    # A speaker's own presentations
    path("council/my-presentations/", views.MyPresentationsView.as_view(), name="my_presentations"),
    path(
        "council/participations/<int:pk>/presentation/",
        views.MyPresentationUploadView.as_view(),
        name="my_presentation_upload",
    ),
    # Secretariat
    path("staff/council/", views.StaffSessionListView.as_view(), name="staff_session_list"),
    path("staff/council/new/", views.SessionCreateView.as_view(), name="session_create"),
    path("staff/council/missing/", views.MissingPresentationsView.as_view(), name="presentations_missing"),
    path("staff/council/<int:pk>/", views.StaffSessionView.as_view(), name="staff_session"),
    path("staff/council/<int:pk>/edit/", views.SessionUpdateView.as_view(), name="session_edit"),
    path("staff/council/<int:pk>/panels/new/", views.PanelCreateView.as_view(), name="panel_create"),
    path("staff/council/panels/<int:pk>/", views.PanelUpdateView.as_view(), name="panel_edit"),
    path(
        "staff/council/panels/<int:pk>/speakers/new/",
        views.ParticipationCreateView.as_view(),
        name="participation_create",
    ),
    path("staff/council/speakers/<int:pk>/", views.ParticipationUpdateView.as_view(), name="participation_edit"),
    path("staff/council/speakers/<int:pk>/move/", views.ParticipationMoveView.as_view(), name="participation_move"),
    path(
        "staff/council/speakers/<int:pk>/remove/", views.ParticipationDeleteView.as_view(), name="participation_delete"
    ),
    path(
        "staff/council/speakers/<int:pk>/presentation/",
        views.PresentationUploadView.as_view(),
        name="presentation_upload",
    ),
    path("staff/council/people/<int:pk>/", views.SpeakerEditView.as_view(), name="speaker_edit"),
]
