"""The local cloud keeps one shape (docs/localcloud-internals.md): services declared once,
found by the registry; one routing style; no service folder importing another; nothing
importing the app; no module above 600 lines."""

from __future__ import annotations

import ast
from pathlib import Path

from ostack.localcloud import registry

ROOT = Path(registry.__file__).parent
SERVICES = sorted(p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()
                  and p.name != "__pycache__")
MAX_LINES = 600


def _modules() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.py") if "__pycache__" not in p.parts)


def _imports(path: Path) -> list[str]:
    """Absolute dotted names of what a module imports (relative imports resolved)."""
    package = ".".join(("ostack", "localcloud", *path.relative_to(ROOT).parent.parts))
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[:len(base) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.append(name)
            found += [f"{name}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
    return found


def test_every_service_folder_declares_itself_and_the_registry_finds_it() -> None:
    declared = registry.declared()
    assert sorted(spec.name for spec in declared) == SERVICES
    assert len({spec.mount for spec in declared}) == len(declared)
    assert declared[0].name == "identity"  # seeded first: the others' records are its projects
    assert {spec.service_type for spec in declared} == {
        "identity", "compute", "image", "network", "block-storage", "object-store"}


def test_no_module_is_longer_than_600_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in _modules()
            if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert long == {}


def test_routes_are_route_table_rows_everywhere() -> None:
    """Only routing.py (and the operator API, which is no OpenStack service) makes routes."""
    makers = [str(p.relative_to(ROOT)) for p in _modules()
              if "Route(" in p.read_text() and p.name not in ("routing.py", "operator.py")]
    assert makers == []


def test_no_service_folder_imports_another_and_nothing_imports_the_app() -> None:
    crossing = []
    for path in _modules():
        parts = path.relative_to(ROOT).parts
        own = parts[0] if len(parts) > 1 else None
        for name in _imports(path):
            pieces = name.split(".")
            if pieces[:2] != ["ostack", "localcloud"] or len(pieces) < 3:
                continue
            target = pieces[2]
            if target == "app" and path.name != "__main__.py":
                crossing.append(f"{path.relative_to(ROOT)} imports the app")
            if target in SERVICES and own is not None and target != own:
                crossing.append(f"{path.relative_to(ROOT)} imports {name}")
            if target in SERVICES and own is None and path.name != "registry.py":
                crossing.append(f"{path.relative_to(ROOT)} imports {name}")
    assert sorted(set(crossing)) == []
