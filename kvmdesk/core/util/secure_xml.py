"""Domain XML without its secrets, for anything that shows or prints it.

Changing a domain's definition reads it with ``VIR_DOMAIN_XML_SECURE`` (without it, a
redefinition would drop the VNC/SPICE password). What kvmdesk shows of such XML — a
dry run's ``--print-xml``, a clone's preview — leaves the secrets out, as libvirt does
for a dump without that flag.
"""

from __future__ import annotations

from lxml import etree

# The attributes VIR_DOMAIN_XML_SECURE adds to a domain dump.
_SECRET_ATTRIBUTES = {"graphics": ("passwd",)}


def without_secrets(domain_xml: str) -> str:
    """``domain_xml`` with the graphics passwords removed; unchanged when it has none."""
    if "passwd" not in domain_xml:
        return domain_xml
    root = etree.fromstring(domain_xml.encode("utf-8"))
    changed = False
    for tag, names in _SECRET_ATTRIBUTES.items():
        for element in root.iter(tag):
            for name in names:
                if name in element.attrib:
                    del element.attrib[name]
                    changed = True
    if not changed:
        return domain_xml
    text = etree.tostring(root, encoding="unicode")
    return text + "\n" if domain_xml.endswith("\n") else text
