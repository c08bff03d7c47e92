from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("documents/jobs/<int:pk>/", views.JobView.as_view(), name="job"),
    path("documents/jobs/<int:pk>/status/", views.JobStatusView.as_view(), name="job_status"),
    path("documents/jobs/<int:pk>/download/", views.JobDownloadView.as_view(), name="download"),
    path("documents/jobs/<int:pk>/retry/", views.JobRetryView.as_view(), name="retry"),
    path("documents/<slug:kind>/<int:pk>/", views.DocumentListView.as_view(), name="list"),
    path("documents/<slug:kind>/<int:pk>/generate/", views.DocumentRequestView.as_view(), name="generate"),
    path("staff/documents/", views.JobListView.as_view(), name="job_list"),
    path("staff/documents/workshops/<int:pk>/outcomes/", views.OutcomesEditView.as_view(), name="outcomes_edit"),
    path("staff/documents/notes/", views.NoteListView.as_view(), name="note_list"),
    path("staff/documents/notes/new/", views.NoteCreateView.as_view(), name="note_create"),
    path("staff/documents/notes/<int:pk>/", views.NoteEditView.as_view(), name="note_edit"),
    path("staff/documents/notes/<int:pk>/redraft/", views.NoteRedraftView.as_view(), name="note_redraft"),
    path("staff/documents/notes/<int:pk>/issue/", views.NoteIssueView.as_view(), name="note_issue"),
]
