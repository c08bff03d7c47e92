from django.urls import path, re_path

from . import views_checkin, views_delegate, views_delegation, views_messages, views_public, views_queue, views_staff

app_name = "workshops"

urlpatterns = [
    # Public
    path("workshops/", views_public.WorkshopListView.as_view(), name="list"),
    path("workshops/upcoming.ics", views_public.upcoming_ics, name="upcoming_ics"),
    path("workshops/documents/<int:pk>/download/", views_public.DocumentDownloadView.as_view(), name="document"),
    path("workshops/<slug:slug>/", views_public.WorkshopDetailView.as_view(), name="detail"),
    # The delegates' and focal points' lists, the pages they visit most, before the rest: Django tries
    # the patterns in order (no two of this app's match the same address, so the order changes no page).
    path("my/registrations/", views_delegate.MyRegistrationsView.as_view(), name="my_registrations"),
    path("my/delegation/", views_delegation.MyDelegationView.as_view(), name="my_delegation"),
    path("workshops/<slug:slug>/calendar.ics", views_public.workshop_ics, name="ics"),
    path("verify/certificates/<str:code>/", views_public.verify_certificate, name="verify_certificate"),
    # Delegates and focal points
    path("workshops/<slug:slug>/register/", views_delegate.RegisterView.as_view(), name="register"),
    path("my/registrations/<int:pk>/cancel/", views_delegate.CancelRegistrationView.as_view(), name="cancel"),
    path("my/registrations/<int:pk>/change/", views_delegate.ChangeRegistrationView.as_view(), name="change"),
    path("my/registrations/<int:pk>/note-verbale/", views_delegate.NoteVerbaleView.as_view(), name="note_verbale"),
    path("my/documents/", views_delegate.MyDocumentsView.as_view(), name="my_documents"),
    # Secretariat
    path("staff/workshops/", views_staff.StaffWorkshopListView.as_view(), name="staff_workshops"),
    path("staff/workshops/new/", views_staff.WorkshopCreateView.as_view(), name="staff_workshop_create"),
    path("staff/workshops/years/", views_staff.YearListView.as_view(), name="staff_years"),
    path("staff/workshops/years/new/", views_staff.YearCreateView.as_view(), name="staff_year_create"),
    path("staff/workshops/years/<int:pk>/", views_staff.YearUpdateView.as_view(), name="staff_year_edit"),
    path("staff/workshops/agenda/<int:pk>/", views_staff.AgendaItemUpdateView.as_view(), name="staff_agenda_item_edit"),
    path(
        "staff/workshops/agenda/<int:pk>/move/",
        views_staff.AgendaItemMoveView.as_view(),
        name="staff_agenda_item_move",
    ),
    path(
        "staff/workshops/agenda/<int:pk>/delete/",
        views_staff.AgendaItemDeleteView.as_view(),
        name="staff_agenda_item_delete",
    ),
    path(
        "staff/workshops/agenda/<int:pk>/speakers/",
        views_staff.AgendaSpeakerAddView.as_view(),
        name="staff_agenda_speaker_add",
    ),
    path(
        "staff/workshops/speakers/<int:pk>/remove/",
        views_staff.AgendaSpeakerRemoveView.as_view(),
        name="staff_agenda_speaker_remove",
    ),
    path("staff/workshops/documents/<int:pk>/", views_staff.DocumentEditView.as_view(), name="staff_document_edit"),
    path(
        "staff/workshops/documents/<int:pk>/delete/",
        views_staff.DocumentDeleteView.as_view(),
        name="staff_document_delete",
    ),
    path(
        "staff/workshops/registrations/<int:pk>/",
        views_queue.RegistrationDecideView.as_view(),
        name="staff_registration",
    ),
    path(
        "staff/workshops/registrations/<int:pk>/funding/",
        views_queue.FundingDecideView.as_view(),
        name="staff_funding_decide",
    ),
    path("staff/workshops/<slug:slug>/edit/", views_staff.WorkshopUpdateView.as_view(), name="staff_workshop_edit"),
    path("staff/workshops/<slug:slug>/agenda/", views_staff.AgendaView.as_view(), name="staff_agenda"),
    path(
        "staff/workshops/<slug:slug>/agenda/new/",
        views_staff.AgendaItemCreateView.as_view(),
        name="staff_agenda_item_create",
    ),
    path("staff/workshops/<slug:slug>/documents/", views_staff.DocumentsView.as_view(), name="staff_documents"),
    path("staff/workshops/<slug:slug>/registrations/", views_queue.QueueView.as_view(), name="staff_queue"),
    path(
        "staff/workshops/<slug:slug>/registrations/decide/",
        views_queue.BulkDecideView.as_view(),
        name="staff_bulk_decide",
    ),
    re_path(
        r"^staff/workshops/(?P<slug>[-a-zA-Z0-9_]+)/registrations\.(?P<format>csv|xlsx)$",
        views_queue.ExportView.as_view(),
        name="staff_export",
    ),
    path("staff/workshops/<slug:slug>/funding/", views_queue.FundingView.as_view(), name="staff_funding"),
    path("staff/workshops/<slug:slug>/seats/", views_queue.CapacityView.as_view(), name="staff_capacity"),
    # The day of the workshop
    path("staff/workshops/<slug:slug>/check-in/", views_checkin.CheckInView.as_view(), name="staff_checkin"),
    path(
        "staff/workshops/<slug:slug>/check-in/scan/",
        views_checkin.CheckInScanView.as_view(),
        name="staff_checkin_scan",
    ),
    path("staff/workshops/<slug:slug>/attendance/", views_checkin.AttendanceView.as_view(), name="staff_attendance"),
    path("staff/workshops/<slug:slug>/messages/", views_messages.MessageListView.as_view(), name="staff_messages"),
    path(
        "staff/workshops/<slug:slug>/messages/new/",
        views_messages.MessageComposeView.as_view(),
        name="staff_message_new",
    ),
    path(
        "staff/workshops/<slug:slug>/messages/<int:pk>/",
        views_messages.MessageDetailView.as_view(),
        name="staff_message",
    ),
    path(
        "staff/workshops/registrations/<int:pk>/badge/",
        views_checkin.BadgeView.as_view(),
        name="staff_registration_badge",
    ),
]
