"""``session.create`` on libvirt's test driver (the demo inventory): a survey of the
connection, a creation through the job, and the installer's reboot that boots the disk."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from lxml import etree

from kvmdesk.core.connection.demo import demo_uri, prepare_demo
from kvmdesk.core.connection.session import Session
from kvmdesk.core.create.spec import GIB, SourceKind, VmSpec
from kvmdesk.core.nic.spec import NicSource, NicSpec
from kvmdesk.core.types.modes import NetworkMode
from kvmdesk.core.types.states import DomainState


async def _until(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


def test_install_run_ends_at_reboot_and_the_disk_boots_next() -> None:
    async def scenario() -> None:
        session = Session(demo_uri(), reconnect=False, prepare=prepare_demo)
        await session.connect()
        try:
            survey = await session.create.survey()
            assert survey.host.domain_types == ("test",)
            assert survey.default_pool() and survey.database.entries
            spec = VmSpec(
                name="net-install",
                source=SourceKind.PXE,
                os_id="debian11",
                cpus=1,
                memory=GIB,
                disk_size=GIB,
                pool=survey.default_pool(),
                nic=NicSpec(NicSource(NetworkMode.USER)),
            )
            result = await session.create.create(spec, survey)
            assert result.started and result.installing
            assert session.create.installing(result.uuid)
            await _until(lambda: result.uuid in session.domains)
            handle = session.handle(result.uuid)
            live = etree.fromstring(handle.XMLDesc(0).encode())
            assert live.find("devices/interface/boot").get("order") == "1"
            # The installer's reboot ends the run (on_reboot=destroy); libvirt reports a shutdown.
            await session.run(handle.shutdown)
            await _until(lambda: not session.create.installing(result.uuid))
            await _until(lambda: session.domains[result.uuid].state is DomainState.RUNNING)
            again = etree.fromstring(handle.XMLDesc(0).encode())
            assert again.find("devices/interface/boot") is None
            assert again.find("devices/disk/boot").get("order") == "1"
            assert again.findtext("on_reboot") == "restart"
        finally:
            await session.close()

    asyncio.run(scenario())
