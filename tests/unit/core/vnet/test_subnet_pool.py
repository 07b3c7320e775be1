"""Free-subnet suggestions, the configurable pool, and reading the host's own ranges.

Pools in these tests are carved from the TEST-NET ranges only; the built-in private
pool is checked as data and never used.
"""

from __future__ import annotations

import json
from ipaddress import IPv4Network

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.snapshots import NetworkSnapshot
from kvmdesk.core.util.host_probe import (
    host_networks,
    networks_from_ip_json,
    networks_from_proc_route,
    reads_host_networks,
)
from kvmdesk.core.vnet.subnet_pool import (
    DEFAULT_SUBNET_POOL,
    POOL_ENV,
    parse_pool,
    subnet_pool,
    suggest_subnet,
    taken_subnets,
)

N = IPv4Network
TEST_NETS = (N("198.51.100.0/24"), N("203.0.113.0/24"))
POOL_26 = tuple(sub for net in TEST_NETS for sub in net.subnets(new_prefix=26))
POOL_27 = tuple(sub for net in TEST_NETS for sub in net.subnets(new_prefix=27))


def nets(*texts: str) -> list[IPv4Network]:
    return [N(text) for text in texts]


# ---------------------------------------------------------------- suggesting


def test_first_free_subnet_in_pool_order() -> None:
    assert suggest_subnet(POOL_26, []) == N("198.51.100.0/26")
    assert suggest_subnet(POOL_26, nets("198.51.100.0/26")) == N("198.51.100.64/26")
    assert suggest_subnet(POOL_26, nets("198.51.100.0/25")) == N("198.51.100.128/26")
    # a small taken range blocks the whole candidate it lies in
    assert suggest_subnet(POOL_26, nets("198.51.100.5/32", "198.51.100.70/31")) == N(
        "198.51.100.128/26"
    )
    assert suggest_subnet(POOL_26, nets("198.51.100.0/24")) == N("203.0.113.0/26")


def test_candidates_are_carved_at_the_prefix() -> None:
    assert suggest_subnet(TEST_NETS, [], prefix=27) == N("198.51.100.0/27")
    assert suggest_subnet(TEST_NETS, nets("198.51.100.0/26"), prefix=27) == N("198.51.100.64/27")
    # jumps past a taken range to the next aligned block
    assert suggest_subnet(TEST_NETS, nets("198.51.100.0/27", "198.51.100.32/28"), prefix=28) == N(
        "198.51.100.48/28"
    )
    assert suggest_subnet(TEST_NETS, nets("198.51.100.0/25"), prefix=30) == N("198.51.100.128/30")
    # a candidate smaller than the prefix is offered whole
    assert suggest_subnet(POOL_27, [], prefix=24) == N("198.51.100.0/27")


def test_pool_used_up() -> None:
    assert suggest_subnet(POOL_26, list(TEST_NETS)) is None
    assert suggest_subnet((), []) is None


def test_taken_from_networks_and_host() -> None:
    networks = [
        NetworkSnapshot("test:///", "a", "", NetworkMode.NAT, subnets=("198.51.100.0/26",)),
        NetworkSnapshot(
            "test:///", "b", "", NetworkMode.NAT, subnets=("2001:db8::/64", "203.0.113.0/27")
        ),
        NetworkSnapshot("test:///", "c", "", NetworkMode.INTERNAL),
    ]
    taken = taken_subnets(networks, nets("198.51.100.64/26"))
    assert taken == nets("198.51.100.0/26", "203.0.113.0/27", "198.51.100.64/26")
    assert suggest_subnet(POOL_26, taken) == N("198.51.100.128/26")


pools = st.lists(st.sampled_from(POOL_26 + POOL_27 + TEST_NETS), min_size=1, max_size=6)
taken_lists = st.lists(
    st.builds(
        lambda base, offset, prefix: N((int(base.network_address) + offset, prefix), strict=False),
        st.sampled_from(TEST_NETS),
        st.integers(0, 255),
        st.integers(24, 32),
    ),
    max_size=12,
)


def _blocks(candidate: IPv4Network, prefix: int) -> list[IPv4Network]:
    size = max(prefix, candidate.prefixlen)
    return list(candidate.subnets(new_prefix=size))


@settings(max_examples=300, deadline=None, database=None)
@given(candidates=pools, taken=taken_lists, prefix=st.integers(24, 30))
def test_suggestion_property(
    candidates: list[IPv4Network], taken: list[IPv4Network], prefix: int
) -> None:
    suggestion = suggest_subnet(candidates, taken, prefix)
    if suggestion is not None:
        assert not any(suggestion.overlaps(t) for t in taken)
        assert any(suggestion.subnet_of(c) for c in candidates), "inside the pool"
    # and it is the first free block, candidate by candidate (brute force agrees)
    free = (
        block
        for candidate in candidates
        for block in _blocks(candidate, prefix)
        if not any(block.overlaps(t) for t in taken)
    )
    assert suggestion == next(free, None)


def test_suggestion_is_the_first_free_block() -> None:
    # brute force agrees with the jumping search on a crowded pool
    taken = nets("198.51.100.0/28", "198.51.100.40/29", "198.51.100.64/27", "198.51.100.100/32")
    expected = next(
        block
        for block in N("198.51.100.0/24").subnets(new_prefix=28)
        if not any(block.overlaps(t) for t in taken)
    )
    assert suggest_subnet(TEST_NETS, taken, prefix=28) == expected == N("198.51.100.16/28")


# ---------------------------------------------------------------------- pool


def test_pool_from_environment() -> None:
    text = " 198.51.100.0/26, 198.51.100.64/26 ,,203.0.113.0/27 "
    assert subnet_pool({POOL_ENV: text}) == tuple(
        nets("198.51.100.0/26", "198.51.100.64/26", "203.0.113.0/27")
    )
    assert subnet_pool({POOL_ENV: "198.51.100.1/26"}) == (N("198.51.100.0/26"),)
    assert subnet_pool({}) == DEFAULT_SUBNET_POOL
    assert subnet_pool({POOL_ENV: "  "}) == DEFAULT_SUBNET_POOL


def test_pool_from_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(POOL_ENV, "203.0.113.0/27")
    assert subnet_pool() == (N("203.0.113.0/27"),)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("198.51.100.0/26,lab", f"{POOL_ENV}: not an IPv4 network: 'lab'"),
        ("2001:db8::/64", f"{POOL_ENV}: only IPv4 networks are supported: '2001:db8::/64'"),
        (",", f"{POOL_ENV} names no networks"),
    ],
)
def test_bad_pool(text: str, message: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_pool(text)
    assert str(caught.value) == message


def test_default_pool_is_private_space() -> None:
    # Data only: users get private /24s first, then 10/8. Tests never create networks there.
    assert DEFAULT_SUBNET_POOL[0] == N("192.168.100.0/24")
    assert DEFAULT_SUBNET_POOL[-2] == N("192.168.254.0/24")
    assert DEFAULT_SUBNET_POOL[-1] == N("10.0.0.0/8")
    assert all(net.is_private for net in DEFAULT_SUBNET_POOL)


# ---------------------------------------------------------------- host ranges

IP_ADDR = json.dumps(
    [
        {
            "ifname": "lo",
            "addr_info": [{"family": "inet", "local": "127.0.0.1", "prefixlen": 8}],
        },
        {
            "ifname": "eth0",
            "addr_info": [
                {"family": "inet", "local": "198.51.100.7", "prefixlen": 26},
                {"family": "inet6", "local": "2001:db8::7", "prefixlen": 64},
            ],
        },
        {
            "ifname": "wg0",
            "addr_info": [{"family": "inet", "local": "203.0.113.9", "prefixlen": 32}],
        },
        {"ifname": "odd", "addr_info": [{"family": "inet", "local": "nonsense"}, "junk"]},
    ]
)
IP_ROUTE = json.dumps(
    [
        {"dst": "default", "gateway": "198.51.100.1", "dev": "eth0"},
        {"dst": "0.0.0.0/1", "dev": "tun0"},  # a VPN's default route in two halves
        {"dst": "128.0.0.0/1", "dev": "tun0"},
        {"dst": "198.51.100.0/26", "dev": "eth0", "protocol": "kernel"},
        {"dst": "203.0.113.128/25", "gateway": "198.51.100.1", "dev": "eth0"},
        {"type": "local", "dst": "198.51.100.7", "dev": "eth0", "table": "local"},
        {"dst": "bogus"},
    ]
)


def test_ranges_from_ip_json() -> None:
    assert networks_from_ip_json(IP_ADDR, IP_ROUTE) == tuple(
        nets(
            "127.0.0.0/8",
            "198.51.100.0/26",
            "203.0.113.9/32",
            "203.0.113.128/25",
            "198.51.100.7/32",
        )
    )
    assert networks_from_ip_json("", "not json") == ()
    assert networks_from_ip_json("{}", "[]") == ()


PROC_ROUTE = (
    "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
    "eth0\t00000000\t016433C6\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
    "eth0\t006433C6\t00000000\t0001\t0\t0\t0\tC0FFFFFF\t0\t0\t0\n"
    "eth1\t807100CB\t016433C6\t0003\t0\t0\t0\t80FFFFFF\t0\t0\t0\n"
    "short line\n"
    "eth2\tZZZZZZZZ\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
)


def test_ranges_from_proc_route() -> None:
    assert networks_from_proc_route(PROC_ROUTE) == tuple(
        nets("198.51.100.0/26", "203.0.113.128/25")
    )


@pytest.mark.parametrize(
    ("uri", "local"),
    [
        ("qemu:///system", True),
        ("qemu:///session", True),
        ("qemu+ssh://localhost/system", True),
        ("qemu+ssh://virt.example.org/system", False),
        ("test:///default", False),
        ("test:///tmp/inventory.xml", False),
    ],
)
def test_which_connections_read_host_ranges(uri: str, local: bool) -> None:
    assert reads_host_networks(uri) is local


def test_host_networks_reads_this_machine() -> None:
    found = host_networks()
    assert all(isinstance(net, IPv4Network) and net.prefixlen >= 8 for net in found)
    assert N("127.0.0.0/8") in found  # every Linux host has loopback
