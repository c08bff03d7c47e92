"""The one public travel page: a consular officer checks an invitation letter by its code."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render

from . import queries


@login_not_required
def verify_letter(request, code: str):
    """Valid or revoked, the traveller's name, the workshop and its dates: nothing else (no passport
    detail, no reference, no member state). An unknown code is a plain 404."""
    letter = queries.letter_for_verification(code)
    if letter is None:
        raise Http404
    registration = letter.travel_file.registration
    response = render(
        request,
        "travel/verify_letter.html",
        {
            "valid": letter.is_valid,
            "name": letter.travel_file.passport_name or registration.person.full_name,
            "workshop": registration.workshop,
        },
    )
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "no-store"
    return response
