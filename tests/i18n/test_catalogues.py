"""The interface is fully translated: every message of the code has a French and a Spanish translation,
the committed catalogues are those of the code as it is, and the compiled .mo files are those of the .po.

``make test`` fails as soon as someone marks a new string (or changes one) without translating it:
``makemessages`` runs over a copy of the tree, exactly as an engineer runs it, and every catalogue it
leaves must be complete. To add translations: ``make messages`` (makemessages, then compilemessages
after the translations are written into the .po files).
"""

import os
import subprocess
import sys

import pytest

from .catalogues import LANGUAGES, ROOT, catalogues, compile_catalogue, copy_tree, gaps, messages

pytestmark = pytest.mark.skipif(
    subprocess.run(["which", "msgattrib"], capture_output=True).returncode != 0,
    reason="gettext is not installed (apt-get install gettext)",
)


def test_every_language_has_a_catalogue_for_each_app_and_the_project():
    folders = {po.parent.parent.parent.relative_to(ROOT).as_posix() for po in catalogues()}
    languages = {po.parent.parent.name for po in catalogues()}

    assert folders == {
        "locale",
        "directory/locale",
        "workshops/locale",
        "consultations/locale",
        "sessions_council/locale",
        "funding/locale",
        "travel/locale",
        "documents/locale",
        "api/locale",
    }
    assert languages == set(LANGUAGES)


def test_the_catalogues_translate_every_message_of_the_code(tmp_path):
    """makemessages on a copy of the tree, then no message may lack its French or Spanish."""
    tree = copy_tree(tmp_path / "tree")
    env = {**os.environ, "DJANGO_DEBUG": "1", "IDM_VAR_DIR": str(tmp_path / "var")}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "-l", "es", "--ignore=.venv", "--ignore=var"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )

    missing = {po.relative_to(tree).as_posix(): gaps(po) for po in catalogues(tree)}

    assert {path: ids for path, ids in missing.items() if ids} == {}
    assert sorted(missing) == sorted(po.relative_to(ROOT).as_posix() for po in catalogues())


def test_the_compiled_catalogues_are_those_of_the_po_files(tmp_path):
    for po in catalogues():
        fresh = tmp_path / ("%s.mo" % po.relative_to(ROOT).as_posix().replace("/", "_"))
        compile_catalogue(po, fresh)

        assert messages(po.with_suffix(".mo")) == messages(fresh), "run `make messages`: %s is stale" % po


def test_a_missing_or_fuzzy_translation_is_a_gap(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Workshops"\nmsgstr "Ateliers"\n\n'
        'msgid "Register"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Registration"\nmsgstr "Inscriptions"\n\n'
        'msgctxt "workshop status"\nmsgid "Held"\nmsgstr ""\n'
    )

    assert sorted(gaps(po)) == ["Register", "Registration", "workshop status|Held"]
