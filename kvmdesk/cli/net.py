"""``kvmdesk-cli net …`` (virtual networks) and ``kvmdesk-cli modes`` (what each mode reaches).

``net`` commands run on a connection like every other command; ``modes`` prints the
connectivity matrix from :mod:`kvmdesk.core.vnet.connectivity` and needs no connection.
Errors follow the CLI's exit codes: 2 for bad input (bad CIDR, overlapping subnet,
duplicate name, unknown mode …), 1 when libvirt fails.
"""

from __future__ import annotations

import argparse
from ipaddress import IPv4Address, IPv4Network
from typing import Any

from kvmdesk.cli.output import EXIT_OK, format_table, say, say_json
from kvmdesk.core.connection.session import Session
from kvmdesk.core.i18n.catalog import arg, mode_word, translate
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.labels import QT_TRANSLATE_NOOP
from kvmdesk.core.types.snapshots import NetworkSnapshot
from kvmdesk.core.vnet.connectivity import MATRIX, Direction, Verdict, matrix_json
from kvmdesk.core.vnet.spec import (
    CREATABLE_MODES,
    SUBNET_MODES,
    NetworkSpec,
    default_dhcp_range,
    new_network_xml,
    parse_address,
    parse_mode,
    parse_subnet,
    validate_network_spec,
)
from kvmdesk.core.vnet.subnet_pool import POOL_ENV, subnet_pool, suggest_free_subnet, taken_subnets

_DIRECTION_LABELS = {
    Direction.VM_TO_HOST: QT_TRANSLATE_NOOP("cli", "VM -> host"),
    Direction.HOST_TO_VM: QT_TRANSLATE_NOOP("cli", "host -> VM"),
    Direction.VM_TO_OTHER: QT_TRANSLATE_NOOP("cli", "VM -> other hosts"),
    Direction.OTHER_TO_VM: QT_TRANSLATE_NOOP("cli", "other hosts -> VM"),
    Direction.VM_TO_VM: QT_TRANSLATE_NOOP("cli", "VM <-> VM"),
}
_VERDICT_WORDS = {
    Verdict.YES: QT_TRANSLATE_NOOP("cli", "yes"),
    Verdict.NO: QT_TRANSLATE_NOOP("cli", "no"),
    Verdict.SETUP: QT_TRANSLATE_NOOP("cli", "setup"),
}


# -------------------------------------------------------------------- output


def network_json(network: NetworkSnapshot, domains: list[str]) -> dict[str, Any]:
    """One network as ``net list --json`` prints it."""
    return {
        "name": network.name,
        "uuid": network.uuid,
        "mode": str(network.mode),
        "bridge": network.bridge,
        "subnets": list(network.subnets),
        "dhcp": [{"start": start, "end": end} for start, end in network.dhcp_ranges],
        "forward_devices": list(network.forward_devices),
        "active": network.active,
        "autostart": network.autostart,
        "persistent": network.persistent,
        "domains": domains,
    }


def _yes_no(value: bool) -> str:
    return translate("cli", "yes") if value else translate("cli", "no")


# ------------------------------------------------------------------ commands


async def _list(args: argparse.Namespace, session: Session) -> int:
    networks = sorted(session.networks.values(), key=lambda n: (n.name.casefold(), n.name))
    attached = {n.name: session.vnets.domains_on(n.name) for n in networks}
    if args.json:
        say_json([network_json(n, attached[n.name]) for n in networks])
        return EXIT_OK
    rows = [
        [
            n.name,
            mode_word(n.mode),
            n.bridge or ", ".join(n.forward_devices),
            ", ".join(n.subnets),
            _yes_no(n.active),
            _yes_no(n.autostart),
            ", ".join(attached[n.name]),
        ]
        for n in networks
    ]
    headers = [
        translate("cli", "NAME"),
        translate("cli", "MODE"),
        translate("cli", "BRIDGE"),
        translate("cli", "SUBNETS"),
        translate("cli", "ACTIVE"),
        translate("cli", "AUTOSTART"),
        translate("cli", "DOMAINS"),
    ]
    say(format_table(headers, rows, right=set()))
    return EXIT_OK


def _dhcp_range(
    args: argparse.Namespace, subnet: IPv4Network | None, host: IPv4Address | None
) -> tuple[IPv4Address | None, IPv4Address | None]:
    if args.dhcp is not None:
        return parse_address(args.dhcp[0], "DHCP start"), parse_address(args.dhcp[1], "DHCP end")
    if args.no_dhcp or subnet is None:
        return None, None
    default = default_dhcp_range(subnet, host)
    return default if default is not None else (None, None)


async def _create(args: argparse.Namespace, session: Session) -> int:
    mode = parse_mode(args.mode)
    subnet, host = parse_subnet(args.subnet) if args.subnet is not None else (None, None)
    host_networks = await session.vnets.host_networks()
    if subnet is None and mode in SUBNET_MODES:
        taken = taken_subnets(session.networks.values(), host_networks)
        subnet = suggest_free_subnet(subnet_pool(), taken)
        if subnet is None:
            raise BadInput(f"no free subnet left in the pool: give --subnet or set {POOL_ENV}")
    dhcp_start, dhcp_end = _dhcp_range(args, subnet, host)
    spec = NetworkSpec(
        name=args.name,
        mode=mode,
        subnet=subnet,
        dhcp_start=dhcp_start,
        dhcp_end=dhcp_end,
        bridge=args.bridge or "",
        forward_dev=args.forward_dev or "",
        autostart=not args.no_autostart,
        host_address=host,
    )
    # Checked here too so a dry run says exactly what a real run would refuse.
    validate_network_spec(spec, list(session.networks.values()), host_networks)
    detail = _spec_detail(spec)
    if args.dry_run:
        if args.print_xml:
            say(new_network_xml(spec).rstrip())
        else:
            say(f"{spec.name}: would create a {mode} network{detail} (dry run: nothing changed)")
        return EXIT_OK
    snapshot = await session.vnets.create(
        spec, start=not args.no_start, host_networks=host_networks
    )
    if args.print_xml:
        say((await session.vnets.xml(spec.name)).rstrip())
    else:
        state = "started" if snapshot.active else "not started"
        say(f"{spec.name}: created {mode} network{detail}, {state}")
    return EXIT_OK


def _spec_detail(spec: NetworkSpec) -> str:
    parts: list[str] = []
    if spec.subnet is not None:
        parts.append(f"subnet {spec.subnet}, host {spec.gateway}")
    if spec.dhcp_start is not None and spec.dhcp_end is not None:
        parts.append(f"DHCP {spec.dhcp_start}-{spec.dhcp_end}")
    if spec.bridge:
        parts.append(f"bridge {spec.bridge}")
    return f" ({'; '.join(parts)})" if parts else ""


async def _start(args: argparse.Namespace, session: Session) -> int:
    await session.vnets.start(args.name)
    say(arg(translate("cli", "%1: started"), args.name))
    return EXIT_OK


async def _stop(args: argparse.Namespace, session: Session) -> int:
    await session.vnets.stop(args.name)
    say(arg(translate("cli", "%1: stopped"), args.name))
    return EXIT_OK


async def _delete(args: argparse.Namespace, session: Session) -> int:
    session.vnets.find(args.name)
    attached = session.vnets.domains_on(args.name)
    if attached and not args.force:
        names = ", ".join(attached)
        raise BadInput(
            f"network {args.name!r} is used by {names} (add --force to delete it anyway)"
        )
    await session.vnets.delete(args.name)
    say(arg(translate("cli", "%1: deleted"), args.name))
    return EXIT_OK


async def _autostart(args: argparse.Namespace, session: Session) -> int:
    on = args.state == "on"
    await session.vnets.set_autostart(args.name, on)
    text = translate("cli", "%1: autostart on") if on else translate("cli", "%1: autostart off")
    say(arg(text, args.name))
    return EXIT_OK


def modes_command(args: argparse.Namespace) -> int:
    """``modes``: the connectivity matrix; needs no connection."""
    if args.json:
        say_json(matrix_json())
        return EXIT_OK
    blocks: list[str] = []
    for mode, rows in MATRIX.items():
        table = format_table(
            [translate("cli", "DIRECTION"), translate("cli", "VALUE"), translate("cli", "REASON")],
            [
                [
                    translate("cli", _DIRECTION_LABELS[d]),
                    translate("cli", _VERDICT_WORDS[r.verdict]),
                    translate("Connectivity", r.reason),
                ]
                for d, r in rows.items()
            ],
            right=set(),
        )
        blocks.append(f"{mode}\n{table}")
    say("\n\n".join(blocks))
    return EXIT_OK


# -------------------------------------------------------------------- parser


def _add_net(commands: Any) -> None:
    net = commands.add_parser("net", help="list, create, start, stop and delete virtual networks")
    actions = net.add_subparsers(dest="net_command", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="networks with mode, bridge, subnets and domains")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(handler=_list)

    words = ", ".join(str(mode) for mode in CREATABLE_MODES)
    create = actions.add_parser("create", help="define (and start) a new network")
    create.add_argument("name", metavar="NAME")
    create.add_argument("mode", metavar="MODE", help=words)
    create.add_argument(
        "--subnet",
        metavar="CIDR",
        help="e.g. 192.168.100.0/24 (host takes .1) or 192.168.100.254/24; "
        f"default: a free one from ${POOL_ENV} or the built-in pool",
    )
    dhcp = create.add_mutually_exclusive_group()
    dhcp.add_argument(
        "--dhcp", nargs=2, metavar=("START", "END"), help="DHCP range (default: upper half)"
    )
    dhcp.add_argument("--no-dhcp", action="store_true", help="no DHCP server")
    create.add_argument("--bridge", metavar="NAME", help="host bridge (bridged) or bridge name")
    create.add_argument("--forward-dev", metavar="IFACE", help="nat/routed: forward only via IFACE")
    create.add_argument("--no-start", action="store_true", help="define only")
    create.add_argument("--no-autostart", action="store_true", help="do not start with the host")
    create.add_argument("--dry-run", action="store_true", help="validate only; change nothing")
    create.add_argument("--print-xml", action="store_true", help="print the network XML")
    create.set_defaults(handler=_create)

    for word, handler, text in (
        ("start", _start, "start a network"),
        ("stop", _stop, "stop a network (its guests lose connectivity)"),
    ):
        parser = actions.add_parser(word, help=text)
        parser.add_argument("name", metavar="NAME")
        parser.set_defaults(handler=handler)

    delete = actions.add_parser("delete", help="stop and undefine a network")
    delete.add_argument("name", metavar="NAME")
    delete.add_argument("--force", action="store_true", help="even if domains use it")
    delete.set_defaults(handler=_delete)

    autostart = actions.add_parser("autostart", help="start the network with the host or not")
    autostart.add_argument("name", metavar="NAME")
    autostart.add_argument("state", choices=("on", "off"), metavar="on|off")
    autostart.set_defaults(handler=_autostart)


def _add_modes(commands: Any) -> None:
    parser = commands.add_parser("modes", help="what each network mode lets a VM reach")
    parser.add_argument("--json", action="store_true", help="print a JSON object")
    parser.set_defaults(offline=modes_command)


def register(commands: Any) -> None:
    """Add ``net`` and ``modes`` to the CLI's subcommands."""
    _add_net(commands)
    _add_modes(commands)
