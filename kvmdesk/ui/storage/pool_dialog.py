"""Create a storage pool: a folder (default in the libvirt images folder), a partition,
a network folder, an LVM volume group or an iSCSI target, as far as the connection offers.

Returns a :class:`PoolSpec`; every check is core's (:func:`validate_pool_spec`).
The types offered are those ``getStoragePoolCapabilities`` reports; sources can be
looked up with ``findStoragePoolSources`` ("Find").
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from kvmdesk.core.storage.access import folder_access_problem
from kvmdesk.core.storage.defaults import default_pool_path
from kvmdesk.core.storage.labels import pool_type_label
from kvmdesk.core.storage.validate import validate_pool_spec
from kvmdesk.core.storage.values import (
    NetfsFormat,
    PoolCapabilities,
    PoolSnapshot,
    PoolSource,
    PoolSpec,
    PoolType,
)
from kvmdesk.core.types.errors import KvmdeskError
from kvmdesk.models.palette import Colour
from kvmdesk.models.storage_model import storage_label
from kvmdesk.models.text import safe_line
from kvmdesk.ui.common.edits import connect_edits
from kvmdesk.ui.common.labels import PlainLabel
from kvmdesk.ui.storage.form import StorageForm

FindSources = Callable[[PoolType, str], Awaitable[list[PoolSource]]]

# Which fields each type uses: (folder, device, host, source dir, source name, initiator).
_FIELDS: dict[PoolType, tuple[bool, bool, bool, bool, bool, bool]] = {
    PoolType.DIR: (True, False, False, False, False, False),
    PoolType.FS: (True, True, False, False, False, False),
    PoolType.NETFS: (True, False, True, True, False, False),
    PoolType.LOGICAL: (False, True, False, False, True, False),
    PoolType.ISCSI_DIRECT: (False, False, True, False, True, True),
}

_DISCOVERABLE = (PoolType.NETFS, PoolType.LOGICAL)


class CreatePoolDialog(StorageForm):
    """A new pool on the connection ``uri``; :meth:`value` is its spec."""

    def __init__(
        self,
        uri: str,
        existing: Sequence[PoolSnapshot],
        capabilities: PoolCapabilities,
        find_sources: FindSources | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "createPoolDialog", self.tr("Create storage pool"), self.tr("Create"), parent
        )
        self._uri = uri
        self._existing = list(existing)
        self._capabilities = capabilities
        self._find_sources = find_sources
        self._sources: list[PoolSource] = []
        self._path_edited = False
        self.find_task: asyncio.Task[None] | None = None
        form = QFormLayout()
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("poolName")
        self.type_combo = QComboBox(self)
        self.type_combo.setObjectName("poolType")
        for pool_type in capabilities.types:
            type_text = storage_label(pool_type_label(pool_type))
            self.type_combo.addItem(safe_line(f"{type_text} ({pool_type})"), str(pool_type))
        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("poolPath")
        self.device_edit = QLineEdit(self)
        self.device_edit.setObjectName("poolDevice")
        self.device_edit.setPlaceholderText("/dev/sdb1")
        self.host_edit = QLineEdit(self)
        self.host_edit.setObjectName("poolHost")
        self.source_dir_edit = QLineEdit(self)
        self.source_dir_edit.setObjectName("poolSourceDir")
        self.source_dir_edit.setPlaceholderText("/export/vms")
        self.netfs_combo = QComboBox(self)
        self.netfs_combo.setObjectName("poolNetfsFormat")
        for netfs in NetfsFormat:
            self.netfs_combo.addItem(
                str(netfs).upper() if netfs is not NetfsFormat.AUTO else self.tr("Detect"),
                str(netfs),
            )
        self.source_name_edit = QLineEdit(self)
        self.source_name_edit.setObjectName("poolSourceName")
        self.initiator_edit = QLineEdit(self)
        self.initiator_edit.setObjectName("poolInitiator")
        self.initiator_edit.setPlaceholderText("iqn.2026-01.org.example:desktop")
        find_row = QHBoxLayout()
        self.sources_combo = QComboBox(self)
        self.sources_combo.setObjectName("poolSources")
        self.find_button = QPushButton(self.tr("Find"), self)
        self.find_button.setObjectName("poolFindSources")
        self.find_button.clicked.connect(self.find_sources)
        find_row.addWidget(self.sources_combo, 1)
        find_row.addWidget(self.find_button)
        self.autostart_check = QCheckBox(self.tr("Start when the host boots"), self)
        self.autostart_check.setChecked(True)
        self.note_label = PlainLabel(self)
        self.note_label.setObjectName("poolNote")
        self.note_label.setWordWrap(True)
        form.addRow(self.tr("Name:"), self.name_edit)
        form.addRow(self.tr("Type:"), self.type_combo)
        self._rows: dict[str, tuple[QLabel, QWidget]] = {}
        fields: tuple[tuple[str, str, QWidget], ...] = (
            ("path", self.tr("Folder:"), self.path_edit),
            ("device", self.tr("Device:"), self.device_edit),
            ("host", self.tr("Server:"), self.host_edit),
            ("source_dir", self.tr("Export or share:"), self.source_dir_edit),
            ("netfs", self.tr("Protocol:"), self.netfs_combo),
            ("source_name", self.tr("Volume group:"), self.source_name_edit),
            ("initiator", self.tr("Initiator IQN:"), self.initiator_edit),
        )
        for key, text, widget in fields:
            label = PlainLabel(text, self)
            form.addRow(label, widget)
            self._rows[key] = (label, widget)
        self.sources_label = PlainLabel(self.tr("Found:"), self)
        form.addRow(self.sources_label, find_row)
        form.addRow("", self.autostart_check)
        self.layout_.addLayout(form)
        self.layout_.addWidget(self.note_label)
        self.access_label = PlainLabel(self)
        self.access_label.setObjectName("poolAccess")
        self.access_label.setWordWrap(True)
        self.access_label.setStyleSheet(f"color: {Colour.WARNING_TEXT.hex()};")
        self.access_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.layout_.addWidget(self.access_label)
        if not capabilities.known:
            self.note_label.setText(
                self.tr(
                    "This connection does not report which pool types it supports; "
                    "libvirt checks the type when the pool is created."
                )
            )
        taken = {p.name for p in self._existing}
        name = "pool"
        number = 1
        while name in taken:
            number += 1
            name = f"pool-{number}"
        self.name_edit.setText(name)
        self.path_edit.setText(default_pool_path(uri, name))
        self.path_edit.textEdited.connect(self._path_was_edited)
        self.name_edit.textChanged.connect(self._name_changed)
        self.type_combo.currentIndexChanged.connect(self._type_changed)
        self.sources_combo.activated.connect(self._source_picked)
        connect_edits(
            self.revalidate,
            self.name_edit,
            self.path_edit,
            self.device_edit,
            self.host_edit,
            self.source_dir_edit,
            self.netfs_combo,
            self.source_name_edit,
            self.initiator_edit,
        )
        self.finish_layout()
        self._type_changed()

    @property
    def pool_type(self) -> PoolType:
        return PoolType(self.type_combo.currentData())

    def _path_was_edited(self, _text: str) -> None:
        self._path_edited = True

    def _name_changed(self, name: str) -> None:
        if not self._path_edited and self.pool_type is PoolType.DIR:
            self.path_edit.setText(default_pool_path(self._uri, name.strip()))

    def _type_changed(self, *_args: object) -> None:
        pool_type = self.pool_type
        folder, device, host, source_dir, source_name, initiator = _FIELDS[pool_type]
        for key, shown in (
            ("path", folder),
            ("device", device),
            ("host", host),
            ("source_dir", source_dir),
            ("netfs", source_dir),
            ("source_name", source_name),
            ("initiator", initiator),
        ):
            label, widget = self._rows[key]
            label.setVisible(shown)
            widget.setVisible(shown)
        name_label, _widget = self._rows["source_name"]
        name_label.setText(
            self.tr("Target IQN:")
            if pool_type is PoolType.ISCSI_DIRECT
            else self.tr("Volume group:")
        )
        self.device_edit.setPlaceholderText(
            self.tr("/dev/sdc (only to make a new group)")
            if pool_type is PoolType.LOGICAL
            else "/dev/sdb1"
        )
        discoverable = pool_type in _DISCOVERABLE and self._find_sources is not None
        for widget in (self.sources_label, self.sources_combo, self.find_button):
            widget.setVisible(discoverable)
        if pool_type in (PoolType.FS, PoolType.NETFS) and not self._path_edited:
            self.path_edit.setText(f"/mnt/{self.name_edit.text().strip()}")
        elif pool_type is PoolType.DIR and not self._path_edited:
            self.path_edit.setText(default_pool_path(self._uri, self.name_edit.text().strip()))
        self.sources_combo.clear()
        self.adjustSize()
        self.revalidate()

    # -------------------------------------------------------------- discovery

    def find_sources(self) -> None:
        """Ask libvirt for sources of this type (the exports of the server for netfs)."""
        if self._find_sources is None:
            return
        self.find_button.setEnabled(False)
        self.find_task = asyncio.ensure_future(
            self._find(self.pool_type, self.host_edit.text().strip())
        )

    async def _find(self, pool_type: PoolType, host: str) -> None:
        assert self._find_sources is not None
        try:
            sources = await self._find_sources(pool_type, host)
        except KvmdeskError as error:
            self.note_label.setText(str(error))
            sources = []
        else:
            self.note_label.setText(
                self.tr("libvirt found %n source(s).", "", len(sources))
                if sources
                else self.tr("libvirt found no sources.")
            )
        finally:
            self.find_button.setEnabled(True)
        self._sources = sources
        self.sources_combo.clear()
        for source in sources:
            self.sources_combo.addItem(safe_line(source.label))
        if sources:
            self._source_picked(0)

    def _source_picked(self, row: int) -> None:
        if not 0 <= row < len(self._sources):
            return
        source = self._sources[row]
        if self.pool_type is PoolType.LOGICAL:
            self.source_name_edit.setText(source.name)
        elif self.pool_type is PoolType.NETFS:
            self.host_edit.setText(source.host or self.host_edit.text())
            self.source_dir_edit.setText(source.dir)

    # ------------------------------------------------------------------ value

    def value(self) -> PoolSpec:
        pool_type = self.pool_type
        folder, device, host, source_dir, source_name, initiator = _FIELDS[pool_type]
        return PoolSpec(
            name=self.name_edit.text().strip(),
            type=pool_type,
            target_path=self.path_edit.text().strip() if folder else "",
            source_device=self.device_edit.text().strip() if device else "",
            source_host=self.host_edit.text().strip() if host else "",
            source_dir=self.source_dir_edit.text().strip() if source_dir else "",
            source_name=self.source_name_edit.text().strip() if source_name else "",
            initiator_iqn=self.initiator_edit.text().strip() if initiator else "",
            netfs_format=NetfsFormat(self.netfs_combo.currentData()),
            autostart=self.autostart_check.isChecked(),
        )

    def check(self) -> None:
        spec = self.value()
        # A warning, not an error: the user may fix the folder's permissions first.
        problem = folder_access_problem(self._uri, spec.target_path) if spec.target_path else None
        self.access_label.setText(problem or "")
        validate_pool_spec(spec, self._existing, self._capabilities)
