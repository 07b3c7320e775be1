"""NIC edits on every corpus domain with a NIC: only the target ``<interface>`` changes.

Which files are used is decided before any edit of ours, by libvirt itself: a file
is used when it has an ``<interface>``, validates against libvirt's ``domain.rng``
and is accepted by the test driver's ``defineXML`` (the domain ``type`` set to
``test``, the only type that driver defines; nothing else is changed). Every other
file is skipped with the reason counted and printed (``pytest -s`` shows it).

For each mode the first NIC of every used file is switched to it and the result
must (a) validate against ``domain.rng``, (b) be the same document under canonical
XML once that interface is taken out of both, (c) keep every child of the
interface that still applies, byte for byte under C14N, and (d) survive the test
driver's ``defineXML`` + ``XMLDesc(INACTIVE)`` with our change intact.
"""

from __future__ import annotations

import uuid as uuidlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import libvirt
import pytest
from lxml import etree

from kvmdesk.core.connection.libvirt_loop import ensure_event_loop
from kvmdesk.core.nic.spec import NicSource, NicSpec
from kvmdesk.core.nic.xml import set_nic
from kvmdesk.core.types.modes import NetworkMode
from tests.helpers.corpus import require_corpus

SCHEMA = Path("/usr/share/libvirt/schemas/domain.rng")
_PARSER = etree.XMLParser(remove_blank_text=False, resolve_entities=False, no_network=True)

# What a switch replaces, or may drop when it cannot apply to the new connection.
_REPLACED = {"source", "virtualport", "backend", "portForward", "link"}


def _may_go(child: etree._Element, old: str | None, new: str | None) -> bool:
    """Whether the switch from type ``old`` to ``new`` may change or drop ``child``.

    Beyond what the switch replaces, only what libvirt or QEMU refuse on the new
    type (or what described the old connection) may go; everything else must stay.
    """
    tag = child.tag
    if not isinstance(tag, str):
        return False  # comments and processing instructions always stay
    if tag in _REPLACED:
        return True
    if old == new:
        return False
    return (
        tag in ("ip", "route")  # an ethernet tap's host side or slirp's subnet
        or (tag in ("script", "downscript") and new != "ethernet")
        or (tag in ("port", "coalesce") and new not in ("network", "bridge"))
        or (tag == "mtu" and new in ("direct", "user"))
        or (tag == "target" and child.get("managed") == "no")
        or (tag == "teaming" and child.get("type") == "transient" and new != "network")
        or (tag == "driver" and child.get("name") in ("kvm", "vfio", "xen"))
    )


NETWORKS = {
    NetworkMode.NAT: (
        "corpus-nat",
        "<forward mode='nat'/><ip address='198.51.100.1' prefix='25'/>",
    ),
    NetworkMode.HOST_ONLY: ("corpus-hostonly", "<ip address='198.51.100.129' prefix='25'/>"),
    NetworkMode.INTERNAL: ("corpus-internal", ""),
    NetworkMode.ROUTED: (
        "corpus-routed",
        "<forward mode='route'/><ip address='203.0.113.1' prefix='25'/>",
    ),
    NetworkMode.OPEN: (
        "corpus-open",
        "<forward mode='open'/><ip address='203.0.113.129' prefix='25'/>",
    ),
}

SPECS: dict[str, NicSpec] = {
    **{
        str(mode): NicSpec(NicSource(mode, network=name), model="")
        for mode, (name, _body) in NETWORKS.items()
    },
    "bridged": NicSpec(NicSource(NetworkMode.BRIDGED, bridge="br0"), model=""),
    "macvtap": NicSpec(
        NicSource(NetworkMode.MACVTAP, device="eth0", macvtap_mode="private"), model=""
    ),
    "user": NicSpec(NicSource(NetworkMode.USER), model=""),
    "none": NicSpec(NicSource(NetworkMode.NONE), model=""),
}


@dataclass
class Selection:
    used: list[tuple[str, str]] = field(default_factory=list)  # (file name, text)
    skipped: Counter[str] = field(default_factory=Counter)
    names: dict[str, list[str]] = field(default_factory=dict)

    def skip(self, reason: str, name: str) -> None:
        self.skipped[reason] += 1
        self.names.setdefault(reason, []).append(name)


@cache
def _schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMA)))


def _as_test_domain(xml: str) -> str:
    root = etree.fromstring(xml.encode(), _PARSER)
    root.set("type", "test")
    return etree.tostring(root, encoding="unicode")


def _node_uri(tmp: Path) -> str:
    networks = "".join(
        f"<network><name>{name}</name><uuid>{uuidlib.uuid4()}</uuid>{body}</network>"
        for name, body in NETWORKS.values()
    )
    path = tmp / "node.xml"
    path.write_text(f"<node>{networks}</node>", encoding="utf-8")
    return f"test://{path}"


@cache
def _selection(corpus: Path, uri: str) -> Selection:
    ensure_event_loop()
    conn = libvirt.open(uri)
    selection = Selection()
    try:
        for path in sorted((corpus / "domain").glob("*.xml")):
            text = path.read_text(encoding="utf-8")
            document = etree.fromstring(text.encode(), _PARSER)
            if document.find("devices/interface") is None:
                selection.skip("no <interface>", path.name)
                continue
            if not _schema().validate(document):
                selection.skip("rejected by domain.rng", path.name)
                continue
            try:
                conn.defineXML(_as_test_domain(text)).undefine()
            except libvirt.libvirtError as error:
                selection.skip(f"rejected by the test driver: {error}", path.name)
                continue
            selection.used.append((path.name, text))
    finally:
        conn.close()
    return selection


@pytest.fixture(scope="module")
def node_uri(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _node_uri(tmp_path_factory.mktemp("nic-corpus"))


@pytest.fixture(scope="module")
def selection(node_uri: str) -> Selection:
    chosen = _selection(require_corpus(), node_uri)
    print(f"\nNIC corpus: {len(chosen.used)} domain files used, {chosen.skipped.total()} skipped")
    for reason, count in chosen.skipped.most_common():
        names = chosen.names[reason]
        shown = ", ".join(names) if len(names) <= 5 else f"e.g. {names[0]}"
        print(f"  skipped {count}: {reason} ({shown})")
    return chosen


@pytest.fixture
def connection(node_uri: str) -> Iterator[libvirt.virConnect]:
    ensure_event_loop()
    conn = libvirt.open(node_uri)
    try:
        yield conn
    finally:
        conn.close()


def _canonical(element: etree._Element) -> bytes:
    return etree.tostring(element, method="c14n", with_comments=True)


def _without_first_interface(xml: str) -> bytes:
    """C14N of the document with its first interface (and that element's tail) taken out."""
    root = etree.fromstring(xml.encode(), _PARSER)
    interface = root.find("devices/interface")
    assert interface is not None
    interface.getparent().remove(interface)  # lxml removes the tail with it
    return _canonical(root)


def _first_interface(xml: str) -> etree._Element:
    interface = etree.fromstring(xml.encode(), _PARSER).find("devices/interface")
    assert interface is not None
    return interface


def _mac(interface: etree._Element) -> str:
    return interface.find("mac").get("address", "").lower()  # type: ignore[union-attr]


def _essentials(interface: etree._Element) -> tuple[object, ...]:
    """What our change is about, as libvirt keeps it."""
    source = interface.find("source")
    model = interface.find("model")
    link = interface.find("link")
    backend = interface.find("backend")
    source_attributes = dict(source.attrib) if source is not None else {}
    source_attributes.pop("portid", None)
    return (
        interface.get("type"),
        _mac(interface),
        source_attributes,
        model.get("type") if model is not None else None,
        link.get("state") if link is not None else "up",
        backend.get("type") if backend is not None else None,
    )


def test_corpus_selection_is_large(selection: Selection) -> None:
    assert len(selection.used) >= 70
    assert selection.skipped["no <interface>"] > 600


_EXPECTED_SOURCE: dict[str, tuple[str, dict[str, str]]] = {
    **{str(mode): ("network", {"network": name}) for mode, (name, _body) in NETWORKS.items()},
    "bridged": ("bridge", {"bridge": "br0"}),
    "macvtap": ("direct", {"dev": "eth0", "mode": "private"}),
    "user": ("user", {}),
}


def _edit_failures(name: str, original: str, spec: NicSpec, mode: str) -> tuple[list[str], str]:
    """Checks (a)-(c) and that the switch did what it should; returns failures and the result."""
    failures: list[str] = []
    before = _first_interface(original)
    edited = set_nic(original, _mac(before), spec, index=0)
    after = _first_interface(edited)

    if not _schema().validate(etree.fromstring(edited.encode(), _PARSER)):
        failures.append(f"{name}: (a) {_schema().error_log.last_error}")
    if _without_first_interface(edited) != _without_first_interface(original):
        failures.append(f"{name}: (b) something outside the interface changed")
    kept_after = [_canonical(child) for child in after]
    for child in before:
        may_go = _may_go(child, before.get("type"), after.get("type"))
        if not may_go and _canonical(child) not in kept_after:
            failures.append(f"{name}: (c) lost {_canonical(child)[:80]!r}")

    link = after.find("link")
    link_state = link.get("state") if link is not None else "up"
    source = after.find("source")
    if mode == "none":
        if (after.get("type"), link_state) != (before.get("type"), "down"):
            failures.append(f"{name}: not unplugged: {after.get('type')}, link {link_state}")
    else:
        kind, attributes = _EXPECTED_SOURCE[mode.removesuffix("-passt")]
        got = dict(source.attrib) if source is not None else {}
        if kind == "user" and before.get("type") == "user":
            got = attributes  # a user NIC's own <source dev> (passt's host interface) stays
        if (after.get("type"), got, link_state) != (kind, attributes, "up"):
            failures.append(f"{name}: switched to {after.get('type')} {got}, link {link_state}")
    return failures, edited


@pytest.mark.parametrize("mode", list(SPECS))
def test_switch_first_nic_of_every_corpus_domain(
    mode: str, selection: Selection, connection: libvirt.virConnect
) -> None:
    failures: list[str] = []
    for name, original in selection.used:
        found, edited = _edit_failures(name, original, SPECS[mode], mode)
        failures += found
        # (d) libvirt keeps the change: defined and read back by the test driver.
        try:
            domain = connection.defineXML(_as_test_domain(edited))
        except libvirt.libvirtError as error:
            failures.append(f"{name}: (d) rejected: {error}")
            continue
        try:
            stored = domain.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE)
        finally:
            domain.undefine()
        stored_interface = etree.fromstring(stored.encode()).find("devices/interface")
        assert stored_interface is not None
        after = _first_interface(edited)
        if _essentials(stored_interface) != _essentials(after):
            failures.append(f"{name}: (d) {_essentials(stored_interface)} != {_essentials(after)}")
    assert not failures, "\n".join(failures[:20])
    assert len(selection.used) >= 70


def test_switch_to_passt_on_every_corpus_domain(selection: Selection) -> None:
    """User-mode with passt: (a)-(c) only.

    libvirt 9.0.0's parser rejects ``<backend type='passt'/>`` although its own
    domain.rng allows it (libvirt issue 462, Debian 12), so the test driver cannot
    take part here.
    """
    spec = NicSpec(NicSource(NetworkMode.USER, backend="passt"), model="")
    failures: list[str] = []
    for name, original in selection.used:
        found, edited = _edit_failures(name, original, spec, "user-passt")
        failures += found
        backend = _first_interface(edited).find("backend")
        if backend is None or backend.get("type") != "passt":
            failures.append(f"{name}: no passt backend")
    assert not failures, "\n".join(failures[:20])
