"""The one way to run a dialog: shown window-modal now, answered through a future.

:func:`run_dialog` opens a dialog with ``open()`` (never ``exec()``: a nested event
loop would stall the qasync loop and every libvirt callback with it) and returns a
future of the dialog's result code. It owns the dialog's lifetime, so each case
below deletes the dialog exactly once, and never one Qt has already destroyed:

- the user answers: ``on_finished`` (if given) runs at once, the future resolves,
  and the dialog is deleted once the task that opened it is done (so that task may
  read the dialog's values after awaiting), or on the next pass of the event loop
  when no task opened it (a slot reads the values in ``on_finished``);
- the dialog is destroyed unanswered (its parent window closed and was deleted):
  the future resolves to ``Rejected`` and nothing is deleted again;
- the future is cancelled (the awaiting task was cancelled): the dialog is
  rejected without running ``on_finished``, then deleted.

The dialog is on screen when :func:`run_dialog` returns, so a click that asks a
question shows it before the loop turns.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from shiboken6 import isValid

from kvmdesk.ui.common.widgets import dispose


def run_dialog(
    dialog: QDialog, on_finished: Callable[[int], object] | None = None
) -> asyncio.Future[int]:
    """Open ``dialog`` window-modal and return the future of its result code.

    ``on_finished(result)`` runs when the user answers, while the dialog still
    exists (for a reaction that must happen before the loop turns); it does not run
    when the dialog is destroyed or the wait is cancelled.
    """
    # asyncio.ensure_future's loop, as the window tasks use: a slot may run before the loop does.
    loop = asyncio.get_event_loop()
    answer: asyncio.Future[int] = loop.create_future()
    opener = asyncio.current_task(loop)
    # This function deletes the dialog; Qt deleting it on close as well would be twice.
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)

    def finished(result: int) -> None:
        dialog.finished.disconnect(finished)
        try:
            if on_finished is not None:
                on_finished(result)
        finally:
            if not answer.done():
                answer.set_result(result)
            if opener is None or opener.done():
                loop.call_soon(dispose, dialog)
            else:
                opener.add_done_callback(lambda _task: dispose(dialog))

    def destroyed() -> None:
        if not answer.done():
            answer.set_result(int(QDialog.DialogCode.Rejected))

    def abandoned(future: asyncio.Future[int]) -> None:
        if future.cancelled() and isValid(dialog):
            dialog.finished.disconnect(finished)
            dialog.reject()
            dispose(dialog)

    dialog.finished.connect(finished)
    dialog.destroyed.connect(destroyed)
    answer.add_done_callback(abandoned)
    dialog.open()
    return answer
