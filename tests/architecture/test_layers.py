"""The layers between apps (pyproject.toml `[tool.importlinter]`, the map in
docs/ARCHITECTURE.md): `make check` runs import-linter on the tree. Here it runs on a copy of
the package with one upward import added (it must fail and name it), on a copy with Django
imported in `lib` (fails), and on the tree as it is (passes)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = ROOT / ".venv" / "bin" / "lint-imports"
pytestmark = pytest.mark.one_database  # reads the source, no database
SKIP = shutil.ignore_patterns("static", "locale", "templates", "instruments", "__pycache__")


def _lint(where: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT), "--no-cache"], cwd=where, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def copy(tmp_path) -> Path:
    shutil.copytree(ROOT / "familieplan", tmp_path / "familieplan", ignore=SKIP)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_tree_keeps_the_layers():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_lower_app_importing_a_higher_one_fails_and_is_named(copy):
    (copy / "familieplan" / "families" / "upward.py").write_text(
        "from familieplan.portal import visibility  # noqa: F401\n"
    )
    result = _lint(copy)
    assert result.returncode != 0
    assert "Apps depend downwards only BROKEN" in result.stdout
    assert "familieplan.families.upward -> familieplan.portal.visibility" in result.stdout


def test_two_apps_on_one_layer_may_not_import_each_other(copy):
    (copy / "familieplan" / "journal" / "sideways.py").write_text(
        "from familieplan.mapping import scoring  # noqa: F401\n"
    )
    result = _lint(copy)
    assert result.returncode != 0
    assert "familieplan.journal.sideways -> familieplan.mapping.scoring" in result.stdout


def test_django_in_lib_fails(copy):
    (copy / "familieplan" / "lib" / "impure.py").write_text("import django  # noqa: F401\n")
    result = _lint(copy)
    assert result.returncode != 0 and "lib is pure Python: no Django BROKEN" in result.stdout
