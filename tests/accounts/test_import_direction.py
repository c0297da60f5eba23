"""The lowest layers import nothing above them: lib ← core ← accounts (docs/ARCHITECTURE.md).

Every import statement counts, also one inside a function (that is how the last cycle between
accounts and families hid).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "familieplan"

#: Each layer and the project packages it may import.
ALLOWED = {
    "lib": {"lib"},
    "core": {"lib", "core"},
    "accounts": {"lib", "core", "accounts"},
}


def project_imports(source: Path) -> list[tuple[int, str]]:
    """(line, app) of every import of a ``familieplan.<app>`` module in one file."""
    found = []
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
            if node.module == "familieplan":
                names = [f"familieplan.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "familieplan" and len(parts) > 1:
                found.append((node.lineno, parts[1]))
    return found


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_a_low_layer_imports_nothing_above_it(layer):
    upward = [
        f"{path.relative_to(PACKAGE.parent)}:{line} imports familieplan.{app}"
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        if "migrations" not in path.parts
        for line, app in project_imports(path)
        if app not in ALLOWED[layer] and app not in {"env", "settings"}
    ]
    assert upward == []
