"""``/api/v1/``: the REST API, its OpenAPI description and its reference page."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from .views import funding, pages, private, public

app_name = "api"


def _api(view):
    """API views answer with their own authentication (a token), never the log-in page."""
    return login_not_required(view.as_view())


urlpatterns = [
    path("api/v1/schema/", _api(SpectacularAPIView), name="schema"),
    path("api/v1/docs/", login_not_required(pages.ReferenceView.as_view(url_name="api:schema")), name="docs"),
    # Public
    path("api/v1/years/", _api(public.YearList), name="years"),
    path("api/v1/workshops/", _api(public.WorkshopList), name="workshops"),
    path("api/v1/workshops/<slug:slug>/", _api(public.WorkshopDetail), name="workshop"),
    path("api/v1/workshops/<slug:slug>/agenda/", _api(public.AgendaList), name="agenda"),
    path("api/v1/documents/", _api(public.DocumentList), name="documents"),
    path("api/v1/council-sessions/", _api(public.SessionList), name="sessions"),
    path("api/v1/council-sessions/<int:number>/", _api(public.SessionDetail), name="session"),
    path("api/v1/speakers/", _api(public.SpeakerList), name="speakers"),
    path("api/v1/speakers/<int:pk>/", _api(public.SpeakerDetail), name="speaker"),
    path("api/v1/consultations/", _api(public.ConsultationList), name="consultations"),
    path("api/v1/consultations/<int:pk>/results/", _api(public.ConsultationResults), name="consultation_results"),
    # With a token
    path("api/v1/me/", _api(private.Me), name="me"),
    path("api/v1/registrations/", _api(private.RegistrationList), name="registrations"),
    path("api/v1/registrations/<int:pk>/", _api(private.RegistrationDetail), name="registration"),
    path("api/v1/registrations/<int:pk>/decision/", _api(private.RegistrationDecision), name="registration_decision"),
    path("api/v1/registrations/<int:pk>/cancel/", _api(private.RegistrationCancel), name="registration_cancel"),
    path("api/v1/workshops/<slug:slug>/check-in/", _api(private.CheckIn), name="check_in"),
    path("api/v1/delegation/", _api(private.DelegationList), name="delegation"),
    path("api/v1/my-documents/", _api(private.MyDocumentList), name="my_documents"),
    path("api/v1/workshops/<slug:slug>/attendance/", _api(private.AttendanceList), name="attendance"),
    path("api/v1/contributions/", _api(funding.ContributionList), name="contributions"),
    path("api/v1/contributions/<int:pk>/", _api(funding.ContributionDetail), name="contribution"),
    path("api/v1/contributions/<int:pk>/commit/", _api(funding.ContributionCommit), name="contribution_commit"),
    path("api/v1/payments/", _api(funding.PaymentList), name="payments"),
    path("api/v1/funded-workshops/", _api(funding.FundedWorkshopList), name="funded_workshops"),
    path("api/v1/document-jobs/", _api(private.DocumentJobList), name="document_jobs"),
    path("api/v1/document-jobs/<int:pk>/", _api(private.DocumentJobDetail), name="document_job"),
    # Tokens, on the profile
    path("account/api-tokens/", pages.TokenListView.as_view(), name="tokens"),
    path("account/api-tokens/<slug:prefix>/revoke/", pages.TokenRevokeView.as_view(), name="token_revoke"),
    # Anything else under /api/: a JSON 404, as the description says, never the HTML page.
    re_path(r"^api/.*$", login_not_required(pages.not_found), name="not_found"),
]
