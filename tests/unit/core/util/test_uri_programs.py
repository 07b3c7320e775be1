"""URIs that make libvirt run a program: every spelling libvirt reads, and the one gate."""

from __future__ import annotations

import pytest

from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.util.uri_programs import (
    ProgramConsent,
    ProgramNotConsented,
    ProgramSite,
    UriChannel,
    UriProgram,
    admit,
    libvirt_parameters,
    programs_run_by,
    runs_program,
)

LOCAL = ProgramSite.LOCAL
REMOTE = ProgramSite.REMOTE


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        # libvirt's ext transport: command= runs here.
        ("qemu+ext:///system?command=/opt/tunnel", [("ext", "/opt/tunnel", LOCAL)]),
        ("QEMU+EXT:///system?command=/opt/tunnel", [("ext", "/opt/tunnel", LOCAL)]),
        ("remote+ext://host/?command=/opt/t", [("ext", "/opt/t", LOCAL)]),
        # Without a command libvirt refuses, but the transport is still flagged.
        ("qemu+ext:///system", [("ext", "", LOCAL)]),
        # ssh transport: command= replaces ssh, netcat= runs on the remote host.
        ("qemu+ssh://host/system?command=/tmp/prog", [("command", "/tmp/prog", LOCAL)]),
        ("qemu+ssh://host/system?netcat=/usr/bin/nc", [("netcat", "/usr/bin/nc", REMOTE)]),
        ("qemu+ssh://host/system?proxy=native", [("proxy", "native", REMOTE)]),
        ("qemu+libssh://host/system?netcat=/x/nc", [("netcat", "/x/nc", REMOTE)]),
        ("qemu+libssh2://host/system?netcat=/x/nc", [("netcat", "/x/nc", REMOTE)]),
        ("qemu+libssh2://host/system?command=/x/ssh", [("command", "/x/ssh", LOCAL)]),
        # Mixed case names (libvirt compares with STRCASEEQ).
        ("qemu+ssh://host/system?CoMmAnD=/tmp/prog", [("command", "/tmp/prog", LOCAL)]),
        ("qemu+ssh://host/system?NETCAT=/nc", [("netcat", "/nc", REMOTE)]),
        # Percent-encoded names and values (decoded once by libvirt).
        ("qemu+ssh://host/system?comm%61nd=/tmp/prog", [("command", "/tmp/prog", LOCAL)]),
        ("qemu+ssh://host/system?%63%6F%6D%6D%61%6E%64=x", [("command", "x", LOCAL)]),
        ("qemu+ssh://host/system?command=%2Fbin%2Fsh", [("command", "/bin/sh", LOCAL)]),
        ("qemu+ssh://host/system?command=/my%20prog", [("command", "/my prog", LOCAL)]),
        # A decoded NUL cuts a C string: "command%00junk" is "command" to libvirt.
        ("qemu+ssh://host/system?command%00junk=/bin/sh", [("command", "/bin/sh", LOCAL)]),
        ("qemu+ssh://host/system?command=/bin/sh%00ignored", [("command", "/bin/sh", LOCAL)]),
        # Repeated parameters: libvirt keeps the last one.
        (
            "qemu+ssh://host/system?command=/first&COMMAND=/second",
            [("command", "/second", LOCAL)],
        ),
        # Among other parameters, with ';' as libvirt's second separator.
        (
            "qemu+ssh://u@host:2222/system?keyfile=/k&command=/p&no_verify=1",
            [("command", "/p", LOCAL)],
        ),
        ("qemu+ssh://host/system?keyfile=/k;netcat=/nc", [("netcat", "/nc", REMOTE)]),
        # Several at once, in one fixed order.
        (
            "qemu+ssh://host/system?netcat=/nc&command=/c&proxy=netcat",
            [("command", "/c", LOCAL), ("netcat", "/nc", REMOTE), ("proxy", "netcat", REMOTE)],
        ),
        (
            "qemu+ext:///system?command=/c&netcat=/nc",
            [("ext", "/c", LOCAL), ("netcat", "/nc", REMOTE)],
        ),
    ],
)
def test_program_forms(uri: str, expected: list[tuple[str, str, ProgramSite]]) -> None:
    assert programs_run_by(uri) == tuple(UriProgram(*item) for item in expected)
    assert runs_program(uri)


@pytest.mark.parametrize(
    "uri",
    [
        # Spellings libvirt itself would not read as the parameter: the wide check asks anyway.
        "qemu+ssh://host/system?comm%2561nd=/double-encoded",
        "qemu+ssh://host/system?a=1&b=2;command=/after-semicolon",
        "qemu+ssh://host/system?x=1#&command=/in-the-fragment",
        "qemu+ssh://host/system?%20command%20=/padded",
        # A transport that ignores command= (tls, unix): asked all the same.
        "qemu://host/system?command=/ignored-by-tls",
        "qemu+unix:///system?netcat=/ignored",
    ],
)
def test_spellings_libvirt_might_read_ask_too(uri: str) -> None:
    assert runs_program(uri)
    assert all(program.program for program in programs_run_by(uri))


@pytest.mark.parametrize(
    "uri",
    [
        "qemu:///system",
        "qemu:///session",
        "test:///default",
        "qemu+ssh://admin@host.example/system",
        "qemu+ssh://host/system?keyfile=/home/me/.ssh/id&no_verify=1&socket=/run/s",
        "qemu+tls://host/system?pkipath=/etc/pki&known_hosts=/k&sshauth=agent",
        "qemu+ssh://host/system?commander=1&mycommand=2&netcats=3",
        "qemu+ssh://host/command/netcat",
        "qemu+ssh://command@host/system",
    ],
)
def test_ordinary_uris_run_nothing(uri: str) -> None:
    assert programs_run_by(uri) == ()
    assert not runs_program(uri)


def test_not_a_uri_is_bad_input() -> None:
    with pytest.raises(BadInput):
        programs_run_by("not a uri?command=/x")


def test_parameters_are_split_as_libvirt_splits_them() -> None:
    assert libvirt_parameters("a=1&b=&c&&d=%41") == [("a", "1"), ("c", ""), ("d", "A")]
    # ';' separates only where there is no '&' at all.
    assert libvirt_parameters("a=1;b=2") == [("a", "1"), ("b", "2")]
    assert libvirt_parameters("a=1;b=2&c=3") == [("a", "1;b=2"), ("c", "3")]
    # A bad escape is kept as it is, like libxml2 does.
    assert libvirt_parameters("a=%zz%4") == [("a", "%zz%4")]
    # UTF-8 bytes decode to text.
    assert libvirt_parameters("a=%C3%A9") == [("a", "é")]


# -------------------------------------------------------------------- the gate

PROGRAM_URI = "qemu+ssh://host/system?command=/tmp/prog"


@pytest.mark.parametrize("channel", [UriChannel.COMMAND_LINE, UriChannel.ENVIRONMENT])
def test_the_users_own_channels_admit_programs(channel: UriChannel) -> None:
    assert admit(PROGRAM_URI, channel) == programs_run_by(PROGRAM_URI)


@pytest.mark.parametrize("channel", [UriChannel.DIALOG, UriChannel.SAVED, UriChannel.EXTERNAL])
def test_other_channels_need_consent_for_exactly_this_uri(channel: UriChannel) -> None:
    with pytest.raises(ProgramNotConsented) as refused:
        admit(PROGRAM_URI, channel)
    assert refused.value.programs == programs_run_by(PROGRAM_URI)
    assert "/tmp/prog" in str(refused.value)
    assert isinstance(refused.value, BadInput)
    assert admit(PROGRAM_URI, channel, ProgramConsent.for_uri(PROGRAM_URI))
    # A consent for another URI, or one whose URI was edited, covers nothing.
    other = ProgramConsent.for_uri(PROGRAM_URI + "&x=1")
    with pytest.raises(ProgramNotConsented):
        admit(PROGRAM_URI, channel, other)
    forged = ProgramConsent(PROGRAM_URI, ProgramConsent.for_uri("qemu:///system").digest)
    with pytest.raises(ProgramNotConsented):
        admit(PROGRAM_URI, channel, forged)


@pytest.mark.parametrize("channel", list(UriChannel))
def test_ordinary_uris_pass_every_channel(channel: UriChannel) -> None:
    assert admit("qemu+ssh://host/system", channel) == ()
