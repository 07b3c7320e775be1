"""Printed domain XML never carries the VNC password, and changes keep it.

The NIC, settings and clone commands read the definition with
``VIR_DOMAIN_XML_SECURE`` (a redefinition without it would drop the password);
``--print-xml`` and dry runs print it without the secret, as a dump without that flag.
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Iterator

import libvirt
import pytest
from lxml import etree

from kvmdesk.core.util.secure_xml import without_secrets
from tests.helpers.cli import Cli
from tests.helpers.inventory import Dom, Nic, domain_xml
from tests.helpers.shared_default import SHARED_URI, SharedDefault, on_shared_default

PASSWORD = "vnc-s3cret-4711"
MAC = "52:54:00:20:00:01"
SECURE_INACTIVE = libvirt.VIR_DOMAIN_XML_SECURE | libvirt.VIR_DOMAIN_XML_INACTIVE


class Secured(SharedDefault):
    """A shut-off domain with a NIC and a VNC password on ``test:///default``."""

    def __init__(self, conn: libvirt.virConnect) -> None:
        super().__init__(conn)
        self.vm = f"kvmdesk-pw-{uuidlib.uuid4().hex[:8]}"
        self.names += [self.vm, f"{self.vm}-copy"]
        root = etree.fromstring(domain_xml(Dom(self.vm, nics=(Nic(MAC, source="default"),))))
        devices = root.find("devices")
        assert devices is not None
        etree.SubElement(devices, "graphics", type="vnc", port="-1", passwd=PASSWORD)
        conn.defineXML(etree.tostring(root, encoding="unicode"))

    def password_kept(self) -> bool:
        return PASSWORD in self.conn.lookupByName(self.vm).XMLDesc(SECURE_INACTIVE)


@pytest.fixture
def secured() -> Iterator[Secured]:
    yield from on_shared_default(Secured)


@pytest.mark.parametrize(
    "argv",
    [
        ("nic", "set-mode", "{vm}", MAC, "user", "--dry-run", "--print-xml"),
        ("nic", "add", "{vm}", "user", "--dry-run", "--print-xml"),
        ("nic", "remove", "{vm}", MAC, "--dry-run", "--print-xml"),
        ("set", "{vm}", "--max-memory", "1G", "--dry-run", "--print-xml"),
        ("clone", "{vm}", "{vm}-copy", "--print-xml"),
        ("nic", "set-mode", "{vm}", MAC, "user", "--print-xml"),
        ("set", "{vm}", "--max-memory", "1G", "--print-xml"),
    ],
    ids=["nic-set-dry", "nic-add-dry", "nic-remove-dry", "set-dry", "clone", "nic-set", "set"],
)
def test_printed_xml_has_no_password_and_the_domain_keeps_it(
    cli: Cli, secured: Secured, argv: tuple[str, ...]
) -> None:
    code, out, err = cli("-c", SHARED_URI, *(a.format(vm=secured.vm) for a in argv))
    assert (code, err) == (0, "")
    printed = etree.fromstring(out.encode())
    assert printed.find("devices/graphics") is not None  # the element stays, only the secret goes
    assert PASSWORD not in out
    assert secured.password_kept()


def test_without_secrets_leaves_other_xml_alone() -> None:
    plain = "<domain><name>a</name><devices><graphics type='vnc'/></devices></domain>\n"
    assert without_secrets(plain) is plain
    secret = f"<domain><devices><graphics type='vnc' passwd='{PASSWORD}'/></devices></domain>\n"
    assert without_secrets(secret) == '<domain><devices><graphics type="vnc"/></devices></domain>\n'
