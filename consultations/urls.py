from django.urls import path

from . import views_delegate, views_public, views_staff

app_name = "consultations"

urlpatterns = [
    # Public and focal points
    path("consultations/", views_public.ConsultationListView.as_view(), name="list"),
    path("consultations/<int:pk>/results/", views_public.ResultsView.as_view(), name="results"),
    path("consultations/<int:pk>/ballot/", views_delegate.BallotView.as_view(), name="ballot"),
    # Secretariat
    path("staff/consultations/", views_staff.StaffListView.as_view(), name="staff_list"),
    path("staff/consultations/new/", views_staff.ConsultationCreateView.as_view(), name="staff_create"),
    path("staff/consultations/<int:pk>/", views_staff.StaffDetailView.as_view(), name="staff_detail"),
    path("staff/consultations/<int:pk>/edit/", views_staff.ConsultationUpdateView.as_view(), name="staff_edit"),
    path(
        "staff/consultations/<int:pk>/meetings/new/",
        views_staff.MeetingFormView.as_view(),
        name="staff_meeting_create",
    ),
    path(
        "staff/consultations/meetings/<int:pk>/",
        views_staff.MeetingFormView.as_view(editing=True),
        name="staff_meeting_edit",
    ),
    path(
        "staff/consultations/meetings/<int:pk>/delete/",
        views_staff.MeetingDeleteView.as_view(),
        name="staff_meeting_delete",
    ),
    path("staff/consultations/<int:pk>/themes/new/", views_staff.ThemeFormView.as_view(), name="staff_theme_create"),
    path(
        "staff/consultations/themes/<int:pk>/",
        views_staff.ThemeFormView.as_view(editing=True),
        name="staff_theme_edit",
    ),
    path(
        "staff/consultations/themes/<int:pk>/delete/",
        views_staff.ThemeDeleteView.as_view(),
        name="staff_theme_delete",
    ),
    path("staff/consultations/<int:pk>/topics/new/", views_staff.TopicFormView.as_view(), name="staff_topic_create"),
    path(
        "staff/consultations/topics/<int:pk>/",
        views_staff.TopicFormView.as_view(editing=True),
        name="staff_topic_edit",
    ),
    path(
        "staff/consultations/topics/<int:pk>/delete/",
        views_staff.TopicDeleteView.as_view(),
        name="staff_topic_delete",
    ),
    path("staff/consultations/<int:pk>/open/", views_staff.OpenView.as_view(), name="staff_open"),
    path("staff/consultations/<int:pk>/close/", views_staff.CloseView.as_view(), name="staff_close"),
    path("staff/consultations/<int:pk>/remind/", views_staff.RemindView.as_view(), name="staff_remind"),
    path("staff/consultations/<int:pk>/tally/", views_staff.TallyView.as_view(), name="staff_tally"),
    path("staff/consultations/<int:pk>/adopt/", views_staff.AdoptView.as_view(), name="staff_adopt"),
]
