"""What a guest NIC should be, as plain values: the dialog edits one, the CLI builds one.

A :class:`NicSpec` says which mode a NIC is in and what backs it (a network of
that mode, a host bridge, a host device for macvtap, or nothing for user-mode);
:func:`validate_nic_spec` is the one place that decides whether it makes sense
on a connection, with one message per problem. :mod:`kvmdesk.core.nic.xml`
turns a valid spec into domain XML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from kvmdesk.core.nic.mode import nic_mode
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.snapshots import DomainSnapshot, NetworkSnapshot, NicSnapshot
from kvmdesk.core.types.translation import arg, translate
from kvmdesk.core.util.ifname import ifname_problem
from kvmdesk.core.util.mac import comparable_mac, validate_mac

# Modes whose only form is a libvirt network of that mode.
NETWORK_ONLY_MODES = frozenset(
    {
        NetworkMode.NAT,
        NetworkMode.HOST_ONLY,
        NetworkMode.INTERNAL,
        NetworkMode.ROUTED,
        NetworkMode.OPEN,
    }
)

# Every mode a user can pick for a NIC (``other`` is only ever shown, never chosen).
SETTABLE_MODES: tuple[NetworkMode, ...] = tuple(
    m for m in NetworkMode if m is not NetworkMode.OTHER
)

MACVTAP_MODES: tuple[str, ...] = ("bridge", "vepa", "private", "passthrough")
USER_BACKENDS: tuple[str, ...] = ("", "passt")  # "" is QEMU's built-in slirp

# domain.rng's pattern for <model type=…>.
_MODEL = re.compile(r"^[a-zA-Z0-9_-]+$")


@dataclass(frozen=True, slots=True)
class NicSource:
    """The mode and what backs it; only the fields that belong to ``mode`` are used."""

    mode: NetworkMode
    network: str = ""
    bridge: str = ""
    device: str = ""
    macvtap_mode: str = "bridge"
    portgroup: str = ""
    backend: str = ""


@dataclass(frozen=True, slots=True)
class NicSpec:
    """A whole NIC. Empty ``mac`` keeps the current one (a new NIC gets a generated one);
    empty ``model`` keeps the current model (a new NIC gets the hypervisor's default)."""

    source: NicSource
    mac: str = ""
    model: str = "virtio"
    link_up: bool = True


def interface_type(source: NicSource) -> str:
    """The ``<interface type=…>`` a source needs; "" for ``none`` (the type stays)."""
    mode = source.mode
    if mode is NetworkMode.NONE:
        return ""
    if mode in NETWORK_ONLY_MODES or source.network:
        return "network"
    if mode is NetworkMode.BRIDGED:
        return "bridge"
    if mode is NetworkMode.MACVTAP:
        return "direct"
    if mode is NetworkMode.USER:
        return "user"
    return ""


def _check_ifname(name: str, what: str) -> None:
    if ifname_problem(name) is not None:
        raise BadInput(f"not a valid {what} name: {name!r}")


def _check_network(name: str, mode: NetworkMode, networks: Mapping[str, NetworkSnapshot]) -> None:
    network = networks.get(name)
    if network is None:
        raise BadInput(
            arg(translate("NicSpec", "no network named %1 on this connection"), repr(name))
        )
    if network.mode is not mode:
        raise BadInput(f"network {name!r} is {network.mode}, not {mode}")


def _takes_host_object(
    source: NicSource,
    networks: Mapping[str, NetworkSnapshot],
    host_object: str,
    what: str,
    network_kind: str,
) -> bool:
    """For a mode whose NIC takes a host object (``what``) or a network of the mode: which.

    ``host_object`` is the source's name of it. True for the host object (the caller
    checks its name); a network is checked here.
    """
    mode = source.mode
    if host_object and source.network:
        raise BadInput(f"a {mode} NIC takes a {what} or a {network_kind} network, not both")
    if source.network:
        _check_network(source.network, mode, networks)
        return False
    if not host_object:
        raise BadInput(f"a {mode} NIC needs a {what} or a {network_kind} network")
    return True


def _validate_source(source: NicSource, networks: Mapping[str, NetworkSnapshot]) -> NicSource:
    mode = source.mode
    if mode in NETWORK_ONLY_MODES:
        if source.bridge or source.device:
            raise BadInput(f"a {mode} NIC takes a network, not a host bridge or device")
        if not source.network:
            raise BadInput(f"a {mode} NIC needs a {mode} network")
        _check_network(source.network, mode, networks)
    elif mode is NetworkMode.BRIDGED:
        if source.device:
            raise BadInput(
                translate("NicSpec", "a bridged NIC takes a host bridge, not a host device")
            )
        if _takes_host_object(source, networks, source.bridge, "host bridge", "bridge-mode"):
            _check_ifname(source.bridge, "bridge")
    elif mode is NetworkMode.MACVTAP:
        if source.bridge:
            raise BadInput(translate("NicSpec", "a macvtap NIC takes a host device, not a bridge"))
        if _takes_host_object(source, networks, source.device, "host device", "macvtap"):
            _check_ifname(source.device, "host device")
            if source.macvtap_mode not in MACVTAP_MODES:
                raise BadInput(
                    f"macvtap mode must be one of {', '.join(MACVTAP_MODES)}: "
                    f"{source.macvtap_mode!r}"
                )
    elif mode is NetworkMode.USER:
        if source.network or source.bridge or source.device:
            raise BadInput(
                translate("NicSpec", "a user-mode NIC takes no network, bridge or host device")
            )
        backend = "" if source.backend == "slirp" else source.backend
        if backend not in USER_BACKENDS:
            raise BadInput(
                arg(
                    translate("NicSpec", "user-mode backend must be slirp or passt: %1"),
                    repr(source.backend),
                )
            )
        source = replace(source, backend=backend)
    else:
        raise BadInput(f"mode {str(mode)!r} cannot be chosen for a NIC")
    if source.portgroup:
        if not source.network:
            raise BadInput(translate("NicSpec", "a portgroup applies only to a NIC on a network"))
        if source.portgroup not in networks[source.network].portgroups:
            raise BadInput(
                arg(
                    translate("NicSpec", "network %1 has no portgroup %2"),
                    repr(source.network),
                    repr(source.portgroup),
                )
            )
    if source.backend and mode is not NetworkMode.USER:
        raise BadInput(translate("NicSpec", "a backend applies only to user-mode NICs"))
    return source


def validate_nic_spec(
    spec: NicSpec,
    networks: Mapping[str, NetworkSnapshot],
    *,
    new: bool = False,
) -> NicSpec:
    """The spec with its MAC normalised, or :class:`BadInput` naming the first problem.

    ``networks`` are the connection's networks by name (``Session.networks``);
    ``new`` says the spec is for a NIC being added rather than one being edited.
    """
    source = spec.source
    if source.mode is NetworkMode.NONE:
        if new:
            raise BadInput(
                translate(
                    "NicSpec",
                    "a new NIC cannot start in mode 'none'; add it in a mode, then unplug it",
                )
            )
        # The link goes down and the source stays: nothing else to check.
    else:
        source = _validate_source(source, networks)
    mac = validate_mac(spec.mac) if spec.mac else ""
    if spec.model and not _MODEL.match(spec.model):
        raise BadInput(arg(translate("NicSpec", "not a NIC model name: %1"), repr(spec.model)))
    return replace(spec, source=source, mac=mac)


def spec_of(nic: NicSnapshot, networks: Mapping[str, NetworkSnapshot]) -> NicSpec:
    """The spec describing an existing NIC (mode ``none`` when its link is down)."""
    mode = nic_mode(nic, networks)
    if nic.type == "network":
        source = NicSource(mode, network=nic.source, portgroup=nic.portgroup)
    elif nic.type == "bridge":
        source = NicSource(mode, bridge=nic.source)
    elif nic.type == "direct":
        source = NicSource(mode, device=nic.source, macvtap_mode=nic.macvtap_mode or "vepa")
    elif nic.type == "user":
        source = NicSource(mode, backend=nic.backend)
    else:
        source = NicSource(mode)
    return NicSpec(source=source, mac=nic.mac, model=nic.model, link_up=nic.link_up)


def domains_using_mac(
    domains: Iterable[DomainSnapshot], mac: str, *, exclude: str = ""
) -> list[str]:
    """Names of the domains (other than UUID ``exclude``) with a NIC using ``mac``, sorted."""
    wanted = comparable_mac(mac)
    return sorted(
        domain.name
        for domain in domains
        if domain.uuid != exclude and any(nic.mac == wanted for nic in domain.nics)
    )
