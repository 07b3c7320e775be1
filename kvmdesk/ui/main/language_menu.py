"""View > Language: the language kvmdesk speaks from its next start (saved in core.i18n).

"System default" follows the locale (LC_ALL, LC_MESSAGES, LANG); the others name each
language in its own words, so a user who cannot read the current one still finds theirs.
``--lang`` on the command line overrides the saved choice for one run.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from kvmdesk.core.i18n import language
from kvmdesk.core.util.safe_files import UnusableFile

Notify = Callable[[str, str], object]


class LanguageMenu(QMenu):
    """One checkable action per language; choosing one saves it and says when it applies."""

    def __init__(
        self,
        parent: QWidget,
        notify: Notify,
        *,
        path: Path | None = None,
        languages: list[str] | None = None,
    ) -> None:
        super().__init__(self.tr("&Language"), parent)
        self.setObjectName("languageMenu")
        self._notify = notify
        self._path = path
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.actions_by_choice: dict[str, QAction] = {}
        saved = language.saved_choice(path)
        for choice in [language.SYSTEM, *(languages or language.available())]:
            if choice == language.SYSTEM:
                text = self.tr("&System default")
            else:
                text = language.LANGUAGE_NAMES.get(choice, choice)
            action = QAction(text, self)
            action.setObjectName(f"action_language_{choice}")
            action.setCheckable(True)
            action.setChecked(choice == saved)
            action.setData(choice)
            action.triggered.connect(lambda _checked=False, c=choice: self.choose(c))
            self.group.addAction(action)
            self.addAction(action)
            self.actions_by_choice[choice] = action
        if self.group.checkedAction() is None:
            self.actions_by_choice[language.SYSTEM].setChecked(True)

    def choose(self, choice: str) -> None:
        try:
            language.save_choice(choice, self._path)
        except (OSError, UnusableFile) as error:
            self._notify(
                self.tr("Language not saved"),
                self.tr("kvmdesk could not save the language: %1").replace("%1", str(error)),
            )
            return
        self.actions_by_choice[choice].setChecked(True)
        if choice == language.SYSTEM:
            message = self.tr("kvmdesk follows the system's language from its next start.")
        else:
            message = self.tr("kvmdesk speaks %1 from its next start.").replace(
                "%1", language.LANGUAGE_NAMES.get(choice, choice)
            )
        self._notify(self.tr("Language"), message)
