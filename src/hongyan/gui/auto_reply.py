"""Automatic replies (自动回复) in the desktop app: the per-account switch and the overview.

The switch is the account's ``auto_reply_template`` (a template's name; empty is off). It is
set in the account's properties (tab Automatic Reply: :class:`AutoReplyBox`) and, for all
accounts at once, in Tools → Automatic Replies… (:class:`AutoRepliesDialog`), which lists
which accounts answer and with what. While one does, the main window's status bar says so
(:class:`AutoReplyIndicator`), as Outlook's "Automatic replies are on" does: a forgotten
out-of-office answer is embarrassing.

What is never answered, and at most once per sender in 7 days, is decided by the core
(core/autoreply.py, RFC 3834): the texts here only say it. A template with a placeholder
Hongyan does not know would make every reply fail, so it cannot be chosen.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hongyan.core.autoreply import DEFAULT_DAYS
from hongyan.core.errors import HongyanError
from hongyan.core.templates import Templates, unknown_placeholders
from hongyan.gui.alive import while_alive
from hongyan.gui.context import AppContext
from hongyan.gui.i18n import core_text
from hongyan.gui.outgoing import worker_store
from hongyan.gui.tasks import TaskControl


def templates_with_problems(root: Path) -> dict[str, list[str]]:
    """Every template's name → the placeholders in it Hongyan does not know (worker)."""
    found: dict[str, list[str]] = {}
    with worker_store(root) as store:
        templates = Templates(store)
        for info in templates.list():
            draft = templates.get(info.name).draft
            found[info.name] = unknown_placeholders(draft.subject + "\n" + draft.body)
    return found


def load_templates(
    context: AppContext, done: Callable[[dict[str, list[str]]], None], owner: QObject
) -> None:
    """Read the templates (and their unknown placeholders) in a worker for ``done``."""
    root = context.store.root

    def read(control: TaskControl) -> dict[str, list[str]]:
        return templates_with_problems(root)

    context.tasks.run(op=read, success=while_alive(owner, done), failure=lambda _message: None)


class TemplateChoice(QComboBox):
    """Off, or one of the templates; a template Hongyan cannot use is marked so."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.problems: dict[str, list[str]] = {}
        self._wanted = ""
        self.addItem(self.tr("Off"), "")

    def set_templates(self, problems: dict[str, list[str]]) -> None:
        """The templates there are (arrived from a worker); the chosen one stays chosen."""
        wanted = self.current_name() if self.count() > 1 else self._wanted
        self.problems = problems
        self.blockSignals(True)
        self.clear()
        self.addItem(self.tr("Off"), "")
        for name in problems:
            self.addItem(name, name)
        self.blockSignals(False)
        self.choose(wanted)

    def choose(self, name: str) -> None:
        """Select ``name`` (a template that is gone stays listed, marked missing)."""
        self._wanted = name
        index = self.findData(name) if name else 0
        if index < 0:
            self.addItem(self.tr("{name} (missing)").format(name=name), name)
            index = self.count() - 1
        self.setCurrentIndex(index)

    def current_name(self) -> str:
        return str(self.currentData() or "")

    def problem(self) -> str:
        """Why the chosen template cannot answer mail, or ''."""
        name = self.current_name()
        if not name:
            return ""
        if self.count() > 1 and name not in self.problems:
            return self.tr("There is no template named “{name}” any more.").format(name=name)
        unknown = self.problems.get(name, [])
        if unknown:
            return self.tr(
                "The template “{name}” has placeholders Hongyan does not know ({tokens}); "
                "no reply would be sent. Correct the template first."
            ).format(name=name, tokens=", ".join(unknown))
        return ""


def rules_text() -> str:
    """What an automatic reply never does, in the interface language."""
    return QCoreApplication.translate(
        "AutoReply",
        "Each sender gets at most one automatic reply in {days} days. Mailing lists, mail "
        "written by machines (other automatic replies, delivery reports, no-reply "
        "addresses), Junk and your own addresses are never answered. Replies are sent "
        "after each Get Mail.",
    ).format(days=DEFAULT_DAYS)


class AutoReplyBox(QWidget):
    """The Automatic Reply tab of an account's properties."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = TemplateChoice()
        self.choice.currentIndexChanged.connect(self._show_problem)
        intro = QLabel(
            self.tr(
                "Answer new mail of this account with a template: an out-of-office note, or "
                "“we received your enquiry and will answer within 48 hours”."
            )
        )
        intro.setWordWrap(True)
        rules = QLabel(rules_text())
        rules.setWordWrap(True)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b00020")
        self.warning.hide()
        form = QFormLayout()
        form.addRow(self.tr("Reply with:"), self.choice)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addSpacing(8)
        layout.addWidget(rules)
        layout.addStretch()
        load_templates(context, self._arrived, self)

    def _arrived(self, problems: dict[str, list[str]]) -> None:
        self.choice.set_templates(problems)
        self._show_problem()

    def _show_problem(self) -> None:
        problem = self.choice.problem()
        self.warning.setText(problem)
        self.warning.setVisible(bool(problem))

    def set_template(self, name: str) -> None:
        self.choice.choose(name)

    def template(self) -> str:
        """The template chosen ('' off).

        Raises:
            HongyanError: the chosen template has placeholders Hongyan does not know.
        """
        problem = self.choice.problem()
        if problem and self.choice.problems.get(self.choice.current_name()):
            raise HongyanError(problem)
        return self.choice.current_name()


class AutoRepliesDialog(QDialog):
    """Tools → Automatic Replies…: every account with its switch; OK saves the changes."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Automatic Replies"))
        self.choices: dict[str, TemplateChoice] = {}
        form = QFormLayout()
        for account in context.accounts:
            choice = TemplateChoice()
            choice.choose(account.auto_reply_template)
            choice.currentIndexChanged.connect(self._show_problems)
            self.choices[account.name] = choice
            form.addRow(account.name, choice)
        intro = QLabel(
            self.tr("Choose the template that answers the new mail of each account, or Off.")
            if self.choices
            else self.tr("There is no account yet.")
        )
        intro.setWordWrap(True)
        rules = QLabel(rules_text())
        rules.setWordWrap(True)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b00020")
        self.warning.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addSpacing(8)
        layout.addWidget(rules)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        load_templates(context, self._arrived, self)

    def _arrived(self, problems: dict[str, list[str]]) -> None:
        for choice in self.choices.values():
            choice.set_templates(problems)
        self._show_problems()

    def _show_problems(self) -> None:
        problems = [p for c in self.choices.values() if (p := c.problem())]
        self.warning.setText("\n".join(dict.fromkeys(problems)))
        self.warning.setVisible(bool(problems))

    def accept(self) -> None:
        book = self.context.accounts
        for choice in self.choices.values():
            if choice.problems.get(choice.current_name()):
                QMessageBox.warning(self, self.tr("Automatic replies not saved"), choice.problem())
                return
        try:
            for name, choice in self.choices.items():
                account = book.get(name)
                if account.auto_reply_template != choice.current_name():
                    book.update(
                        dataclasses.replace(account, auto_reply_template=choice.current_name())
                    )
            book.save()
        except HongyanError as exc:
            QMessageBox.warning(self, self.tr("Automatic replies not saved"), core_text(exc))
            return
        self.context.signals.accounts_did_change.emit()
        super().accept()


class AutoReplyIndicator(QPushButton):
    """ "Automatic replies on" in the status bar while an account answers new mail; a click
    opens the overview.

    Signals:
        overview_requested: the user clicked it.
    """

    overview_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet("color: #8a4b00; padding: 0 6px")
        self.clicked.connect(self.overview_requested)
        context.signals.accounts_did_change.connect(self.update_state)
        self.update_state()

    def update_state(self) -> None:
        on = [a for a in self.context.accounts if a.auto_reply_template]
        self.setText(self.tr("Automatic replies on"))
        self.setToolTip(
            "\n".join(
                self.tr("{account}: replies with “{template}”").format(
                    account=a.name, template=a.auto_reply_template
                )
                for a in on
            )
        )
        self.setVisible(bool(on))
