from django.urls import path, re_path

from . import views_delegate, views_public, views_staff

app_name = "travel"

urlpatterns = [
    # Travellers and focal points
    path("my/travel/", views_delegate.MyTravelView.as_view(), name="my_travel"),
    path("my/travel/<int:pk>/", views_delegate.TravelFileView.as_view(), name="file"),
    path("my/travel/<int:pk>/attachments/", views_delegate.AttachmentUploadView.as_view(), name="attachment_upload"),
    path("my/travel/attachments/<int:pk>/", views_delegate.AttachmentDownloadView.as_view(), name="attachment"),
    path("my/travel/<int:pk>/letter/", views_delegate.LetterRequestView.as_view(), name="letter_request"),
    # Consular officers (public)
    path("verify/letters/<str:code>/", views_public.verify_letter, name="verify_letter"),
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
    path("staff/travel/letters/", views_staff.LetterQueueView.as_view(), name="letter_queue"),
    path("staff/travel/letters/<int:pk>/", views_staff.StaffLetterView.as_view(), name="staff_letter"),
    path("staff/travel/letters/<int:pk>/approve/", views_staff.LetterApproveView.as_view(), name="letter_approve"),
    path("staff/travel/letters/<int:pk>/refuse/", views_staff.LetterRefuseView.as_view(), name="letter_refuse"),
    path("staff/travel/letters/<int:pk>/revoke/", views_staff.LetterRevokeView.as_view(), name="letter_revoke"),
    path("staff/travel/history/", views_staff.AuditView.as_view(), name="audit"),
]
