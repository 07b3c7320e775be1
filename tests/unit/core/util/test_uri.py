"""LibvirtUri: every driver and transport the connection dialog offers, and its predicates."""

from __future__ import annotations

import pytest

from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.util.uri import (
    DRIVERS,
    PRESETS,
    TRANSPORTS,
    LibvirtUri,
    redact_uri,
    scrub_uris,
    validate_uri,
)

P = LibvirtUri.parse


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        ("qemu:///system", LibvirtUri("qemu:///system", "qemu", path="/system")),
        ("qemu:///session", LibvirtUri("qemu:///session", "qemu", path="/session")),
        (
            "qemu+ssh://user@host/system",
            LibvirtUri(
                "qemu+ssh://user@host/system", "qemu", "ssh", "user", "host", None, "/system"
            ),
        ),
        ("test:///default", LibvirtUri("test:///default", "test", path="/default")),
        (
            "test:///tmp/inventory.xml",
            LibvirtUri("test:///tmp/inventory.xml", "test", path="/tmp/inventory.xml"),
        ),
        ("lxc:///", LibvirtUri("lxc:///", "lxc", path="/")),
        ("xen:///system", LibvirtUri("xen:///system", "xen", path="/system")),
        ("ch:///session", LibvirtUri("ch:///session", "ch", path="/session")),
        (
            "qemu+tcp://203.0.113.5/system",
            LibvirtUri(
                "qemu+tcp://203.0.113.5/system", "qemu", "tcp", host="203.0.113.5", path="/system"
            ),
        ),
        (
            "qemu+tls://host.example:16514/system?no_verify=1",
            LibvirtUri(
                "qemu+tls://host.example:16514/system?no_verify=1",
                "qemu",
                "tls",
                host="host.example",
                port=16514,
                path="/system",
                query="no_verify=1",
            ),
        ),
        (
            "qemu+unix:///system?socket=/run/x",
            LibvirtUri(
                "qemu+unix:///system?socket=/run/x",
                "qemu",
                "unix",
                path="/system",
                query="socket=/run/x",
            ),
        ),
        (
            "qemu+libssh://root@kvm1.example:2222/system",
            LibvirtUri(
                "qemu+libssh://root@kvm1.example:2222/system",
                "qemu",
                "libssh",
                "root",
                "kvm1.example",
                2222,
                "/system",
            ),
        ),
        (
            "qemu+libssh2://kvm1.example/system?known_hosts=/k",
            LibvirtUri(
                "qemu+libssh2://kvm1.example/system?known_hosts=/k",
                "qemu",
                "libssh2",
                host="kvm1.example",
                path="/system",
                query="known_hosts=/k",
            ),
        ),
        (
            "qemu+ext:///system?command=/bin/true",
            LibvirtUri(
                "qemu+ext:///system?command=/bin/true",
                "qemu",
                "ext",
                path="/system",
                query="command=/bin/true",
            ),
        ),
        (
            "qemu+ssh://admin@[2001:db8::7]:22/system",
            LibvirtUri(
                "qemu+ssh://admin@[2001:db8::7]:22/system",
                "qemu",
                "ssh",
                "admin",
                "2001:db8::7",
                22,
                "/system",
            ),
        ),
        (
            "QEMU+SSH://Host/system",
            LibvirtUri("QEMU+SSH://Host/system", "qemu", "ssh", host="Host", path="/system"),
        ),
    ],
)
def test_parse_splits_every_part(uri: str, expected: LibvirtUri) -> None:
    assert P(f" {uri}\n") == expected
    assert str(P(uri)) == uri


def test_every_preset_parses() -> None:
    drivers = {P(preset.uri).driver for preset in PRESETS}
    assert drivers == {"qemu", "test"}
    assert {P(preset.uri).transport for preset in PRESETS} == {"", "ssh"}


@pytest.mark.parametrize(
    ("uri", "local", "test", "local_host", "session", "system"),
    [
        ("qemu:///system", True, False, True, False, True),
        ("qemu:///session", True, False, True, True, False),
        ("qemu:///session/", True, False, True, True, False),
        ("qemu+ssh://user@host/system", False, False, False, False, True),
        ("qemu+ssh://user@host/session", False, False, False, True, False),
        ("qemu+ssh://localhost/system", True, False, True, False, True),
        ("qemu+tcp://127.0.0.1/system", True, False, True, False, True),
        ("qemu+tls://[::1]/system", True, False, True, False, True),
        ("qemu+ssh://LOCALHOST/system", True, False, True, False, True),
        ("qemu+tcp://203.0.113.5/system", False, False, False, False, True),
        ("qemu+unix:///system?socket=/run/x", True, False, True, False, True),
        ("qemu+libssh2://kvm1.example/system", False, False, False, False, True),
        ("test:///default", True, True, False, False, False),
        ("test:///tmp/inventory.xml", True, True, False, False, False),
        ("test+tcp://remote.example/default", False, True, False, False, False),
        ("lxc:///", True, False, True, False, False),
        ("xen:///system", True, False, True, False, True),
    ],
)
def test_predicates(
    uri: str, local: bool, test: bool, local_host: bool, session: bool, system: bool
) -> None:
    parsed = P(uri)
    assert parsed.is_local is local
    assert parsed.is_test is test
    assert parsed.is_local_host is local_host
    assert parsed.is_session is session
    assert parsed.is_system is system


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("", "connection URI is empty"),
        (" \t", "connection URI is empty"),
        ("qemu/system", "not a libvirt URI (expected driver[+transport]://…): qemu/system"),
        ("qemu:/system", "not a libvirt URI (expected driver[+transport]://…): qemu:/system"),
        ("1qemu:///system", "not a libvirt URI scheme: 1qemu:///system"),
        ("qemu_kvm:///system", "not a libvirt URI scheme: qemu_kvm:///system"),
        ("qemu+:///system", "not a libvirt URI scheme: qemu+"),
        ("qemu+ssh+tls://host/system", "not a libvirt URI scheme: qemu+ssh+tls"),
        ("qemu-kvm:///system", "not a libvirt URI scheme: qemu-kvm"),
        (
            "qemu+tcp://host:port/system",
            "not a libvirt URI port: port in qemu+tcp://host:port/system",
        ),
        (
            "qemu+tcp://host:65536/system",
            "not a libvirt URI port: 65536 in qemu+tcp://host:65536/system",
        ),
    ],
)
def test_parse_rejects_with_one_line(uri: str, message: str) -> None:
    with pytest.raises(BadInput) as caught:
        P(uri)
    assert str(caught.value) == message
    with pytest.raises(BadInput):
        validate_uri(uri)


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("bogus:///x", 'no libvirt driver for "bogus:///x" (known: qemu, test, lxc, xen, ch, …)'),
        (
            "kvm+ssh://host/system",
            'no libvirt driver for "kvm+ssh://host/system" (known: qemu, test, lxc, xen, ch, …)',
        ),
        (
            "qemu+bogus:///system",
            'no libvirt transport "bogus" in "qemu+bogus:///system"'
            " (known: tls, unix, ssh, ext, tcp, libssh2, libssh)",
        ),
    ],
)
def test_parse_rejects_a_driver_or_transport_libvirt_lacks(uri: str, message: str) -> None:
    with pytest.raises(BadInput) as caught:
        P(uri)
    assert str(caught.value) == message


@pytest.mark.parametrize("driver", DRIVERS)
@pytest.mark.parametrize("transport", ("", *TRANSPORTS))
def test_parse_accepts_every_libvirt_driver_and_transport(driver: str, transport: str) -> None:
    scheme = f"{driver}+{transport}" if transport else driver
    parsed = P(f"{scheme.upper()}://host/system")
    assert (parsed.driver, parsed.transport) == (driver, transport)


def test_values_are_frozen() -> None:
    parsed = P("qemu:///system")
    with pytest.raises(AttributeError):
        parsed.driver = "test"  # type: ignore[misc]


# ------------------------------------------------------------- credentials and controls


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("qemu+ssh://me:hunter2@host/system", "qemu+ssh://me:***@host/system"),
        ("qemu+ssh://me@host/system", "qemu+ssh://me@host/system"),
        ("qemu+ssh://me%3Ahunter2@host/system", "qemu+ssh://me:***@host/system"),
        ("qemu+ssh://me%3ahunter2@host/system", "qemu+ssh://me:***@host/system"),
        ("qemu+ssh://me%40home@host/system", "qemu+ssh://me%40home@host/system"),
        ("esx://host/?password=hunter2&no_verify=1", "esx://host/?password=***&no_verify=1"),
        ("esx://host/?Pass%77ord=hunter2", "esx://host/?Pass%77ord=***"),
        (
            "qemu+tls://h/system?passphrase=s;token=t",
            "qemu+tls://h/system?passphrase=***;token=***",
        ),
        ("qemu+ssh://a:b:c@h/?x=1#secret=z", "qemu+ssh://a:***@h/?x=1#secret=***"),
        ("qemu:///system", "qemu:///system"),
        ("not a uri", "not a uri"),
    ],
)
def test_redact_uri_hides_credentials(text: str, shown: str) -> None:
    assert redact_uri(text) == shown


def test_scrub_uris_redacts_every_uri_in_free_text() -> None:
    message = "Cannot open qemu+ssh://me:hunter2@h/system (also esx://x/?password=pw)."
    scrubbed = scrub_uris(message)
    assert "hunter2" not in scrubbed and "pw)" not in scrubbed
    assert scrubbed.startswith("Cannot open qemu+ssh://me:***@h/system")


@pytest.mark.parametrize(
    "uri", ["qemu+ssh://me:hunter2@host/system", "qemu+ssh://me%3Ahunter2@host/system"]
)
def test_a_password_in_the_uri_is_refused_without_showing_it(uri: str) -> None:
    # libvirt decodes the user part: "%3A" would reach ssh as "me:hunter2" too.
    with pytest.raises(BadInput) as refused:
        LibvirtUri.parse(uri)
    assert "hunter2" not in str(refused.value)
    assert "password" in str(refused.value)


@pytest.mark.parametrize("control", ["\x00", "\x01", "\x1b", "\x7f", "\t", "\n"])
def test_control_characters_inside_a_uri_are_refused(control: str) -> None:
    with pytest.raises(BadInput, match="control character"):
        LibvirtUri.parse(f"qemu:///sys{control}tem")


def test_an_overlong_uri_is_refused() -> None:
    with pytest.raises(BadInput, match="longer than"):
        LibvirtUri.parse("qemu:///system?x=" + "a" * 5000)


@pytest.mark.parametrize("name", ["password", "Passphrase", "pass%77ord", "token", "secret"])
def test_a_credential_parameter_is_refused(name: str) -> None:
    with pytest.raises(BadInput, match="credential") as refused:
        LibvirtUri.parse(f"qemu+tcp://host/system?{name}=hunter2")
    assert "hunter2" not in str(refused.value)
