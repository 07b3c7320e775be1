"""The GUI's :data:`~kvmdesk.core.auth.credentials.CredentialProvider`: one dialog at a time.

:class:`DialogCredentials` answers every question a connection asks (libvirt's
credential callbacks and the ssh askpass helper) with the matching dialog of
:mod:`~kvmdesk.ui.main.credential_dialog`, window-modal over the main window, never a
nested event loop. Questions from several connections wait their turn.
:func:`install_credentials` wires it, behind the keyring, into the inventory and the
askpass server.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QWidget

from kvmdesk.core.auth.askpass_server import AskpassServer
from kvmdesk.core.auth.credentials import CredentialAnswer, CredentialKind, CredentialRequest
from kvmdesk.core.auth.vault import RememberingProvider, Vault
from kvmdesk.core.connection.inventory import Inventory
from kvmdesk.ui.common.dialogs import run_dialog
from kvmdesk.ui.main.credential_dialog import ConfirmDialog, CredentialDialog, HostKeyDialog


class DialogCredentials:
    """Asks the user; ``shown`` is told of each dialog (tests answer it there)."""

    def __init__(self, parent: Callable[[], QWidget | None], vault: Vault) -> None:
        self._parent = parent
        self.vault = vault
        self._turn = asyncio.Lock()
        self.shown: list[Callable[[QDialog], None]] = []
        self._keyring: bool | None = None

    async def keyring_available(self) -> bool:
        if self._keyring is None:
            self._keyring = await asyncio.to_thread(lambda: self.vault.available)
        return self._keyring

    async def __call__(self, request: CredentialRequest) -> CredentialAnswer | None:
        async with self._turn:
            dialog: QDialog
            if request.kind is CredentialKind.HOST_KEY:
                dialog = HostKeyDialog(request, self._parent())
            elif request.kind is CredentialKind.CONFIRM:
                dialog = ConfirmDialog(request, self._parent())
            else:
                available = await self.keyring_available()
                dialog = CredentialDialog(
                    request, keyring_available=available, parent=self._parent()
                )
            future = run_dialog(dialog)
            for listener in list(self.shown):
                listener(dialog)
            result = await future
            if result != QDialog.DialogCode.Accepted:
                return None
            if isinstance(dialog, CredentialDialog):
                return dialog.value()
            return CredentialAnswer("yes")


def install_credentials(
    inventory: Inventory,
    parent: Callable[[], QWidget | None],
    askpass: AskpassServer | None = None,
    vault: Vault | None = None,
) -> DialogCredentials:
    """Make the dialogs answer every connection's questions (through the keyring)."""
    dialogs = DialogCredentials(parent, vault or Vault())
    provider = RememberingProvider(dialogs, dialogs.vault)
    inventory.credentials = provider
    if askpass is not None:
        askpass.provider = provider
    return dialogs
