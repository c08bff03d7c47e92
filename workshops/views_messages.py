"""Secretariat pages for writing to a workshop's participants: the messages sent, compose with a
preview of the exact recipients, and one message's delivery."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import ngettext
from django.views.generic import FormView, ListView, TemplateView

from directory.service_views import add_service_errors

from . import messaging, queries
from .forms_queue import ParticipantMessageForm
from .views_staff import PAGE_SIZE, WorkshopMixin


class MessageListView(WorkshopMixin, ListView):
    """What was written to the workshop's participants: when, by whom, to how many."""

    template_name = "workshops/staff/message_list.html"
    context_object_name = "participant_messages"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return queries.messages_of(self.workshop)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tab="messages", **kwargs)


class MessageComposeView(WorkshopMixin, FormView):
    """Write, preview (the exact recipients and each language's text), then send: a second POST that
    carries the count the preview showed, refused if the recipients changed meanwhile."""

    form_class = ParticipantMessageForm
    template_name = "workshops/staff/message_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "states": queries.states_in_queue(self.workshop)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(tab="messages", **kwargs)

    def form_valid(self, form):
        if self.request.POST.get("action") != "send":
            return self.preview(form)
        try:
            message = messaging.send_participant_message(
                workshop=self.workshop,
                by=self.request.user,
                filters=form.filters(),
                texts=form.texts(),
                copy_focal_points=form.cleaned_data["copy_focal_points"],
                expected_count=form.cleaned_data["expected_count"] or 0,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.preview(form)
        messages.success(
            self.request,
            ngettext(
                "The message is being sent to %(count)d participant.",
                "The message is being sent to %(count)d participants.",
                message.recipient_count,
            )
            % {"count": message.recipient_count},
        )
        return redirect("workshops:staff_message", slug=self.workshop.slug, pk=message.pk)

    def preview(self, form):
        recipients = list(queries.message_recipients(workshop=self.workshop, **form.filters()))
        texts = form.texts()
        languages = {}
        for registration in recipients:
            languages.setdefault(messaging.language_of(registration), []).append(registration)
        versions = [
            {
                "language": code,
                "label": name,
                "count": len(languages.get(code, [])),
                "subject": messaging.text_in(texts, "subject", code),
                "body": messaging.text_in(texts, "body", code),
                "fallback": code != "en" and not texts.get("body_" + code, "").strip(),
            }
            for code, name in settings.LANGUAGES
        ]
        confirm = form.data.copy()
        confirm["expected_count"] = len(recipients)
        return self.render_to_response(
            self.get_context_data(
                form=form,
                preview=True,
                recipients=recipients,
                versions=versions,
                confirm_form=ParticipantMessageForm(confirm, states=queries.states_in_queue(self.workshop)),
            )
        )


class MessageDetailView(WorkshopMixin, TemplateView):
    template_name = "workshops/staff/message_detail.html"

    def get_context_data(self, **kwargs):
        message = queries.message_for_page(workshop=self.workshop, pk=self.kwargs["pk"])
        if message is None:
            raise Http404
        return super().get_context_data(tab="messages", message=message, **kwargs)
