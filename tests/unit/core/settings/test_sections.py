"""Sections applied on libvirt's test driver: live where it can, persistently, all or nothing.

``test:///default`` is shared by every connection of the process, so a second
connection plays "another client" for the conflict tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import libvirt
import pytest

from kvmdesk.core.connection.libvirt_loop import ensure_event_loop
from kvmdesk.core.settings import read
from kvmdesk.core.settings.merge import SettingsConflict
from kvmdesk.core.settings.plan import execute
from kvmdesk.core.settings.sections import Change, plan_section, plan_sections
from kvmdesk.core.settings.service import read_view
from kvmdesk.core.settings.validate import InvalidSettings
from kvmdesk.core.settings.values import CpuMode, Section
from kvmdesk.core.types.errors import BadInput, LibvirtFailure
from tests.helpers.settings_domain import MAC, defined_domain

INACTIVE = libvirt.VIR_DOMAIN_XML_INACTIVE


@pytest.fixture
def conn() -> Iterator[libvirt.virConnect]:
    ensure_event_loop()
    connection = libvirt.open("test:///default")
    try:
        yield connection
    finally:
        connection.close()


def test_cpus_current_goes_live_the_rest_waits_for_restart(conn: libvirt.virConnect) -> None:
    with defined_domain(conn, running=True) as domain:
        view = read_view(domain)
        edited = replace(view.cpus, current=3, maximum=8, sockets=2, mode=CpuMode.HOST_MODEL)
        plan = plan_section(domain, Section.CPUS, view.cpus, edited)
        assert plan.live == ("current",)
        assert set(plan.restart) == {"maximum", "sockets", "mode"}
        result = execute(plan)
        assert result.live == ("current",) and result.config and result.needs_restart
        assert result.describe() == (
            f"{domain.name()}: CPUs changed live (current CPUs) and in the configuration; "
            "maximum CPUs, sockets, CPU model take effect after restart"
        )
        assert read.read_cpus(domain.XMLDesc(0)).current == 3
        assert read.read_cpus(domain.XMLDesc(0)).maximum == 4  # the running guest keeps 4
        stored = read.read_cpus(domain.XMLDesc(INACTIVE))
        assert (stored.current, stored.maximum, stored.sockets, stored.mode) == (
            3,
            8,
            2,
            "host-model",
        )


def test_live_only_refuses_what_cannot_go_live(conn: libvirt.virConnect) -> None:
    with defined_domain(conn, running=True) as domain:
        view = read_view(domain)
        with pytest.raises(
            BadInput, match="cannot change the maximum CPUs, sockets of the running domain"
        ):
            plan_section(
                domain, Section.CPUS, view.cpus, replace(view.cpus, maximum=8, sockets=2), live=True
            )
        edited = replace(view.memory, current_kib=262144)
        plan = plan_section(domain, Section.MEMORY, view.memory, edited, live=True, config=False)
        result = execute(plan, insist_live=True)
        assert (result.live, result.config) == (("current_kib",), False)
        assert read.read_memory(domain.XMLDesc(0)).current_kib == 262144
        assert read.read_memory(domain.XMLDesc(INACTIVE)).current_kib == 524288


def test_config_only_on_a_shut_off_domain_and_nothing_to_change(conn: libvirt.virConnect) -> None:
    with defined_domain(conn) as domain:
        view = read_view(domain)
        with pytest.raises(BadInput, match="is not running"):
            plan_section(
                domain,
                Section.MEMORY,
                view.memory,
                replace(view.memory, current_kib=1024 * 1024),
                live=True,
            )
        plan = plan_section(domain, Section.MEMORY, view.memory, view.memory)
        assert plan.empty and plan.describe().endswith("Memory: nothing to change")
        result = execute(
            plan_section(domain, Section.MEMORY, view.memory, replace(view.memory, shared=True))
        )
        assert (result.live, result.config, result.restart) == ((), True, ())
        assert read.read_memory(domain.XMLDesc(INACTIVE)).shared


def test_boot_and_overview_with_autostart(conn: libvirt.virConnect) -> None:
    with defined_domain(conn) as domain:
        view = read_view(domain)
        boot = replace(view.boot, order=(f"net:{MAC}", "vda"), menu=True)
        overview = replace(view.overview, title="Renamed web", autostart=True)
        plan = plan_sections(
            domain,
            [
                Change(Section.BOOT, view.boot, boot),
                Change(Section.OVERVIEW, view.overview, overview),
            ],
        )
        assert plan.what == "Boot and overview"
        execute(plan)
        stored = domain.XMLDesc(INACTIVE)
        assert read.read_boot(stored).order == (f"net:{MAC}", "vda")
        assert read.read_boot(stored).menu
        assert read.read_overview(stored).title == "Renamed web"
        assert domain.autostart() == 1


def test_rename_when_shut_off_only(conn: libvirt.virConnect) -> None:
    with defined_domain(conn) as domain:
        view = read_view(domain)
        new_name = domain.name() + "-new"
        execute(
            plan_section(
                domain, Section.OVERVIEW, view.overview, replace(view.overview, name=new_name)
            )
        )
        assert conn.lookupByUUIDString(domain.UUIDString()).name() == new_name
    with defined_domain(conn, running=True) as domain:
        view = read_view(domain)
        with pytest.raises(InvalidSettings, match="a running VM cannot be renamed"):
            plan_section(
                domain, Section.OVERVIEW, view.overview, replace(view.overview, name="other")
            )


def test_a_failed_step_undoes_the_earlier_ones(conn: libvirt.virConnect) -> None:
    """Title and autostart go in first; the rename onto a taken name fails: all undone."""
    with defined_domain(conn) as domain, defined_domain(conn, prefix="taken") as other:
        view = read_view(domain)
        edited = replace(view.overview, title="Never stored", autostart=True, name=other.name())
        before = domain.XMLDesc(INACTIVE)
        with pytest.raises(LibvirtFailure):
            execute(plan_section(domain, Section.OVERVIEW, view.overview, edited))
        assert domain.XMLDesc(INACTIVE) == before
        assert domain.autostart() == 0
        assert read.read_overview(domain.XMLDesc(INACTIVE)).title == "Web server"


def test_another_clients_change_of_the_same_field_is_a_conflict(conn: libvirt.virConnect) -> None:
    with defined_domain(conn) as domain:
        view = read_view(domain)  # the editor opens here
        other = libvirt.open("test:///default")  # another client, same daemon state
        try:
            theirs = other.lookupByUUIDString(domain.UUIDString())
            xml = theirs.XMLDesc(INACTIVE).replace("current='2'>4</vcpu>", "current='1'>4</vcpu>")
            other.defineXML(xml)
        finally:
            other.close()
        before = domain.XMLDesc(INACTIVE)
        with pytest.raises(
            SettingsConflict, match=r"current CPUs \(you started from 2, it is now 1\)"
        ):
            plan_section(domain, Section.CPUS, view.cpus, replace(view.cpus, current=3))
        assert domain.XMLDesc(INACTIVE) == before
        # Their change of another field is kept when ours applies.
        execute(
            plan_section(
                domain, Section.CPUS, view.cpus, replace(view.cpus, mode=CpuMode.HOST_PASSTHROUGH)
            )
        )
        stored = read.read_cpus(domain.XMLDesc(INACTIVE))
        assert (stored.current, stored.mode) == (1, "host-passthrough")


def test_bad_values_are_refused_before_anything_is_sent(conn: libvirt.virConnect) -> None:
    with defined_domain(conn) as domain:
        view = read_view(domain)
        before = domain.XMLDesc(INACTIVE)
        with pytest.raises(InvalidSettings) as caught:
            plan_sections(
                domain,
                [
                    Change(Section.CPUS, view.cpus, replace(view.cpus, current=9)),
                    Change(
                        Section.MEMORY,
                        view.memory,
                        replace(view.memory, current_kib=4 * 1024 * 1024),
                    ),
                ],
            )
        assert [p.field for p in caught.value.problems] == ["current", "current_kib"]
        assert domain.XMLDesc(INACTIVE) == before
