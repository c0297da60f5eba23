"""Templates keep the layers too: a template of one app names only URLs of its own app and of
apps below it (the layers in pyproject.toml `[tool.importlinter]`). The shared page frame
(`base.html`, `includes/`, `errors/`) counts as core's. A higher app's address comes from the
extension contract (`{% destination %}`, the menu, the family page's links)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "familieplan" / "templates"
URL_NAME = re.compile(r"""\{%\s*url\s+['"]([a-z_]+):""")
FRAME = {"base.html": "core", "includes": "core", "errors": "core", "admin": "core"}

pytestmark = pytest.mark.one_database  # reads the templates, no database


def _rank() -> dict[str, int]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["type"] == "layers")["layers"]
    rank = {}
    for height, layer in enumerate(reversed(layers)):
        for app in re.split(r"[|:]", layer):
            rank[app.strip()] = height
    return rank


def _owner(template: Path) -> str:
    first = template.relative_to(TEMPLATES).parts[0]
    return FRAME.get(first, first)


def test_no_template_names_a_higher_apps_url():
    rank = _rank()
    upward = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        owner = _owner(template)
        for number, line in enumerate(template.read_text().splitlines(), 1):
            for app in URL_NAME.findall(line):
                if app in rank and owner in rank and rank[app] > rank[owner]:
                    upward.append(f"{template.relative_to(ROOT)}:{number}: {owner} → {app}")
                elif app in rank and owner in rank and rank[app] == rank[owner] and app != owner:
                    upward.append(f"{template.relative_to(ROOT)}:{number}: {owner} ↔ {app}")
    assert upward == []


def test_the_check_sees_an_upward_name(tmp_path):
    rank = _rank()
    assert rank["portal"] > rank["core"] and rank["plans"] < rank["meetings"]
    assert URL_NAME.findall("""<a href="{% url 'portal:home' %}">""") == ["portal"]
