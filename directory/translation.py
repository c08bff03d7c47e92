"""Content in IOM's three languages: English, French and Spanish.

A translated text field keeps its name for the English text (required where it was required before)
and has two companions beside it, ``<field>_fr`` and ``<field>_es``, blank until someone translates
it. A model names its translated fields in ``TRANSLATED_FIELDS``. Pages, e-mails, calendars and PDFs
show the text of the active language (``translation.override`` for e-mails and documents), or the
English one where the translation is missing: ``translated(workshop, "title")`` in Python,
``{{ workshop|tr:"title" }}`` in templates (``{% load i18n_content %}``). Nothing is read from the
database that the row does not already hold, so translating adds no query to a page.
"""

from django.conf import settings
from django.db.models import Model, Q
from django.utils import translation

ORIGINAL = "en"
TRANSLATIONS = ("fr", "es")  # the languages beside the original English text
# Legends of the groups of fields on the staff forms: each language named in itself.
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español"}


def content_language(language: str | None = None) -> str:
    """The language whose text is shown: ``language``, or the active one; ``en`` for anything else."""
    code = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2].lower()
    return code if code in TRANSLATIONS else ORIGINAL


def companion(field: str, language: str) -> str:
    """The name of the field that holds ``field`` in ``language`` (the field itself for English)."""
    return field if language == ORIGINAL else f"{field}_{language}"


def translated(obj, field: str, language: str | None = None) -> str:
    """``obj.<field>`` in the active language (or ``language``), falling back to the English text."""
    code = content_language(language)
    if code != ORIGINAL:
        text = getattr(obj, companion(field, code), "")
        if text:
            return text
    return getattr(obj, field)


def translated_fields(model: type[Model] | Model) -> tuple[str, ...]:
    return tuple(getattr(model, "TRANSLATED_FIELDS", ()))


def missing_languages(obj, field: str) -> list[str]:
    """The languages (of ``TRANSLATIONS``) in which ``field`` has no text although the English has some."""
    if not getattr(obj, field):
        return []
    return [language for language in TRANSLATIONS if not getattr(obj, companion(field, language))]


def missing(obj) -> dict[str, list[str]]:
    """Each translated field of ``obj`` that lacks a translation, with the languages it lacks."""
    gaps = {field: missing_languages(obj, field) for field in translated_fields(obj)}
    return {field: languages for field, languages in gaps.items() if languages}


def missing_in(model: type[Model], language: str) -> Q:
    """Rows with English text in some translated field and none in ``language``."""
    condition = Q(pk__in=[])
    for field in translated_fields(model):
        condition |= ~Q(**{field: ""}) & Q(**{companion(field, language): ""})
    return condition


def missing_any(model: type[Model]) -> Q:
    """Rows that lack at least one translation of one of their translated fields."""
    condition = Q(pk__in=[])
    for language in TRANSLATIONS:
        condition |= missing_in(model, language)
    return condition
