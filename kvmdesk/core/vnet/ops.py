"""Blocking virtual-network operations on a ``virConnect``; the session runs them in its pool.

Each operation either completes or leaves libvirt as it found it: a network that was
defined but could not be started (or set to autostart) is undefined again, and an edit
whose live part fails puts the old definition back. libvirt errors propagate as
``libvirtError``; the session turns them into kvmdesk errors.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import libvirt

from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.types.snapshots import DomainSnapshot
from kvmdesk.core.types.translation import arg, translate
from kvmdesk.core.util.xml_text import quoteattr
from kvmdesk.core.vnet.edit import changes_need_restart, dhcp_ranges, update_network_xml
from kvmdesk.core.vnet.spec import NetworkSpec, new_network_xml

log = logging.getLogger(__name__)

Step = Callable[[Any], object]

# libvirt codes meaning "this driver cannot do that flag": fall back to the plain call.
_UNSUPPORTED = (libvirt.VIR_ERR_INVALID_ARG, libvirt.VIR_ERR_NO_SUPPORT)


def lookup(conn: Any, name: str) -> Any:
    """The ``virNetwork`` called ``name``; :class:`BadInput` when there is none."""
    try:
        return conn.networkLookupByName(name)
    except libvirt.libvirtError as error:
        if error.get_error_code() == libvirt.VIR_ERR_NO_NETWORK:
            raise BadInput(arg(translate("Core", "no network named %1"), repr(name))) from None
        raise


def config_xml(network: Any) -> str:
    """The persistent definition (what the next start uses), else the live one.

    The test driver knows no ``VIR_NETWORK_XML_INACTIVE``; its live and stored
    definitions are the same until a redefine, so the live one is right there.
    """
    try:
        return str(network.XMLDesc(libvirt.VIR_NETWORK_XML_INACTIVE))
    except libvirt.libvirtError as error:
        if error.get_error_code() not in _UNSUPPORTED:
            raise
    return str(network.XMLDesc(0))


def fetch_xml(conn: Any, name: str, *, inactive: bool = False) -> str:
    """Network ``name``'s live XML, or with ``inactive`` its definition (see :func:`config_xml`)."""
    network = lookup(conn, name)
    return config_xml(network) if inactive else str(network.XMLDesc(0))


def define_and_apply(conn: Any, xml: str, steps: Sequence[Step]) -> Any:
    """Define ``xml``, then run each step on the new network; undefine it if one fails.

    Only for a name that did not exist before (the caller checks), so undoing the
    define removes nothing that anybody else made.
    """
    network = conn.networkDefineXML(xml)
    try:
        for step in steps:
            step(network)
    except Exception:
        _undo_define(network)
        raise
    return network


def undo_define(network: Any) -> None:
    """Stop (if it runs) and undefine a network this process just defined."""
    if network.isActive():
        network.destroy()
    network.undefine()


def check_absent(conn: Any, name: str) -> None:
    """:class:`BadInput` when a network called ``name`` exists already."""
    try:
        conn.networkLookupByName(name)
    except libvirt.libvirtError as error:
        if error.get_error_code() != libvirt.VIR_ERR_NO_NETWORK:
            raise
    else:
        raise BadInput(arg(translate("Core", "a network named %1 already exists"), repr(name)))


def define_network(conn: Any, spec: NetworkSpec) -> Any:
    """Define the network ``spec`` describes; its ``virNetwork``."""
    return conn.networkDefineXML(new_network_xml(spec))


def finish_create(conn: Any, spec: NetworkSpec, start: bool) -> None:
    """Carry an interrupted create to its end: define (if it is not), autostart, start.

    Idempotent: each step looks first, so it is right whichever steps happened.
    """
    try:
        network = conn.networkLookupByName(spec.name)
    except libvirt.libvirtError as error:
        if error.get_error_code() != libvirt.VIR_ERR_NO_NETWORK:
            raise
        network = define_network(conn, spec)
    if bool(network.autostart()) != spec.autostart:
        network.setAutostart(1 if spec.autostart else 0)
    if start and not network.isActive():
        network.create()


def undo_create(conn: Any, name: str, uuid: str) -> None:
    """Take an interrupted create back: stop and undefine the network it made, if there.

    ``uuid`` ("" when the define's answer was lost) guards against removing a network
    somebody else made under the same name meanwhile.
    """
    try:
        network = conn.networkLookupByName(name)
    except libvirt.libvirtError as error:
        if error.get_error_code() == libvirt.VIR_ERR_NO_NETWORK:
            return  # the define never happened, or it is gone already
        raise
    if uuid and network.UUIDString() != uuid:
        raise BadInput(
            arg(
                translate("Core", "network %1 is not the one kvmdesk created; it was left alone"),
                repr(name),
            )
        )
    undo_define(network)


def _undo_define(network: Any) -> None:
    try:
        undo_define(network)
    except libvirt.libvirtError as error:
        # The original failure is what the user must see; this one goes to the log.
        log.warning("could not undo the definition of network %s: %s", network.name(), error)


def create_network(conn: Any, spec: NetworkSpec, start: bool = True) -> None:
    """Define the network for ``spec``, set its autostart and start it, all or nothing."""
    check_absent(conn, spec.name)
    steps: list[Step] = [lambda network: network.setAutostart(1 if spec.autostart else 0)]
    if start:
        steps.append(lambda network: network.create())
    define_and_apply(conn, new_network_xml(spec), steps)


def start_network(conn: Any, name: str) -> None:
    lookup(conn, name).create()


def stop_network(conn: Any, name: str) -> None:
    lookup(conn, name).destroy()


def set_network_autostart(conn: Any, name: str, on: bool) -> None:
    lookup(conn, name).setAutostart(1 if on else 0)


def delete_network(conn: Any, name: str) -> None:
    """Stop the network if it runs, then undefine it (a transient one is gone once stopped)."""
    network = lookup(conn, name)
    persistent = bool(network.isPersistent())
    if network.isActive():
        network.destroy()
    if persistent:
        network.undefine()


def update_network(conn: Any, name: str, spec: NetworkSpec) -> bool:
    """Redefine ``name`` as ``spec`` describes; True when it must restart to take effect.

    A stopped network just gets the new definition. A running one gets it too, for its
    next start; when nothing but the IPv4 DHCP range changed, the range is also changed
    live (``virNetworkUpdate`` deletes the old ranges and adds the new), so no restart
    is needed.
    """
    network = lookup(conn, name)
    old_config = config_xml(network)
    new_config = update_network_xml(old_config, spec)
    active = bool(network.isActive())
    changed = changes_need_restart(old_config, new_config) or (
        dhcp_ranges(old_config) != dhcp_ranges(new_config)
    )
    if changed:
        conn.networkDefineXML(new_config)
    needs_restart = active and changes_need_restart(old_config, new_config)
    if active and not needs_restart and changed:
        try:
            _update_ranges_live(network, str(network.XMLDesc(0)), new_config)
        except Exception:
            conn.networkDefineXML(old_config)
            raise
    if bool(network.autostart()) != spec.autostart:
        network.setAutostart(1 if spec.autostart else 0)
    return needs_restart


def _range_xml(start: str, end: str) -> str:
    return f"<range start={quoteattr(start)} end={quoteattr(end)}/>"


def _update_ranges_live(network: Any, live_xml: str, new_xml: str) -> None:
    """Make the running network's IPv4 DHCP ranges those of ``new_xml``; undo on failure."""
    live = dhcp_ranges(live_xml)
    wanted = dhcp_ranges(new_xml)
    if live is None or wanted is None:
        return
    index, current = live
    flags = libvirt.VIR_NETWORK_UPDATE_AFFECT_LIVE
    section = libvirt.VIR_NETWORK_SECTION_IP_DHCP_RANGE
    done: list[tuple[int, tuple[str, str]]] = []
    delete, add = (
        libvirt.VIR_NETWORK_UPDATE_COMMAND_DELETE,
        libvirt.VIR_NETWORK_UPDATE_COMMAND_ADD_LAST,
    )
    try:
        for pair in current:
            if pair not in wanted[1]:
                network.update(delete, section, index, _range_xml(*pair), flags)
                done.append((delete, pair))
        for pair in wanted[1]:
            if pair not in current:
                network.update(add, section, index, _range_xml(*pair), flags)
                done.append((add, pair))
    except libvirt.libvirtError:
        for command, pair in reversed(done):
            undo = add if command == delete else delete
            try:
                network.update(undo, section, index, _range_xml(*pair), flags)
            except libvirt.libvirtError as error:
                log.warning("could not restore DHCP range %s-%s: %s", *pair, error)
        raise


def domains_on_network(domains: Iterable[DomainSnapshot], name: str) -> list[str]:
    """Names of the domains with a NIC on network ``name``, sorted."""
    return sorted(
        {
            domain.name
            for domain in domains
            if any(nic.type == "network" and nic.source == name for nic in domain.nics)
        },
        key=str.casefold,
    )
