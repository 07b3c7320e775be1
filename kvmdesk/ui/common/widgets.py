"""Small widget helpers shared by windows and dialogs: lifetimes, filter fields, closing, fitting."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QBoxLayout, QLineEdit, QPushButton, QTableView, QWidget
from shiboken6 import isValid


def dispose(widget: QObject) -> None:
    """``deleteLater`` unless Qt already destroyed it (its window closed while we awaited)."""
    if isValid(widget):
        widget.deleteLater()


def header_apart_from_selection(view: QTableView) -> None:
    """The column header of a row-selecting table no longer asks the selection.

    To paint a section, QHeaderView asks whether its column and the columns beside it are
    wholly selected (``isColumnSelected``), which visits every row of a selected range and
    makes an index for each: with 20,000 rows selected, 0.3 s of model calls for every
    repaint of the header. With rows selected, a column is never highlighted anyway, so
    the header gets a selection model of its own that stays empty. Call it again after
    the view's model or selection model is replaced (the view hands its own to the header).
    """
    model = view.model()
    if model is not None:
        view.horizontalHeader().setSelectionModel(QItemSelectionModel(model, view))


def filter_edit(
    parent: QWidget, name: str, placeholder: str, on_text: Callable[[str], object]
) -> QLineEdit:
    """The one-line filter above a list: placeholder, clear button, filters as the user types."""
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    edit.textChanged.connect(on_text)
    return edit


def add_close_button(row: QBoxLayout, window: QWidget) -> QPushButton:
    """A secondary window's way out: "Close" at the right end of ``row``, and Esc.

    Both call ``window.close()``, as the title bar's button does, so the window's own
    ``closeEvent`` decides what closing means (a host change waiting for confirmation is
    rolled back first). Esc is a window shortcut: in a dialog of the window, which is a
    window of its own, Esc still only answers that dialog.
    """
    button = QPushButton(QCoreApplication.translate("SecondaryWindow", "Close"), window)
    button.setObjectName("closeButton")
    button.setAutoDefault(False)
    button.clicked.connect(lambda _checked=False: window.close())
    row.addWidget(button)
    escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), window)
    escape.setObjectName("closeShortcut")
    escape.setContext(Qt.ShortcutContext.WindowShortcut)
    escape.activated.connect(window.close)
    return button


def on_rows_shown_change(model: QAbstractItemModel, slot: Callable[..., object]) -> None:
    """Call ``slot`` whenever the rows ``model`` shows change: a filter proxy's edits included."""
    for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.layoutChanged):
        signal.connect(slot)


def fit_to_contents(window: QWidget, *, shrink: bool = False) -> None:
    """Resize a shown window so its layout fits at its current width, wrapped text included.

    Qt keeps a window at least at its layout's minimum size, but that minimum ignores
    height-for-width: when a wrapped text grows or a section appears, the layout squashes
    fixed-height controls or lets them overlap. The window grows (or, with ``shrink``,
    also gets smaller again) to the height its layout needs at the width it has.
    """
    layout = window.layout()
    if layout is None or not window.isWindow() or not window.isVisible():
        return
    layout.activate()
    minimum = layout.totalMinimumSize()
    width = max(window.width(), minimum.width())
    height = minimum.height()
    if layout.hasHeightForWidth():
        height = max(height, layout.totalHeightForWidth(width))
    else:
        height = max(height, layout.totalSizeHint().height())
    if not shrink:
        height = max(height, window.height())
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
