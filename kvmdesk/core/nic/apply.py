"""Apply a NIC change to a domain: live where libvirt can, persistently, never half-done.

Blocking functions on a ``virDomain``; :class:`~kvmdesk.core.connection.session.Session`
runs them in its pool. A change is first *planned* (both definitions edited in
memory, nothing sent) and then applied in two steps:

1. live, on a running domain, with ``updateDeviceFlags`` / ``attachDeviceFlags`` /
   ``detachDeviceFlags`` and ``VIR_DOMAIN_AFFECT_LIVE``, sending the interface as
   the *running* definition has it;
2. persistent, with ``defineXML`` of the edited persistent definition.

Two steps rather than one call with ``AFFECT_LIVE | AFFECT_CONFIG`` because the
running and the persistent NIC can differ (a model change waiting for a restart),
and one interface XML cannot be right for both; ``defineXML`` also stores exactly
our in-place edit. If step 2 fails after step 1 worked, step 1 is undone, so a
failure leaves the domain as it was. What libvirt cannot change on a running
guest (model, MAC, a change between a tap-based and another connection) goes to
the persistent definition only and is reported as needing a restart.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

import libvirt
from lxml import etree

from kvmdesk.core.nic.merge import current_spec, merge_nic_edit
from kvmdesk.core.nic.spec import NicSource, NicSpec, interface_type, validate_nic_spec
from kvmdesk.core.nic.xml import (
    find_interface,
    interface_element_xml,
    interface_macs,
    remove_nic,
    set_nic,
    with_address,
)
from kvmdesk.core.types.conflicts import Side
from kvmdesk.core.types.errors import BadInput, LibvirtFailure, one_line
from kvmdesk.core.types.errors import translate as libvirt_error
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.partial import PartialChange, Recovery
from kvmdesk.core.types.snapshots import NetworkSnapshot, NicSnapshot
from kvmdesk.core.types.translation import arg, translate
from kvmdesk.core.util.mac import comparable_mac, generate_mac
from kvmdesk.core.util.nic_snapshot import read_nic
from kvmdesk.core.util.uri import LibvirtUri
from kvmdesk.core.util.xml_layout import parse

AFFECT_LIVE = libvirt.VIR_DOMAIN_AFFECT_LIVE
INACTIVE_XML = libvirt.VIR_DOMAIN_XML_INACTIVE | libvirt.VIR_DOMAIN_XML_SECURE

# libvirt's answers for "this driver/hypervisor cannot do that on a running guest".
_UNSUPPORTED = frozenset({libvirt.VIR_ERR_NO_SUPPORT, libvirt.VIR_ERR_OPERATION_UNSUPPORTED})

# Network modes whose NICs are tap devices on a host bridge: libvirt can move a
# running NIC between any two of these (and plain host bridges) by re-plugging the tap.
_TAP_MODES = frozenset(
    {
        NetworkMode.NAT,
        NetworkMode.HOST_ONLY,
        NetworkMode.INTERNAL,
        NetworkMode.ROUTED,
        NetworkMode.OPEN,
        NetworkMode.BRIDGED,
    }
)


class NicAction(StrEnum):
    UPDATE = "update"
    ADD = "add"
    REMOVE = "remove"


@dataclass(frozen=True, slots=True)
class NicPlan:
    """A NIC change worked out in memory; nothing has been sent to libvirt."""

    action: NicAction
    domain: str
    uuid: str
    mac: str  # the NIC's MAC after the change (the removed NIC's for a removal)
    previous_mac: str  # its MAC before ("" for a new NIC)
    spec: NicSpec | None  # validated, MAC filled in for a new NIC; None for a removal
    running: bool
    persistent: bool
    in_live: bool  # the NIC is in the running definition (a new NIC: the domain runs)
    in_config: bool  # the NIC is in the persistent definition (a new NIC: it has one)
    live_xml: str  # running definition after the change, "" when not in_live
    config_xml: str  # persistent definition after the change, "" when not in_config
    live_interface: str  # <interface> to send for the live step
    live_interface_before: str  # <interface> as it runs now, to undo the live step
    live_possible: bool
    restart_reasons: tuple[str, ...]  # why the live step is impossible

    @property
    def xml(self) -> str:
        """The full resulting domain XML: persistent if there is one, else running."""
        return self.config_xml or self.live_xml

    @property
    def interface_xml(self) -> str:
        """The resulting ``<interface>`` ("" for a removal)."""
        if self.action is NicAction.REMOVE:
            return ""
        return interface_element_xml(self.xml, self.mac)


@dataclass(frozen=True, slots=True)
class NicResult:
    """What was done: ``needs_restart`` when the running guest still has the old NIC."""

    action: NicAction
    domain: str
    mac: str
    previous_mac: str
    live: bool
    config: bool
    needs_restart: bool
    note: str = ""  # in the user's words
    detail: str = ""  # libvirt's own message behind the note, for a "details" view

    def _where(self) -> str:
        config = "from" if self.action is NicAction.REMOVE else "in"
        return " and ".join(
            part
            for part, done in (("live", self.live), (f"{config} the configuration", self.config))
            if done
        )

    def _after(self) -> str:
        line = "; takes effect after restart" if self.needs_restart else ""
        return line + (f" ({self.note})" if self.note else "")

    def describe(self) -> str:
        """One line for the CLI and notifications."""
        verb = {NicAction.UPDATE: "changed", NicAction.ADD: "added", NicAction.REMOVE: "removed"}
        return f"{self.domain}: NIC {self.mac} {verb[self.action]} {self._where()}{self._after()}"

    def describe_planned(self) -> str:
        """The same line for a dry run (a :func:`predict` result): what the real run does."""
        verb = {NicAction.UPDATE: "change", NicAction.ADD: "add", NicAction.REMOVE: "remove"}
        return (
            f"{self.domain}: would {verb[self.action]} NIC {self.mac} {self._where()}"
            f"{self._after()} (dry run: nothing changed)"
        )


# -------------------------------------------------------------------- planning


def _definitions(domain: Any) -> tuple[bool, bool, str, str]:
    running = bool(domain.isActive())
    persistent = bool(domain.isPersistent())
    live = domain.XMLDesc(0) if running else ""
    config = domain.XMLDesc(INACTIVE_XML) if persistent else ""
    return running, persistent, live, config


def _nics(domain_xml: str) -> list[NicSnapshot]:
    # The <devices> element the domain reader walks (libvirt writes exactly one).
    devices = [child for child in etree.fromstring(domain_xml) if child.tag == "devices"]
    return [read_nic(e) for e in (devices[-1] if devices else ()) if e.tag == "interface"]


def _nic(domain_xml: str, mac: str) -> NicSnapshot:
    for nic in _nics(domain_xml):
        if nic.mac == mac:
            return nic
    raise BadInput(
        arg(translate("Core", "no NIC with MAC %1"), mac)
    )  # callers checked; kept for the type checker


def config_nics(domain: Any) -> tuple[NicSnapshot, ...]:
    """The NICs of the domain's persistent definition; none for a transient domain."""
    if not domain.isPersistent():
        return ()
    # No VIR_DOMAIN_XML_SECURE: NICs hold no secrets, and a read-only connection may read this.
    return tuple(_nics(domain.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE)))


def _same_connection(nic: NicSnapshot, source: NicSource) -> bool:
    kind = interface_type(source)
    if nic.type != kind:
        return False
    if kind == "network":
        return nic.source == source.network
    if kind == "bridge":
        return nic.source == source.bridge
    if kind == "direct":
        return (nic.source, nic.macvtap_mode) == (source.device, source.macvtap_mode)
    return nic.backend == source.backend


def _tap_backed(kind: str, network: str, networks: Mapping[str, NetworkSnapshot]) -> bool:
    if kind == "bridge":
        return True
    known = networks.get(network)
    return kind == "network" and known is not None and known.mode in _TAP_MODES


def restart_reasons(
    nic: NicSnapshot, spec: NicSpec, networks: Mapping[str, NetworkSnapshot]
) -> tuple[str, ...]:
    """What of ``spec`` libvirt cannot change on the running ``nic`` (empty: all of it can).

    QEMU keeps a NIC's model and MAC for the life of the process, and libvirt can
    re-plug a running NIC only between tap-based connections (host bridges and
    networks built on one); link state and portgroup it changes live.
    """
    reasons: list[str] = []
    if spec.mac and comparable_mac(spec.mac) != nic.mac:
        reasons.append("MAC address")
    if spec.model and spec.model != nic.model:
        reasons.append("model")
    source = spec.source
    if source.mode is not NetworkMode.NONE and not _same_connection(nic, source):
        kind = interface_type(source)
        if not (
            _tap_backed(nic.type, nic.source, networks)
            and _tap_backed(kind, source.network, networks)
        ):
            reasons.append(f"connection type ({nic.type} to {kind})")
    return tuple(reasons)


def plan_change(
    domain: Any,
    networks: Mapping[str, NetworkSnapshot],
    mac: str | None,
    spec: NicSpec,
    taken: Collection[str] = (),
) -> NicPlan:
    """Plan changing the NIC ``mac`` (``None``: adding a NIC) to ``spec``.

    ``taken`` are MACs used elsewhere on the connection, avoided for a new NIC.
    """
    name = domain.name()
    definitions = running, persistent, live_before, config_before = _definitions(domain)
    own = set(interface_macs(live_before) if running else []) | set(
        interface_macs(config_before) if persistent else []
    )
    spec = validate_nic_spec(spec, networks, new=mac is None)
    if mac is None:
        new_mac = spec.mac or generate_mac(set(taken) | own)
        if new_mac in own:
            raise BadInput(
                arg(
                    translate("Core", "domain %1 already has a NIC with MAC %2"),
                    repr(name),
                    new_mac,
                )
            )
        spec = replace(spec, mac=new_mac)
        return _plan(
            NicAction.ADD,
            domain,
            name,
            definitions,
            mac=new_mac,
            previous_mac="",
            spec=spec,
            where=(running, persistent),
            edit=lambda xml: set_nic(xml, None, spec),
        )
    mac = comparable_mac(mac)
    in_live, in_config = _locate(name, mac, running, persistent, live_before, config_before)
    new_mac = spec.mac or mac
    if new_mac != mac and new_mac in own:
        raise BadInput(
            arg(translate("Core", "domain %1 already has a NIC with MAC %2"), repr(name), new_mac)
        )
    return _plan(
        NicAction.UPDATE,
        domain,
        name,
        definitions,
        mac=new_mac,
        previous_mac=mac,
        spec=spec,
        where=(in_live, in_config),
        edit=lambda xml: set_nic(xml, mac, spec),
        reasons=restart_reasons(_nic(live_before, mac), spec, networks) if in_live else (),
    )


def _locate(
    name: str, mac: str, running: bool, persistent: bool, live: str, config: str
) -> tuple[bool, bool]:
    in_live = running and mac in interface_macs(live)
    in_config = persistent and mac in interface_macs(config)
    if not (in_live or in_config):
        raise BadInput(arg(translate("Core", "domain %1 has no NIC with MAC %2"), repr(name), mac))
    # Several NICs sharing the MAC: find_interface says so in one line.
    if in_live:
        find_interface(parse(live), mac)
    if in_config:
        find_interface(parse(config), mac)
    return in_live, in_config


def plan_removal(domain: Any, mac: str) -> NicPlan:
    """Plan removing the NIC ``mac``."""
    name = domain.name()
    definitions = running, persistent, live_before, config_before = _definitions(domain)
    mac = comparable_mac(mac)
    where = _locate(name, mac, running, persistent, live_before, config_before)
    return _plan(
        NicAction.REMOVE,
        domain,
        name,
        definitions,
        mac=mac,
        previous_mac=mac,
        spec=None,
        where=where,
        edit=lambda xml: remove_nic(xml, mac),
    )


def _plan(
    action: NicAction,
    domain: Any,
    name: str,
    definitions: tuple[bool, bool, str, str],
    *,
    mac: str,
    previous_mac: str,
    spec: NicSpec | None,
    where: tuple[bool, bool],
    edit: Callable[[str], str],
    reasons: tuple[str, ...] = (),
) -> NicPlan:
    """The plan of ``action``: ``edit`` applied to each definition ``where`` says the NIC is in.

    The live step sends the NIC as it will run (for a removal: as it runs now, to
    detach) and is undone with the NIC as it runs now (none for a new NIC).
    """
    running, persistent, live_before, config_before = definitions
    in_live, in_config = where
    live_xml = edit(live_before) if in_live else ""
    config_xml = edit(config_before) if in_config else ""
    running_now = (
        interface_element_xml(live_before, previous_mac) if in_live and previous_mac else ""
    )
    if action is NicAction.REMOVE:
        live_interface = running_now
    else:
        live_interface = interface_element_xml(live_xml, mac) if in_live else ""
    return NicPlan(
        action=action,
        domain=name,
        uuid=domain.UUIDString(),
        mac=mac,
        previous_mac=previous_mac,
        spec=spec,
        running=running,
        persistent=persistent,
        in_live=in_live,
        in_config=in_config,
        live_xml=live_xml,
        config_xml=config_xml,
        live_interface=live_interface,
        live_interface_before=running_now,
        live_possible=not reasons,
        restart_reasons=reasons,
    )


# -------------------------------------------------------------------- applying


def targets(plan: NicPlan, live: bool | None, config: bool | None) -> tuple[bool, bool]:
    """(live, config): which definitions to change, asked for or else wherever the NIC is.

    :class:`BadInput` when the request cannot apply (``live`` on a stopped domain …).
    """
    name = plan.domain
    if live and not plan.running:
        raise BadInput(
            arg(
                translate("Core", "domain %1 is not running; there is nothing to change live"),
                repr(name),
            )
        )
    if config and not plan.persistent:
        raise BadInput(
            arg(
                translate("Core", "domain %1 is transient; it has no persistent configuration"),
                repr(name),
            )
        )
    if live and not plan.in_live:
        raise BadInput(
            arg(
                translate("Core", "NIC %1 is only in the configuration of %2"),
                plan.previous_mac,
                repr(name),
            )
        )
    if config and not plan.in_config:
        raise BadInput(
            arg(
                translate("Core", "NIC %1 is only in the running domain %2"),
                plan.previous_mac,
                repr(name),
            )
        )
    want_live = plan.in_live if live is None else live
    want_config = plan.in_config if config is None else config
    if not (want_live or want_config):
        raise BadInput(
            translate("Core", "nothing to change: neither live nor in the configuration")
        )
    return want_live, want_config


# What takes a live step back: detach what was attached, attach what was detached.
_INVERSE = {
    NicAction.UPDATE: NicAction.UPDATE,
    NicAction.ADD: NicAction.REMOVE,
    NicAction.REMOVE: NicAction.ADD,
}


def _send_live(domain: Any, action: NicAction, interface_xml: str) -> None:
    """Do ``action`` to the running device ``interface_xml`` describes."""
    if action is NicAction.UPDATE:
        domain.updateDeviceFlags(interface_xml, AFFECT_LIVE)
    elif action is NicAction.ADD:
        domain.attachDeviceFlags(interface_xml, AFFECT_LIVE)
    else:
        domain.detachDeviceFlags(interface_xml, AFFECT_LIVE)


def _live_step(domain: Any, plan: NicPlan) -> None:
    _send_live(domain, plan.action, plan.live_interface)


def _undo_live_step(domain: Any, plan: NicPlan) -> None:
    # A new NIC is detached as it was added; the others are put back as they ran.
    before = plan.live_interface if plan.action is NicAction.ADD else plan.live_interface_before
    _send_live(domain, _INVERSE[plan.action], before)


def _config_with_live_address(domain: Any, plan: NicPlan) -> str:
    """A hot-plugged NIC keeps, after a restart, the guest address it got live."""
    root = parse(domain.XMLDesc(0))
    address = find_interface(root, plan.mac).find("address")
    if address is None:
        return plan.config_xml
    return with_address(
        plan.config_xml, plan.mac, etree.tostring(address, encoding="unicode", with_tail=False)
    )


# What the user reads when the hypervisor cannot change a running VM's devices at
# all (libvirt's own message names the API function: it goes into the details).
NO_LIVE_DEVICE_CHANGES = "not supported by this hypervisor while the VM runs"


def decide(plan: NicPlan, live: bool | None, config: bool | None) -> tuple[bool, bool, str]:
    """(live, config, note): the steps a run of ``plan`` takes, before asking libvirt.

    ``live`` / ``config`` ``None`` mean: wherever the NIC is, live only where
    libvirt can (the rest waits for a restart). ``True`` insists, ``False`` skips.
    :class:`BadInput` when the request cannot be carried out. :func:`apply_plan`
    and :func:`predict` (dry runs) both start here, so they never disagree.
    """
    want_live, want_config = targets(plan, live, config)
    note = ""
    if want_live and not plan.live_possible:
        reasons = ", ".join(plan.restart_reasons)
        if live:
            raise BadInput(
                arg(
                    translate(
                        "Core",
                        "cannot change the %1 of a running NIC; change the configuration and restart",
                    ),
                    reasons,
                )
            )
        if not want_config:
            raise BadInput(
                arg(
                    translate(
                        "Core", "cannot change the %1 of a running NIC of a transient domain"
                    ),
                    reasons,
                )
            )
        want_live = False
        note = f"{reasons} cannot change while running"
    return want_live, want_config, note


def predict(
    plan: NicPlan, *, live: bool | None = None, config: bool | None = None, uri: str
) -> NicResult:
    """What :func:`apply_plan` will report for ``plan`` on the connection ``uri``; no call.

    The one thing only libvirt can tell is whether the driver changes devices of
    a running domain at all; :func:`changes_devices_live` knows the drivers that
    never do, and the run falls back to the configuration for them as it does
    when libvirt refuses.
    """
    want_live, want_config, note = decide(plan, live, config)
    if want_live and not changes_devices_live(uri):
        if live is not None or not want_config:
            # The real run gets libvirt's refusal here (exit 1, like this).
            raise LibvirtFailure(f"cannot change a running NIC: {NO_LIVE_DEVICE_CHANGES}")
        want_live = False
        note = NO_LIVE_DEVICE_CHANGES
    return NicResult(
        action=plan.action,
        domain=plan.domain,
        mac=plan.mac,
        previous_mac=plan.previous_mac,
        live=want_live,
        config=want_config,
        needs_restart=plan.running and want_config and not want_live,
        note=note,
    )


def live_step(
    domain: Any, plan: NicPlan, *, live: bool | None, want_config: bool
) -> tuple[bool, str, str]:
    """The live step: (done, note, detail). Unsupported live changes wait for a restart
    when the configuration step follows and no target was insisted on; else libvirt's
    error. The note is in the user's words; libvirt's own message is the detail."""
    note = ""
    try:
        _live_step(domain, plan)
        if plan.action is NicAction.REMOVE and plan.mac in interface_macs(domain.XMLDesc(0)):
            # QEMU asks the guest to let go; one that does not answer (no OS, no
            # ACPI hot-plug) keeps the NIC until it does or until it stops.
            note = "the guest has not released the NIC yet; it goes when the guest does"
    except libvirt.libvirtError as error:
        # Asked for no particular target: what cannot go live waits for a restart.
        if live is not None or not want_config or error.get_error_code() not in _UNSUPPORTED:
            raise libvirt_error(error) from error
        return False, NO_LIVE_DEVICE_CHANGES, one_line(str(error.get_error_message() or error))
    return True, note, ""


def config_step(domain: Any, plan: NicPlan, did_live: bool) -> None:
    """The persistent step: define the edited persistent definition."""
    xml = plan.config_xml
    if plan.action is NicAction.ADD and did_live:
        xml = _config_with_live_address(domain, plan)
    domain.connect().defineXML(xml)


def undo_live_step(domain: Any, plan: NicPlan) -> None:
    """Take the live step back (after the persistent step failed)."""
    _undo_live_step(domain, plan)


def result_of(
    plan: NicPlan, did_live: bool, want_config: bool, note: str, detail: str = ""
) -> NicResult:
    return NicResult(
        action=plan.action,
        domain=plan.domain,
        mac=plan.mac,
        previous_mac=plan.previous_mac,
        live=did_live,
        config=want_config,
        # The running guest keeps its NIC as it is until the next start.
        needs_restart=plan.running and want_config and not did_live,
        note=note,
        detail=detail,
    )


def partial_change(
    plan: NicPlan,
    failure: Exception,
    undo_failure: Exception | None,
    recovery: Recovery | None = None,
    *,
    sent: bool = True,
) -> PartialChange:
    """The live step stayed and the persistent one failed: the connection was lost
    (``undo_failure`` None; whether the persistent step reached libvirt is unknown when it
    was ``sent``), or taking the live step back failed too."""
    verb = {NicAction.UPDATE: "change", NicAction.ADD: "addition", NicAction.REMOVE: "removal"}
    saved = ("the saved configuration (the next start)",)
    lost = undo_failure is None
    unknown = lost and sent
    return PartialChange(
        f"{plan.domain}: the {verb[plan.action]} of NIC {plan.mac}",
        ("the running VM has it",),
        () if unknown else saved,
        str(failure)
        if lost
        else f"{failure}; taking the live change back failed too: {undo_failure}",
        "Make it permanent or revert it once reconnected (or apply the same change again).",
        uncertain=saved if unknown else (),
        lost=lost,
        recovery=recovery,
    )


def apply_plan(
    domain: Any, plan: NicPlan, *, live: bool | None = None, config: bool | None = None
) -> NicResult:
    """Carry out ``plan``; on failure the domain is left as it was and the error raised.

    The steps of :func:`decide`, :func:`live_step` and :func:`config_step` in one go
    (``session.nics.apply`` runs them as separate calls); see :func:`decide` for
    ``live`` and ``config``.
    """
    want_live, want_config, note = decide(plan, live, config)
    did_live = False
    detail = ""
    if want_live:
        did_live, live_note, detail = live_step(domain, plan, live=live, want_config=want_config)
        note = live_note or note
    if want_config:
        try:
            config_step(domain, plan, did_live)
        except libvirt.libvirtError as error:
            failure = libvirt_error(error)
            if did_live:
                try:
                    _undo_live_step(domain, plan)
                except libvirt.libvirtError as undo:
                    raise LibvirtFailure(
                        f"{failure}; undoing the live change failed too: "
                        f"{one_line(str(undo.get_error_message() or undo))}"
                    ) from error
            raise failure from error
    return result_of(plan, did_live, want_config, note, detail)


def plan_edit(
    domain: Any,
    networks: Mapping[str, NetworkSnapshot],
    mac: str | None,
    spec: NicSpec,
    taken: Collection[str] = (),
    *,
    base: NicSpec | None = None,
    resolution: Mapping[str, Side] | None = None,
) -> NicPlan:
    """:func:`plan_change`, with ``base``: only what changed from ``base``, onto the NIC now."""
    if base is not None and mac is not None:
        spec = merge_nic_edit(base, spec, current_spec(domain, networks, mac), resolution)
    return plan_change(domain, networks, mac, spec, taken)


def change_nic(
    domain: Any,
    networks: Mapping[str, NetworkSnapshot],
    mac: str | None,
    spec: NicSpec,
    taken: Collection[str] = (),
    *,
    live: bool | None = None,
    config: bool | None = None,
    base: NicSpec | None = None,
    resolution: Mapping[str, Side] | None = None,
) -> NicResult:
    """Plan and apply a change (``mac`` ``None``: add a NIC) in one go.

    With ``base`` (the NIC as the editor started from it) only the fields changed
    from ``base`` to ``spec`` are applied, onto the NIC as it is now; a field changed
    elsewhere too raises :class:`~kvmdesk.core.types.conflicts.EditConflict` unless
    ``resolution`` settles it (see :func:`~kvmdesk.core.nic.merge.merge_nic_edit`).
    """
    plan = plan_edit(domain, networks, mac, spec, taken, base=base, resolution=resolution)
    return apply_plan(domain, plan, live=live, config=config)


def remove(
    domain: Any, mac: str, *, live: bool | None = None, config: bool | None = None
) -> NicResult:
    """Plan and apply the removal of the NIC ``mac``."""
    return apply_plan(domain, plan_removal(domain, mac), live=live, config=config)


def changes_devices_live(uri: str) -> bool:
    """Whether the connection's driver can change a running domain's devices at all.

    libvirt's test driver implements none of virDomainAttach/Update/DetachDeviceFlags
    (checked on libvirt 9.0): every change to a running test domain waits for a restart.
    """
    return not LibvirtUri.parse(uri).is_test
