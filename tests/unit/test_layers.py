"""The code's shape, read from the source with `ast`: services free of storage, web and AWS imports, and
modules and functions small enough to read."""
from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHALICELIB = ROOT / "chalicelib"
SERVICES = CHALICELIB / "services"

# What services may not know about: storage (models, pynamodb), transports (handlers, channels, chalice),
# the outside world's adapters, the sandbox, the composition root, and AWS SDKs.
FORBIDDEN = ("chalicelib.models", "chalicelib.handlers", "chalicelib.channels", "chalicelib.adapters",
             "chalicelib.sandbox", "chalicelib.bootstrap", "chalicelib.runtime",
             "boto3", "botocore", "chalice", "pynamodb")

MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 40  # from the `def` line to the last line of the body, docstring included

def _python_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(path: Path, tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Every module name an import statement anywhere in the file may bring in, relative ones resolved."""
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]  # a module's relative imports start from its package
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            yield node.lineno, module
            for alias in node.names:  # `from chalicelib import models` imports the module chalicelib.models
                yield node.lineno, f"{module}.{alias.name}"


def _is_forbidden(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in FORBIDDEN)


def _functions(tree: ast.AST, prefix: str = "") -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """Every function and method, nested ones included, with its qualified name."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield prefix + node.name, node
            yield from _functions(node, f"{prefix}{node.name}.")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, f"{prefix}{node.name}.")
        else:
            yield from _functions(node, prefix)


def _modules_over_limit() -> dict[str, int]:
    counts = {_relative(p): len(p.read_text().splitlines()) for p in _python_files(CHALICELIB)}
    return {name: lines for name, lines in counts.items() if lines > MAX_MODULE_LINES}


def _functions_over_limit() -> dict[str, int]:
    found = {}
    for path in _python_files(CHALICELIB):
        for name, node in _functions(ast.parse(path.read_text(), str(path))):
            lines = (node.end_lineno or node.lineno) - node.lineno + 1
            if lines > MAX_FUNCTION_LINES:
                found[f"{_relative(path)}::{name}"] = lines
    return found


def test_services_import_no_storage_web_or_aws_code() -> None:
    offences = [f"{_relative(path)}:{line} imports {module}"
                for path in _python_files(SERVICES)
                for line, module in _imported(path, ast.parse(path.read_text(), str(path)))
                if _is_forbidden(module)]
    assert not offences, "services/ must stay free of these imports:\n" + "\n".join(offences)


def test_rules_know_no_port_and_ports_no_use_case() -> None:
    # domain/ is the bottom of services/: the ports describe what the use cases need in its terms.
    inward = {SERVICES / "domain": ("chalicelib.services.ports", "chalicelib.services.usecases"),
              SERVICES / "ports": ("chalicelib.services.usecases",)}
    offences = [f"{_relative(path)}:{line} imports {module}"
                for folder, banned in inward.items()
                for path in _python_files(folder)
                for line, module in _imported(path, ast.parse(path.read_text(), str(path)))
                if any(module == name or module.startswith(name + ".") for name in banned)]
    assert not offences, "imports must point from use cases to ports to rules:\n" + "\n".join(offences)


def test_relative_imports_are_resolved_from_the_package() -> None:
    tree = ast.parse("from ...models import tables\nfrom ... import bootstrap\nfrom . import threads\n")
    path = SERVICES / "domain" / "threads.py"
    assert [m for _, m in _imported(path, tree)] == [
        "chalicelib.models", "chalicelib.models.tables",
        "chalicelib", "chalicelib.bootstrap",
        "chalicelib.services.domain", "chalicelib.services.domain.threads",
    ]


def test_no_module_over_300_lines() -> None:
    over = _modules_over_limit()
    assert not over, f"modules over {MAX_MODULE_LINES} lines: " + ", ".join(
        f"{name} ({lines})" for name, lines in sorted(over.items()))


def test_no_function_over_40_lines() -> None:
    over = _functions_over_limit()
    assert not over, f"functions over {MAX_FUNCTION_LINES} lines: " + ", ".join(
        f"{name} ({lines})" for name, lines in sorted(over.items()))
