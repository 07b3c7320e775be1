"""The tiny guest set up for console tests: a shell on its serial port, optionally a screen.

:func:`install_image` copies the kernel and initramfs of :func:`guest_image` into the
isolated daemon's ``/var/lib/libvirt/images`` (libvirt chowns them to QEMU's user while a
guest runs); :func:`console_guest_xml` is a ``type='qemu'`` (TCG: the kernel boots) guest
without disks or network whose kernel command line asks for a serial shell
(``kvmdesk.serialshell=ttyS0``, see guest_image.py), with a ``pty`` serial console and, if
asked, a VGA screen behind ``<graphics type='vnc'>`` listening where the test says.
"""

from __future__ import annotations

import os
import shutil
from xml.sax.saxutils import escape, quoteattr

from tests.helpers.integration.guest_image import GuestImage
from tests.helpers.integration.isolated_libvirtd import IsolatedLibvirtd

IMAGES = "/var/lib/libvirt/images/kvmdesk-console"
BOOT_DOMAIN_TYPE_ENV = "KVMDESK_TEST_BOOT_DOMAIN_TYPE"
PROMPT = "KVMDESK-SHELL# "


def boot_domain_type() -> str:
    """``qemu`` (TCG) unless ``$KVMDESK_TEST_BOOT_DOMAIN_TYPE`` says otherwise (real KVM hosts)."""
    return os.environ.get(BOOT_DOMAIN_TYPE_ENV, "").strip() or "qemu"


def install_image(daemon: IsolatedLibvirtd, image: GuestImage) -> tuple[str, str]:
    """Kernel and initrd paths inside the daemon's namespace."""
    images = daemon.root / IMAGES.lstrip("/")
    images.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(image.kernel, images / image.kernel.name)
    shutil.copyfile(image.initrd, images / "initrd.cpio")
    return f"{IMAGES}/{image.kernel.name}", f"{IMAGES}/initrd.cpio"


def console_guest_xml(
    name: str,
    kernel: str,
    initrd: str,
    *,
    vnc_listen: str | None = None,
    extra_cmdline: str = "",
) -> str:
    """A 128 MiB guest with a serial shell; ``vnc_listen``: ``none``, an address, or no screen.

    ``vnc_listen="none"`` gives ``<listen type='none'/>`` (reachable through
    ``virDomainOpenGraphicsFD`` only); an address gives an autoport TCP listener there.
    """
    cmdline = f"console=ttyS0 sysrq_always_enabled kvmdesk.name={name} kvmdesk.serialshell=ttyS0"
    if extra_cmdline:
        cmdline += " " + extra_cmdline
    if vnc_listen is None:
        screen = ""
    elif vnc_listen == "none":
        screen = (
            "    <graphics type='vnc'><listen type='none'/></graphics>\n"
            "    <video><model type='vga'/></video>\n"
        )
    else:
        screen = (
            f"    <graphics type='vnc' autoport='yes' listen={quoteattr(vnc_listen)}>\n"
            f"      <listen type='address' address={quoteattr(vnc_listen)}/>\n"
            "    </graphics>\n"
            "    <video><model type='vga'/></video>\n"
        )
    return f"""<domain type={quoteattr(boot_domain_type())}>
  <name>{escape(name)}</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>{escape(kernel)}</kernel>
    <initrd>{escape(initrd)}</initrd>
    <cmdline>{escape(cmdline)}</cmdline>
  </os>
  <features><acpi/></features>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <serial type='pty'><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>
{screen}    <memballoon model='none'/>
  </devices>
</domain>
"""
