"""What ``kvmdesk-cli pool`` and ``vol`` share: JSON records, table rows and progress lines."""

from __future__ import annotations

import sys
from typing import Any

from kvmdesk.core.i18n.catalog import translate
from kvmdesk.core.storage.labels import POOL_STATE_LABELS, pool_type_label, yes_no
from kvmdesk.core.storage.units import format_size
from kvmdesk.core.storage.values import PoolSnapshot, TransferProgress, VolumeSnapshot


def storage_word(text: str) -> str:
    """A word of :mod:`kvmdesk.core.storage.labels` in the installed language."""
    return translate("StorageLabels", text)


def pool_json(pool: PoolSnapshot, used_by: tuple[str, ...] = ()) -> dict[str, Any]:
    """One pool as ``pool list --json`` / ``pool info --json`` print it (sizes in bytes)."""
    return {
        "name": pool.name,
        "uuid": pool.uuid,
        "type": pool.type,
        "state": str(pool.state),
        "active": pool.active,
        "autostart": pool.autostart,
        "persistent": pool.persistent,
        "capacity": pool.capacity,
        "allocation": pool.allocation,
        "available": pool.available,
        "path": pool.target_path,
        "source": pool.source,
        "used_by": list(used_by),
    }


def pool_row(pool: PoolSnapshot) -> list[str]:
    """A pool in the columns of :data:`~kvmdesk.core.storage.labels.POOL_COLUMNS`."""
    sized = pool.active or pool.capacity > 0
    return [
        pool.name,
        storage_word(pool_type_label(pool.type)),
        storage_word(POOL_STATE_LABELS[pool.state]),
        format_size(pool.capacity) if sized else "",
        format_size(pool.allocation) if sized else "",
        format_size(pool.available) if sized else "",
        storage_word(yes_no(pool.autostart)),
        pool.target_path,
    ]


def volume_json(volume: VolumeSnapshot) -> dict[str, Any]:
    return {
        "pool": volume.pool,
        "name": volume.name,
        "key": volume.key,
        "path": volume.path,
        "type": volume.type,
        "format": volume.format,
        "capacity": volume.capacity,
        "allocation": volume.allocation,
        "backing_path": volume.backing_path,
        "used_by": list(volume.used_by),
    }


def volume_row(volume: VolumeSnapshot) -> list[str]:
    """A volume in the columns of :data:`~kvmdesk.core.storage.labels.VOLUME_COLUMNS`."""
    return [
        volume.name,
        volume.format,
        format_size(volume.capacity),
        format_size(volume.allocation),
        ", ".join(volume.used_by),
        volume.path,
    ]


class ProgressLine:
    """Percent done on stderr, rewritten in place, when stderr is a terminal."""

    def __init__(self, what: str) -> None:
        self._what = what
        self._shown = -1
        self._tty = sys.stderr.isatty()

    def __call__(self, progress: TransferProgress) -> None:
        percent = int(progress.fraction * 100)
        if not self._tty or percent == self._shown:
            return
        self._shown = percent
        done = format_size(progress.done)
        total = format_size(progress.total)
        print(f"\r{self._what}: {percent:3d} % ({done} of {total})", end="", file=sys.stderr)
        if progress.done >= progress.total:
            print(file=sys.stderr, flush=True)
