"""Bond, bridge and VLAN specs as NetworkManager connection profiles, and back.

A spec becomes one profile per interface NetworkManager must configure: the bond (or
bridge, or VLAN) itself and one ethernet "port" profile per port (``connection.master`` =
the controller's interface name, ``slave-type`` bond/bridge, ``autoconnect=yes`` so a
checkpoint rollback can bring the ports back). Controllers get ``autoconnect-slaves=1``:
activating one activates its ports. "Use for virtual machines" (``BondSpec.bridge``) adds a
bridge profile that holds the IP configuration and MTU, with the bond as its port.

Profiles are plain nested dicts (``setting → property → value``) that serialize to JSON
(``kvmdesk-cli … --print-xml`` with the NetworkManager backend); :func:`to_dbus` wraps one in
D-Bus variants for ``AddConnection2``. :func:`spec_from_profiles` reads profiles (as
``GetSettings`` returns them) back into the spec, so "spec → NetworkManager → spec" can be
checked for equality. Not everything survives that trip: ``start_mode="hotplug"`` reads back
as ``"none"`` and ``dhcp_peerdns=True`` as ``None`` (both are NetworkManager's defaults).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from ipaddress import IPv4Address, IPv4Interface, IPv6Address, IPv6Interface
from typing import Any, cast

from dbus_fast import Variant

from kvmdesk.core.hostnet.model import (
    NO_IP,
    ArpMonitor,
    ArpValidate,
    BondSpec,
    BridgeSpec,
    EthernetSpec,
    InterfaceBasics,
    InterfaceSpec,
    IpConfig,
    Ipv4Method,
    Ipv6Method,
    LacpRate,
    MiiMonitor,
    StartMode,
    VlanSpec,
    bridge_over_bond,
    parse_bond_mode,
)
from kvmdesk.core.types.errors import BadInput

Profile = dict[str, dict[str, Any]]

BOND = "bond"
BRIDGE = "bridge"
VLAN = "vlan"
ETHERNET = "802-3-ethernet"

# D-Bus signature of every property kvmdesk writes (NetworkManager rejects wrong types),
# by setting; ipv4 and ipv6 take the same properties.
_IP_SIGNATURES: dict[str, str] = {
    "method": "s",
    "address-data": "aa{sv}",
    "gateway": "s",
    "ignore-auto-dns": "b",
}
_SIGNATURES: dict[str, dict[str, str]] = {
    "connection": {
        "id": "s",
        "uuid": "s",
        "type": "s",
        "interface-name": "s",
        "autoconnect": "b",
        "autoconnect-slaves": "i",
        "master": "s",
        "slave-type": "s",
    },
    BOND: {"options": "a{ss}"},
    BRIDGE: {"stp": "b", "forward-delay": "u"},
    VLAN: {"parent": "s", "id": "u"},
    ETHERNET: {"mtu": "u"},
    "ipv4": _IP_SIGNATURES,
    "ipv6": _IP_SIGNATURES,
}

_IPV4_METHODS: dict[str, str] = {"none": "disabled", "dhcp": "auto", "static": "manual"}
_IPV6_METHODS: dict[str, str] = {
    "ignore": "ignore",
    "link-local": "link-local",
    "auto": "auto",
    "dhcp": "dhcp",
    "static": "manual",
}


# ------------------------------------------------------------------ spec → profiles


def port_profile_id(controller: str, port: str) -> str:
    """The id kvmdesk gives the profile enslaving ``port`` to ``controller``."""
    return f"{controller}-port-{port}"


def _connection(name: str, kind: str, start_mode: StartMode, **extra: Any) -> dict[str, Any]:
    return {
        "id": name,
        "type": kind,
        "interface-name": name,
        "autoconnect": start_mode == "onboot",
        **extra,
    }


def _ip_settings(ip: IpConfig) -> dict[str, dict[str, Any]]:
    ipv4: dict[str, Any] = {"method": _IPV4_METHODS[ip.ipv4]}
    if ip.ipv4 != "none":
        if ip.addresses:
            ipv4["address-data"] = [
                {"address": str(a.ip), "prefix": a.network.prefixlen} for a in ip.addresses
            ]
        if ip.gateway is not None:
            ipv4["gateway"] = str(ip.gateway)
        if ip.ipv4 == "dhcp" and ip.dhcp_peerdns is False:
            ipv4["ignore-auto-dns"] = True
    ipv6: dict[str, Any] = {"method": _IPV6_METHODS[ip.ipv6]}
    if ip.ipv6 in ("auto", "dhcp", "static"):
        if ip.ipv6_addresses:
            ipv6["address-data"] = [
                {"address": str(a.ip), "prefix": a.network.prefixlen} for a in ip.ipv6_addresses
            ]
        if ip.ipv6_gateway is not None:
            ipv6["gateway"] = str(ip.ipv6_gateway)
        if ip.ipv6 != "static" and ip.ipv6_dhcp_peerdns is False:
            ipv6["ignore-auto-dns"] = True
    return {"ipv4": ipv4, "ipv6": ipv6}


def _with_mtu(profile: Profile, mtu: int | None) -> Profile:
    if mtu is not None:
        profile[ETHERNET] = {"mtu": mtu}
    return profile


def ethernet_port_profile(port: str, controller: str, port_type: str) -> Profile:
    """The profile making ethernet interface ``port`` a port of bond/bridge ``controller``."""
    return {
        "connection": {
            "id": port_profile_id(controller, port),
            "type": ETHERNET,
            "interface-name": port,
            "autoconnect": True,
            "master": controller,
            "slave-type": port_type,
        },
        ETHERNET: {},
    }


def bond_options(spec: BondSpec) -> dict[str, str]:
    """The kernel bonding options (``bond.options``) for ``spec``; defaults are left out."""
    options = {"mode": spec.mode.kernel_name}
    if spec.mii is not None:
        options["miimon"] = str(spec.mii.interval_ms)
        if spec.mii.updelay_ms:
            options["updelay"] = str(spec.mii.updelay_ms)
        if spec.mii.downdelay_ms:
            options["downdelay"] = str(spec.mii.downdelay_ms)
        if spec.mii.carrier == "ioctl":
            options["use_carrier"] = "0"
    if spec.arp is not None:
        options["arp_interval"] = str(spec.arp.interval_ms)
        options["arp_ip_target"] = ",".join(str(t) for t in spec.arp.targets)
        if spec.arp.validate != "none":
            options["arp_validate"] = spec.arp.validate
    if spec.primary:
        options["primary"] = spec.primary
    if spec.lacp_rate:
        options["lacp_rate"] = spec.lacp_rate
    if spec.xmit_hash_policy:
        options["xmit_hash_policy"] = spec.xmit_hash_policy
    return options


def bond_profiles(spec: BondSpec) -> list[Profile]:
    """Profiles for a bond: the bond, its ports and, with ``spec.bridge``, the bridge."""
    bond: Profile = {
        "connection": _connection(spec.name, BOND, spec.start_mode, **{"autoconnect-slaves": 1}),
        BOND: {"options": bond_options(spec)},
    }
    profiles: list[Profile] = []
    if spec.bridge:
        bond["connection"].update({"master": spec.bridge, "slave-type": BRIDGE})
        profiles.append(_bridge_profile(bridge_over_bond(spec)))
    else:
        bond.update(_ip_settings(spec.ip))
        _with_mtu(bond, spec.mtu)
    profiles.append(bond)
    profiles += [ethernet_port_profile(port, spec.name, BOND) for port in spec.ports]
    return profiles


def _forward_delay(delay: float) -> int:
    if delay != int(delay):
        raise BadInput(
            f"bridge forward delay {delay:g} s: NetworkManager takes whole seconds (0-30)"
        )
    return int(delay)


def _bridge_profile(spec: BridgeSpec) -> Profile:
    profile: Profile = {
        "connection": _connection(spec.name, BRIDGE, spec.start_mode, **{"autoconnect-slaves": 1}),
        BRIDGE: {"stp": spec.stp, "forward-delay": _forward_delay(spec.delay)},
        **_ip_settings(spec.ip),
    }
    return _with_mtu(profile, spec.mtu)


def bridge_profiles(spec: BridgeSpec) -> list[Profile]:
    """Profiles for a bridge and its (ethernet) ports."""
    ports = [ethernet_port_profile(port, spec.name, BRIDGE) for port in spec.ports]
    return [_bridge_profile(spec), *ports]


def vlan_profiles(spec: VlanSpec) -> list[Profile]:
    """The profile for a VLAN interface on ``spec.parent``."""
    profile: Profile = {
        "connection": _connection(spec.name, VLAN, spec.start_mode),
        VLAN: {"parent": spec.parent, "id": spec.vlan_id},
        **_ip_settings(spec.ip),
    }
    return [_with_mtu(profile, spec.mtu)]


def profiles_for(spec: InterfaceSpec) -> list[Profile]:
    """The profiles that create ``spec`` (controller first, then ports)."""
    match spec:
        case BondSpec():
            return bond_profiles(spec)
        case BridgeSpec():
            return bridge_profiles(spec)
        case VlanSpec():
            return vlan_profiles(spec)
        case EthernetSpec():
            profile: Profile = {
                "connection": _connection(spec.name, ETHERNET, spec.start_mode),
                ETHERNET: {"mtu": spec.mtu} if spec.mtu is not None else {},
                **_ip_settings(spec.ip),
            }
            return [profile]
    raise AssertionError(spec)  # pragma: no cover


# ------------------------------------------------------------------ D-Bus and JSON


def _variant(setting: str, key: str, value: Any) -> Variant:
    signature = _SIGNATURES.get(setting, {}).get(key)
    if signature is None:
        raise ValueError(f"no D-Bus type known for {setting}.{key}")
    if signature == "aa{sv}":
        value = [
            {
                "address": Variant("s", str(entry["address"])),
                "prefix": Variant("u", int(entry["prefix"])),
            }
            for entry in value
        ]
    return Variant(signature, value)


def to_dbus(profile: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Variant]]:
    """``profile`` as NetworkManager's ``a{sa{sv}}`` (for AddConnection2/Update2)."""
    return {
        setting: {key: _variant(setting, key, value) for key, value in values.items()}
        for setting, values in profile.items()
    }


def profiles_json(profiles: Sequence[Profile], **extra: Any) -> str:
    """Profiles as indented JSON (keys sorted), plus ``extra`` top-level keys."""
    return json.dumps({"profiles": list(profiles), **extra}, indent=2, sort_keys=True)


# ------------------------------------------------------------------ profiles → spec


def _get(
    profile: Mapping[str, Mapping[str, Any]], setting: str, key: str, default: Any = None
) -> Any:
    return profile.get(setting, {}).get(key, default)


def profile_name(profile: Mapping[str, Mapping[str, Any]]) -> str:
    """The interface a profile configures (``interface-name``, else its id)."""
    return str(
        _get(profile, "connection", "interface-name") or _get(profile, "connection", "id", "")
    )


def _start_mode(profile: Mapping[str, Mapping[str, Any]]) -> StartMode:
    return "onboot" if _get(profile, "connection", "autoconnect", True) else "none"


def _mtu(profile: Mapping[str, Mapping[str, Any]]) -> int | None:
    mtu = int(_get(profile, ETHERNET, "mtu", 0) or 0)
    return mtu or None


def _addresses(entries: Any) -> list[str]:
    return [f"{e['address']}/{e['prefix']}" for e in entries or () if "address" in e]


def ip_config_from(profile: Mapping[str, Mapping[str, Any]]) -> IpConfig:
    """The :class:`IpConfig` of a profile's ``ipv4``/``ipv6`` settings."""
    v4 = profile.get("ipv4", {})
    v6 = profile.get("ipv6", {})
    method4 = {"auto": "dhcp", "manual": "static"}.get(str(v4.get("method", "")), "none")
    method6 = {
        "link-local": "link-local",
        "auto": "auto",
        "dhcp": "dhcp",
        "manual": "static",
    }.get(str(v6.get("method", "")), "ignore")
    gateway4 = v4.get("gateway") or None
    gateway6 = v6.get("gateway") or None
    return IpConfig(
        ipv4=cast(Ipv4Method, method4),
        addresses=tuple(IPv4Interface(a) for a in _addresses(v4.get("address-data"))),
        gateway=IPv4Address(gateway4) if gateway4 and method4 != "none" else None,
        dhcp_peerdns=False if method4 == "dhcp" and v4.get("ignore-auto-dns") else None,
        ipv6=cast(Ipv6Method, method6),
        ipv6_addresses=tuple(IPv6Interface(a) for a in _addresses(v6.get("address-data"))),
        ipv6_gateway=IPv6Address(gateway6) if gateway6 and method6 != "ignore" else None,
        ipv6_dhcp_peerdns=(
            False if method6 in ("auto", "dhcp") and v6.get("ignore-auto-dns") else None
        ),
    )


def _basics(profile: Mapping[str, Mapping[str, Any]]) -> InterfaceBasics:
    return InterfaceBasics(
        ip=ip_config_from(profile), mtu=_mtu(profile), start_mode=_start_mode(profile)
    )


def bond_settings_from(options: Mapping[str, str]) -> dict[str, Any]:
    """``BondSpec`` keyword arguments (mode, monitors, primary, LACP) from ``bond.options``."""
    mii = arp = None
    miimon = int(options.get("miimon", "0") or 0)
    arp_interval = int(options.get("arp_interval", "0") or 0)
    if miimon:
        mii = MiiMonitor(
            interval_ms=miimon,
            updelay_ms=int(options.get("updelay", "0") or 0),
            downdelay_ms=int(options.get("downdelay", "0") or 0),
            carrier="ioctl" if options.get("use_carrier", "1") == "0" else "netif",
        )
    if arp_interval:
        targets = [t for t in options.get("arp_ip_target", "").split(",") if t.strip()]
        arp = ArpMonitor(
            interval_ms=arp_interval,
            targets=tuple(IPv4Address(t.strip()) for t in targets),
            validate=cast(ArpValidate, options.get("arp_validate", "none") or "none"),
        )
    lacp_rate = options.get("lacp_rate", "")
    lacp_rate = {"0": "slow", "1": "fast"}.get(lacp_rate, lacp_rate)
    return {
        "mode": parse_bond_mode(options.get("mode", "balance-rr")),
        "primary": options.get("primary", ""),
        "mii": mii,
        "arp": arp,
        "lacp_rate": cast(LacpRate, lacp_rate),
        "xmit_hash_policy": options.get("xmit_hash_policy", ""),
    }


def _controller_names(profiles: Sequence[Mapping[str, Mapping[str, Any]]]) -> dict[str, str]:
    """``connection.master`` may name the controller's interface or its UUID: UUID → name."""
    return {
        str(_get(p, "connection", "uuid")): profile_name(p)
        for p in profiles
        if _get(p, "connection", "uuid")
    }


def controller_of(
    profile: Mapping[str, Mapping[str, Any]], uuids: Mapping[str, str]
) -> tuple[str, str]:
    """(controller interface name, port type) of a port profile; ``("", "")`` for none."""
    master = str(_get(profile, "connection", "master", "") or "")
    if not master:
        return "", ""
    return uuids.get(master, master), str(_get(profile, "connection", "slave-type", "") or "")


def ports_of(
    name: str, profiles: Sequence[Mapping[str, Mapping[str, Any]]], port_type: str
) -> tuple[str, ...]:
    """Interfaces whose profiles (in the given order) make them ports of ``name``."""
    uuids = _controller_names(profiles)
    found: list[str] = []
    for profile in profiles:
        controller, kind = controller_of(profile, uuids)
        if controller == name and kind == port_type and profile_name(profile) not in found:
            found.append(profile_name(profile))
    return tuple(found)


def find_profile(
    profiles: Sequence[Mapping[str, Mapping[str, Any]]], name: str, kind: str | None = None
) -> Mapping[str, Mapping[str, Any]] | None:
    """The first profile configuring interface ``name`` (of connection type ``kind``)."""
    for profile in profiles:
        if profile_name(profile) == name and kind in (None, _get(profile, "connection", "type")):
            return profile
    return None


def spec_from_profiles(
    profiles: Sequence[Mapping[str, Mapping[str, Any]]], name: str
) -> InterfaceSpec | None:
    """The spec of interface ``name`` read from ``profiles`` (ports in the given order).

    A bond that is the only port of a bridge reads back as a bond with ``bridge`` set and
    the bridge's IP configuration and MTU (what "use for virtual machines" created).
    """
    profile = find_profile(profiles, name)
    if profile is None:
        return None
    kind = _get(profile, "connection", "type")
    if kind == BOND:
        return _bond_spec(profile, profiles)
    if kind == BRIDGE:
        bridge = profile.get(BRIDGE, {})
        return BridgeSpec(
            name=name,
            ports=ports_of(name, profiles, BRIDGE),
            stp=bool(bridge.get("stp", True)),
            delay=float(bridge.get("forward-delay", 15)),
            **_basics(profile),
        )
    if kind == VLAN:
        vlan = profile.get(VLAN, {})
        return VlanSpec(
            name=name,
            parent=str(vlan.get("parent", "")),
            vlan_id=int(vlan.get("id", 0)),
            **_basics(profile),
        )
    if kind == ETHERNET:
        mac = _get(profile, ETHERNET, "mac-address", b"") or b""
        return EthernetSpec(
            name=name,
            mac=":".join(f"{b:02x}" for b in mac) if isinstance(mac, bytes | bytearray) else "",
            **_basics(profile),
        )
    return None


def _bond_spec(
    profile: Mapping[str, Mapping[str, Any]], profiles: Sequence[Mapping[str, Mapping[str, Any]]]
) -> BondSpec:
    name = profile_name(profile)
    options = {str(k): str(v) for k, v in (_get(profile, BOND, "options", {}) or {}).items()}
    ip, mtu, bridge_name = ip_config_from(profile), _mtu(profile), ""
    controller, port_type = controller_of(profile, _controller_names(profiles))
    if controller and port_type == BRIDGE:
        bridge = find_profile(profiles, controller, BRIDGE)
        if bridge is not None and ports_of(controller, profiles, BRIDGE) == (name,):
            bridge_name, ip, mtu = controller, ip_config_from(bridge), _mtu(bridge)
        else:
            ip = NO_IP
    return BondSpec(
        name=name,
        ports=ports_of(name, profiles, BOND),
        ip=ip,
        mtu=mtu,
        bridge=bridge_name,
        start_mode=_start_mode(profile),
        **bond_settings_from(options),
    )
