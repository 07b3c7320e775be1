"""A libvirt test-driver file that demands a user name and password (``<auth>``).

libvirt's test driver asks its credential callbacks for ``VIR_CRED_AUTHNAME`` and
``VIR_CRED_PASSPHRASE`` when its XML has an ``<auth>`` element, and refuses a wrong
pair: a real credential exchange without any daemon.
"""

from __future__ import annotations

from pathlib import Path

AUTH_USER = "alice"
AUTH_PASSWORD = "Tr0ub4dor-test-only"


def auth_driver_uri(directory: Path) -> str:
    path = directory / "auth-node.xml"
    path.write_text(
        "<node>\n"
        f'  <auth><user password="{AUTH_PASSWORD}">{AUTH_USER}</user></auth>\n'
        "  <domain type='test'><name>guarded</name><memory>65536</memory><vcpu>1</vcpu>\n"
        "    <os><type>hvm</type></os></domain>\n"
        "</node>\n"
    )
    return f"test://{path}"
