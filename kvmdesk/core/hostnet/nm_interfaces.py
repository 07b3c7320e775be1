"""NetworkManager devices and profiles as kvmdesk's host interface snapshots.

Pure functions (no D-Bus): :func:`host_interfaces` turns what
:class:`~kvmdesk.core.hostnet.nm_client.NetworkManagerClient` read into the rows of the
host interface view. Devices give the live state (kind, state, MAC, MTU, addresses, the
ports a bond or bridge has right now); profiles give the definition (bond options, VLAN id,
the spec for editing) and the interfaces that exist only as profiles (a bond this kernel
cannot create, a bridge that is not active).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kvmdesk.core.hostnet.model import BondInfo, HostInterface, InterfaceKind
from kvmdesk.core.hostnet.nm_settings import (
    BOND,
    BRIDGE,
    ETHERNET,
    VLAN,
    Profile,
    bond_settings_from,
    controller_of,
    ports_of,
    profile_name,
    spec_from_profiles,
)
from kvmdesk.core.hostnet.nm_types import DeviceState, DeviceType, NmConnection, NmDevice

_DEVICE_KINDS: dict[DeviceType, InterfaceKind] = {
    DeviceType.ETHERNET: "ethernet",
    DeviceType.VETH: "ethernet",
    DeviceType.BOND: "bond",
    DeviceType.BRIDGE: "bridge",
    DeviceType.VLAN: "vlan",
}

_PROFILE_KINDS: dict[str, InterfaceKind] = {
    ETHERNET: "ethernet",
    BOND: "bond",
    BRIDGE: "bridge",
    VLAN: "vlan",
}


def preferred_profiles(
    name: str,
    connections: Sequence[NmConnection],
    active_profile: str | None,
) -> list[NmConnection]:
    """Profiles for interface ``name``: the active one first, then in creation order."""
    mine = [c for c in connections if profile_name(c.settings) == name]
    mine.sort(key=lambda c: c.path != active_profile)
    return mine


def _ordered_settings(
    connections: Sequence[NmConnection], first: Sequence[NmConnection]
) -> list[Profile]:
    """All profiles' settings with ``first`` in front (spec lookup takes the first match)."""
    paths = {c.path for c in first}
    return [c.settings for c in first] + [c.settings for c in connections if c.path not in paths]


def _bond_info(profile: Profile | None) -> BondInfo | None:
    if profile is None or profile.get("connection", {}).get("type") != BOND:
        return None
    options = {str(k): str(v) for k, v in (profile.get(BOND, {}).get("options") or {}).items()}
    return BondInfo(**bond_settings_from(options))


def _vlan(profile: Profile | None) -> tuple[str, int | None]:
    if profile is None or VLAN not in profile:
        return "", None
    return str(profile[VLAN].get("parent", "")), int(profile[VLAN].get("id", 0))


def host_interfaces(
    devices: Sequence[NmDevice],
    connections: Sequence[NmConnection],
    active_profiles: Mapping[str, str],
) -> list[HostInterface]:
    """Host interface rows from NM's devices, profiles and ``device path → active profile``.

    ``connections`` in creation order (ports read back in that order). Loopback is left out.
    """
    by_path = {device.path: device for device in devices}
    live_controller: dict[str, str] = {}
    for device in devices:
        for port in device.ports:
            if port in by_path:
                live_controller[by_path[port].interface] = device.interface
    all_settings = [c.settings for c in connections]
    uuids = {c.uuid: profile_name(c.settings) for c in connections if c.uuid}

    found: list[HostInterface] = []
    seen: set[str] = set()
    for device in devices:
        if device.device_type is DeviceType.LOOPBACK or device.interface in seen:
            continue
        seen.add(device.interface)
        name = device.interface
        mine = preferred_profiles(name, connections, active_profiles.get(device.path))
        profile = mine[0].settings if mine else None
        ordered = _ordered_settings(connections, mine)
        controller = live_controller.get(name, "")
        if not controller and profile is not None and device.state != DeviceState.ACTIVATED:
            controller = controller_of(profile, uuids)[0]
        kind = _DEVICE_KINDS.get(device.device_type, "other")
        live_ports = tuple(by_path[p].interface for p in device.ports if p in by_path)
        ports = live_ports
        if not ports and kind in ("bond", "bridge"):
            ports = ports_of(name, ordered, kind)
        parent, vlan_id = _vlan(profile)
        found.append(
            HostInterface(
                name=name,
                kind=kind,
                active=device.state == DeviceState.ACTIVATED,
                mac=device.hw_address,
                mtu=device.mtu or None,
                ipv4=device.ipv4,
                ipv6=device.ipv6,
                ports=ports,
                bond=_bond_info(profile),
                vlan_parent=parent,
                vlan_id=vlan_id,
                controller=controller,
                defined=profile is not None,
                definition=spec_from_profiles(ordered, name) if profile is not None else None,
            )
        )

    for connection in connections:
        name = profile_name(connection.settings)
        profile_kind = _PROFILE_KINDS.get(connection.type)
        if name in seen or profile_kind is None or profile_kind == "ethernet":
            continue
        kind = profile_kind
        seen.add(name)
        profile = connection.settings
        parent, vlan_id = _vlan(profile)
        ports = ports_of(name, all_settings, kind) if kind in ("bond", "bridge") else ()
        found.append(
            HostInterface(
                name=name,
                kind=kind,
                active=False,
                ports=ports,
                bond=_bond_info(profile),
                vlan_parent=parent,
                vlan_id=vlan_id,
                controller=controller_of(profile, uuids)[0],
                defined=True,
                definition=spec_from_profiles(all_settings, name),
            )
        )
    return found
