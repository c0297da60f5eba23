#!/usr/bin/env python
"""Fails when a view fetches family data without the access helpers (docs/ARCHITECTURE.md,
"Access and the access log").

Reads every views module (`familieplan/**/views.py`, `views/*.py`, `*_views.py`) with `ast`
and names file:line for each fetch of a family-data model that is not scoped:

- `<Model>.objects.…`, `<Model>._base_manager`, `<Model>._default_manager`;
- `get_object_or_404(<Model>, …)` and `get_list_or_404(<Model>, …)`.

Family data: the Family model, every `core.models.TenantModel` subclass, every model with a
`family` or `family_id` field (the access log names families too), and every model with a
foreign key to one of those, taken from Django's registry.

Allowed: querysets reached from an object the access helper returned (`family.members…`,
which the rule never sees because no model is named), the scoped managers the helpers use
(`Model.objects.visible_to(user)`, `.none()`), the queryset of a `Prefetch(...)` (it only
narrows a relation of rows fetched otherwise), and the lines in `ALLOWED`, each with a reason.
An `ALLOWED` entry that matches nothing any more fails too, so the list stays true.

Usage: check_view_access.py [file or folder …] (default: the familieplan package).
"""

from __future__ import annotations

import ast
import importlib
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "familieplan"
MANAGERS = {"objects", "_base_manager", "_default_manager"}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}
#: Manager methods that scope by the user (or return nothing): what the helpers build on.
SCOPED = {"visible_to", "none"}

#: (path relative to the repository, the function, the fetch as `ast.unparse` writes it)
#: → why it may stay.
ALLOWED: dict[tuple[str, str, str], str] = {
    (
        "familieplan/core/views/access_log.py",
        "access_log",
        "AccessLog.objects.filter(municipality_id__in=municipality_ids)",
    ): "the privacy officer's search in the log: only their own municipalities (checked above)",
}
SHORTCUT_PATHS = {f"django.shortcuts.{name}" for name in SHORTCUTS}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    function: str
    code: str
    model: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.path, self.function, self.code)

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.line}: {self.model} fetched without an access helper "
            f"in {self.function or 'the module'}(): {self.code}"
        )


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familieplan.settings")
    import django

    django.setup()


def family_data_models() -> set[type]:
    from django.apps import apps

    from familieplan.core.models import TenantModel
    from familieplan.families.models import Family

    found = {Family}
    for model in apps.get_models():
        fields = model._meta.concrete_fields
        names = {f.name for f in fields} | {f.attname for f in fields}
        if issubclass(model, TenantModel) or names & {"family", "family_id"}:
            found.add(model)
    grew = True
    while grew:  # and whatever points at family data, through a foreign key
        grew = False
        for model in apps.get_models():
            if model in found:
                continue
            for f in model._meta.concrete_fields:
                if f.is_relation and f.related_model in found:
                    found.add(model)
                    grew = True
                    break
    return found


def views_modules(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_file():
            yield path
            continue
        for file in sorted(path.rglob("*.py")):
            if "migrations" in file.parts:
                continue
            if (
                file.name == "views.py"
                or file.parent.name == "views"
                or file.name.endswith("_views.py")
            ):
                yield file


def _module_of(file: Path) -> str:
    try:
        parts = file.resolve().relative_to(ROOT).with_suffix("").parts
    except ValueError:
        return ""
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(tree: ast.Module, module: str) -> dict[str, str]:
    """Local name → dotted path of what was imported (anywhere in the file)."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.rsplit(".", node.level)[0] if module else ""
                base = f"{package}.{base}" if base else package
            for alias in node.names:
                names[alias.asname or alias.name] = f"{base}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    names[top] = top
    return names


def _dotted(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and (base := _dotted(node.value)):
        return f"{base}.{node.attr}"
    return None


def _resolve(dotted: str) -> object | None:
    """The object at a dotted path: the longest importable module, then attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for attr in parts[cut:]:
                obj = getattr(obj, attr)
        except AttributeError:
            return None
        return obj
    return None


class _Checker:
    def __init__(self, file: Path, models: set[type]):
        self.file = file
        self.tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
        self.imported = _imports(self.tree, _module_of(file))
        self.models = models
        self.parents = {
            child: node for node in ast.walk(self.tree) for child in ast.iter_child_nodes(node)
        }

    def imported_path(self, node: ast.AST) -> str | None:
        """The dotted path a name (or attribute chain) in the file stands for, if imported."""
        dotted = _dotted(node)
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        if head not in self.imported:
            return None
        return f"{self.imported[head]}.{rest}" if rest else self.imported[head]

    def model_named(self, node: ast.AST) -> type | None:
        path = self.imported_path(node)
        obj = _resolve(path) if path else None
        return obj if isinstance(obj, type) and obj in self.models else None

    def function_of(self, node: ast.AST) -> str:
        while (node := self.parents.get(node)) is not None:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                return node.name
        return ""

    def findings(self, shown_path: str) -> Iterator[Finding]:
        for node in ast.walk(self.tree):
            fetch = model = None
            if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
                model = self.model_named(node.value)
                if model is not None and not self._scoped(node):
                    fetch = self._chain(node)
            elif (
                isinstance(node, ast.Call)
                and self.imported_path(node.func) in SHORTCUT_PATHS
                and node.args
                and (model := self.model_named(node.args[0])) is not None
            ):
                fetch = node
            if fetch is not None:
                yield Finding(
                    shown_path,
                    node.lineno,
                    self.function_of(node),
                    ast.unparse(fetch),
                    model.__name__,
                )

    def _scoped(self, manager: ast.Attribute) -> bool:
        parent = self.parents.get(manager)
        if isinstance(parent, ast.Attribute) and parent.attr in SCOPED:
            return isinstance(self.parents.get(parent), ast.Call)
        return self._in_prefetch(manager)

    def _in_prefetch(self, node: ast.AST) -> bool:
        child, parent = node, self.parents.get(node)
        while parent is not None and not isinstance(parent, ast.stmt):
            if isinstance(parent, ast.Call) and (_dotted(parent.func) or "").endswith("Prefetch"):
                queryset = [k for k in parent.keywords if k.arg == "queryset"]
                return any(child is k for k in queryset) or any(
                    child is a for a in parent.args[1:2]
                )
            child, parent = parent, self.parents.get(parent)
        return False

    def _chain(self, manager: ast.Attribute) -> ast.AST:
        """The manager and its first call (`Model.objects.filter(…)`), as the fetch."""
        method = self.parents.get(manager)
        if isinstance(method, ast.Attribute):
            call = self.parents.get(method)
            if isinstance(call, ast.Call) and call.func is method:
                return call
        return manager


def _shown(file: Path) -> str:
    try:
        return str(file.resolve().relative_to(ROOT))
    except ValueError:
        return str(file)


def check(
    paths: Iterable[Path], allowed: dict[tuple[str, str, str], str] | None = None
) -> list[str]:
    """Problems in the views modules under `paths`: unscoped fetches, and allow-list entries
    that match nothing (only for files that were read)."""
    allowed = ALLOWED if allowed is None else allowed
    models = family_data_models()
    problems, used, read = [], set(), set()
    for file in views_modules(paths):
        shown = _shown(file)
        read.add(shown)
        for finding in _Checker(file, models).findings(shown):
            if finding.key in allowed:
                used.add(finding.key)
            else:
                problems.append(str(finding))
    for key in allowed:
        if key[0] in read and key not in used:
            problems.append(f"{key[0]}: allowed fetch in {key[1]}() no longer found: {key[2]}")
    return problems


def main(argv: list[str]) -> int:
    setup_django()
    paths = [Path(a) for a in argv] or [PACKAGE]
    problems = check(paths)
    for problem in problems:
        print(problem)
    if problems:
        print(
            f"{len(problems)} problem(s): fetch family data through an access helper "
            "(families/access.py, partners/access.py, portal/access.py) or from the object it "
            "returned, or add the line to ALLOWED in scripts/check_view_access.py with a reason."
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
