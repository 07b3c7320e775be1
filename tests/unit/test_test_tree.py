"""The shape of the test tree: packages everywhere, helpers in tests/helpers, fixtures only
in conftest files, and no module importing a conftest.

pytest loads every ``conftest.py`` itself; importing one by name as well runs it twice under
two module names and ties a test folder to another folder's fixtures file. Helpers shared
between test modules therefore live in :mod:`tests.helpers`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.paths import ROOT

TESTS = ROOT / "tests"


def _python_files() -> Iterator[Path]:
    for path in sorted(TESTS.rglob("*.py")):
        if "__pycache__" not in path.parts:
            yield path


def _imported_modules(source: str) -> Iterator[str]:
    """Every module ``source`` imports, dotted; relative imports keep their leading dots."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            yield base
            # ``from tests.unit import conftest`` names the module after ``import``.
            yield from (f"{base.rstrip('.')}.{alias.name}" for alias in node.names)


def _imports_a_conftest(source: str) -> bool:
    return any("conftest" in module.split(".") for module in _imported_modules(source))


@pytest.mark.parametrize(
    "source",
    [
        "from tests.unit.conftest import run",
        "from tests.conftest import AsyncRunner",
        "from .conftest import run",
        "from . import conftest",
        "from tests.unit import conftest",
        "import tests.ui.conftest",
        "import conftest",
        "def f():\n    from tests.unit.conftest import run\n",
    ],
)
def test_the_check_sees_every_spelling_of_a_conftest_import(source: str) -> None:
    assert _imports_a_conftest(source)


@pytest.mark.parametrize(
    "source",
    ["from tests.helpers.aio import run", "import pytest", "from tests.helpers import cli"],
)
def test_the_check_passes_other_imports(source: str) -> None:
    assert not _imports_a_conftest(source)


def test_no_module_under_tests_imports_a_conftest() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in _python_files()
        if _imports_a_conftest(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "import helpers from tests.helpers instead"


def test_every_test_directory_is_a_package() -> None:
    # Without __init__.py, pytest imports test modules by their bare names, and two
    # test_window.py files in different folders collide.
    directories = {path.parent for path in _python_files()}
    missing = sorted(
        str(directory.relative_to(ROOT))
        for directory in directories
        if not (directory / "__init__.py").is_file()
    )
    assert missing == []


def _is_fixture(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if name == "fixture":
            return True
    return False


def test_conftest_files_define_only_fixtures_and_hooks() -> None:
    strays = []
    for path in _python_files():
        if path.name != "conftest.py":
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef) or (
                isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                and not (_is_fixture(node) or node.name.startswith("pytest_"))
            ):
                strays.append(f"{path.relative_to(ROOT)}: {node.name}")
    assert strays == [], "move helpers into tests/helpers"
