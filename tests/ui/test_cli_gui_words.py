"""The CLI's human-readable words are the GUI's: state, memory and network of every VM.

Both read one label table in core (``kvmdesk.core.types.labels``); this compares
``kvmdesk-cli --demo list`` with the VM list's cells on the same demo inventory.
"""

from __future__ import annotations

import pytest

from kvmdesk.app import Application
from kvmdesk.cli import main
from kvmdesk.models.domain_model import DomainColumn


def test_cli_list_says_what_the_vm_list_shows(
    demo_app: Application, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["--demo", "list"]) == 0
    header, *rows = capsys.readouterr().out.splitlines()
    columns = {name: header.index(name) for name in ("STATE", "VCPUS", "MEMORY", "NICS")}
    cli = {}
    for row in rows:
        cli[row.split()[0]] = (
            row[columns["STATE"] : columns["VCPUS"]].strip(),
            row[columns["VCPUS"] : columns["NICS"]].split()[1:],
            row[columns["NICS"] :].strip(),
        )
    model = demo_app.hub.domains
    session = next(iter(demo_app.inventory.sessions.values()))
    assert len(cli) == len(session.domains) == 16
    for domain in session.domains.values():

        def cell(column: DomainColumn, key: tuple[str, str] = domain.key) -> str:
            return str(model.index_of(key, column).data())

        state, memory, nics = cli[domain.name]
        assert state == cell(DomainColumn.STATE)
        assert " ".join(memory) == cell(DomainColumn.MEMORY)
        assert nics == cell(DomainColumn.NETWORK)
