"""The connection dialog's fields ↔ the URI, and their checks."""

from __future__ import annotations

import pytest

from kvmdesk.core.util.uri import validate_uri
from kvmdesk.core.util.uri_fields import (
    Hypervisor,
    UriFields,
    build_uri,
    field_problem,
    fields_of,
    host_problem,
    port_problem,
)


@pytest.mark.parametrize(
    ("fields", "uri"),
    [
        (UriFields(), "qemu:///system"),
        (UriFields(Hypervisor.QEMU_SESSION), "qemu:///session"),
        (UriFields(Hypervisor.TEST), "test:///default"),
        (UriFields(transport="ssh", user="root", host="198.51.100.7"), "qemu+ssh://root@198.51.100.7/system"),
        (UriFields(transport="ssh", host="2001:db8::1", port=2222, keyfile="/k", no_verify=True),
         "qemu+ssh://[2001:db8::1]:2222/system?keyfile=/k&no_verify=1"),
        (UriFields(transport="tls", host="h.example", no_verify=True, keyfile="/ignored"),
         "qemu+tls://h.example/system?no_verify=1"),
        (UriFields(Hypervisor.QEMU_SESSION, "tcp", "u", "h.example", 16509, socket="/s"),
         "qemu+tcp://u@h.example:16509/session?socket=/s"),
        (UriFields(transport="", host="ignored.example", user="x"), "qemu:///system"),
    ],
)  # fmt: skip
def test_fields_build_a_valid_uri_and_read_it_back(fields: UriFields, uri: str) -> None:
    assert build_uri(fields) == uri
    assert validate_uri(uri) == uri
    back = fields_of(uri)
    assert back is not None and build_uri(back) == uri


@pytest.mark.parametrize(
    "uri",
    [
        "qemu+ext:///system?command=/x",
        "qemu+unix:///system",
        "lxc:///",
        "qemu:///embed?root=/x",
        "qemu://host.example/system",  # TLS to libvirt: not "local" with a host
        "test:///tmp/node.xml",
        "not a uri",
        "qemu+ssh://h/other",  # no hypervisor path the fields offer
    ],
)
def test_uris_the_fields_cannot_say_stay_as_typed(uri: str) -> None:
    assert fields_of(uri) is None


def test_the_same_meaning_in_another_spelling_is_the_fields_own() -> None:
    fields = fields_of("qemu+ssh://h/system?keyfile=%2Fk")
    assert fields is not None and fields.keyfile == "/k"


def test_parameters_the_fields_do_not_show_are_kept() -> None:
    fields = fields_of("qemu+ssh://h.example/system?no_tty=1&keyfile=/k")
    assert fields is not None and fields.extra == ("no_tty=1",)
    assert build_uri(fields.with_changes(port=2200)) == (
        "qemu+ssh://h.example:2200/system?keyfile=/k&no_tty=1"
    )


@pytest.mark.parametrize(
    ("host", "problem"),
    [
        ("h.example", ""),
        ("198.51.100.7", ""),
        ("2001:db8::1", ""),
        ("", "a host is needed for a remote connection"),
        ("bad_host", 'not a host name or IP address: "bad_host"'),
        ("a..b", 'not a host name or IP address: "a..b"'),
        ("999.1.1.1", 'not a host name or IP address: "999.1.1.1"'),
        ("x" * 64 + ".example", f'not a host name or IP address: "{"x" * 64}.example"'),
    ],
)
def test_host_checks(host: str, problem: str) -> None:
    assert host_problem(host) == problem


@pytest.mark.parametrize(
    ("text", "problem"),
    [("", ""), ("22", ""), ("65535", ""), ("0", 'not a port (1–65535): "0"'),
     ("65536", 'not a port (1–65535): "65536"'), ("２２", 'not a port (1–65535): "２２"')],
)  # fmt: skip
def test_port_checks(text: str, problem: str) -> None:
    assert port_problem(text) == problem


def test_the_fields_are_checked_only_when_remote() -> None:
    assert field_problem(UriFields()) == ""
    assert field_problem(UriFields(Hypervisor.TEST, "ssh")) == ""
    assert (
        field_problem(UriFields(transport="ssh", host="h", user="a:b")) == 'not a user name: "a:b"'
    )
    assert field_problem(UriFields(transport="tcp", host="h"), "x") == 'not a port (1–65535): "x"'
