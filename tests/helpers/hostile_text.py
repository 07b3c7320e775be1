"""Hostile names for libvirt's test driver, and an audit of everything a window shows.

:func:`write_inventory` writes a test-driver XML whose domains, titles, descriptions,
networks and storage carry markup (``<img src=&#47;dev&#47;zero>``, ``<b>``,
``<a href=file:…>``, entities), CR/LF, C1 controls, bidi overrides, zero-width
characters and a 10,000-character name. Each hostile string carries a tag ``Kn`` so
the audit can tell whether Qt interpreted the markup around it.

:func:`audit` walks widgets as Qt would render them (labels, tooltips, message boxes,
item views with every index, combos, tabs, buttons, window titles) and returns what is
wrong: rich text that loads an image or makes a link, hostile markup that did not stay
literal, or a raw bidi/control character reaching the screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from PySide6 import QtGui
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QMessageBox,
    QTabBar,
    QWidget,
)

TEST_NS = "http://libvirt.org/schemas/domain/test/1.0"


@dataclass(frozen=True)
class Hostile:
    """One hostile string: ``literal`` must show as written wherever ``tag`` shows."""

    tag: str
    text: str
    # What must stand right before the tag when the markup was not interpreted.
    literal: str = ""


# Domain names: libvirt refuses "/" and newlines in them, nothing else.
DOMAIN_NAMES = (
    Hostile("K1", "<img src=&#47;dev&#47;zero>K1", "<img src=&#47;dev&#47;zero>"),
    Hostile("K2", "<b>K2 bold", "<b>"),
    Hostile("K3", "<a href=file:etc>K3 link", "<a href=file:etc>"),
    Hostile("K4", "&lt;i&gt;K4 entity", "&lt;i&gt;"),
    Hostile("K7", "K7 txt\u202eexe.doc"),
    Hostile("K8", "K8 web\u200bfront\u200d"),
    Hostile("K9", "K9 " + "x" * 10_000),
    Hostile("K11", "K11 c1\x85\x9bcontrol"),
)
# Network names also take CR and LF.
NETWORK_NAMES = (
    Hostile("N1", "<img src=&#47;dev&#47;zero>N1", "<img src=&#47;dev&#47;zero>"),
    Hostile("N2", "<a href=file:etc>N2", "<a href=file:etc>"),
    Hostile("N5", "N5 cr\rspoof"),
    Hostile("N6", "N6 line1\nline2"),
    Hostile("N7", "N7\u202egnp.exe"),
)
TITLES = (
    Hostile("T1", "<img src='/dev/zero'>T1", "<img src='/dev/zero'>"),
    Hostile("T2", "<a href='file:///etc/passwd'>T2</a>", "<a href='file:///etc/passwd'>"),
    Hostile("T3", "<b>T3</b> &amp; more", "<b>"),
    Hostile("T7", "T7 \u202eevil"),
)
DESCRIPTIONS = (
    Hostile("D1", "<img src='/dev/zero'>D1\r\nsecond line", "<img src='/dev/zero'>"),
    Hostile("D2", "<h1>D2</h1>" + "y" * 10_000, "<h1>"),
)
POOL_NAMES = (Hostile("P1", "<img src=&#47;dev&#47;zero>P1", "<img src=&#47;dev&#47;zero>"),)
VOLUME_NAMES = (Hostile("V1", "<b>V1.img", "<b>"),)
INTERFACE_NAMES = (Hostile("I1", "<b>I1", "<b>"), Hostile("I7", "I7\u202eeth"))
SNAPSHOT_NAMES = (Hostile("S1", "<img src=&#47;dev&#47;zero>S1", "<img src=&#47;dev&#47;zero>"),)
ALL = (
    DOMAIN_NAMES
    + NETWORK_NAMES
    + TITLES
    + DESCRIPTIONS
    + POOL_NAMES
    + VOLUME_NAMES
    + INTERFACE_NAMES
    + SNAPSHOT_NAMES
)

# Characters that must never reach the screen raw: controls and bidi/invisible ones.
_RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def snapshot_xml(name: str, description: str) -> str:
    """A ``domainsnapshot`` definition for ``virDomain.snapshotCreateXML``."""
    element = etree.Element("domainsnapshot")
    etree.SubElement(element, "name").text = name
    etree.SubElement(element, "description").text = description
    return etree.tostring(element, encoding="unicode")


def write_inventory(path: Path) -> str:
    """Write the hostile test-driver inventory to ``path``; its ``test://`` URI."""
    node = etree.Element("node", nsmap={"test": TEST_NS})
    for number, name in enumerate(DOMAIN_NAMES):
        title = TITLES[number % len(TITLES)].text
        description = DESCRIPTIONS[number % len(DESCRIPTIONS)].text
        network = NETWORK_NAMES[number % len(NETWORK_NAMES)].text
        domain = etree.SubElement(node, "domain", type="test")
        etree.SubElement(domain, "name").text = name.text
        etree.SubElement(domain, "uuid").text = f"6f1c3e52-0000-4000-8000-{number:012d}"
        etree.SubElement(domain, "title").text = title
        etree.SubElement(domain, "description").text = description
        etree.SubElement(domain, "memory", unit="MiB").text = "512"
        etree.SubElement(domain, "vcpu").text = "1"
        os_element = etree.SubElement(domain, "os")
        etree.SubElement(os_element, "type").text = "hvm"
        devices = etree.SubElement(domain, "devices")
        interface = etree.SubElement(devices, "interface", type="network")
        etree.SubElement(interface, "mac", address=f"52:54:00:66:00:{number:02x}")
        etree.SubElement(interface, "source", network=network)
        etree.SubElement(interface, "model", type="virtio")
        etree.SubElement(devices, "graphics", type="vnc", autoport="yes")
        etree.SubElement(domain, f"{{{TEST_NS}}}runstate").text = "1" if number % 2 else "5"
    for number, name in enumerate(NETWORK_NAMES):
        network = etree.SubElement(node, "network")
        etree.SubElement(network, "name").text = name.text
        etree.SubElement(network, "bridge", name=f"virbr6{number}")
        if number == 0:
            ip = etree.SubElement(network, "ip", address="198.51.100.1", netmask="255.255.255.0")
            etree.SubElement(
                etree.SubElement(ip, "dhcp"), "range", start="198.51.100.10", end="198.51.100.20"
            )
    for number, name in enumerate(POOL_NAMES):
        pool = etree.SubElement(node, "pool", type="dir")
        etree.SubElement(pool, "name").text = name.text
        etree.SubElement(pool, "uuid").text = f"7f1c3e52-0000-4000-8000-{number:012d}"
        target = etree.SubElement(pool, "target")
        etree.SubElement(target, "path").text = f"/var/lib/hostile{number}"
        for volume_name in VOLUME_NAMES:
            volume = etree.SubElement(pool, "volume")
            etree.SubElement(volume, "name").text = volume_name.text
            etree.SubElement(volume, "capacity", unit="GiB").text = "1"
            etree.SubElement(volume, "allocation", unit="GiB").text = "0"
    for number, name in enumerate(INTERFACE_NAMES):
        interface = etree.SubElement(node, "interface", type="ethernet", name=name.text)
        etree.SubElement(interface, "start", mode="onboot")
        etree.SubElement(interface, "mac", address=f"52:54:00:67:00:{number:02x}")
    xml = etree.tostring(node, xml_declaration=True, encoding="UTF-8")
    # lxml writes a CR as-is and an XML parser turns it into LF: keep it a CR.
    path.write_bytes(xml.replace(b"\r", b"&#13;"))
    return f"test://{path}"


class _ProbeDocument(QTextDocument):
    """A document that records every resource (image) its HTML asks for, loading none."""

    def __init__(self) -> None:
        super().__init__()
        self.requested: list[str] = []

    def loadResource(self, kind: int, name: QUrl) -> object:
        self.requested.append(name.toString())
        return None


def rendered(
    text: str, text_format: Qt.TextFormat = Qt.TextFormat.AutoText
) -> tuple[str, list[str]]:
    """What Qt shows for ``text``: its plain text and the problems of its rich text."""
    rich = text_format == Qt.TextFormat.RichText or (
        text_format == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
    )
    if not rich:
        return text, []
    document = _ProbeDocument()
    document.setHtml(text)
    document.setTextWidth(400)
    document.size()  # lays it out: images are asked for now
    problems = [f"loads {name!r}" for name in document.requested]
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            char_format = fragment.charFormat()
            if char_format.isImageFormat():
                problems.append(f"image {char_format.toImageFormat().name()!r}")
            if char_format.isAnchor() or char_format.anchorHref():
                problems.append(f"link {char_format.anchorHref()!r}")
            iterator += 1
        block = block.next()
    return document.toPlainText(), problems


def _check(where: str, text: str, text_format: Qt.TextFormat, found: list[str]) -> None:
    if not text:
        return
    plain, problems = rendered(text, text_format)
    found.extend(f"{where}: {problem} in {text[:80]!r}" for problem in problems)
    raw = _RAW.search(plain.replace("\u2029", "\n").replace("\u2028", "\n"))
    if raw is not None:
        found.append(f"{where}: raw U+{ord(raw.group(0)):04X} shown in {plain[:80]!r}")
    for hostile in ALL:
        interpreted = hostile.literal + hostile.tag not in plain
        if hostile.literal and re.search(rf"{hostile.tag}\b", plain) and interpreted:
            found.append(f"{where}: markup of {hostile.tag} was interpreted: {plain[:80]!r}")


def _check_model(where: str, view: QAbstractItemView, found: list[str]) -> None:
    model = view.model()
    if model is None:
        return

    def columns(parent: QModelIndex) -> int:
        try:
            return model.columnCount(parent)
        except TypeError:  # a list model (QListWidget's) keeps columnCount private
            return 1

    for column in range(columns(QModelIndex())):
        header = model.headerData(column, Qt.Orientation.Horizontal)
        if isinstance(header, str):
            _check(f"{where} header", header, Qt.TextFormat.PlainText, found)
    pending = [QModelIndex()]
    while pending:
        parent = pending.pop()
        for row in range(model.rowCount(parent)):
            for column in range(columns(parent)):
                index = model.index(row, column, parent)
                display = index.data(Qt.ItemDataRole.DisplayRole)
                if isinstance(display, str):
                    # A view paints its display role as plain text.
                    _check(f"{where} [{row},{column}]", display, Qt.TextFormat.PlainText, found)
                tip = index.data(Qt.ItemDataRole.ToolTipRole)
                if isinstance(tip, str):
                    _check(f"{where} [{row},{column}] tooltip", tip, Qt.TextFormat.AutoText, found)
            first = model.index(row, 0, parent)
            if columns(first) and _has_rows(model, first):
                pending.append(first)


def _mnemonic_free(text: str) -> str:
    """A button's or tab's text as shown: "&&" is one "&", a single "&" marks a shortcut."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _has_rows(model: QAbstractItemModel, index: QModelIndex) -> bool:
    try:
        return model.rowCount(index) > 0
    except TypeError:
        return False


def audit(widgets: list[QWidget]) -> list[str]:
    """Everything wrong with what ``widgets`` and their children show (see the module)."""
    found: list[str] = []
    for top in widgets:
        for widget in [top, *top.findChildren(QWidget)]:
            where = f"{type(top).__name__}/{type(widget).__name__}:{widget.objectName()}"
            _check(f"{where} title", widget.windowTitle(), Qt.TextFormat.PlainText, found)
            _check(f"{where} tooltip", widget.toolTip(), Qt.TextFormat.AutoText, found)
            if isinstance(widget, QLabel):
                _check(where, widget.text(), widget.textFormat(), found)
                if widget.openExternalLinks():
                    found.append(f"{where}: opens external links")
            elif isinstance(widget, QAbstractButton):
                _check(where, _mnemonic_free(widget.text()), Qt.TextFormat.PlainText, found)
            elif isinstance(widget, QGroupBox):
                _check(where, widget.title(), Qt.TextFormat.PlainText, found)
            elif isinstance(widget, QComboBox):
                for item in range(widget.count()):
                    _check(
                        f"{where} item {item}",
                        widget.itemText(item),
                        Qt.TextFormat.PlainText,
                        found,
                    )
            elif isinstance(widget, QTabBar):
                for tab in range(widget.count()):
                    _check(
                        f"{where} tab {tab}",
                        _mnemonic_free(widget.tabText(tab)),
                        Qt.TextFormat.PlainText,
                        found,
                    )
                    _check(
                        f"{where} tab tip", widget.tabToolTip(tab), Qt.TextFormat.AutoText, found
                    )
            elif isinstance(widget, QAbstractItemView):
                _check_model(where, widget, found)
            if isinstance(widget, QMessageBox) and widget.textFormat() != Qt.TextFormat.PlainText:
                found.append(f"{where}: message box text format {widget.textFormat()}")
    return found
