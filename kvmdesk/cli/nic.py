"""``kvmdesk-cli nic …``: list a domain's NICs, switch their mode, add and remove them.

The same core as the NIC dialog: :mod:`kvmdesk.core.nic.spec` validates,
:mod:`kvmdesk.core.nic.xml` edits, the session applies (live where libvirt can,
persistently, nothing half-done). ``--dry-run`` changes nothing; ``--print-xml``
prints the full resulting domain XML on stdout. Errors follow the CLI's exit codes:
2 for bad input (unknown domain or MAC, network of the wrong mode, bad MAC,
unknown mode, conflicting options), 1 when libvirt fails.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from kvmdesk.cli.output import EXIT_OK, PROG, format_table, say, say_domain_xml, say_json
from kvmdesk.core.connection.session import Session
from kvmdesk.core.i18n.catalog import arg, mode_word, translate
from kvmdesk.core.nic.apply import NicPlan, predict
from kvmdesk.core.nic.mode import nic_mode
from kvmdesk.core.nic.spec import NETWORK_ONLY_MODES, SETTABLE_MODES, NicSource, NicSpec
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.snapshots import DomainSnapshot, NetworkSnapshot, NicSnapshot
from kvmdesk.core.util.mac import normalize_mac, validate_mac
from kvmdesk.core.util.text import escape_for_terminal_lines
from kvmdesk.core.vnet.spec import SUBNET_MODES, NetworkSpec, default_dhcp_range
from kvmdesk.core.vnet.subnet_pool import POOL_ENV, subnet_pool, suggest_free_subnet, taken_subnets

MODE_WORDS = ", ".join(str(mode) for mode in SETTABLE_MODES)

# Modes for which set-mode/add without --network create a network when none exists.
AUTO_CREATED_MODES = frozenset({NetworkMode.NAT, NetworkMode.HOST_ONLY, NetworkMode.INTERNAL})


def _mode(text: str) -> NetworkMode:
    try:
        mode = NetworkMode(text.strip().lower())
    except ValueError:
        mode = NetworkMode.OTHER
    if mode not in SETTABLE_MODES:
        raise argparse.ArgumentTypeError(f"unknown mode {text!r} (one of {MODE_WORDS})")
    return mode


def _warn(text: str) -> None:
    print(f"{PROG}: warning: {escape_for_terminal_lines(text)}", file=sys.stderr, flush=True)


# -------------------------------------------------------------------- output


def nic_json(nic: NicSnapshot, networks: dict[str, NetworkSnapshot]) -> dict[str, Any]:
    """One NIC as ``nic list --json`` prints it."""
    return {
        "mac": nic.mac,
        "model": nic.model,
        "type": nic.type,
        "source": nic.source,
        "mode": str(nic_mode(nic, networks)),
        "link": "up" if nic.link_up else "down",
    }


async def _list(args: argparse.Namespace, session: Session) -> int:
    domain = session.lifecycle.find(args.domain)
    rows = [nic_json(nic, session.networks) for nic in domain.nics]
    if args.json:
        say_json(rows)
        return EXIT_OK
    keys = ("mac", "model", "type", "source", "mode", "link")
    # The GUI's words for the mode and the link; JSON keeps the machine values.
    words: dict[str, Callable[[str], str]] = {
        "mode": lambda value: mode_word(NetworkMode(value)),
        "link": lambda value: translate("cli", "Up") if value == "up" else translate("cli", "Down"),
    }
    table = [
        [words[key](row[key]) if key in words else (row[key] or "-") for key in keys]
        for row in rows
    ]
    headers = [
        translate("cli", "MAC"),
        translate("cli", "MODEL"),
        translate("cli", "TYPE"),
        translate("cli", "SOURCE"),
        translate("cli", "MODE"),
        translate("cli", "LINK"),
    ]
    say(format_table(headers, table, right=set()))
    return EXIT_OK


# ------------------------------------------------------------ choosing a source


def _first_network(session: Session, mode: NetworkMode) -> NetworkSnapshot | None:
    """The network of ``mode`` to use by default: running ones first, then by name."""
    candidates = [n for n in session.networks.values() if n.mode is mode]
    candidates.sort(key=lambda n: (not n.active, n.name))
    return candidates[0] if candidates else None


def _free_name(session: Session, mode: NetworkMode) -> str:
    base = f"kvmdesk-{mode}"
    name, number = base, 1
    while name in session.networks:
        number += 1
        name = f"{base}-{number}"
    return name


async def _network_to_create(session: Session, mode: NetworkMode) -> NetworkSpec:
    """A network of ``mode`` on a free subnet of the pool, as ``net create`` would make it."""
    subnet = None
    dhcp: tuple[Any, Any] | None = None
    if mode in SUBNET_MODES:
        taken = taken_subnets(session.networks.values(), await session.vnets.host_networks())
        subnet = suggest_free_subnet(subnet_pool(), taken)
        if subnet is None:
            raise BadInput(f"no free subnet left in the pool for a {mode} network (see {POOL_ENV})")
        dhcp = default_dhcp_range(subnet)
    return NetworkSpec(
        name=_free_name(session, mode),
        mode=mode,
        subnet=subnet,
        dhcp_start=dhcp[0] if dhcp else None,
        dhcp_end=dhcp[1] if dhcp else None,
    )


def _check_options(args: argparse.Namespace, mode: NetworkMode) -> None:
    """Source options that cannot go with ``mode`` (one line each, exit 2)."""
    if args.macvtap_mode is not None and args.dev is None:
        raise BadInput("--macvtap-mode needs --dev")
    takes_network = mode in NETWORK_ONLY_MODES or mode in (
        NetworkMode.BRIDGED,
        NetworkMode.MACVTAP,
    )
    if args.network is not None and not takes_network:
        raise BadInput(f"--network does not apply to mode {mode}")
    if args.bridge is not None and mode is not NetworkMode.BRIDGED:
        raise BadInput(f"--bridge applies only to mode bridged, not {mode}")
    if args.dev is not None and mode is not NetworkMode.MACVTAP:
        raise BadInput(f"--dev applies only to mode macvtap, not {mode}")


async def _source(
    args: argparse.Namespace, session: Session, mode: NetworkMode, current: NicSnapshot | None
) -> tuple[NicSource, NetworkSpec | None]:
    """The source the options ask for, and a network to create first (if one is needed)."""
    _check_options(args, mode)

    def on_network(name: str) -> NicSource:
        # Staying on the same network keeps the NIC's portgroup.
        if current is not None and current.type == "network" and current.source == name:
            return NicSource(mode, network=name, portgroup=current.portgroup)
        return NicSource(mode, network=name)

    if args.network is not None:
        return on_network(args.network), None
    if mode in NETWORK_ONLY_MODES:
        network = _first_network(session, mode)
        if network is not None:
            return on_network(network.name), None
        if mode not in AUTO_CREATED_MODES:
            raise BadInput(
                f"no {mode} network exists; create one with '{PROG} net create NAME {mode}'"
            )
        spec = await _network_to_create(session, mode)
        return NicSource(mode, network=spec.name), spec
    if mode is NetworkMode.BRIDGED:
        if args.bridge is None:
            raise BadInput("bridged needs --bridge NAME or --network NAME (a bridge-mode network)")
        return NicSource(mode, bridge=args.bridge), None
    if mode is NetworkMode.MACVTAP:
        if args.dev is None:
            raise BadInput("macvtap needs --dev IFACE or --network NAME (a macvtap network)")
        return NicSource(mode, device=args.dev, macvtap_mode=args.macvtap_mode or "bridge"), None
    if mode is NetworkMode.USER:
        keep = current.backend if current is not None and current.type == "user" else ""
        return NicSource(mode, backend=keep), None
    return NicSource(mode), None


def _would_exist(session: Session, create: NetworkSpec | None) -> dict[str, NetworkSnapshot]:
    networks = dict(session.networks)
    if create is not None:
        networks[create.name] = NetworkSnapshot(
            connection=session.uri, name=create.name, uuid="", mode=create.mode
        )
    return networks


def _flags(args: argparse.Namespace) -> tuple[bool | None, bool | None]:
    if getattr(args, "live", False):
        return True, False
    if getattr(args, "config", False):
        return False, True
    return None, None


# ------------------------------------------------------------------ commands


async def _finish(
    args: argparse.Namespace,
    session: Session,
    domain: DomainSnapshot,
    plan: NicPlan,
    create: NetworkSpec | None,
) -> int:
    """Dry run: show the plan. Otherwise create the network (if any), apply, report."""
    live, config = _flags(args)
    if args.dry_run:
        # The same decision as the real run's (refusing what it would refuse).
        planned = predict(plan, live=live, config=config, uri=session.uri)
        if args.print_xml:
            say_domain_xml(plan.xml)
        else:
            if create is not None:
                say(
                    arg(
                        translate("cli", "%1: would create %2 network %3"),
                        domain.name,
                        create.mode,
                        repr(create.name),
                    )
                )
            say(planned.describe_planned())
        return EXIT_OK
    if create is not None:
        network = await session.vnets.create(create)
        if not args.print_xml:
            subnet = f" on {create.subnet}" if create.subnet else ""
            say(f"{network.name}: created {network.mode} network{subnet}")
    if plan.spec is None:
        result = await session.nics.remove(domain.uuid, plan.previous_mac, live=live, config=config)
    else:
        # The validated spec again (a new NIC keeps the MAC the plan gave it); the
        # session plans anew against the domain as it is now.
        mac = plan.previous_mac or None
        result = await session.nics.apply(domain.uuid, mac, plan.spec, live=live, config=config)
    if args.print_xml:
        say_domain_xml(await session.lifecycle.xml(domain.uuid, inactive=result.config))
    else:
        say(result.describe())
    return EXIT_OK


async def _set_mode(args: argparse.Namespace, session: Session) -> int:
    domain = session.lifecycle.find(args.domain)
    mac = normalize_mac(args.mac)
    current = next((nic for nic in domain.nics if nic.mac == mac), None)
    source, create = await _source(args, session, args.mode, current)
    # Model and MAC stay; a mode plugs the NIC in, "none" unplugs it.
    spec = NicSpec(source, mac="", model="", link_up=args.mode is not NetworkMode.NONE)
    plan = await session.nics.plan(
        domain.uuid, mac, spec, networks=_would_exist(session, create) if create else None
    )
    return await _finish(args, session, domain, plan, create)


async def _add(args: argparse.Namespace, session: Session) -> int:
    domain = session.lifecycle.find(args.domain)
    mac = validate_mac(args.mac) if args.mac is not None else ""
    if mac:
        users = session.nics.mac_in_use(mac, exclude=domain.uuid)
        if users:
            _warn(f"MAC {mac} is also used by {', '.join(users)}")
    source, create = await _source(args, session, args.mode, None)
    spec = NicSpec(source, mac=mac, model=args.model or "virtio")
    plan = await session.nics.plan(
        domain.uuid, None, spec, networks=_would_exist(session, create) if create else None
    )
    return await _finish(args, session, domain, plan, create)


async def _remove(args: argparse.Namespace, session: Session) -> int:
    domain = session.lifecycle.find(args.domain)
    plan = await session.nics.removal_plan(domain.uuid, normalize_mac(args.mac))
    return await _finish(args, session, domain, plan, None)


async def _settle(args: argparse.Namespace, session: Session, permanent: bool) -> int:
    """``make-permanent`` / ``revert``: settle a running NIC that differs from the saved one."""
    domain = session.lifecycle.find(args.domain)
    mac = normalize_mac(args.mac)
    if not domain.state.is_active:
        raise BadInput(f"{domain.name} is not running: its next start uses the saved NICs")
    if mac not in await session.nics.differences(domain.uuid):
        if mac not in {nic.mac for nic in domain.nics}:
            raise BadInput(f"{domain.name} has no NIC with MAC {mac}")
        say(arg(translate("cli", "%1: NIC %2 runs as saved; nothing to do"), domain.name, mac))
        return EXIT_OK
    if permanent:
        await session.nics.make_permanent(domain.uuid, mac)
        say(arg(translate("cli", "%1: NIC %2 saved as it runs now"), domain.name, mac))
    else:
        await session.nics.revert(domain.uuid, mac)
        say(arg(translate("cli", "%1: NIC %2 running as saved again"), domain.name, mac))
    return EXIT_OK


async def _make_permanent(args: argparse.Namespace, session: Session) -> int:
    return await _settle(args, session, True)


async def _revert(args: argparse.Namespace, session: Session) -> int:
    return await _settle(args, session, False)


# -------------------------------------------------------------------- parser


def _source_options(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--network", metavar="NAME", help="a libvirt network of that mode")
    source.add_argument("--bridge", metavar="NAME", help="bridged: a host bridge")
    source.add_argument("--dev", metavar="IFACE", help="macvtap: a host device")
    parser.add_argument(
        "--macvtap-mode",
        metavar="M",
        choices=("bridge", "vepa", "private", "passthrough"),
        help="with --dev: bridge (default), vepa, private or passthrough",
    )


def _common_options(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--live", action="store_true", help="change the running domain only")
    where.add_argument("--config", action="store_true", help="change the configuration only")
    parser.add_argument("--dry-run", action="store_true", help="validate and show; change nothing")
    parser.add_argument("--print-xml", action="store_true", help="print the resulting domain XML")


def register(commands: Any) -> None:
    """Add ``nic`` and its actions to the CLI's subcommands."""
    nic = commands.add_parser("nic", help="list, switch, add and remove a domain's NICs")
    actions = nic.add_subparsers(dest="nic_command", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="NICs with MAC, model, type, source, mode, link")
    listing.add_argument("domain", metavar="DOMAIN", help="name or UUID")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(handler=_list)

    set_mode = actions.add_parser("set-mode", help="switch a NIC to another network mode")
    set_mode.add_argument("domain", metavar="DOMAIN", help="name or UUID")
    set_mode.add_argument("mac", metavar="MAC")
    set_mode.add_argument("mode", metavar="MODE", type=_mode, help=MODE_WORDS)
    _source_options(set_mode)
    _common_options(set_mode)
    set_mode.set_defaults(handler=_set_mode)

    add = actions.add_parser("add", help="add a NIC in a network mode")
    add.add_argument("domain", metavar="DOMAIN", help="name or UUID")
    add.add_argument("mode", metavar="MODE", type=_mode, help=MODE_WORDS)
    _source_options(add)
    add.add_argument("--model", metavar="M", help="NIC model (default: virtio)")
    add.add_argument("--mac", metavar="MAC", help="default: a free one in 52:54:00")
    _common_options(add)
    add.set_defaults(handler=_add)

    remove = actions.add_parser("remove", help="remove a NIC")
    remove.add_argument("domain", metavar="DOMAIN", help="name or UUID")
    remove.add_argument("mac", metavar="MAC")
    _common_options(remove)
    remove.set_defaults(handler=_remove)

    for word, text, handler in (
        ("make-permanent", "save a running NIC that differs from the saved one", _make_permanent),
        ("revert", "put the saved NIC back on the running domain", _revert),
    ):
        parser = actions.add_parser(word, help=text)
        parser.add_argument("domain", metavar="DOMAIN", help="name or UUID")
        parser.add_argument("mac", metavar="MAC")
        parser.set_defaults(handler=handler)
