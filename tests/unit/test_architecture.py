"""The shape of kvmdesk/ that import-linter cannot see, read from the source with ``ast``.

Nothing here imports kvmdesk: every check parses the files. It fails when

* a module other than ``__init__.py`` sits at the top level of ``kvmdesk/core/``
  (every core module belongs to a package of its concept);
* a class inherits from more than one kvmdesk class (composition, not mixins; base
  names are resolved through the module's imports, so Qt, stdlib, ``Protocol`` and
  ``Generic`` bases do not count);
* a function imports a kvmdesk module (a deferred import hides a cycle or a module
  holding two concepts);
* a name deferred to first use (``Deferred("module", "Name")`` or ``Capability(…)``,
  core/util/deferred.py) is not also imported under ``TYPE_CHECKING`` in the same
  module (import-linter's contracts see only that import), or ``importlib`` is used to
  import kvmdesk code anywhere else;
* kvmdesk modules import each other in a cycle (every import counts: top level,
  ``TYPE_CHECKING``, class and function bodies). import-linter's ``acyclic_siblings``
  contract checks siblings only, not a package's ``__init__`` against its own modules.

The checks are functions over ``{module name: syntax tree}`` so the tests at the end
can show each one catching what it is meant to catch.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "kvmdesk"

# Start-up order, not a cycle: app.main() starts the connections opening in libvirt's
# threads before Qt, the models and the windows are imported (see app.py's docstring).
DEFERRED_IMPORTS_ALLOWED = frozenset({"kvmdesk.app"})

Modules = Mapping[str, ast.Module]


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def load(root: Path = ROOT) -> dict[str, ast.Module]:
    return {
        module_name(path, root): ast.parse(path.read_text(encoding="utf-8"), str(path))
        for path in sorted((root / PACKAGE).rglob("*.py"))
    }


def _is_package(name: str, modules: Modules) -> bool:
    return any(other.startswith(name + ".") for other in modules)


def _absolute(name: str, node: ast.ImportFrom, modules: Modules) -> str:
    """The module an ``ImportFrom`` names, with relative levels resolved."""
    if not node.level:
        return node.module or ""
    package = name if _is_package(name, modules) else name.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def _imported(name: str, node: ast.Import | ast.ImportFrom, modules: Modules) -> set[str]:
    """The kvmdesk modules one import statement loads (``from a import b``: a.b if a module)."""
    found: set[str] = set()
    if isinstance(node, ast.Import):
        found = {alias.name for alias in node.names}
    else:
        base = _absolute(name, node, modules)
        for alias in node.names:
            candidate = f"{base}.{alias.name}"
            found.add(candidate if candidate in modules else base)
    return {m for m in found if m == PACKAGE or m.startswith(PACKAGE + ".")}


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node


# ---------------------------------------------------------------- the checks


def flat_core_modules(root: Path = ROOT) -> list[str]:
    core = root / PACKAGE / "core"
    return sorted(p.name for p in core.glob("*.py") if p.name != "__init__.py")


def _names(name: str, tree: ast.Module, modules: Modules) -> dict[str, str]:
    """What each name bound at module level by an import or a class refers to."""
    names: dict[str, str] = {}
    for node in _imports(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:
                    head = alias.name.split(".")[0]
                    names[head] = head
        else:
            base = _absolute(name, node, modules)
            for alias in node.names:
                names[alias.asname or alias.name] = f"{base}.{alias.name}"
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            names.setdefault(node.name, f"{name}.{node.name}")
    return names


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Subscript):  # Base[T]
        return _dotted(node.value)
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = _dotted(node.value)
        return f"{head}.{node.attr}" if head else None
    return None


def _resolve(dotted: str, names: Mapping[str, str]) -> str:
    head, _, rest = dotted.partition(".")
    target = names.get(head, head)
    return f"{target}.{rest}" if rest else target


def multiple_project_bases(modules: Modules) -> dict[str, list[str]]:
    """``{module.Class: [its kvmdesk bases]}`` for classes with more than one."""
    offenders: dict[str, list[str]] = {}
    for name, tree in modules.items():
        names = _names(name, tree, modules)
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            bases = [_dotted(base) for base in node.bases]
            resolved = [_resolve(b, names) for b in bases if b is not None]
            project = [b for b in resolved if b.startswith(PACKAGE + ".")]
            if len(project) > 1:
                offenders[f"{name}.{node.name}"] = project
    return offenders


def function_level_imports(modules: Modules) -> list[str]:
    """``module:line imported`` for every kvmdesk import inside a function."""
    offenders: list[str] = []
    for name, tree in modules.items():
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for statement in function.body:
                for node in _imports(statement):
                    for imported in sorted(_imported(name, node, modules)):
                        offenders.append(f"{name}:{node.lineno} {imported}")
    return sorted(set(offenders))


DEFERRED_MODULE = "kvmdesk.core.util.deferred"
DEFERRING_CALLS = frozenset({"Deferred", "Capability"})


def _type_checking_imports(name: str, tree: ast.Module, modules: Modules) -> set[tuple[str, str]]:
    """(module, name) of every ``from module import name`` under ``if TYPE_CHECKING:``."""
    found: set[tuple[str, str]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _dotted(node.test) in (
            "TYPE_CHECKING",
            "typing.TYPE_CHECKING",
        ):
            for statement in node.body:
                if isinstance(statement, ast.ImportFrom):
                    source = _absolute(name, statement, modules)
                    found.update((source, alias.name) for alias in statement.names)
    return found


def deferred_names(modules: Modules) -> dict[str, list[tuple[str, str]]]:
    """Per module, the (module, name) pairs it defers with ``Deferred``/``Capability``."""
    found: dict[str, list[tuple[str, str]]] = {}
    for name, tree in modules.items():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and _dotted(node.func) in DEFERRING_CALLS
                and len(node.args) >= 2
                and all(
                    isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args[:2]
                )
            ):
                target = (str(node.args[0].value), str(node.args[1].value))
                found.setdefault(name, []).append(target)
    return found


def unseen_deferrals(modules: Modules) -> list[str]:
    """``module: target.Name`` for each deferral without its ``TYPE_CHECKING`` import."""
    offenders = []
    for name, targets in deferred_names(modules).items():
        seen = _type_checking_imports(name, modules[name], modules)
        offenders += [f"{name}: {m}.{n}" for m, n in targets if (m, n) not in seen]
    return sorted(offenders)


def importlib_users(modules: Modules) -> list[str]:
    """Modules other than core/util/deferred.py that call ``importlib``."""
    users = []
    for name, tree in modules.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and (_dotted(node.func) or "").startswith(
                ("importlib.", "__import__")
            ):
                users.append(f"{name}:{node.lineno}")
    return sorted(u for u in users if u.partition(":")[0] != DEFERRED_MODULE)


def import_graph(modules: Modules) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, tree in modules.items():
        for node in _imports(tree):
            graph[name] |= {m for m in _imported(name, node, modules) if m != name}
    return graph


def import_cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """Every group of modules that import each other, directly or around a loop (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.get(module, ())):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return sorted(cycles)


def _describe(cycle: list[str], graph: Mapping[str, set[str]]) -> str:
    members = set(cycle)
    edges = [f"{a} -> {b}" for a in cycle for b in sorted(graph[a] & members)]
    return "\n  ".join(edges)


# ------------------------------------------------------------ on kvmdesk/


def test_core_has_no_top_level_modules() -> None:
    flat = flat_core_modules()
    assert not flat, (
        "modules at the top level of kvmdesk/core/ (move each into the package of its "
        f"concept: types, util, connection, domain, nic, vnet, hostnet, …): {', '.join(flat)}"
    )


def test_no_class_inherits_from_two_project_classes() -> None:
    offenders = multiple_project_bases(load())
    listed = "\n  ".join(f"{cls}({', '.join(bases)})" for cls, bases in sorted(offenders.items()))
    assert not offenders, (
        "classes inheriting from more than one kvmdesk class (hold the parts as "
        f"attributes instead):\n  {listed}"
    )


def test_no_function_level_import_of_kvmdesk() -> None:
    offenders = [
        line
        for line in function_level_imports(load())
        if line.partition(":")[0] not in DEFERRED_IMPORTS_ALLOWED
    ]
    listed = "\n  ".join(offenders)
    assert not offenders, (
        "kvmdesk modules imported inside a function (import at the top; if that makes a "
        f"cycle, split the module that holds two concepts):\n  {listed}"
    )


def test_every_deferred_name_is_seen_by_the_import_contracts_and_exists() -> None:
    modules = load()
    unseen = unseen_deferrals(modules)
    assert not unseen, (
        "deferred without the same import under TYPE_CHECKING (the import contracts "
        "would not see the dependency):\n  " + "\n  ".join(unseen)
    )
    missing = []
    for name, targets in deferred_names(modules).items():
        for module, attribute in targets:
            tree = modules.get(module)
            defined = tree is not None and any(
                isinstance(node, ast.ClassDef | ast.FunctionDef) and node.name == attribute
                for node in tree.body
            )
            if not defined:
                missing.append(f"{name}: {module}.{attribute}")
    assert not missing, "deferred names that do not exist:\n  " + "\n  ".join(missing)


def test_only_the_deferral_helper_imports_by_name() -> None:
    users = importlib_users(load())
    assert not users, (
        "importlib used outside core/util/deferred.py (use Deferred or Capability):\n  "
        + "\n  ".join(users)
    )


def test_no_import_cycle_between_kvmdesk_modules() -> None:
    graph = import_graph(load())
    cycles = import_cycles(graph)
    listed = "\n\n  ".join(_describe(cycle, graph) for cycle in cycles)
    assert not cycles, f"kvmdesk modules importing each other in a cycle:\n  {listed}"


# ---------------------------------------------------- the checks themselves


def _tree(tmp_path: Path, files: Mapping[str, str]) -> dict[str, ast.Module]:
    for relative, text in files.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return load(tmp_path)


def test_a_flat_core_module_is_found(tmp_path: Path) -> None:
    _tree(tmp_path, {"kvmdesk/core/__init__.py": "", "kvmdesk/core/session_x.py": ""})
    assert flat_core_modules(tmp_path) == ["session_x.py"]


def test_two_project_bases_are_found_and_qt_or_protocol_bases_are_not(tmp_path: Path) -> None:
    modules = _tree(
        tmp_path,
        {
            "kvmdesk/__init__.py": "",
            "kvmdesk/a.py": "class A: ...\nclass B: ...\n",
            "kvmdesk/b.py": (
                "from typing import Generic, Protocol, TypeVar\n"
                "from PySide6.QtCore import QObject\n"
                "import kvmdesk.a\n"
                "from kvmdesk.a import A as Renamed\n"
                "from . import a\n"
                "T = TypeVar('T')\n"
                "class Local: ...\n"
                "class Mixed(Renamed, kvmdesk.a.B): ...\n"
                "class Relative(a.A, Local): ...\n"
                "class Fine(QObject, Renamed, Protocol, Generic[T]): ...\n"
            ),
        },
    )
    assert multiple_project_bases(modules) == {
        "kvmdesk.b.Mixed": ["kvmdesk.a.A", "kvmdesk.a.B"],
        "kvmdesk.b.Relative": ["kvmdesk.a.A", "kvmdesk.b.Local"],
    }


def test_function_level_imports_are_found(tmp_path: Path) -> None:
    modules = _tree(
        tmp_path,
        {
            "kvmdesk/__init__.py": "",
            "kvmdesk/a.py": "",
            "kvmdesk/b.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n"
                "    from kvmdesk.a import X\n"
                "def f() -> None:\n"
                "    import json\n"
                "    if True:\n"
                "        from kvmdesk import a\n"
                "async def g() -> None:\n"
                "    from .a import Y\n"
            ),
        },
    )
    assert function_level_imports(modules) == ["kvmdesk.b:7 kvmdesk.a", "kvmdesk.b:9 kvmdesk.a"]


def test_cycles_are_found_through_type_checking_and_deferred_imports(tmp_path: Path) -> None:
    modules = _tree(
        tmp_path,
        {
            "kvmdesk/__init__.py": "",
            "kvmdesk/p/__init__.py": "from kvmdesk.p import c\n",
            "kvmdesk/p/c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from kvmdesk import p\n",
            "kvmdesk/d.py": "def f() -> None:\n    from kvmdesk import e\n",
            "kvmdesk/e.py": "from . import d\n",
            "kvmdesk/leaf.py": "import kvmdesk.d\n",
        },
    )
    assert import_cycles(import_graph(modules)) == [
        ["kvmdesk.d", "kvmdesk.e"],
        ["kvmdesk.p", "kvmdesk.p.c"],
    ]


def test_a_deferral_without_its_type_checking_import_is_found(tmp_path: Path) -> None:
    modules = _tree(
        tmp_path,
        {
            "kvmdesk/__init__.py": "",
            "kvmdesk/a.py": "class A: ...\nclass B: ...\n",
            "kvmdesk/b.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n"
                "    from kvmdesk.a import A\n"
                "X = Deferred('kvmdesk.a', 'A')\n"
                "Y = Deferred('kvmdesk.a', 'B')\n"
                "import importlib\n"
                "importlib.import_module('kvmdesk.a')\n"
            ),
        },
    )
    assert unseen_deferrals(modules) == ["kvmdesk.b: kvmdesk.a.B"]
    assert importlib_users(modules) == ["kvmdesk.b:7"]
