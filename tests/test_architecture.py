"""The apps depend one way (DESIGN.md): directory <- workshops <- sessions_council | funding | consultations
<- travel <- documents <- api, idm_portal. In Python the import-linter contract in pyproject.toml holds it;
in templates, no app loads the tags of an app above it or beside it."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Lowest first; apps of one layer are independent of each other.
LAYERS = [
    {"directory"},
    {"workshops"},
    {"sessions_council", "funding", "consultations"},
    {"travel"},
    {"documents"},
    {"api", "idm_portal"},
]
RANK = {app: rank for rank, layer in enumerate(LAYERS) for app in layer}
LOAD = re.compile(r"{%\s*load\s+(.*?)\s*%}")


def test_the_import_contract_states_the_layers_of_the_design():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (contract,) = config["contracts"]
    layers = [set(layer.split(" | ")) for layer in reversed(contract["layers"])]

    assert (contract["type"], layers, set(config["root_packages"])) == ("layers", LAYERS, set(RANK))


def test_no_python_module_imports_against_the_direction():
    lint_imports = Path(sys.executable).with_name("lint-imports")

    result = subprocess.run(  # noqa: S603 - our own virtualenv's script, fixed arguments
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )

    assert (result.returncode, "Contracts: 1 kept, 0 broken." in result.stdout) == (0, True), result.stdout


def tag_libraries() -> dict[str, str]:
    """Each template tag library of ours, by the name templates load it with, and the app it belongs to."""
    return {module.stem: app for app in RANK for module in (ROOT / app / "templatetags").glob("[!_]*.py")}


def higher_loads(app: str, template: str) -> list[str]:
    """The libraries ``template`` (of ``app``) loads from an app above it or beside it in the layers."""
    libraries = tag_libraries()
    loaded = []
    for names in LOAD.findall(template):
        words = names.split()
        # {% load a b %} loads libraries a and b; {% load x y from lib %} loads names from lib.
        loaded += words[words.index("from") + 1 :] if "from" in words else words
    return [
        name for name in loaded if name in libraries and libraries[name] != app and RANK[libraries[name]] >= RANK[app]
    ]


def test_the_check_catches_a_lower_app_loading_a_higher_apps_tags():
    page = "{% load i18n workshops %}{% load funding_tags %}{% load money from funding_tags %}"

    assert higher_loads("workshops", page) == ["funding_tags", "funding_tags"]
    assert higher_loads("funding", "{% load council %}") == ["council"]
    assert higher_loads("travel", page) == []


@pytest.mark.parametrize("app", sorted(RANK))
def test_no_template_loads_the_tags_of_a_higher_app(app):
    templates = sorted((ROOT / app / "templates").rglob("*.html")) + sorted((ROOT / app / "templates").rglob("*.txt"))

    wrong = {str(path.relative_to(ROOT)): higher_loads(app, path.read_text()) for path in templates}

    assert {path: names for path, names in wrong.items() if names} == {}
