"""Linux interface names: the one rule every bridge, bond, VLAN and device name goes through."""

from __future__ import annotations

import pytest

from kvmdesk.core.nic.spec import NicSource, NicSpec, validate_nic_spec
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.util.ifname import (
    IFNAME_MAX_BYTES,
    IfnameProblem,
    ifname_problem,
    ifname_size,
    validate_ifname,
)
from kvmdesk.core.vnet.spec import check_interface_name


@pytest.mark.parametrize(
    "name",
    [
        "eth0",
        "br0",
        "enp3s0f1",
        "bond0.100",
        "virbr-lab_1@x",
        "a" * 15,
        "ü" * 7 + "a",  # 15 bytes
        "brücke",
        "网桥0",  # 7 bytes
        "lo",
        "All",  # only the lower-case names are taken
    ],
)
def test_names_the_kernel_accepts(name: str) -> None:
    assert ifname_problem(name) is None
    assert validate_ifname(name, "bridge name") == name


def test_length_is_counted_in_bytes_not_characters() -> None:
    name = "ü" * 8
    assert len(name) == 8
    assert ifname_size(name) == 16
    assert ifname_problem(name) is IfnameProblem.TOO_LONG
    with pytest.raises(BadInput) as caught:
        validate_ifname(name, "bridge name")
    assert str(caught.value) == (
        f"bridge name {name!r} is 16 bytes long; Linux allows at most {IFNAME_MAX_BYTES}"
    )


def test_fifteen_bytes_is_the_limit() -> None:
    assert IFNAME_MAX_BYTES == 15
    assert ifname_problem("x" * 15) is None
    assert ifname_problem("x" * 16) is IfnameProblem.TOO_LONG
    assert ifname_problem("网" * 5) is None  # 15 bytes
    assert ifname_problem("网" * 5 + "x") is IfnameProblem.TOO_LONG


@pytest.mark.parametrize(
    ("name", "problem", "message"),
    [
        ("", IfnameProblem.EMPTY, "bond name is empty"),
        (".", IfnameProblem.DOT, "bond name '.' is not a valid interface name"),
        ("..", IfnameProblem.DOT, "bond name '..' is not a valid interface name"),
        ("all", IfnameProblem.RESERVED, "bond name 'all' is reserved by Linux"),
        ("default", IfnameProblem.RESERVED, "bond name 'default' is reserved by Linux"),
        (
            "bonding_masters",
            IfnameProblem.RESERVED,
            "bond name 'bonding_masters' is reserved by Linux",
        ),
    ],
)
def test_refused_names_say_why(name: str, problem: IfnameProblem, message: str) -> None:
    assert ifname_problem(name) is problem
    with pytest.raises(BadInput) as caught:
        validate_ifname(name, "bond name")
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "name",
    [
        "br/0",
        "br:0",  # alias syntax
        "br 0",
        "br\t0",
        "br\n0",
        " br0",
        "br0 ",
        "br\u00a00",  # no-break space
        "br\u20030",  # em space: a Python space, bytes the kernel would take
        "brà0",  # U+00E0 is C3 A0 in UTF-8; the kernel's isspace() takes 0xA0 for a space
    ],
)
def test_slash_colon_and_whitespace_are_refused(name: str) -> None:
    assert ifname_problem(name) is IfnameProblem.BAD_CHARACTER
    with pytest.raises(BadInput, match="must not contain spaces, control characters, '/' or ':'"):
        validate_ifname(name, "bridge name")


@pytest.mark.parametrize("name", ["br\x000", "br\x01", "br\x7f", "br\u200b0", "br\udc80"])
def test_unprintable_characters_are_refused(name: str) -> None:
    assert ifname_problem(name) is IfnameProblem.UNPRINTABLE
    with pytest.raises(BadInput, match="must not contain spaces, control characters"):
        validate_ifname(name, "bridge name")


def test_the_length_is_checked_first() -> None:
    assert ifname_problem("much-too-long/x") is IfnameProblem.BAD_CHARACTER
    assert ifname_problem("much-too-long/xy") is IfnameProblem.TOO_LONG


def test_callers_share_the_rule_and_keep_their_wording() -> None:
    name = "ü" * 8  # 8 characters: the NIC check once counted those
    with pytest.raises(
        BadInput, match=r"^bridge name 'üüüüüüüü' is too long \(at most 15 bytes\)$"
    ):
        check_interface_name(name)
    with pytest.raises(BadInput, match=r"^forward device name may not contain control characters"):
        check_interface_name("eth\x010", "forward device name")
    with pytest.raises(BadInput, match=r"^bridge name 'all' is reserved by Linux$"):
        check_interface_name("all")
    spec = NicSpec(NicSource(NetworkMode.BRIDGED, bridge=name))
    with pytest.raises(BadInput, match=r"^not a valid bridge name: 'üüüüüüüü'$"):
        validate_nic_spec(spec, {})
