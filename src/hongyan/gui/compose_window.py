"""The compose window: From, To/Cc/Bcc, subject, text and attachments; Send and Save draft.

Send puts the message in the Outbox (the sending part of the engine delivers it and moves it
to Sent); nothing is lost if sending fails, the message waits in the Outbox. Drafts are saved
on request and every minute while the text changes. Before sending, a text that speaks of an
attachment (附件, attach, attached, enclosed) with none attached gets a warning, and so do
placeholders that would go out wrong (compose_templates.py).

Send Later queues the message with a time (send_later.py); with Undo Send on, Send queues it
a few seconds ahead (undo_send.py). The toolbar's Templates and Quick Text buttons are
compose_templates.py and quick_text.py.

The integration part opens this window for Send To / mailto with :meth:`ComposeWindow.new_message`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from email.utils import parseaddr
from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from hongyan.core.accounts import Account, Identity
from hongyan.core.drafts import Drafts
from hongyan.core.errors import HongyanError
from hongyan.core.message.compose import Attachment, Draft
from hongyan.core.resources import resource_path
from hongyan.core.sendlater import read_send_at
from hongyan.gui import quick_text
from hongyan.gui.address_completer import AddressCompleter, known_addresses
from hongyan.gui.compose_templates import ComposeTemplates, TemplateStart, reply_from_template
from hongyan.gui.context import AppContext
from hongyan.gui.i18n import core_text, for_toolbar
from hongyan.gui.message_model import format_size
from hongyan.gui.outgoing import reply_draft, save_draft, send_to_outbox
from hongyan.gui.send_later import ScheduleBar, SendLaterMenu
from hongyan.gui.undo_send import Held

AUTOSAVE_MS = 60_000
_ADDRESS_ROLE = Qt.ItemDataRole.UserRole + 1  # the From entry's identity address
_MENTIONS_ATTACHMENT = re.compile(
    r"附件|附上|\battach(ed|ment|ments|ing)?\b|\benclos(ed|ing|ure)\b", re.IGNORECASE
)


def mentions_attachment(text: str) -> bool:
    """Whether the text speaks of an attachment (quoted lines of a reply do not count)."""
    own = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">"))
    return bool(_MENTIONS_ATTACHMENT.search(own))


def _answered_message(context: AppContext, message_id_header: str) -> int | None:
    """The stored message a reopened reply answers (marked answered when it is sent)."""
    if not message_id_header:
        return None
    row = context.store.connection.execute(
        "SELECT id FROM messages WHERE message_id = ? AND folder NOT IN ('Drafts', 'Outbox') "
        "ORDER BY id LIMIT 1",
        (message_id_header,),
    ).fetchone()
    return int(row[0]) if row is not None else None


class AttachmentBody(QPlainTextEdit):
    """The text field; files dropped or pasted onto it become attachments."""

    files_dropped = Signal(list)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802
        return source.hasUrls() or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802
        files = [url.toLocalFile() for url in source.urls() if url.isLocalFile()]
        if files:
            self.files_dropped.emit(files)
        else:
            super().insertFromMimeData(source)


class ComposeWindow(QMainWindow):
    """One message being written.

    Signals:
        message_did_queue: the message is in the Outbox (the caller starts sending).
        message_did_schedule: (Held, undo) the message waits in the Outbox until a time:
            Send Later, or (``undo`` True) Undo Send's delay.
    """

    message_did_queue = Signal()
    message_did_schedule = Signal(object, bool)
    from_box: QComboBox
    to: QLineEdit
    cc: QLineEdit
    bcc: QLineEdit
    subject: QLineEdit
    body: AttachmentBody
    attachment_list: QListWidget

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.attachments: list[Attachment] = []
        self.draft = Draft()
        self.draft_id: int | None = None
        self.in_reply_to: int | None = None
        self._dirty = False
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.setAcceptDrops(True)
        self.resize(760, 620)
        self._build()
        self._autosave = QTimer(self)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self._autosave_now)
        self._autosave.start()
        self._update_title()

    @classmethod
    def new_message(
        cls,
        context: AppContext,
        *,
        to: Sequence[str] = (),
        cc: Sequence[str] = (),
        subject: str = "",
        body: str = "",
        attachments: Iterable[str | Path] = (),
        parent: QWidget | None = None,
    ) -> ComposeWindow:
        """A new message, prefilled (Write, Send To with files, or a mailto: link)."""
        window = cls(context, parent)
        window.load(Draft(to=list(to), cc=list(cc), subject=subject, body=body))
        window.add_attachments(attachments)
        window._dirty = False
        return window

    @classmethod
    def for_message(
        cls, context: AppContext, message_id: int, kind: str, parent: QWidget | None = None
    ) -> ComposeWindow:
        """Reply ("reply"), Reply All ("reply_all") or Forward ("forward") to a stored message."""
        row = context.store.get(message_id)
        data = context.store.read_bytes(message_id)
        window = cls.for_data(context, data, kind, received_with=row.account, parent=parent)
        window.in_reply_to = message_id if kind != "forward" else None
        return window

    @classmethod
    def for_data(
        cls,
        context: AppContext,
        data: bytes,
        kind: str,
        *,
        received_with: str | None = None,
        parent: QWidget | None = None,
    ) -> ComposeWindow:
        """Reply, Reply All or Forward to raw message ``data`` (a stored message's, or a
        file's from File → Open); ``received_with`` is the account that fetched it."""
        account, identity, draft = reply_draft(context, data, kind, received_with=received_with)
        window = cls(context, parent)
        if account is not None and identity is not None:
            window.select_sender(account.name, identity.address)
        window.load(draft)
        window._dirty = False
        return window

    @classmethod
    def for_draft(
        cls, context: AppContext, draft_id: int, parent: QWidget | None = None
    ) -> ComposeWindow:
        """A saved draft opened again: From, recipients, text and attachments as saved.

        Saving replaces that draft and sending removes it, so Drafts never holds two copies.
        """
        draft = Drafts(context.store).open(draft_id)
        account_name = context.store.get(draft_id).account or ""
        window = cls(context, parent)
        address = parseaddr(draft.from_addr)[1]
        if address and not window.select_sender(account_name, address):
            try:  # the identity moved to another account since
                owner, _identity = context.accounts.sender(address)
            except HongyanError:
                owner = None
            if owner is None or not window.select_sender(owner.name, address):
                window._sender_is_gone(address)
        # A MIME text part always ends with a line break; the text typed did not.
        body = draft.body.replace("\r\n", "\n")
        window.load(
            dataclasses.replace(draft, body=body[:-1] if body.endswith("\n") else body),
            add_signature=False,
        )
        window.draft_id = draft_id
        window.in_reply_to = _answered_message(context, draft.in_reply_to)
        window.schedule.set_time(read_send_at(context.store, draft_id))  # kept from the Outbox
        window._dirty = False
        return window

    @classmethod
    def for_template(cls, context: AppContext, start: TemplateStart) -> ComposeWindow:
        """New Message from Template, or Reply with Template when ``start`` holds the
        original (its store id is ``start``'s reply id)."""
        window = cls(context)
        if start.original is None:
            window.templates.show_template(start.template)
        else:
            account, address, draft, missing = reply_from_template(
                context, start.template, start.original, received_with=start.received_with
            )
            if account is not None and address is not None:
                window.select_sender(account, address)
            window.load(draft, add_signature=bool(draft.signature))
            window.in_reply_to = start.reply_to
            window.templates.note_missing(missing)
        window._dirty = False
        return window

    def _sender_is_gone(self, address: str) -> None:
        """The draft's From was removed from the accounts: say so (From stays the default)."""
        self.statusBar().showMessage(
            self.tr(
                "This draft was saved from {address}, which is no longer one of your "
                "addresses; choose who sends it in From."
            ).format(address=address)
        )

    def load(self, draft: Draft, *, add_signature: bool = True) -> None:
        """Show ``draft``; the signature of the chosen identity goes below the text, unless
        the text is a saved draft's (which has it already)."""
        self.draft = draft
        self.to.setText(", ".join(draft.to))
        self.cc.setText(", ".join(draft.cc))
        self.bcc.setText(", ".join(draft.bcc))
        self.subject.setText(draft.subject)
        signature = self._signature()
        if not add_signature:
            # Changing From later swaps the block only if it is still the one we would add.
            self._shown_signature = signature if draft.body.endswith(signature) else ""
            self.body.setPlainText(draft.body)
        else:
            self._shown_signature = signature
            # One empty line between the text (or the quote of a reply) and the signature.
            body = draft.body.rstrip("\n") if draft.body.strip() else draft.body
            self.body.setPlainText(body + signature if signature else draft.body)
        self.attachments = []
        self.attachment_list.clear()
        for attachment in draft.attachments:
            self._add_attachment(attachment)
        cursor = self.body.textCursor()
        cursor.movePosition(cursor.MoveOperation.Start)
        self.body.setTextCursor(cursor)

    # -- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        central = QWidget()
        self.setCentralWidget(central)
        self.from_box = QComboBox()
        self._shown_signature = ""
        self._fill_senders()
        self.from_box.currentIndexChanged.connect(self._sender_changed)
        completions = known_addresses(self.context.store)
        self.to = QLineEdit()
        self.cc = QLineEdit()
        self.bcc = QLineEdit()
        for field in (self.to, self.cc, self.bcc):
            field.setCompleter(AddressCompleter(completions, field))
        self.subject = QLineEdit()
        self.subject.textChanged.connect(self._update_title)
        form = QFormLayout()
        form.addRow(self.tr("From:"), self.from_box)
        form.addRow(self.tr("To:"), self.to)
        form.addRow(self.tr("Cc:"), self.cc)
        form.addRow(self.tr("Bcc:"), self.bcc)
        form.addRow(self.tr("Subject:"), self.subject)

        self.attachment_list = QListWidget()
        self.attachment_list.setFlow(QListWidget.Flow.LeftToRight)
        self.attachment_list.setWrapping(True)
        self.attachment_list.setMaximumHeight(64)
        self.attachment_list.setVisible(False)
        self.remove_attachment_button = QPushButton(self.tr("Remove"))
        self.remove_attachment_button.clicked.connect(self._remove_selected_attachments)
        self.remove_attachment_button.setVisible(False)
        attachments_row = QHBoxLayout()
        attachments_row.addWidget(self.attachment_list, 1)
        attachments_row.addWidget(self.remove_attachment_button, 0, Qt.AlignmentFlag.AlignTop)

        self.body = AttachmentBody()
        self.body.files_dropped.connect(self.add_attachments)
        self.schedule = ScheduleBar(self.context)
        for field in (self.to, self.cc, self.bcc, self.subject):
            field.textChanged.connect(self._changed)
        self.body.textChanged.connect(self._changed)

        layout = QVBoxLayout(central)
        layout.addLayout(form)
        layout.addLayout(attachments_row)
        layout.addWidget(self.schedule)
        layout.addWidget(self.body, 1)

        toolbar = QToolBar(self.tr("Compose toolbar"))
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(toolbar)
        self.action_send = QAction(self._icon("sent"), self.tr("&Send"), self)
        self.action_send.setShortcut(QKeySequence("Ctrl+Return"))
        self.action_send.triggered.connect(self.send)
        self.action_save = QAction(self._icon("drafts"), self.tr("Save &Draft"), self)
        self.action_save.setShortcut(QKeySequence.StandardKey.Save)
        self.action_save.triggered.connect(self.save_draft)
        self.action_attach = QAction(self._icon("attachment"), self.tr("&Attach…"), self)
        self.action_attach.triggered.connect(self._choose_attachments)
        self._build_tools(toolbar)
        if not self.context.accounts.names():
            self.action_send.setEnabled(False)
            self.statusBar().showMessage(self.tr("Add an account before sending mail."))

    def _build_tools(self, toolbar: QToolBar) -> None:
        """Send, Send Later, Save Draft, Attach, Templates and Quick Text; the last three
        open their menus."""
        self.send_later_menu = SendLaterMenu(self.context, self)
        self.send_later_menu.time_chosen.connect(self.send_later)
        self.action_send_later = QAction(self._icon("send-later"), self.tr("Send &Later"), self)
        self.action_send_later.setMenu(self.send_later_menu)
        self.templates = ComposeTemplates(self)
        self.action_templates = QAction(self._icon("template"), self.tr("&Templates"), self)
        self.action_templates.setMenu(self.templates.menu)
        self.action_quick_text = QAction(self._icon("quick-text"), self.tr("&Quick Text…"), self)
        self.action_quick_text.setShortcut(QKeySequence("Ctrl+Shift+T"))
        self.action_quick_text.triggered.connect(self.insert_quick_text)
        self.action_save_quick_text = QAction(self.tr("Save Selection as Quick Text…"), self)
        self.action_save_quick_text.triggered.connect(self.save_quick_text)
        self.quick_text_menu = QMenu(self)
        self.quick_text_menu.addAction(self.action_quick_text)
        self.quick_text_menu.addAction(self.action_save_quick_text)
        for action in (
            self.action_send,
            self.action_send_later,
            None,
            self.action_save,
            self.action_attach,
            None,
            self.action_templates,
            self.action_quick_text,
        ):
            toolbar.addAction(for_toolbar(action)) if action else toolbar.addSeparator()
        popups = ((self.action_send_later, None, QToolButton.ToolButtonPopupMode.InstantPopup),
                  (self.action_templates, None, QToolButton.ToolButtonPopupMode.InstantPopup),
                  (self.action_quick_text, self.quick_text_menu,
                   QToolButton.ToolButtonPopupMode.MenuButtonPopup))  # fmt: skip
        for action, menu, mode in popups:
            button = toolbar.widgetForAction(action)
            if isinstance(button, QToolButton):
                if menu is not None:
                    button.setMenu(menu)
                button.setPopupMode(mode)

    # Slots, not lambdas: a lambda holding the window, connected to a child's signal, would
    # keep the closed window alive for good.
    def insert_quick_text(self) -> None:
        quick_text.insert_quick_text(self.context, self.body, self)

    def save_quick_text(self) -> None:
        quick_text.save_selection(self.context, self.body, self)

    def send_later(self, when: float) -> bool:
        """Send Later: queue the message to go at ``when``."""
        return self.send(send_at=when)

    @staticmethod
    def _icon(name: str) -> QIcon:
        return QIcon(str(resource_path("icons", f"{name}.svg")))

    # -- From ------------------------------------------------------------------------------
    def _fill_senders(self) -> None:
        """Every account and each of its identities; the default account's own is preselected."""
        default = self.context.accounts.default()
        several = len(self.context.accounts) > 1
        for account, identity in self.context.accounts.senders():
            label = identity.label
            if several and account.name.lower() != identity.address.lower():
                label += "  —  " + account.name  # which account's server sends it
            self.from_box.addItem(label, account.name)
            index = self.from_box.count() - 1
            self.from_box.setItemData(index, identity.address, _ADDRESS_ROLE)
            self.from_box.setItemData(
                index,
                self.tr("Sent through the account {account}").format(account=account.name),
                Qt.ItemDataRole.ToolTipRole,
            )
            own = identity.address.lower() == account.address.lower()
            if default is not None and account.name == default.name and own:
                self.from_box.setCurrentIndex(index)

    def select_sender(self, account_name: str, address: str) -> bool:
        """Choose the From entry of ``account_name`` with ``address``; False if there is none."""
        for index in range(self.from_box.count()):
            same_account = self.from_box.itemData(index) == account_name
            same_address = str(self.from_box.itemData(index, _ADDRESS_ROLE)).lower()
            if same_account and same_address == address.lower():
                self.from_box.setCurrentIndex(index)
                return True
        return False

    def _signature(self) -> str:
        identity = self.identity()
        if identity is not None and identity.signature.strip():
            return f"\n\n-- \n{identity.signature}"
        return ""

    def _sender_changed(self) -> None:
        """Swap the signature below the text for the new identity's, as mature clients do.

        Only the block this window put there is replaced; text the user typed stays.
        """
        new = self._signature()
        text = self.body.toPlainText()
        old = self._shown_signature
        if old and old in text:
            at = text.rindex(old)
            text = text[:at] + new + text[at + len(old) :]
        elif not old:
            text = text.rstrip("\n") + new if text.strip() else text + new
        else:
            return  # the user edited the signature: it is theirs now
        self._shown_signature = new
        dirty = self._dirty
        self.body.setPlainText(text)
        self._dirty = dirty

    def _account(self) -> Account | None:
        name = self.from_box.currentData()
        return self.context.accounts.get(str(name)) if name else None

    def identity(self) -> Identity | None:
        """The identity chosen in From (None without any account)."""
        account = self._account()
        if account is None:
            return None
        return account.identity(str(self.from_box.currentData(_ADDRESS_ROLE) or account.address))

    def _changed(self) -> None:
        self._dirty = True

    def _update_title(self) -> None:
        subject = self.subject.text().strip()
        self.setWindowTitle(subject or self.tr("New Message"))

    # -- attachments -----------------------------------------------------------------------
    def add_attachments(self, paths: Iterable[str | Path]) -> None:
        """Attach files (from the Attach button, a drop, a paste or Send To)."""
        for raw in paths:
            try:
                attachment = Attachment.from_path(raw)
            except HongyanError as exc:
                QMessageBox.warning(self, self.tr("Cannot attach"), core_text(exc))
                continue
            if any(a.content == attachment.content for a in self.attachments):
                continue
            self._add_attachment(attachment)
            self._dirty = True

    def _add_attachment(self, attachment: Attachment) -> None:
        content = attachment.content
        size = len(content) if isinstance(content, bytes) else content.stat().st_size
        self.attachments.append(attachment)
        item = QListWidgetItem(
            self._icon("attachment"), f"{attachment.filename} ({format_size(size)})"
        )
        item.setToolTip(str(content) if isinstance(content, Path) else attachment.filename)
        self.attachment_list.addItem(item)
        self.attachment_list.setVisible(True)
        self.remove_attachment_button.setVisible(True)

    def add_attachments_of(self, draft: Draft) -> None:
        """Add the attachments a template carries (those not attached already)."""
        for attachment in draft.attachments:
            if not any(a.content == attachment.content for a in self.attachments):
                self._add_attachment(attachment)
                self._dirty = True

    def _remove_selected_attachments(self) -> None:
        for item in self.attachment_list.selectedItems():
            row = self.attachment_list.row(item)
            self.attachment_list.takeItem(row)
            del self.attachments[row]
        self.attachment_list.setVisible(bool(self.attachments))
        self.remove_attachment_button.setVisible(bool(self.attachments))

    def _choose_attachments(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Attach files"))
        self.add_attachments(files)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        urls: list[QUrl] = event.mimeData().urls()
        self.add_attachments(url.toLocalFile() for url in urls if url.isLocalFile())
        event.acceptProposedAction()

    # -- sending and drafts ----------------------------------------------------------------
    def current_draft(self) -> Draft:
        """The message as written, keeping what the window does not show (In-Reply-To…)."""
        return dataclasses.replace(
            self.draft,
            to=[self.to.text()] if self.to.text().strip() else [],
            cc=[self.cc.text()] if self.cc.text().strip() else [],
            bcc=[self.bcc.text()] if self.bcc.text().strip() else [],
            subject=self.subject.text().strip(),
            body=self.body.toPlainText(),
            attachments=list(self.attachments),
            from_addr="",  # the From list decides, with the identity's Reply-To
            reply_to="",
        )

    def account_name(self) -> str:
        return str(self.from_box.currentData() or "")

    def body_without_signature(self) -> str:
        """The text without the signature block this window put below it (Save as
        Template: using the template adds the then identity's signature)."""
        text = self.body.toPlainText()
        signature = self._shown_signature
        if signature and text.endswith(signature):
            return text[: -len(signature)]
        return text

    def send(self, *, send_at: float | None = None) -> bool:
        """Queue the message in the Outbox, to go at once or at ``send_at`` (Send Later);
        False when the user or the checks stopped it."""
        draft = self.current_draft()
        if not (draft.to or draft.cc or draft.bcc):
            QMessageBox.warning(
                self, self.tr("No recipient"), self.tr("Type at least one address in To.")
            )
            return False
        if not self.attachments and mentions_attachment(draft.body + "\n" + draft.subject):
            answer = QMessageBox.question(
                self,
                self.tr("No attachment"),
                self.tr(
                    "Your message mentions an attachment, but nothing is attached. Send it anyway?"
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        if not draft.subject:
            answer = QMessageBox.question(
                self, self.tr("No subject"), self.tr("This message has no subject. Send it anyway?")
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        ready = self.templates.ready_to_send(draft)
        if ready is None:
            return False
        when = send_at if send_at is not None else self.schedule.pending()
        delay = int(self.context.settings.get("undo_send_seconds")) if when is None else 0
        if delay:
            when = self.context.clock() + delay
        try:
            store_id = send_to_outbox(
                self.context,
                self.account_name(),
                ready,
                replaces=self.draft_id,
                identity=self.identity(),
                send_at=when,
            )
        except HongyanError as exc:
            QMessageBox.warning(self, self.tr("Message not sent"), core_text(exc))
            return False
        if self.in_reply_to is not None:
            self.context.store.set_flags([self.in_reply_to], add="R")
        self._dirty = False
        self.context.signals.store_did_change.emit()
        if when is None:
            self.message_did_queue.emit()
        else:
            self.message_did_schedule.emit(Held(store_id, when, ready.subject), bool(delay))
        self.close()
        return True

    def save_draft(self) -> bool:
        try:
            self.draft_id = save_draft(
                self.context,
                self.account_name(),
                self.current_draft(),
                replaces=self.draft_id,
                identity=self.identity(),
            )
        except HongyanError as exc:
            QMessageBox.warning(self, self.tr("Draft not saved"), core_text(exc))
            return False
        self._dirty = False
        self.statusBar().showMessage(self.tr("Draft saved."), 4000)
        self.context.signals.store_did_change.emit()
        return True

    def _autosave_now(self) -> None:
        if self._dirty and (self.body.toPlainText().strip() or self.subject.text().strip()):
            try:
                self.draft_id = save_draft(
                    self.context,
                    self.account_name(),
                    self.current_draft(),
                    replaces=self.draft_id,
                    identity=self.identity(),
                )
            except HongyanError as exc:
                self.statusBar().showMessage(core_text(exc), 8000)
                return
            self._dirty = False
            self.statusBar().showMessage(self.tr("Draft saved automatically."), 4000)
            self.context.signals.store_did_change.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self._dirty:
            answer = QMessageBox.question(
                self,
                self.tr("Save draft?"),
                self.tr("Save this message in Drafts before closing?"),
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
            )
            if answer == QMessageBox.StandardButton.Cancel:
                event.ignore()
                return
            if answer == QMessageBox.StandardButton.Save and not self.save_draft():
                event.ignore()
                return
        self._autosave.stop()
        super().closeEvent(event)
