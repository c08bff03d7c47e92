"""The focal point's page of the delegation: its registrations, 50 a page, by workshop.

A member state's registrations grow with the years: the page shows one page of them, filtered by
status and searched by workshop or participant, never all of them. The list (with the workshops open
for registration above it) is a cached fragment, kept for its focal point like the public workshop
pages' (``workshops/cache.py``): any change to a workshop, a registration or a person gives it a new
version, and it expires when a registration window it shows opens or closes; the heading, with the
state's name, is kept with it (the name in its key: member states give it no new version). The one
per-request values in it, the CSRF token of its forms and the address they send back to, are put in
by the template (``{% for_this_request %}``): the token is the page's own, made once for all its
forms, and the list's bytes, encoded once, go straight into the response (``cache.KeptBodyResponse``).
"""

import re

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from directory import roles
from directory.hardening import whole_number

from . import cache, queries
from .models import Registration

PAGE_SIZE = 50
STATUSES = frozenset(Registration.Status.values)
SEARCH_LENGTH = 100  # characters: a workshop's title or a name, not a paragraph


class MyDelegationView(TemplateView):
    """The focal point's page: the delegation's registrations for every workshop, a page at a time."""

    template_name = "workshops/my_delegation.html"
    response_class = cache.KeptBodyResponse

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("workshops.register_delegation"):
            raise PermissionDenied(_("Only the focal point of a member state sees its delegation."))
        return super().dispatch(request, *args, **kwargs)

    def filters(self) -> tuple[str, str, int | str]:
        """The status shown (blank: every status), the search and the page ("last" or a number)."""
        status = self.request.GET.get("status", "")
        search = self.request.GET.get("q", "").strip()[:SEARCH_LENGTH]
        page = self.request.GET.get("page", "")
        if page != "last":
            page = whole_number(page, 1)
        return (status if status in STATUSES else ""), search, page

    def get_context_data(self, **kwargs):
        user = self.request.user
        state = roles.delegate_state(user)
        status, search, page = self.filters()
        # The state's name is in the key, as in the heading: member states are not among the records
        # that give the fragments a new version, a renamed state is a new key.
        parts = (user.pk, state.pk, str(state), user.preferred_language, status, search, page)
        body = cache.fragment("my-delegation", parts, lambda: self.build(state, status, search, page)).html
        return super().get_context_data(body=body, **kwargs)

    def build(self, state, status: str, search: str, page: int | str):
        registrations = queries.delegation_registrations(self.request.user, status=status, search=search)
        paginator = Paginator(registrations, PAGE_SIZE)
        page_obj = paginator.get_page(paginator.num_pages if page == "last" else page)
        shown = list(page_obj.object_list)
        upcoming = list(queries.upcoming_workshops(limit=20))
        open_workshops = [w for w in upcoming if w.registration_is_open()]
        html = render_to_string(
            "workshops/_my_delegation_body.html",
            {
                "state": state,
                "statuses": Registration.Status.choices,
                "status": status,
                "search": search,
                "registrations": shown,
                "open_workshops": open_workshops,
                "page_obj": page_obj,
                "paginator": paginator,
                "is_paginated": page_obj.has_other_pages(),
                "query": urlencode({key: value for key, value in (("status", status), ("q", search)) if value}),
            },
            request=self.request,
        )
        html = cache.CSRF_INPUT.sub(r"\g<1>%s\g<2>" % cache.CSRF_PLACEHOLDER, html)
        html = re.sub(
            r'(name="next" value=")%s(")' % re.escape(escape(self.request.get_full_path())),
            r"\g<1>%s\g<2>" % cache.NEXT_PLACEHOLDER,
            html,
        )
        # Kept until the next window of what it shows opens or closes: the upcoming ones not open yet too.
        workshops = upcoming + [registration.workshop for registration in shown]
        moments = [moment for w in workshops for moment in (w.registration_opens, w.registration_closes)]
        return html, cache.next_change(moments)
