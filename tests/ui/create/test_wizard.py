"""The New VM wizard through the real app on the demo inventory (libvirt's test driver).

Every page is driven through its widgets; each validation message is provoked where a
user would meet it and must keep Next (or Create) disabled; Create defines a VM whose
XML libvirt's own schema accepts.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from PySide6.QtWidgets import QToolBar, QWizard

from kvmdesk.app import Application
from kvmdesk.core.connection.session import Session
from kvmdesk.core.create.capabilities import HostCapabilities
from kvmdesk.core.create.osinfo import load_database
from kvmdesk.core.create.service import Survey
from kvmdesk.core.create.spec import GIB, LocalFileHandling, SourceKind
from kvmdesk.core.create.volumes import PoolFacts
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.ui.create.wizard import (
    CLOUD_INIT,
    FIRMWARE,
    NETWORK,
    OS,
    RESOURCES,
    REVIEW,
    NewVmWizard,
)
from tests.helpers.qt_async import AsyncRunner

SCHEMA = Path("/usr/share/libvirt/schemas/domain.rng")
SHOTS = os.environ.get("KVMDESK_WIZARD_SHOTS", "")


def _session(app: Application) -> Session:
    return next(iter(app.inventory.sessions.values()))


def _open(runner: AsyncRunner, app: Application) -> NewVmWizard:
    app.window.new_vm_action.trigger()
    runner.until(lambda: app.controller.vm_creation.wizard is not None)
    wizard = app.controller.vm_creation.wizard
    assert wizard is not None
    return wizard


def _next(wizard: NewVmWizard) -> None:
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled(), (
        wizard.currentPage().problems()
    )
    wizard.next()


def _shot(wizard: NewVmWizard, name: str) -> None:
    if SHOTS:
        wizard.grab().save(str(Path(SHOTS) / f"{name}.png"))


def test_wizard_creates_a_pxe_vm_with_valid_xml(
    qtbot: Any, runner: AsyncRunner, demo_app: Application
) -> None:
    if SHOTS:
        demo_app.window.grab().save(str(Path(SHOTS) / "0-main-window-new-vm-action.png"))
    assert demo_app.window.new_vm_action in demo_app.window.findChild(QToolBar).actions()
    wizard = _open(runner, demo_app)
    source = wizard.source_page
    source.choose(SourceKind.ISO)
    assert "choose an ISO file or volume" in source.problems()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    source.path_edit.setText("/nonexistent/x.iso")
    assert "no such file: /nonexistent/x.iso" in source.problems()
    _shot(wizard, "1-source")
    source.choose(SourceKind.PXE)
    assert source.problems() == ""
    _next(wizard)
    assert wizard.currentId() == OS
    wizard.os_page.filter_edit.setText("debian 11")
    assert wizard.os_page.select("debian11")
    _shot(wizard, "2-os")
    _next(wizard)

    assert wizard.currentId() == RESOURCES
    page = wizard.resources_page
    host = wizard.survey.host
    page.cpu_spin.setValue(host.host_cpus + 1)
    assert f"is more than the host has ({host.host_cpus})" in page.problems()
    page.cpu_spin.setValue(1)
    page.memory_spin.setValue(host.host_memory // 2**20 + 1024)
    assert "of memory is more than the host has" in page.problems()
    page.memory_spin.setValue(512)
    assert "Debian 11 needs at least 1 GiB of memory" in page.warnings()
    page.memory_spin.setValue(1024)
    pool = next(p for p in wizard.survey.pools if p.name == page.pool_combo.currentData())
    page.disk_spin.setValue(pool.available // 2**30 + 1)
    assert f"more than pool {page.pool_combo.currentData()!r} has available" in page.problems()
    page.disk_spin.setValue(10)
    assert page.problems() == ""
    _shot(wizard, "3-resources")
    _next(wizard)

    assert wizard.currentId() == NETWORK
    net = wizard.network_page
    assert net.cards.current is NetworkMode.NAT
    net.cards.select(NetworkMode.ROUTED)
    if not [n for n in wizard.survey.networks.values() if n.mode is NetworkMode.ROUTED]:
        assert net.new_network() is not None  # none to pick: a new one is offered
    net.cards.select(NetworkMode.MACVTAP)
    reason = net.pages[NetworkMode.MACVTAP].unavailable_reason()
    if reason:  # no host device and no macvtap network to attach to
        assert reason in net.problems()
        assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    net.cards.select(NetworkMode.NAT)
    assert net.problems() == ""
    _shot(wizard, "4-network")
    _next(wizard)

    assert wizard.currentId() == FIRMWARE
    firmware = wizard.firmware_page
    firmware.secure_check.setChecked(True)
    assert "Secure Boot needs UEFI firmware" in firmware.problems()
    firmware.secure_check.setChecked(False)
    assert firmware.problems() == ""
    _shot(wizard, "5-firmware")
    _next(wizard)

    assert wizard.currentId() == REVIEW  # no cloud-init page for PXE
    review = wizard.review_page
    review.name_edit.setText("bad name")
    assert "no spaces" in review.problems()
    existing = next(iter(wizard.survey.domain_names))
    review.name_edit.setText(existing)
    assert f"a VM named {existing!r} already exists" in review.problems()
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    review.name_edit.setText("pxe-box")
    assert review.problems() == ""
    xml = review.xml_view.toPlainText()
    rng = etree.RelaxNG(etree.parse(str(SCHEMA)))
    assert rng.validate(etree.fromstring(xml.encode())), rng.error_log
    _shot(wizard, "7-review")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    runner.until(lambda: demo_app.controller.vm_creation.wizard is None, timeout=20)
    session = _session(demo_app)
    runner.until(lambda: any(d.name == "pxe-box" for d in session.domains.values()))
    domain = session.lifecycle.find("pxe-box")
    final = runner.run(session.lifecycle.xml(domain.uuid, inactive=True))
    root = etree.fromstring(final.encode())
    assert rng.validate(root), rng.error_log  # what libvirt kept, too
    assert root.find("devices/disk/boot").get("order") == "1"  # the disk first after install
    assert root.find("devices/interface/boot") is None


def test_cloud_init_page_messages(
    qtbot: Any, runner: AsyncRunner, demo_app: Application, tmp_path: Path
) -> None:
    image = tmp_path / "cloud.qcow2"
    image.write_bytes(b"QFI\xfb" + bytes(20) + (1 << 30).to_bytes(8, "big") + bytes(100))
    wizard = _open(runner, demo_app)
    wizard.source_page.choose(SourceKind.CLOUD_IMAGE)
    wizard.source_page.path_edit.setText(str(image))
    for _ in range(4):
        _next(wizard)
    assert wizard.currentId() == FIRMWARE
    _next(wizard)
    assert wizard.currentId() == CLOUD_INIT
    page = wizard.cloud_page
    page.keys_edit.setPlainText("")
    page.user_edit.setText("Bad User")
    assert "the user name must start" in page.problems()
    page.user_edit.setText("alice")
    assert "give a password or an SSH key" in page.problems()
    page.keys_edit.setPlainText("not-a-key")
    assert "not an SSH public key" in page.problems()
    page.keys_edit.setPlainText("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk alice@desk")
    page.hostname_edit.setText("-bad-")
    assert "not a host name" in page.problems()
    page.hostname_edit.setText("web1")
    page.extra_edit.setPlainText("users:\n  - name: bob")
    assert "the extra user-data sets users" in page.problems()
    page.extra_edit.setPlainText("packages:\n  - htop")
    assert page.problems() == ""
    _shot(wizard, "6-cloud-init")
    wizard.reject()


def test_ambiguous_windows_iso_is_said_and_overridable(
    qtbot: Any, runner: AsyncRunner, demo_app: Application, tmp_path: Path
) -> None:
    iso = tmp_path / "win.iso"
    block = bytearray(2048)
    block[0], block[1:6], block[6] = 1, b"CD001", 1
    block[40:72] = b"CCCOMA_X64FRE_EN-US_DV9".ljust(32)
    block[318:446] = b"MICROSOFT CORPORATION".ljust(128)
    iso.write_bytes(bytes(16 * 2048) + bytes(block) + bytes(2048))
    wizard = _open(runner, demo_app)
    wizard.source_page.path_edit.setText(str(iso))
    _next(wizard)
    os_page = wizard.os_page
    assert os_page.current_entry() is not None
    assert os_page.current_entry().short_id == "win11"
    assert "Microsoft Windows 10" in os_page.ambiguity_label.text()
    assert wizard.firmware_page.uefi_radio.isChecked()  # Windows 11 needs UEFI
    os_page.select("win10")
    assert os_page.current_id() == "http://microsoft.com/win/10"
    _next(wizard)
    _next(wizard)
    _next(wizard)
    firmware = wizard.firmware_page
    os_page.select("win11")
    firmware.bios_radio.setChecked(True)
    assert "Microsoft Windows 11 needs UEFI firmware" in firmware.problems()
    wizard.reject()


def test_unknown_iso_says_the_database_is_old(
    qtbot: Any, runner: AsyncRunner, demo_app: Application, tmp_path: Path
) -> None:
    iso = tmp_path / "new.iso"
    block = bytearray(2048)
    block[0], block[1:6], block[6] = 1, b"CD001", 1
    block[40:72] = b"Brand New OS 2031".ljust(32)
    iso.write_bytes(bytes(16 * 2048) + bytes(block))
    wizard = _open(runner, demo_app)
    wizard.source_page.path_edit.setText(str(iso))
    _next(wizard)
    assert "newer systems are not in it" in wizard.os_page.database_note.text()
    assert (
        "2022-12-03" in wizard.os_page.database_note.text() or wizard.survey.database.version == ""
    )
    wizard.reject()


def _system_survey(emulation_only: bool) -> Survey:
    """What a local qemu:///system connection looks like, as plain data (no libvirt call)."""
    host = HostCapabilities(
        domain_types=("qemu",) if emulation_only else ("qemu", "kvm"),
        machine="pc-q35-7.2",
        efi=True,
        loaders=("/usr/share/OVMF/OVMF_CODE_4M.fd",),
        host_cpus=4,
        host_memory=8 * GIB,
    )
    pools = (PoolFacts("default", True, 50 * GIB, frozenset()),)
    return Survey(host, pools, load_database(), frozenset(), {}, uri="qemu:///system")


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A folder every user may enter (pytest's own temporary folders are root's, 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="kvmdesk-wizard-", dir="/var/tmp"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


def test_unreadable_iso_offers_copy_or_the_exact_command(qtbot: Any, open_folder: Path) -> None:
    home = open_folder / "home"
    home.mkdir(mode=0o700)
    iso = home / "debian.iso"
    iso.write_bytes(bytes(40000))
    wizard = NewVmWizard(_system_survey(emulation_only=True))
    qtbot.addWidget(wizard)
    source = wizard.source_page
    source.path_edit.setText(str(iso))
    assert source.access_box.isVisibleTo(source)
    assert source.copy_radio.isChecked()  # the default: nothing of the user's is changed
    assert source.command_edit.text() == f"setfacl -m u:libvirt-qemu:x {home}"
    assert source.problems() == ""
    assert wizard.spec().local_file is LocalFileHandling.COPY_TO_POOL
    source.in_place_radio.setChecked(True)
    assert "cannot enter" in source.problems() and "setfacl" in source.problems()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    home.chmod(0o755)
    source.recheck_button.click()
    assert not source.access_box.isVisibleTo(source)
    assert source.problems() == ""


def test_emulation_only_is_said_loudly(qtbot: Any) -> None:
    wizard = NewVmWizard(_system_survey(emulation_only=True))
    qtbot.addWidget(wizard)
    banner = wizard.firmware_page.emulation_banner
    assert banner.isVisibleTo(wizard.firmware_page) and "EMULATED" in banner.text()
    assert wizard.firmware_page.virt_combo.currentData() == "qemu"
    calm = NewVmWizard(_system_survey(emulation_only=False))
    qtbot.addWidget(calm)
    assert not calm.firmware_page.emulation_banner.isVisibleTo(calm.firmware_page)
    assert calm.firmware_page.virt_combo.currentData() == "kvm"


def test_a_network_asked_for_is_created_with_the_vm(
    qtbot: Any, runner: AsyncRunner, demo_app: Application, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KVMDESK_SUBNET_POOL", "198.51.100.0/24,203.0.113.0/24")
    wizard = _open(runner, demo_app)
    wizard.source_page.choose(SourceKind.MANUAL)
    for _ in range(3):
        _next(wizard)
    assert wizard.currentId() == NETWORK
    page = wizard.network_page
    page.cards.select(NetworkMode.ROUTED)
    backing = page.pages[NetworkMode.ROUTED]
    backing.choose_create()  # type: ignore[attr-defined]
    new = page.new_network()
    assert new is not None and new.subnet is not None
    assert str(new.subnet.network_address).startswith(("198.51.100.", "203.0.113."))
    _next(wizard)
    _next(wizard)
    assert wizard.currentId() == REVIEW
    wizard.review_page.name_edit.setText("routed-box")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    failure = wizard.review_page.failure_label
    runner.until(
        lambda: demo_app.controller.vm_creation.wizard is None or bool(failure.text()),
        timeout=20,
    )
    assert demo_app.controller.vm_creation.wizard is None, failure.text()
    session = _session(demo_app)
    runner.until(lambda: new.name in session.networks)
    runner.until(lambda: any(d.name == "routed-box" for d in session.domains.values()))
    domain = session.lifecycle.find("routed-box")
    assert [nic.source for nic in domain.nics] == [new.name]
