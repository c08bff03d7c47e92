from django.urls import path

from . import views_delegate, views_staff

app_name = "documents"

urlpatterns = [
    path("documents/jobs/<int:pk>/", views_delegate.JobView.as_view(), name="job"),
    path("documents/jobs/<int:pk>/status/", views_delegate.JobStatusView.as_view(), name="job_status"),
    path("documents/jobs/<int:pk>/download/", views_delegate.JobDownloadView.as_view(), name="download"),
    path("documents/jobs/<int:pk>/retry/", views_delegate.JobRetryView.as_view(), name="retry"),
    path("documents/<slug:kind>/<int:pk>/", views_delegate.DocumentListView.as_view(), name="list"),
    path("documents/<slug:kind>/<int:pk>/generate/", views_delegate.DocumentRequestView.as_view(), name="generate"),
    path("staff/documents/", views_staff.JobListView.as_view(), name="job_list"),
    path("staff/documents/badges/<int:pk>/reprint/", views_staff.BadgeReprintView.as_view(), name="badge_reprint"),
    path("staff/documents/workshops/<int:pk>/outcomes/", views_staff.OutcomesEditView.as_view(), name="outcomes_edit"),
    path("staff/documents/notes/", views_staff.NoteListView.as_view(), name="note_list"),
    path("staff/documents/notes/new/", views_staff.NoteCreateView.as_view(), name="note_create"),
    path("staff/documents/notes/<int:pk>/", views_staff.NoteEditView.as_view(), name="note_edit"),
    path("staff/documents/notes/<int:pk>/redraft/", views_staff.NoteRedraftView.as_view(), name="note_redraft"),
    path("staff/documents/notes/<int:pk>/issue/", views_staff.NoteIssueView.as_view(), name="note_issue"),
]
