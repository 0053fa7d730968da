"""The shape of the code (issue 11): imports go one way, through layers, without cycles, and
no module below the cli dodges an import by hiding it inside a function.

The layers, lowest first. A module may import its own layer and those below it; record kinds
(``dwgk.items``, ``dwgk.requests``, ``dwgk.messages`` …) import none of each other. Imports under
``if TYPE_CHECKING:`` are for type hints only and do not count. Below the cli, the only imports
allowed inside functions are of heavy third-party modules that only some commands need.
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "dwgk"
LAYERS = (
    ("base", ("dwgk.diag", "dwgk.codes", "dwgk.dates", "dwgk.vocab", "dwgk.safefs", "dwgk.yamlread", "dwgk.fields",
              "dwgk.detectors", "dwgk.redaction", "dwgk.sheetread", "dwgk.textwidth", "dwgk.procedure", "dwgk.fees", "dwgk.workdays", "dwgk.clock",
              "dwgk.profiles", "dwgk.phases", "dwgk.forkread", "dwgk.userdirs", "dwgk.merge", "dwgk.office", "dwgk.citations", "dwgk.reply_facts")),
    ("config", ("dwgk.profile", "dwgk.holidays")),
    ("records", ("dwgk.deadline", "dwgk.model", "dwgk.records", "dwgk.roster", "dwgk.serials", "dwgk.guards")),
    ("kinds", ("dwgk.items", "dwgk.requests", "dwgk.messages", "dwgk.opinions")),
    ("register", ("dwgk.kinds", "dwgk.asof", "dwgk.todo", "dwgk.filing", "dwgk.catalogue", "dwgk.loader",
                  "dwgk.deadlines", "dwgk.checks", "dwgk.cache", "dwgk.report_input", "dwgk.public", "dwgk.ledger")),
    ("documents", ("dwgk.template_source", "dwgk.render", "dwgk.docx_out", "dwgk.reports", "dwgk.gov_report",
                   "dwgk.forms", "dwgk.overdue", "dwgk.reply_letter", "dwgk.gov_overview", "dwgk.party_notice",
                   "dwgk.catalogue_columns", "dwgk.sheets", "dwgk.opinion_docs", "dwgk.site")),
    ("io", ("dwgk.journal", "dwgk.writer", "dwgk.gitlog")),
    ("exchange", ("dwgk.sync", "dwgk.units", "dwgk.sqlite_export")),
    ("tools", ("dwgk.bench",)),
    ("cli", ("dwgk.cli", "dwgk.__main__")),
)
HEAVY = ("jinja2", "docx", "lxml", "chinese_calendar", "openpyxl", "pypdf")
KIND_PACKAGES = LAYERS[3][1]


def module_name(path: Path) -> str:
    parts = path.relative_to(PKG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PKG.rglob("*.py")) if "__pycache__" not in p.parts}


def layer_of(module: str) -> int:
    if module == "dwgk":
        return 0
    for rank, (_, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    raise AssertionError(f"{module} is in no layer: add it to LAYERS in {__file__}")


def _type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING")


def imports(module: str) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(module-level imports, imports inside functions) of dwgk modules and heavy modules,
    each with its line."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    top: list[tuple[str, int]] = []
    inner: list[tuple[str, int]] = []

    def targets(node) -> list[str]:
        if isinstance(node, ast.Import):
            return [a.name for a in node.names]
        base = node.module or ""
        if node.level:  # relative: from the module's package
            pkg = module.split(".") if MODULES[module].name == "__init__.py" else module.split(".")[:-1]
            base = ".".join(pkg[: len(pkg) - node.level + 1] + ([base] if base else []))
        # "from dwgk import items" names a module; "from dwgk.x import name" names a name in x
        return [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]

    def walk(node, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child):
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                (inner if in_function else top).extend((t, child.lineno) for t in targets(child))
            walk(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))
    walk(tree, False)
    return top, inner


def dwgk_imports(module: str) -> list[tuple[str, int]]:
    return [(t, line) for t, line in imports(module)[0] if t.split(".")[0] == "dwgk" and t != module]


def test_every_module_is_in_a_layer():
    for m in MODULES:
        layer_of(m)


def test_no_import_goes_up_a_layer():
    up = [f"{MODULES[m].relative_to(PKG.parent)}:{line}: {m} ({LAYERS[layer_of(m)][0]}) imports {t} "
          f"({LAYERS[layer_of(t)][0]})"
          for m in MODULES for t, line in dwgk_imports(m) if layer_of(t) > layer_of(m)]
    assert not up, "\n".join(up)


def test_record_kinds_do_not_import_each_other():
    def kind(m: str) -> str | None:
        return next((k for k in KIND_PACKAGES if m == k or m.startswith(k + ".")), None)
    cross = [f"{m} imports {t}" for m in MODULES for t, _ in dwgk_imports(m)
             if kind(m) and kind(t) and kind(m) != kind(t)]
    assert not cross, "\n".join(cross)


def test_no_import_cycle():
    graph = defaultdict(set)
    for m in MODULES:
        for t, _ in dwgk_imports(m):
            while t not in MODULES and "." in t:
                t = t.rsplit(".", 1)[0]
            if t in MODULES and t != m:
                graph[m].add(t)
    # a package imports its own modules in its __init__; that is the package, not a cycle
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for t in sorted(graph[m]):
            if state.get(t) == 1 and not (m.startswith(t + ".") and MODULES[t].name == "__init__.py"):
                cycle = stack[stack.index(t):] + [t]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if t not in state:
                visit(t)
        stack.pop()
        state[m] = 2
    for m in sorted(MODULES):
        if m not in state:
            visit(m)


def test_no_function_level_import_below_the_cli():
    """The cli and the benchmark (a command of its own) may import a command's code lazily."""
    hidden = [f"{MODULES[m].relative_to(PKG.parent)}:{line}: import {t} inside a function"
              for m in MODULES if layer_of(m) < layer_of("dwgk.bench")
              for t, line in imports(m)[1] if t.split(".")[0] not in HEAVY]
    assert not hidden, "\n".join(hidden)
