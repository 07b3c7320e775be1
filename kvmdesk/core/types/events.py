"""libvirt events as plain records with libvirt's own words in lower case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import libvirt


class ObjectKind(StrEnum):
    DOMAIN = "domain"
    NETWORK = "network"
    CONNECTION = "connection"
    STORAGE_POOL = "pool"


@dataclass(frozen=True, slots=True)
class Event:
    """One event as the event log and ``kvmdesk-cli events`` show it."""

    time: datetime
    connection: str
    object: ObjectKind
    name: str
    uuid: str
    event: str
    detail: str

    def to_json(self) -> dict[str, Any]:
        return {
            "time": self.time.isoformat(timespec="milliseconds"),
            "connection": self.connection,
            "object": str(self.object),
            "name": self.name,
            "uuid": self.uuid,
            "event": self.event,
            "detail": self.detail,
        }

    def to_line(self) -> str:
        detail = f" ({self.detail})" if self.detail else ""
        return (
            f"{self.time.isoformat(timespec='milliseconds')} {self.connection} "
            f"{self.object} {self.name}: {self.event}{detail}"
        )


DOMAIN_LIFECYCLE_EVENTS: tuple[str, ...] = (
    "defined",
    "undefined",
    "started",
    "suspended",
    "resumed",
    "stopped",
    "shutdown",
    "pmsuspended",
    "crashed",
)

# Detail words follow libvirt's virDomainEvent*DetailType enums, in order.
_DOMAIN_LIFECYCLE_DETAILS: dict[int, tuple[str, ...]] = {
    0: ("added", "updated", "renamed", "from-snapshot"),
    1: ("removed", "renamed"),
    2: ("booted", "migrated", "restored", "from-snapshot", "wakeup", "recreated"),
    3: (
        "paused",
        "migrated",
        "ioerror",
        "watchdog",
        "restored",
        "from-snapshot",
        "api-error",
        "postcopy",
        "postcopy-failed",
    ),
    4: ("unpaused", "migrated", "from-snapshot", "postcopy", "postcopy-failed"),
    5: ("shutdown", "destroyed", "crashed", "migrated", "saved", "failed", "from-snapshot"),
    6: ("finished", "guest", "host"),
    7: ("memory", "disk"),
    8: ("panicked", "crashloaded"),
}

NETWORK_LIFECYCLE_EVENTS: tuple[str, ...] = (
    "defined",
    "undefined",
    "started",
    "stopped",
    "updated",
)

STORAGE_POOL_LIFECYCLE_EVENTS: tuple[str, ...] = (
    "defined",
    "undefined",
    "started",
    "stopped",
    "created",
    "deleted",
)

_METADATA_KINDS = {
    libvirt.VIR_DOMAIN_METADATA_DESCRIPTION: "description",
    libvirt.VIR_DOMAIN_METADATA_TITLE: "title",
    libvirt.VIR_DOMAIN_METADATA_ELEMENT: "element",
}


def domain_lifecycle_words(event: int, detail: int) -> tuple[str, str]:
    """libvirt's lifecycle event and detail codes as words (``stopped``, ``destroyed``)."""
    name = (
        DOMAIN_LIFECYCLE_EVENTS[event] if 0 <= event < len(DOMAIN_LIFECYCLE_EVENTS) else str(event)
    )
    details = _DOMAIN_LIFECYCLE_DETAILS.get(event, ())
    detail_word = details[detail] if 0 <= detail < len(details) else str(detail)
    return name, detail_word


def network_lifecycle_word(event: int) -> str:
    if 0 <= event < len(NETWORK_LIFECYCLE_EVENTS):
        return NETWORK_LIFECYCLE_EVENTS[event]
    return str(event)


def storage_pool_lifecycle_word(event: int) -> str:
    if 0 <= event < len(STORAGE_POOL_LIFECYCLE_EVENTS):
        return STORAGE_POOL_LIFECYCLE_EVENTS[event]
    return str(event)


def metadata_kind(kind: int) -> str:
    return _METADATA_KINDS.get(kind, str(kind))
