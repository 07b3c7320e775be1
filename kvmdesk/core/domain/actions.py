"""Domain lifecycle actions: names, libvirt calls, and which states allow each."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import libvirt

from kvmdesk.core.types.states import DomainState


class DomainAction(StrEnum):
    """Lifecycle verbs, spelled as the CLI subcommands."""

    START = "start"
    SHUTDOWN = "shutdown"
    REBOOT = "reboot"
    DESTROY = "destroy"
    SUSPEND = "suspend"
    RESUME = "resume"
    UNDEFINE = "undefine"


_ALLOWED: dict[DomainAction, frozenset[DomainState]] = {
    DomainAction.START: frozenset({DomainState.SHUTOFF, DomainState.CRASHED}),
    DomainAction.SHUTDOWN: frozenset(
        {DomainState.RUNNING, DomainState.BLOCKED, DomainState.PAUSED, DomainState.PMSUSPENDED}
    ),
    DomainAction.REBOOT: frozenset({DomainState.RUNNING, DomainState.BLOCKED}),
    DomainAction.DESTROY: frozenset(
        {
            DomainState.RUNNING,
            DomainState.BLOCKED,
            DomainState.PAUSED,
            DomainState.SHUTDOWN,
            DomainState.PMSUSPENDED,
            DomainState.CRASHED,
        }
    ),
    DomainAction.SUSPEND: frozenset({DomainState.RUNNING, DomainState.BLOCKED}),
    DomainAction.RESUME: frozenset({DomainState.PAUSED}),
    DomainAction.UNDEFINE: frozenset(DomainState),
}


def action_allowed(action: DomainAction, state: DomainState, *, persistent: bool = True) -> bool:
    """Whether a toolbar button for ``action`` makes sense on a domain in ``state``."""
    if action is DomainAction.UNDEFINE:
        return persistent
    return state in _ALLOWED[action]


UNDEFINE_FLAGS = (
    libvirt.VIR_DOMAIN_UNDEFINE_MANAGED_SAVE
    | libvirt.VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA
    | libvirt.VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA
)


def undefine(domain: Any, *, remove_nvram: bool = False) -> None:
    """Undefine with the flags that drop libvirt-side metadata, older drivers falling back."""
    flags = UNDEFINE_FLAGS | (libvirt.VIR_DOMAIN_UNDEFINE_NVRAM if remove_nvram else 0)
    try:
        domain.undefineFlags(flags)
    except libvirt.libvirtError as error:
        if error.get_error_code() not in (libvirt.VIR_ERR_NO_SUPPORT, libvirt.VIR_ERR_INVALID_ARG):
            raise
        domain.undefine()


def run_action(domain: Any, action: DomainAction) -> None:
    """Perform ``action`` on a ``virDomain`` (blocking; call from an executor)."""
    if action is DomainAction.START:
        domain.create()
    elif action is DomainAction.SHUTDOWN:
        domain.shutdown()
    elif action is DomainAction.REBOOT:
        domain.reboot(0)
    elif action is DomainAction.DESTROY:
        domain.destroy()
    elif action is DomainAction.SUSPEND:
        domain.suspend()
    elif action is DomainAction.RESUME:
        domain.resume()
    elif action is DomainAction.UNDEFINE:
        undefine(domain)
