"""Where a user-visible string could escape ``pyside6-lupdate`` or its translator.

lupdate reads literals only: ``self.tr("…")``, ``QCoreApplication.translate("Context", "…")``
and ``QT_TRANSLATE_NOOP("Context", "…")``. A helper that passes its parameter on to
``translate`` hides every string given to it; ``widget.tr("…")`` on another object than
``self`` is looked up under that widget's class, not the one lupdate files it under; and a
sentence glued together from translated pieces (``+``, f-strings, ``%``, ``.format``)
cannot be reordered by a translator: it needs one string with ``%1`` placeholders.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

TRANSLATE_NAMES = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}
QT_APPLICATIONS = {"QCoreApplication", "QApplication", "QGuiApplication"}


@dataclass(frozen=True)
class Finding:
    line: int
    problem: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.problem}"


def _called_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _is_translation(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call) or _called_name(node) not in TRANSLATE_NAMES:
        return False
    func = node.func
    if _called_name(node) == "translate" and isinstance(func, ast.Attribute):
        # Qt's, not str.translate(table) or bytes.translate(table, delete).
        return isinstance(func.value, ast.Name) and func.value.id in QT_APPLICATIONS
    return True


def _literal(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _text_argument(node: ast.Call) -> ast.AST | None:
    name = _called_name(node)
    position = 0 if name in {"tr", "QT_TR_NOOP"} else 1
    if len(node.args) > position:
        return node.args[position]
    return None


def _contains_translation(node: ast.AST) -> bool:
    return any(_is_translation(child) for child in ast.walk(node))


def findings(source: str) -> Iterator[Finding]:
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            parameters = {a.arg for a in (*node.args.posonlyargs, *node.args.args)}
            for call in ast.walk(node):
                if not _is_translation(call):
                    continue
                assert isinstance(call, ast.Call)
                text = _text_argument(call)
                if isinstance(text, ast.Name) and text.id in parameters:
                    yield Finding(
                        call.lineno,
                        f"{node.name}() passes its parameter {text.id!r} to "
                        f"{_called_name(call)}(): lupdate never sees the strings given to it",
                    )
        if not isinstance(node, ast.Call | ast.BinOp | ast.JoinedStr):
            continue
        if isinstance(node, ast.Call) and _is_translation(node):
            name = _called_name(node)
            func = node.func
            if (
                name == "tr"
                and isinstance(func, ast.Attribute)
                and not (isinstance(func.value, ast.Name) and func.value.id in {"self", "cls"})
            ):
                yield Finding(
                    node.lineno,
                    f"{ast.unparse(func)}(): tr() on another object than self is looked up "
                    "under that object's class, not the class lupdate files it under",
                )
            if name == "tr" and isinstance(func, ast.Name):
                yield Finding(
                    node.lineno,
                    "tr() called as a plain function: its context is whatever it is bound to; "
                    "use self.tr or QCoreApplication.translate with a context",
                )
            text = _text_argument(node)
            # A table lookup (LABELS[state]) or a name in translate() re-translates strings
            # marked with QT_TRANSLATE_NOOP where they are written.
            dynamic_ok = isinstance(text, ast.Subscript) or (
                isinstance(text, ast.Name | ast.Attribute) and name == "translate"
            )
            if text is not None and not _literal(text) and not dynamic_ok:
                yield Finding(
                    node.lineno,
                    f"{name}() of {ast.unparse(text)!r}: not a literal lupdate can read",
                )
            context = node.args[0] if name == "translate" and node.args else None
            if context is not None and not isinstance(context, ast.Constant | ast.Name):
                yield Finding(node.lineno, "translate() with a context that is not a name")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
            if _is_translation(node.left) or _is_translation(node.right):
                yield Finding(
                    node.lineno,
                    f"{ast.unparse(node)[:80]}: a translated piece glued with "
                    f"{'+' if isinstance(node.op, ast.Add) else '%'}; use one string with %1",
                )
        elif isinstance(node, ast.JoinedStr):
            for value in node.values:
                if isinstance(value, ast.FormattedValue) and _contains_translation(value.value):
                    yield Finding(
                        node.lineno, "a translated piece inside an f-string; use one string with %1"
                    )
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and _is_translation(node.func.value)
        ):
            yield Finding(node.lineno, "str.format() on a translated string; use %1 and .arg")
