"""Every place Qt could read text as HTML goes through kvmdesk's one helper (read with ``ast``).

Qt renders a tooltip, a ``QMessageBox`` text and a ``QLabel`` in ``AutoText`` as rich text
when ``Qt::mightBeRichText`` says so: a domain named ``<img src=&#47;dev&#47;zero>`` made
Qt read ``/dev/zero`` until the process died. The helpers are
``kvmdesk/models/text.py`` (``safe_tooltip``, ``safe_role``),
``kvmdesk/ui/common/labels.py`` (``PlainLabel``, ``RichLabel``) and
``kvmdesk/ui/common/message_box.py`` (``PlainMessageBox``). This fails when

* a tooltip is set (``setToolTip``, ``setTabToolTip``, ``ToolTipRole`` data) with
  anything but a ``safe_tooltip(...)`` call;
* an item model's ``data()`` returns anything but ``safe_role(...)`` (or None);
* a ``QLabel`` or ``QMessageBox`` is made, or subclassed, outside its helper module (the
  static ``QMessageBox.warning`` & co. included);
* rich text or links are switched on (``setTextFormat(RichText)``,
  ``setOpenExternalLinks``, ``setHtml``, ``QTextBrowser``) outside the label helper.

The checks are functions over ``{path: syntax tree}`` so the tests at the end show each
one catching what it is meant to catch.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

from tests.helpers.paths import ROOT

LABELS = "kvmdesk/ui/common/labels.py"
MESSAGE_BOX = "kvmdesk/ui/common/message_box.py"
TEXT = "kvmdesk/models/text.py"
STATIC_BOXES = frozenset({"information", "warning", "critical", "question", "about"})

Sources = Mapping[str, ast.Module]


def load(root: Path = ROOT) -> dict[str, ast.Module]:
    return {
        path.relative_to(root).as_posix(): ast.parse(path.read_text(encoding="utf-8"))
        for path in sorted((root / "kvmdesk").rglob("*.py"))
    }


def _called(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name


def _method(node: ast.Call) -> str:
    return node.func.attr if isinstance(node.func, ast.Attribute) else ""


def _names_tooltip_role(node: ast.AST) -> bool:
    text = ast.unparse(node)
    return text.endswith("ToolTipRole") or text == "TOOLTIP"


def _calls(sources: Sources) -> Iterator[tuple[str, ast.Call]]:
    for path, tree in sources.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                yield path, node


def unsafe_tooltips(sources: Sources) -> list[str]:
    found = []
    for path, call in _calls(sources):
        method = _method(call)
        value: ast.AST | None = None
        if method == "setToolTip" and call.args:
            value = call.args[0]
        elif method == "setTabToolTip" and len(call.args) > 1:
            value = call.args[1]
        elif method in ("setData", "setItemData") and any(map(_names_tooltip_role, call.args)):
            value = call.args[-2]
        if value is not None and not _called(value, "safe_tooltip"):
            found.append(f"{path}:{call.lineno}: {ast.unparse(call)[:70]}")
    return found


def unsafe_model_data(sources: Sources) -> list[str]:
    found = []
    for path, tree in sources.items():
        if not path.startswith("kvmdesk/models/"):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name == "data":
                for inner in ast.walk(node):
                    if not isinstance(inner, ast.Return) or inner.value is None:
                        continue
                    value = inner.value
                    if isinstance(value, ast.Constant) and value.value is None:
                        continue
                    if not _called(value, "safe_role"):
                        found.append(f"{path}:{inner.lineno}: {ast.unparse(inner)[:70]}")
    return found


def widgets_outside_helpers(sources: Sources) -> list[str]:
    found = []
    for path, tree in sources.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for base in node.bases:
                    name = ast.unparse(base)
                    if name == "QLabel" and path != LABELS:
                        found.append(f"{path}:{node.lineno}: class {node.name}(QLabel)")
                    if name == "QMessageBox" and path != MESSAGE_BOX:
                        found.append(f"{path}:{node.lineno}: class {node.name}(QMessageBox)")
            if not isinstance(node, ast.Call):
                continue
            if _called(node, "QLabel") and path != LABELS:
                found.append(f"{path}:{node.lineno}: QLabel(...)")
            if _called(node, "QMessageBox") and path != MESSAGE_BOX:
                found.append(f"{path}:{node.lineno}: QMessageBox(...)")
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and ast.unparse(func.value) == "QMessageBox"
                and func.attr in STATIC_BOXES
            ):
                found.append(f"{path}:{node.lineno}: QMessageBox.{func.attr}(...)")
    return found


def rich_text_switched_on(sources: Sources) -> list[str]:
    found = []
    for path, call in _calls(sources):
        if path == LABELS:
            continue
        method = _method(call)
        source = ast.unparse(call)
        rich = method == "setTextFormat" and "RichText" in source
        links = method == "setOpenExternalLinks" and not source.endswith("(False)")
        if rich or links or method in ("setHtml", "insertHtml"):
            found.append(f"{path}:{call.lineno}: {source[:70]}")
        elif _called(call, "QTextBrowser"):
            found.append(f"{path}:{call.lineno}: QTextBrowser(...)")
    return found


# ---------------------------------------------------------------- the tree


def test_every_tooltip_goes_through_safe_tooltip() -> None:
    assert unsafe_tooltips(load()) == []


def test_every_model_data_ends_in_safe_role() -> None:
    assert unsafe_model_data(load()) == []


def test_labels_and_message_boxes_are_made_only_by_their_helpers() -> None:
    assert widgets_outside_helpers(load()) == []


def test_rich_text_and_links_only_in_the_label_helper() -> None:
    assert rich_text_switched_on(load()) == []


# ------------------------------------------------------ the checks catch


def _parse(**files: str) -> dict[str, ast.Module]:
    return {path.replace("__", "/") + ".py": ast.parse(text) for path, text in files.items()}


def test_a_raw_tooltip_is_found_and_a_safe_one_is_not() -> None:
    sources = _parse(
        kvmdesk__ui__a="w.setToolTip(name)\nw.setToolTip(safe_tooltip(name))\n"
        "tabs.setTabToolTip(0, name)\nitem.setData(text, Qt.ItemDataRole.ToolTipRole)\n"
        "combo.setItemData(1, safe_tooltip(t), Qt.ItemDataRole.ToolTipRole)\n"
    )
    assert [line.split(":")[1] for line in unsafe_tooltips(sources)] == ["1", "3", "4"]


def test_a_model_returning_raw_data_is_found() -> None:
    sources = _parse(
        kvmdesk__models__m=(
            "class M:\n"
            "    def data(self, index, role):\n"
            "        if role == 1:\n"
            "            return None\n"
            "        return self.name\n"
            "class N:\n"
            "    def data(self, index, role):\n"
            "        return safe_role(role, self._data(index, role))\n"
        )
    )
    assert [line.split(":")[1] for line in unsafe_model_data(sources)] == ["5"]


def test_labels_and_boxes_made_elsewhere_are_found() -> None:
    sources = _parse(
        kvmdesk__ui__b=(
            "label = QLabel(name)\nbox = QMessageBox(icon, t, name)\n"
            "QMessageBox.warning(None, t, name)\nclass Box(QMessageBox):\n    pass\n"
            "class Tag(QLabel):\n    pass\nok = PlainLabel(name)\n"
        ),
        kvmdesk__ui__common__labels="class PlainLabel(QLabel):\n    pass\nQLabel()\n",
    )
    assert sorted(int(line.split(":")[1]) for line in widgets_outside_helpers(sources)) == [
        1,
        2,
        3,
        4,
        6,
    ]


def test_rich_text_elsewhere_is_found() -> None:
    sources = _parse(
        kvmdesk__ui__c=(
            "label.setTextFormat(Qt.TextFormat.RichText)\nlabel.setOpenExternalLinks(True)\n"
            "doc.setHtml(text)\nQTextBrowser()\nlabel.setTextFormat(Qt.TextFormat.PlainText)\n"
        )
    )
    assert [line.split(":")[1] for line in rich_text_switched_on(sources)] == ["1", "2", "3", "4"]
