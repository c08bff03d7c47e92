"""The French and Spanish catalogues, read with the gettext tools that make them (msgattrib, msgfmt)."""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("fr", "es")
# What `makemessages --ignore=.venv --ignore=var` would not read, and what a copy of the tree needs not hold.
NOT_COPIED = (".venv", "var", ".git", "__pycache__", ".pytest_cache", ".ruff_cache", "test-results", "control")
MSGID = re.compile(r'^(?:msgctxt "(?P<ctx>.*)"\n)?msgid "(?P<msgid>.*)"$', re.MULTILINE)


def catalogues(root: Path = ROOT) -> list[Path]:
    """Every django.po of the project, its apps included: locale/<lang>/LC_MESSAGES/django.po."""
    found = []
    for path in sorted(root.rglob("locale/*/LC_MESSAGES/django.po")):
        parts = path.relative_to(root).parts
        if not set(parts) & set(NOT_COPIED):
            found.append(path)
    return found


def _msgids(po_text: str) -> list[str]:
    """The messages of a catalogue as gettext writes them ('context|msgid' where there is a context)."""
    joined = re.sub(r'"\n"', "", po_text)  # msgattrib wraps long strings; join the pieces
    return [
        ("%s|%s" % (match["ctx"], match["msgid"])) if match["ctx"] else match["msgid"]
        for match in MSGID.finditer(joined)
        if match["msgid"]
    ]


def gaps(po: Path) -> list[str]:
    """The messages without a usable translation: untranslated, or marked fuzzy (gettext ignores those)."""
    missing = []
    for option in ("--untranslated", "--only-fuzzy"):
        result = subprocess.run(
            ["msgattrib", option, "--no-obsolete", str(po)], capture_output=True, text=True, check=True
        )
        missing.extend(_msgids(result.stdout))
    return missing


def compile_catalogue(po: Path, mo: Path) -> None:
    """msgfmt as ``compilemessages`` runs it: placeholders checked against the English."""
    subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(po)], capture_output=True, text=True, check=True)


def messages(mo: Path) -> dict:
    with mo.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)


def copy_tree(target: Path) -> Path:
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(*NOT_COPIED))
    return target
