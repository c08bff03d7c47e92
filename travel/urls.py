from django.urls import path, re_path

from . import views, views_staff

app_name = "travel"

urlpatterns = [
    # Travellers and focal points
    path("my/travel/", views.MyTravelView.as_view(), name="my_travel"),
    path("my/travel/<int:pk>/", views.TravelFileView.as_view(), name="file"),
    path("my/travel/<int:pk>/attachments/", views.AttachmentUploadView.as_view(), name="attachment_upload"),
    path("my/travel/attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment"),
    # Secretariat
    path("staff/travel/", views_staff.DeskIndexView.as_view(), name="desk_index"),
    path("staff/travel/workshops/<slug:slug>/", views_staff.DeskView.as_view(), name="desk"),
    re_path(
        r"^staff/travel/workshops/(?P<slug>[-a-zA-Z0-9_]+)/travel\.(?P<format>csv|xlsx)$",
        views_staff.DeskExportView.as_view(),
        name="desk_export",
    ),
    path("staff/travel/files/<int:pk>/", views_staff.StaffFileView.as_view(), name="staff_file"),
    path("staff/travel/files/<int:pk>/<slug:action>/", views_staff.StaffFileActionView.as_view(), name="staff_action"),
    path("staff/travel/dsa-rates/", views_staff.DsaRateListView.as_view(), name="dsa_rates"),
    path("staff/travel/dsa-rates/<int:pk>/", views_staff.DsaRateEditView.as_view(), name="dsa_rate_edit"),
    path("staff/travel/dsa-rates/<int:pk>/delete/", views_staff.DsaRateDeleteView.as_view(), name="dsa_rate_delete"),
    path("staff/travel/history/", views_staff.AuditView.as_view(), name="audit"),
]
