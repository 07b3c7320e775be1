"""``kvmdesk-cli iface list``, ``bond create|delete``, ``bridge create|delete``, ``vlan …``.

Host interfaces through the connection's host-network backend: NetworkManager for this
machine when it runs, libvirt's interface API otherwise (``--backend`` overrides).

A change is checked first: bad input (unknown port, a port already enslaved, a name in
use, a bad mode, primary or IP address, MII and ARP together, …) exits 2 with one line
and changes nothing. ``--dry-run`` stops there and prints what would happen
(``--print-xml``: the libvirt interface XML, or NetworkManager's profile settings as JSON).

Otherwise the change is applied inside the backend's transaction or checkpoint
(:mod:`kvmdesk.core.hostnet.safe_apply`) and committed once it applied without error.
With ``--confirm-timeout S`` on a terminal the CLI asks instead: type ``yes`` within
S seconds to keep the change, anything else or silence rolls it back (exit 1). When
stdin is not a terminal (scripts, pipes) there is nobody to ask and the option is
ignored: the change is committed as soon as it applied.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable
from typing import Any

from kvmdesk.cli.output import EXIT_OK, format_table, say, say_json, seconds
from kvmdesk.core.connection.session import Session
from kvmdesk.core.hostnet import nm_backend, safe_apply
from kvmdesk.core.hostnet.connection_traffic import carries_connection
from kvmdesk.core.hostnet.libvirt_backend import LibvirtInterfaceBackend
from kvmdesk.core.hostnet.model import (
    LACP_RATES,
    XMIT_HASH_POLICIES,
    ArpMonitor,
    BondSpec,
    BridgeSpec,
    CreateBond,
    CreateBridge,
    CreateVlan,
    DeleteInterface,
    HostChange,
    HostInterface,
    IpConfig,
    MiiMonitor,
    VlanSpec,
    bond_mode_choices,
    find_interface,
    parse_bond_mode,
    vlan_name,
)
from kvmdesk.core.hostnet.select import choose_backend
from kvmdesk.core.hostnet.types import (
    BACKEND_KINDS,
    DEFAULT_ROLLBACK_TIMEOUT_S,
    NM_CAPABILITIES,
    HostNetworkBackend,
    PendingChange,
)
from kvmdesk.core.hostnet.validation import (
    parse_ipv4_address,
    parse_ipv4_setting,
    parse_ipv6_setting,
    validate_change,
)
from kvmdesk.core.types.errors import BadInput, HostNetworkFailure, LibvirtFailure
from kvmdesk.core.util.text import escape_for_terminal_lines

DEFAULT_MIIMON_MS = 100  # used when neither --miimon nor --arp-interval is given


def _warn(text: str) -> None:
    print(f"warning: {escape_for_terminal_lines(text)}", file=sys.stderr, flush=True)


# -------------------------------------------------------------------- output


def interface_json(interface: HostInterface) -> dict[str, Any]:
    """One interface as ``iface list --json`` prints it."""
    bond: dict[str, Any] | None = None
    if interface.bond is not None:
        info = interface.bond
        bond = {
            "mode": info.mode.kernel_name,
            "mode_number": int(info.mode),
            "primary": info.primary,
            "miimon": None
            if info.mii is None
            else {
                "interval_ms": info.mii.interval_ms,
                "updelay_ms": info.mii.updelay_ms,
                "downdelay_ms": info.mii.downdelay_ms,
                "carrier": info.mii.carrier,
            },
            "arpmon": None
            if info.arp is None
            else {
                "interval_ms": info.arp.interval_ms,
                "targets": [str(t) for t in info.arp.targets],
                "validate": info.arp.validate,
            },
            "lacp_rate": info.lacp_rate,
            "xmit_hash_policy": info.xmit_hash_policy,
        }
    return {
        "name": interface.name,
        "kind": interface.kind,
        "active": interface.active,
        "mac": interface.mac,
        "mtu": interface.mtu,
        "ipv4": list(interface.ipv4),
        "ipv6": list(interface.ipv6),
        "ports": list(interface.ports),
        "controller": interface.controller,
        "bond": bond,
        "vlan": None
        if interface.vlan_id is None
        else {"parent": interface.vlan_parent, "id": interface.vlan_id},
        "defined": interface.defined,
    }


def _details(interface: HostInterface) -> str:
    if interface.bond is not None:
        info = interface.bond
        parts = [info.mode.label]
        if info.primary:
            parts.append(f"primary {info.primary}")
        if info.mii is not None:
            parts.append(f"miimon {info.mii.interval_ms} ms")
        if info.arp is not None:
            targets = ",".join(str(t) for t in info.arp.targets)
            parts.append(f"arp {info.arp.interval_ms} ms -> {targets}")
        return "; ".join(parts)
    if interface.vlan_id is not None:
        return f"vlan {interface.vlan_id} on {interface.vlan_parent}"
    return ""


async def _backend(args: argparse.Namespace, session: Session) -> HostNetworkBackend:
    return await choose_backend(session, args.backend)


async def _list(args: argparse.Namespace, session: Session) -> int:
    backend = await _backend(args, session)
    interfaces = sorted(await backend.list_interfaces(), key=lambda i: i.name)
    if args.json:
        document = {
            "backend": backend.kind,
            "read_only_reason": backend.read_only_reason,
            "interfaces": [interface_json(i) for i in interfaces],
        }
        say_json(document)
        return EXIT_OK
    rows = [
        [
            i.name,
            i.kind,
            "up" if i.active else "down",
            i.mac,
            "" if i.mtu is None else str(i.mtu),
            ", ".join((*i.ipv4, *i.ipv6)),
            i.controller,
            _details(i),
        ]
        for i in interfaces
    ]
    headers = ["NAME", "KIND", "STATE", "MAC", "MTU", "ADDRESSES", "PORT OF", "DETAILS"]
    say(format_table(headers, rows, right={4}))
    if backend.read_only_reason:
        print(f"read-only: {backend.read_only_reason}", file=sys.stderr, flush=True)
    return EXIT_OK


# ------------------------------------------------------------------- changes


def _ip_config(args: argparse.Namespace) -> IpConfig:
    ipv4 = parse_ipv4_setting(args.ipv4) if args.ipv4 else IpConfig()
    if args.gateway:
        if ipv4.ipv4 == "none":
            raise BadInput("--gateway needs --ipv4 dhcp or --ipv4 ADDRESS/PREFIX")
        ipv4 = IpConfig(
            ipv4=ipv4.ipv4,
            addresses=ipv4.addresses,
            gateway=parse_ipv4_address(args.gateway, "gateway"),
        )
    if not args.ipv6:
        return ipv4
    ipv6 = parse_ipv6_setting(args.ipv6)
    return IpConfig(
        ipv4=ipv4.ipv4,
        addresses=ipv4.addresses,
        gateway=ipv4.gateway,
        ipv6=ipv6.ipv6,
        ipv6_addresses=ipv6.ipv6_addresses,
    )


def _monitors(args: argparse.Namespace) -> tuple[MiiMonitor | None, ArpMonitor | None]:
    if args.arp_target and args.arp_interval is None:
        raise BadInput("--arp-target needs --arp-interval")
    if args.arp_validate is not None and args.arp_interval is None:
        raise BadInput("--arp-validate needs --arp-interval")
    if args.miimon is None and (
        args.updelay is not None or args.downdelay is not None or args.carrier is not None
    ):
        raise BadInput("--updelay, --downdelay and --carrier need --miimon")
    arp = None
    if args.arp_interval is not None:
        targets = tuple(parse_ipv4_address(t, "ARP target") for t in args.arp_target or ())
        arp = ArpMonitor(args.arp_interval, targets, args.arp_validate or "none")
    mii = None
    if args.miimon is not None:
        mii = MiiMonitor(
            args.miimon, args.updelay or 0, args.downdelay or 0, args.carrier or "netif"
        )
    elif arp is None:
        mii = MiiMonitor(DEFAULT_MIIMON_MS)
    return mii, arp


def _bond_spec(args: argparse.Namespace) -> BondSpec:
    mii, arp = _monitors(args)
    return BondSpec(
        name=args.name,
        mode=parse_bond_mode(args.mode),
        ports=tuple(args.port),
        primary=args.primary or "",
        mii=mii,
        arp=arp,
        lacp_rate=args.lacp_rate or "",
        xmit_hash_policy=args.xmit_hash_policy or "",
        ip=_ip_config(args),
        mtu=args.mtu,
        bridge=args.bridge or "",
    )


async def _ask_yes(timeout_s: float) -> bool:
    """Wait for a line on the terminal; True when it is ``yes``."""
    loop = asyncio.get_running_loop()
    answer: asyncio.Future[str] = loop.create_future()
    stdin = sys.stdin
    fd = stdin.fileno()

    def readable() -> None:
        line = stdin.readline()
        if not answer.done():
            answer.set_result(line)

    print(
        f"Keep this change? Type 'yes' within {timeout_s:g} s (anything else rolls it back): ",
        end="",
        file=sys.stderr,
        flush=True,
    )
    loop.add_reader(fd, readable)
    try:
        return (await answer).strip().lower() == "yes"
    except asyncio.CancelledError:
        print(file=sys.stderr, flush=True)
        raise
    finally:
        loop.remove_reader(fd)


def _warn_notes(pending: PendingChange) -> None:
    for note in pending.notes:
        _warn(note)


def _asks(args: argparse.Namespace) -> bool:
    try:
        return args.confirm_timeout is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):  # stdin closed or replaced
        return False


async def _apply(args: argparse.Namespace, session: Session, change: HostChange, done: str) -> int:
    """Preview (validates), then dry-run output or a safe apply; returns the exit code."""
    print_xml = bool(getattr(args, "print_xml", False))
    try:
        backend = await _backend(args, session)
    except BadInput:
        if args.backend == "nm" and args.dry_run and print_xml:
            say(await _nm_settings_offline(session, change))
            return EXIT_OK
        raise
    preview = await backend.preview(change)
    if args.dry_run:
        if print_xml:
            say(preview.document.rstrip())
        else:
            say("\n".join(preview.lines) + "\n(dry run: nothing changed)")
        return EXIT_OK
    if backend.read_only_reason is not None:
        failure = LibvirtFailure if backend.kind == "libvirt" else HostNetworkFailure
        raise failure(backend.read_only_reason)
    interfaces = await backend.list_interfaces()
    carriers = await asyncio.get_running_loop().run_in_executor(
        None, carries_connection, change, interfaces, session.uri
    )
    if carriers:
        _warn(
            f"{', '.join(carriers)} carries this connection's traffic: you may lose the connection"
        )
    asks = _asks(args)
    timeout_s = args.confirm_timeout if asks else DEFAULT_ROLLBACK_TIMEOUT_S

    async def confirm() -> bool:
        return await _ask_yes(timeout_s) if asks else True

    lost = safe_apply.session_lost(session)
    try:
        result = await safe_apply.apply(
            backend,
            change,
            timeout_s=timeout_s,
            confirm=confirm,
            on_applied=_warn_notes,
            lost=lost,
        )
    finally:
        lost.cancel()
    if not result.outcome.committed:
        failure = LibvirtFailure if backend.kind == "libvirt" else HostNetworkFailure
        raise failure(result.message)
    if print_xml:
        say(preview.document.rstrip())
    else:
        say(done)
    return EXIT_OK


async def _nm_settings_offline(session: Session, change: HostChange) -> str:
    """NetworkManager's settings for ``change`` where NetworkManager is not running.

    Checked against the connection's interfaces (as libvirt lists them) with
    NetworkManager's capabilities.
    """
    libvirt_backend = await LibvirtInterfaceBackend.open(session)
    interfaces = await libvirt_backend.list_interfaces()
    validate_change(change, interfaces, NM_CAPABILITIES)
    return nm_backend.nm_settings_json(change, interfaces).rstrip()


async def _bond_create(args: argparse.Namespace, session: Session) -> int:
    spec = _bond_spec(args)
    over = f", bridge {spec.bridge} over it" if spec.bridge else ""
    done = f"{spec.name}: created (mode {spec.mode.label} over {', '.join(spec.ports)}{over})"
    return await _apply(args, session, CreateBond(spec), done)


async def _bridge_create(args: argparse.Namespace, session: Session) -> int:
    spec = BridgeSpec(
        name=args.name,
        ports=tuple(args.port),
        ip=_ip_config(args),
        stp=args.stp,
        delay=args.delay,
        mtu=args.mtu,
    )
    done = f"{spec.name}: created (bridge over {', '.join(spec.ports)})"
    return await _apply(args, session, CreateBridge(spec), done)


async def _vlan_create(args: argparse.Namespace, session: Session) -> int:
    spec = VlanSpec(
        name=args.name or vlan_name(args.parent, args.vlan_id),
        parent=args.parent,
        vlan_id=args.vlan_id,
        ip=_ip_config(args),
        mtu=args.mtu,
    )
    done = f"{spec.name}: created (VLAN {spec.vlan_id} on {spec.parent})"
    return await _apply(args, session, CreateVlan(spec), done)


async def _delete(args: argparse.Namespace, session: Session) -> int:
    kind: str = args.kind
    backend = await _backend(args, session)
    interface = find_interface(await backend.list_interfaces(), args.name)
    if interface is not None and interface.kind != kind:
        article = "an" if interface.kind[:1] in "aeiou" else "a"
        raise BadInput(f"{args.name} is {article} {interface.kind}, not a {kind}")
    ports = f"; {', '.join(interface.ports)} given back" if interface and interface.ports else ""
    return await _apply(args, session, DeleteInterface(args.name), f"{args.name}: deleted{ports}")


# -------------------------------------------------------------------- parser


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None


def _common(parser: argparse.ArgumentParser, *, xml: bool = True) -> None:
    parser.add_argument(
        "--backend",
        choices=BACKEND_KINDS,
        help="libvirt or nm (default: nm for this machine when NetworkManager runs)",
    )
    parser.add_argument("--dry-run", action="store_true", help="check and show; change nothing")
    if xml:
        parser.add_argument(
            "--print-xml",
            action="store_true",
            help="print the libvirt interface XML (nm backend: the profile settings as JSON)",
        )
    parser.add_argument(
        "--confirm-timeout",
        type=seconds,
        metavar="S",
        help="on a terminal: keep the change only if 'yes' is typed within S seconds "
        "(ignored when stdin is not a terminal)",
    )


def _addressing(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ipv4", metavar="dhcp|none|ADDR/PREFIX", help="default: none")
    parser.add_argument("--gateway", metavar="IP", help="IPv4 default gateway")
    parser.add_argument(
        "--ipv6", metavar="ignore|auto|dhcp|link-local|ADDR/PREFIX", help="default: ignore"
    )
    parser.add_argument("--mtu", type=_whole_number, metavar="BYTES")


def _add_iface(commands: Any) -> None:
    iface = commands.add_parser("iface", help="host interfaces (ethernet, bonds, bridges, VLANs)")
    actions = iface.add_subparsers(dest="iface_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="interfaces with state, addresses, ports, bond mode")
    listing.add_argument(
        "--json", action="store_true", help="print {backend, read_only_reason, interfaces}"
    )
    listing.add_argument("--backend", choices=BACKEND_KINDS, help="libvirt or nm")
    listing.set_defaults(handler=_list)


def _add_kind(
    commands: Any,
    kind: str,
    group_help: str,
    create_help: str,
    arguments: Callable[[Any], None],
    handler: Callable[..., Any],
) -> None:
    """``KIND create`` with its own arguments plus the shared ones, and ``KIND delete``."""
    group = commands.add_parser(kind, help=group_help)
    actions = group.add_subparsers(dest=f"{kind}_command", metavar="ACTION", required=True)
    create = actions.add_parser("create", help=create_help)
    arguments(create)
    _addressing(create)
    _common(create)
    create.set_defaults(handler=handler)
    delete = actions.add_parser("delete", help=f"delete a {kind}; its ports are given back")
    delete.add_argument("name", metavar="NAME")
    _common(delete, xml=False)
    delete.set_defaults(handler=_delete, kind=kind)


def _bond_arguments(create: Any) -> None:
    create.add_argument("name", metavar="NAME")
    create.add_argument("--mode", required=True, metavar="MODE", help=bond_mode_choices())
    create.add_argument(
        "--port", action="append", required=True, metavar="IF", help="a port (repeat for more)"
    )
    create.add_argument("--primary", metavar="IF", help="preferred port (modes 1, 5, 6)")
    create.add_argument(
        "--miimon",
        type=_whole_number,
        metavar="MS",
        help=f"MII link check interval (default {DEFAULT_MIIMON_MS} unless ARP is used)",
    )
    create.add_argument("--updelay", type=_whole_number, metavar="MS")
    create.add_argument("--downdelay", type=_whole_number, metavar="MS")
    create.add_argument("--carrier", choices=("netif", "ioctl"))
    create.add_argument("--arp-interval", type=_whole_number, metavar="MS")
    create.add_argument("--arp-target", action="append", metavar="IP", help="repeat for more")
    create.add_argument("--arp-validate", choices=("none", "active", "backup", "all"))
    create.add_argument("--lacp-rate", choices=LACP_RATES, help="802.3ad only")
    create.add_argument("--xmit-hash-policy", choices=XMIT_HASH_POLICIES)
    create.add_argument(
        "--bridge",
        metavar="BRNAME",
        help="use for virtual machines: a bridge over the bond gets its IP configuration",
    )


def _bridge_arguments(create: Any) -> None:
    create.add_argument("name", metavar="NAME")
    create.add_argument(
        "--port", action="append", required=True, metavar="IF", help="a port (repeat for more)"
    )
    create.add_argument("--stp", action="store_true", help="run the spanning tree protocol")
    create.add_argument("--delay", type=float, default=0.0, metavar="S", help="forward delay")


def _vlan_arguments(create: Any) -> None:
    create.add_argument("parent", metavar="PARENT")
    create.add_argument("vlan_id", type=_whole_number, metavar="ID")
    create.add_argument("--name", metavar="NAME", help="default: PARENT.ID")


def register(commands: Any) -> None:
    """Add ``iface``, ``bond``, ``bridge`` and ``vlan`` to the CLI's subcommands."""
    _add_iface(commands)
    _add_kind(
        commands,
        "bond",
        "create and delete bonds (modes 0-6)",
        "bond ethernet ports into one interface",
        _bond_arguments,
        _bond_create,
    )
    _add_kind(
        commands,
        "bridge",
        "create and delete host bridges",
        "a bridge over ports (VMs use it in Bridged mode)",
        _bridge_arguments,
        _bridge_create,
    )
    _add_kind(
        commands,
        "vlan",
        "create and delete VLAN interfaces",
        "an 802.1Q VLAN on an interface",
        _vlan_arguments,
        _vlan_create,
    )
