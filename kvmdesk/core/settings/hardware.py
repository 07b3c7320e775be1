"""Other devices of a VM: graphics, video, sound, TPM, serial ports, watchdog, RNG.

Each is listed from the domain's XML, added from a template with its common options
(:data:`MODELS`), given another model (graphics: another type) in place, and removed;
blocking plans like :mod:`.devices`. A random-number
generator is hot-plugged into (and unplugged from) a running VM; the others take
effect at the next start.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from lxml import etree

from kvmdesk.core.settings import device_xml as device_edit
from kvmdesk.core.settings import validate
from kvmdesk.core.settings.plan import AFFECT_LIVE, Plan, Step, definitions, targets
from kvmdesk.core.types.errors import BadInput
from kvmdesk.core.util.xml_layout import parse, remove_child, serialise


class DeviceKind(StrEnum):
    GRAPHICS = "graphics"
    VIDEO = "video"
    SOUND = "sound"
    TPM = "tpm"
    SERIAL = "serial"
    WATCHDOG = "watchdog"
    RNG = "rng"


# The choices offered for each kind, the first being the default.
MODELS: dict[DeviceKind, tuple[str, ...]] = {
    DeviceKind.GRAPHICS: ("vnc", "spice"),
    DeviceKind.VIDEO: ("virtio", "qxl", "vga", "bochs", "cirrus", "ramfb"),
    DeviceKind.SOUND: ("ich9", "ich6", "ac97", "es1370", "usb"),
    DeviceKind.TPM: ("tpm-crb", "tpm-tis"),
    DeviceKind.SERIAL: ("pty",),
    DeviceKind.WATCHDOG: ("i6300esb", "ib700"),  # libvirt 9.0 has no itco yet
    DeviceKind.RNG: ("virtio",),
}
KIND_LABELS = {
    DeviceKind.GRAPHICS: "Graphics",
    DeviceKind.VIDEO: "Video",
    DeviceKind.SOUND: "Sound",
    DeviceKind.TPM: "TPM",
    DeviceKind.SERIAL: "Serial port",
    DeviceKind.WATCHDOG: "Watchdog",
    DeviceKind.RNG: "Random-number generator",
}
_SINGLE = (DeviceKind.TPM, DeviceKind.WATCHDOG)  # libvirt 9.0 takes one of each
_LIVE = frozenset({DeviceKind.RNG})


@dataclass(frozen=True, slots=True)
class OtherDevice:
    """One device; ``index`` is its place among the domain's devices of its kind."""

    kind: DeviceKind
    model: str
    index: int
    detail: str = ""


def _model_of(kind: DeviceKind, element: etree._Element) -> tuple[str, str]:
    if kind is DeviceKind.GRAPHICS:
        listen = element.find("listen")
        address = (listen.get("address", "") if listen is not None else "") or element.get(
            "listen", ""
        )
        return element.get("type", ""), f"listens on {address}" if address else ""
    if kind is DeviceKind.VIDEO:
        model = element.find("model")
        return (model.get("type", "") if model is not None else ""), ""
    if kind is DeviceKind.TPM:
        backend = element.find("backend")
        version = backend.get("version", "") if backend is not None else ""
        kind_text = backend.get("type", "") if backend is not None else ""
        return element.get("model", "tpm-tis"), " ".join(p for p in (kind_text, version) if p)
    if kind is DeviceKind.SERIAL:
        target = element.find("target")
        port = target.get("port", "") if target is not None else ""
        return element.get("type", ""), f"port {port}" if port else ""
    if kind is DeviceKind.WATCHDOG:
        return element.get("model", ""), element.get("action", "reset")
    if kind is DeviceKind.RNG:
        backend = element.find("backend")
        return element.get("model", ""), (backend.text or "").strip() if backend is not None else ""
    return element.get("model", ""), ""


def read_other_devices(xml: str | etree._Element) -> tuple[OtherDevice, ...]:
    root = parse(xml) if isinstance(xml, str) else xml
    devices = root.find("devices")
    if devices is None:
        return ()
    found: list[OtherDevice] = []
    counts: dict[DeviceKind, int] = {}
    for element in devices:
        try:
            kind = DeviceKind(str(element.tag))
        except ValueError:
            continue
        index = counts.get(kind, 0)
        counts[kind] = index + 1
        model, detail = _model_of(kind, element)
        found.append(OtherDevice(kind, model, index, detail))
    return tuple(found)


def device_element(kind: DeviceKind, model: str) -> etree._Element:
    """A new device of ``kind`` as libvirt formats one."""
    if kind is DeviceKind.GRAPHICS:
        element = etree.Element("graphics", type=model, autoport="yes")
        etree.SubElement(element, "listen", type="address", address="127.0.0.1")
    elif kind is DeviceKind.VIDEO:
        element = etree.Element("video")
        etree.SubElement(element, "model", type=model)
    elif kind is DeviceKind.SOUND:
        element = etree.Element("sound", model=model)
    elif kind is DeviceKind.TPM:
        element = etree.Element("tpm", model=model)
        etree.SubElement(element, "backend", type="emulator", version="2.0")
    elif kind is DeviceKind.SERIAL:
        element = etree.Element("serial", type=model)
    elif kind is DeviceKind.WATCHDOG:
        element = etree.Element("watchdog", model=model, action="reset")
    else:
        element = etree.Element("rng", model=model)
        backend = etree.SubElement(element, "backend", model="random")
        backend.text = "/dev/urandom"
    return element


def device_problems(
    kind: DeviceKind, model: str, existing: tuple[OtherDevice, ...]
) -> list[validate.Problem]:
    problems = []
    if model not in MODELS[kind]:
        choices = ", ".join(MODELS[kind])
        problems.append(
            validate.Problem("model", f"{KIND_LABELS[kind]}: {model!r} is not one of {choices}")
        )
    if kind in _SINGLE and any(device.kind is kind for device in existing):
        problems.append(validate.Problem("kind", f"{KIND_LABELS[kind]}: a VM has only one"))
    return problems


def _find(root: etree._Element, kind: DeviceKind, index: int) -> etree._Element:
    devices = root.find("devices")
    found = devices.findall(str(kind)) if devices is not None else []
    if not 0 <= index < len(found):
        name = (root.findtext("name") or "").strip()
        raise BadInput(f"domain {name!r} has no {KIND_LABELS[kind].lower()} number {index + 1}")
    return found[index]


def _define(domain: Any, xml: str, before: str) -> Step:
    conn = domain.connect()
    return Step("config", ("device",), lambda: conn.defineXML(xml), lambda: conn.defineXML(before))


def plan_device_add(
    domain: Any,
    kind: DeviceKind,
    model: str,
    *,
    live: bool | None = None,
    config: bool | None = None,
) -> Plan:
    name = domain.name()
    defs = definitions(domain)
    validate.check(device_problems(kind, model, read_other_devices(defs.reference)))
    wanted = targets(defs, name, live, config)
    element = device_element(kind, model)
    device_xml = device_edit.element_xml(element)
    steps: list[Step] = []
    hotplug = defs.running and kind in _LIVE
    waiting: tuple[str, ...] = ("device",) if defs.running and not hotplug else ()
    validate_live = waiting and wanted.live and (live or not wanted.config)
    if validate_live:
        raise BadInput(f"a {KIND_LABELS[kind].lower()} cannot be added to the running {name!r}")
    if wanted.live and hotplug:
        steps.append(
            Step(
                "live",
                ("device",),
                lambda: domain.attachDeviceFlags(device_xml, AFFECT_LIVE),
                lambda: domain.detachDeviceFlags(device_xml, AFFECT_LIVE),
                may_wait=True,
            )
        )
    xml = defs.reference
    if wanted.config:
        root = parse(defs.config_xml)
        device_edit.add_device(root, element)
        xml = serialise(root)
        steps.append(_define(domain, xml, defs.config_xml))
    else:
        waiting = ()
    what = f"{KIND_LABELS[kind].lower()} {model}"
    live_fields = ("device",) if wanted.live and hotplug else ()
    return Plan(what, name, ("device",), live_fields, waiting, xml, tuple(steps), action="add")


def plan_device_remove(
    domain: Any,
    kind: DeviceKind,
    index: int,
    *,
    live: bool | None = None,
    config: bool | None = None,
) -> Plan:
    """Remove the ``index``-th device of ``kind`` (as the editor listed it)."""
    name = domain.name()
    defs = definitions(domain)
    wanted = targets(defs, name, live, config)
    root = parse(defs.reference)
    element = _find(root, kind, index)
    steps: list[Step] = []
    live_fields: tuple[str, ...] = ()
    waiting: tuple[str, ...] = ()
    if defs.running and wanted.live:
        if kind in _LIVE:
            running = _find(parse(defs.live_xml), kind, index)
            running_xml = device_edit.element_xml(running)
            steps.append(
                Step(
                    "live",
                    ("device",),
                    lambda: domain.detachDeviceFlags(running_xml, AFFECT_LIVE),
                    lambda: domain.attachDeviceFlags(running_xml, AFFECT_LIVE),
                    may_wait=True,
                )
            )
            live_fields = ("device",)
        elif wanted.config:
            waiting = ("device",)
        else:
            raise BadInput(
                f"a {KIND_LABELS[kind].lower()} cannot be removed from the running {name!r}"
            )
    xml = defs.reference
    if wanted.config:
        config_root = parse(defs.config_xml)
        remove_child(_find(config_root, kind, index))
        xml = serialise(config_root)
        steps.append(_define(domain, xml, defs.config_xml))
    model, _detail = _model_of(kind, element)
    what = f"{KIND_LABELS[kind].lower()} {model}".strip()
    return Plan(what, name, ("device",), live_fields, waiting, xml, tuple(steps), action="remove")


# Children that belong to one graphics type only; they go when the type changes.
_GRAPHICS_ONLY = {
    "spice": (
        "channel",
        "image",
        "jpeg",
        "zlib",
        "playback",
        "streaming",
        "clipboard",
        "mouse",
        "filetransfer",
        "gl",
    ),
    "vnc": (),
}


def _set_model(element: etree._Element, kind: DeviceKind, model: str) -> None:
    if kind is DeviceKind.GRAPHICS:
        old = element.get("type", "")
        element.set("type", model)
        for tag in _GRAPHICS_ONLY.get(old, ()):
            for child in element.findall(tag):
                remove_child(child)
        for name in ("tlsPort", "defaultMode", "passwdValidTo", "connected"):
            if model != "spice" and name in element.attrib:
                del element.attrib[name]
    elif kind is DeviceKind.VIDEO:
        video_model = element.find("model")
        if video_model is None:
            video_model = etree.SubElement(element, "model")
        video_model.set("type", model)
        for name in ("ram", "vram64", "vgamem"):  # sizes of the old model's memory bars
            if name in video_model.attrib and model != "qxl":
                del video_model.attrib[name]
    elif kind is DeviceKind.SERIAL:
        element.set("type", model)
    else:
        element.set("model", model)


def plan_device_change(domain: Any, kind: DeviceKind, index: int, model: str) -> Plan:
    """Another model (or graphics type) for a device; the configuration, after restart."""
    name = domain.name()
    defs = definitions(domain)
    if model not in MODELS[kind]:
        problem = device_problems(kind, model, ())
        validate.check(problem)
    if not defs.persistent:
        raise BadInput(f"domain {name!r} is transient; it has no configuration to change")
    root = parse(defs.config_xml)
    element = _find(root, kind, index)
    old, _detail = _model_of(kind, element)
    what = f"{KIND_LABELS[kind].lower()} {old}"
    if old == model:
        return Plan(what, name, (), (), (), defs.config_xml)
    _set_model(element, kind, model)
    xml = serialise(root)
    waiting = ("device",) if defs.running else ()
    plan = Plan(what, name, ("device",), (), waiting, xml, (_define(domain, xml, defs.config_xml),))
    return replace(plan, what=f"{what} → {model}")
