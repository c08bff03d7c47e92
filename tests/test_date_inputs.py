"""Every date picker of every form keeps its value in ISO 8601 in French and Spanish too.

A ``<input type="date">`` shows nothing for "01/12/2026": the browser only reads 2026-12-01. Django's
own DateInput writes the value in the page language's first input format, so every project form must
use directory.forms.DateInput / DateTimeInput (which pin the ISO format)."""

import datetime
import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.utils import translation

PICKERS = {"date": datetime.date(2026, 12, 1), "datetime-local": datetime.datetime(2026, 12, 1, 9, 30)}
ISO = {"date": "2026-12-01", "datetime-local": "2026-12-01T09:30"}


def project_forms() -> list[type[forms.BaseForm]]:
    """Every form class defined in a project app's forms module or forms package."""
    found = {}
    for config in apps.get_app_configs():
        if not config.path.startswith(str(settings.BASE_DIR)) or ".venv" in config.path:
            continue
        try:
            module = importlib.import_module(config.name + ".forms")
        except ModuleNotFoundError:
            continue
        modules = [module]
        if hasattr(module, "__path__"):
            modules += [
                importlib.import_module(info.name)
                for info in pkgutil.iter_modules(module.__path__, module.__name__ + ".")
            ]
        for each in modules:
            for _name, value in inspect.getmembers(each, inspect.isclass):
                if issubclass(value, forms.BaseForm) and value.__module__ == each.__name__:
                    found[value.__module__ + "." + value.__qualname__] = value
    return [found[key] for key in sorted(found)]


def pickers() -> list[tuple[str, str, forms.Widget]]:
    return [
        (form.__module__ + "." + form.__qualname__, name, field.widget)
        for form in project_forms()
        for name, field in getattr(form, "base_fields", {}).items()
        if getattr(field.widget, "input_type", None) in PICKERS
    ]


def test_the_project_has_date_pickers_to_check():
    assert len(pickers()) >= 20


@pytest.mark.parametrize("language", ["fr", "es", "en"])
def test_every_date_picker_writes_its_value_in_iso_8601(language):
    wrong = []
    with translation.override(language):
        for label, name, widget in pickers():
            value = widget.format_value(PICKERS[widget.input_type])
            if value != ISO[widget.input_type]:
                wrong.append((label, name, value))

    assert wrong == []
