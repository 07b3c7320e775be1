"""The layout checker itself: each kind of defect is found and named; a sound layout is clean."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QStringListModel
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tests.helpers.layout import Finding, format_findings, layout_findings

LONG = "A sentence far too long for the little room it was given here"


def _window(qtbot: Any) -> QWidget:
    window = QWidget()
    window.setObjectName("probe")
    qtbot.addWidget(window)
    return window


def _shown(qtbot: Any, window: QWidget) -> list[Finding]:
    window.show()
    qtbot.waitExposed(window)
    return layout_findings(window)


def _only(findings: list[Finding], kind: str, name: str) -> Finding:
    matching = [f for f in findings if f.kind == kind and name in f.widget]
    assert len(matching) == 1, format_findings("probe", findings)
    return matching[0]


def test_a_sound_form_has_no_findings(qtbot: Any) -> None:
    window = _window(qtbot)
    form = QFormLayout(window)
    form.addRow("Name:", QLineEdit("web", window))
    spin = QSpinBox(window)
    spin.setSuffix(" ms")
    form.addRow("Interval:", spin)
    combo = QComboBox(window)
    combo.addItems(["netif (driver's carrier state)", "ioctl"])
    form.addRow("Carrier:", combo)
    form.addRow(QCheckBox("Use for &virtual machines", window))
    wrapped = QLabel(LONG, window)
    wrapped.setWordWrap(True)
    form.addRow(wrapped)
    assert _shown(qtbot, window) == []


def test_a_label_narrower_than_its_text(qtbot: Any) -> None:
    window = _window(qtbot)
    label = QLabel(LONG, window)
    label.setObjectName("cut")
    label.setGeometry(0, 0, 80, 30)
    window.resize(200, 60)
    finding = _only(_shown(qtbot, window), "clipped", "QLabel#cut")
    assert "has 80×30 px" in finding.detail
    assert "probe > QLabel#cut 'A sentence" in str(finding)


def test_a_wrapped_label_given_one_line_for_two(qtbot: Any) -> None:
    window = _window(qtbot)
    label = QLabel("Kubernetes control plane", window)
    label.setObjectName("title")
    label.setWordWrap(True)
    width = label.fontMetrics().horizontalAdvance("Kubernetes control") + 2
    label.setGeometry(0, 0, width, label.fontMetrics().height())
    window.resize(300, 60)
    finding = _only(_shown(qtbot, window), "clipped", "QLabel#title")
    assert f"has {width}×{label.fontMetrics().height()} px" in finding.detail


def test_overlapping_siblings(qtbot: Any) -> None:
    window = _window(qtbot)
    first = QPushButton("Apply", window)
    first.setObjectName("apply")
    first.setGeometry(0, 0, 120, 30)
    second = QLabel("document", window)
    second.setObjectName("document")
    second.setGeometry(100, 20, 100, 40)
    window.resize(300, 100)
    finding = _only(_shown(qtbot, window), "overlap", "QPushButton#apply")
    assert "QLabel#document" in finding.detail and "20×10 px" in finding.detail


def test_a_child_sticking_out_of_its_parent(qtbot: Any) -> None:
    window = _window(qtbot)
    box = QWidget(window)
    box.setObjectName("box")
    box.setGeometry(0, 0, 100, 50)
    child = QPushButton("Go", box)
    child.setObjectName("go")
    child.setGeometry(60, 10, 80, 30)
    window.resize(200, 100)
    finding = _only(_shown(qtbot, window), "overlap", "QPushButton#go")
    assert "sticks out" in finding.detail


def test_a_spin_box_squashed_below_its_height(qtbot: Any) -> None:
    window = _window(qtbot)
    layout = QVBoxLayout(window)
    spin = QSpinBox(window)
    spin.setObjectName("interval")
    layout.addWidget(spin)
    natural = spin.sizeHint().height()
    spin.setFixedHeight(natural - 6)
    finding = _only(_shown(qtbot, window), "squashed", "QSpinBox#interval")
    assert f"has {spin.width()}×{natural - 6} px" in finding.detail


def test_an_elided_placeholder(qtbot: Any) -> None:
    window = _window(qtbot)
    edit = QLineEdit(window)
    edit.setObjectName("uri")
    edit.setPlaceholderText("qemu+ssh://user@host.example.org/system")
    edit.setGeometry(0, 0, 90, edit.sizeHint().height())
    window.resize(200, 60)
    finding = _only(_shown(qtbot, window), "clipped", "QLineEdit#uri")
    assert finding.detail.startswith("placeholder needs")


def test_a_combo_box_too_narrow_for_its_choice(qtbot: Any) -> None:
    window = _window(qtbot)
    combo = QComboBox(window)
    combo.setObjectName("carrier")
    combo.addItem("netif (driver's carrier state)")
    combo.setGeometry(0, 0, 80, combo.sizeHint().height())
    window.resize(200, 60)
    _only(_shown(qtbot, window), "clipped", "QComboBox#carrier")


def test_a_button_and_a_check_box_too_narrow(qtbot: Any) -> None:
    window = _window(qtbot)
    button = QPushButton("Generate a new address", window)
    button.setObjectName("generate")
    button.setGeometry(0, 0, 60, button.sizeHint().height())
    check = QCheckBox("Link up (virtual cable plugged in)", window)
    check.setObjectName("link")
    check.setGeometry(0, 40, 60, check.sizeHint().height())
    window.resize(200, 80)
    findings = _shown(qtbot, window)
    _only(findings, "clipped", "QPushButton#generate")
    _only(findings, "clipped", "QCheckBox#link")


def test_a_group_box_title_cut(qtbot: Any) -> None:
    window = _window(qtbot)
    box = QGroupBox("Network interfaces of this machine", window)
    box.setObjectName("nics")
    box.setGeometry(0, 0, 70, 60)
    window.resize(200, 80)
    finding = _only(_shown(qtbot, window), "clipped", "QGroupBox#nics")
    assert finding.detail.startswith("title needs")


def test_a_header_section_narrower_than_its_title(qtbot: Any) -> None:
    window = _window(qtbot)
    layout = QVBoxLayout(window)
    model = QStandardItemModel(1, 2, window)
    model.setHorizontalHeaderLabels(["Name", "Network and portgroup"])
    view = QTableView(window)
    view.setObjectName("table")
    view.setModel(model)
    view.horizontalHeader().setStretchLastSection(False)
    view.setColumnWidth(1, 40)
    layout.addWidget(view)
    window.resize(400, 200)
    finding = _only(_shown(qtbot, window), "clipped", "QTableView#table > QHeaderView")
    assert "'Network and portgroup'" in finding.detail and "has 40 px" in finding.detail


def test_cells_of_a_named_column(qtbot: Any) -> None:
    window = _window(qtbot)
    layout = QVBoxLayout(window)
    view = QTableView(window)
    view.setObjectName("domains")
    view.setModel(QStringListModel(["web", "NAT · nat-lan, Internal · internal-cluster"], view))
    view.setColumnWidth(0, 60)
    layout.addWidget(view)
    window.resize(400, 200)
    window.show()
    qtbot.waitExposed(window)
    assert layout_findings(window) == []  # cells may elide, unless named
    findings = layout_findings(window, cells={view: [0]})
    assert len(findings) == 1 and "cell (1, 0)" in findings[0].detail


def test_a_scroll_area_too_narrow_for_its_page(qtbot: Any) -> None:
    window = _window(qtbot)
    layout = QVBoxLayout(window)
    area = QScrollArea(window)
    area.setObjectName("details")
    area.setWidgetResizable(True)
    page = QWidget()
    page.setMinimumWidth(500)
    area.setWidget(page)
    layout.addWidget(area)
    window.resize(300, 200)
    finding = _only(_shown(qtbot, window), "clipped", "QScrollArea#details")
    assert "needs 500 px" in finding.detail


def test_hidden_widgets_and_other_windows_are_left_alone(qtbot: Any) -> None:
    window = _window(qtbot)
    hidden = QLabel(LONG, window)
    hidden.setGeometry(0, 0, 20, 20)
    hidden.hide()
    dialog = QDialog(window)  # a window of its own: checked when it is the one shown
    cut = QLabel(LONG, dialog)
    cut.setGeometry(0, 0, 20, 20)
    dialog.resize(100, 50)
    dialog.show()
    window.resize(100, 50)
    assert _shown(qtbot, window) == []
    _only(layout_findings(dialog), "clipped", "QLabel")
