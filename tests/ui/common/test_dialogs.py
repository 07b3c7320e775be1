"""run_dialog: window-modal without exec(), answered, abandoned or cancelled, deleted once."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton, QWidget
from shiboken6 import isValid

from kvmdesk.ui.common.dialogs import run_dialog
from tests.helpers.qt_async import AsyncRunner


def _deleted_later(runner: AsyncRunner, dialog: QDialog) -> bool:
    """Whether ``dialog`` is gone once the loop turned and deferred deletes ran."""
    runner.run(asyncio.sleep(0.05))
    QCoreApplication.sendPostedEvents(None, int(QEvent.Type.DeferredDelete))
    return not isValid(dialog)


@pytest.fixture
def window(qtbot: Any) -> QWidget:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    return parent


def test_accept_resolves_with_accepted_and_deletes_the_dialog(
    window: QWidget, runner: AsyncRunner
) -> None:
    dialog = QDialog(window)
    answers: list[int] = []
    shown: list[bool] = []

    async def ask() -> tuple[int, bool]:
        answer = run_dialog(dialog, on_finished=answers.append)
        # Shown at once and window-modal, as open() does; exec() would block right here.
        shown.append(dialog.isVisible())
        assert dialog.windowModality() is Qt.WindowModality.WindowModal
        result = await answer
        await asyncio.sleep(0.01)
        return result, isValid(dialog)  # kept while the task that asked still runs

    task = runner.loop.create_task(ask())
    runner.run(asyncio.sleep(0.01))
    assert shown == [True]
    dialog.accept()
    assert answers == [QDialog.DialogCode.Accepted]
    assert runner.run(task) == (QDialog.DialogCode.Accepted, True)
    assert _deleted_later(runner, dialog)


def test_answer_in_a_slot_is_read_in_on_finished(window: QWidget, runner: AsyncRunner) -> None:
    dialog = QDialog(window)
    dialog.setObjectName("asked")
    names: list[str] = []
    answer = run_dialog(dialog, on_finished=lambda _result: names.append(dialog.objectName()))
    assert dialog.isVisible()  # opened without waiting for the loop
    dialog.accept()
    assert names == ["asked"]
    assert runner.run(asyncio.wait_for(answer, 5)) == QDialog.DialogCode.Accepted
    assert _deleted_later(runner, dialog)


def test_reject_resolves_with_rejected(window: QWidget, runner: AsyncRunner) -> None:
    dialog = QDialog(window)
    answers: list[int] = []
    answer = run_dialog(dialog, on_finished=answers.append)
    dialog.reject()
    assert runner.run(asyncio.wait_for(answer, 5)) == QDialog.DialogCode.Rejected
    assert answers == [QDialog.DialogCode.Rejected]
    assert _deleted_later(runner, dialog)


def test_message_box_button_is_read_after_the_answer(
    window: QWidget, runner: AsyncRunner, qtbot: Any
) -> None:
    box = QMessageBox(QMessageBox.Icon.Question, "Title", "Text", parent=window)
    remove = box.addButton("Remove", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # the helper owns the lifetime

    async def clicked() -> QPushButton | None:
        await run_dialog(box)
        button = box.clickedButton()
        return button if isinstance(button, QPushButton) else None

    task = runner.loop.create_task(clicked())
    runner.run(asyncio.sleep(0.01))
    assert box.isVisible()
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert runner.run(task) is remove
    assert _deleted_later(runner, box)


def test_parent_window_closed_while_awaited(qtbot: Any, runner: AsyncRunner) -> None:
    parent = QWidget()
    parent.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    parent.show()
    dialog = QDialog(parent)
    answers: list[int] = []
    answer = run_dialog(dialog, on_finished=answers.append)
    task = runner.loop.create_task(asyncio.wait_for(answer, 5))
    runner.run(asyncio.sleep(0))
    parent.close()
    QCoreApplication.sendPostedEvents(None, int(QEvent.Type.DeferredDelete))
    assert not isValid(parent) and not isValid(dialog)
    # Gone unanswered: read as "no", and nothing is deleted a second time.
    assert runner.run(task) == QDialog.DialogCode.Rejected
    assert answers == []  # nobody answered
    runner.run(asyncio.sleep(0.05))


def test_cancelled_wait_closes_and_deletes_the_dialog(window: QWidget, runner: AsyncRunner) -> None:
    dialog = QDialog(window)
    answers: list[int] = []
    answer = run_dialog(dialog, on_finished=answers.append)

    async def wait() -> int:
        return await answer

    task = runner.loop.create_task(wait())
    runner.run(asyncio.sleep(0.01))
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        runner.run(task)
    runner.run(asyncio.sleep(0))
    assert answers == []  # cancelling is not an answer
    assert not isValid(dialog) or not dialog.isVisible()
    assert _deleted_later(runner, dialog)


def test_dialog_with_delete_on_close_is_deleted_once(window: QWidget, runner: AsyncRunner) -> None:
    dialog = QDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    answer = run_dialog(dialog)
    assert not dialog.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accept()
    assert runner.run(asyncio.wait_for(answer, 5)) == QDialog.DialogCode.Accepted
    assert _deleted_later(runner, dialog)
