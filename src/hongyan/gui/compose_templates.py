"""Templates in the compose window: use one, insert a placeholder, save as one, and the
check of placeholders before sending.

When placeholders are filled (what a user of a mail client expects, written down in
docs/sending.md):

* **When a template is used** (New Message from Template, Use Template, Reply with Template)
  every placeholder Hongyan can fill is filled at once, for the From identity and the first
  To address at that moment: the user sees the letter as it will go and can change it.
* **The recipient's placeholders wait for a recipient.** A new message from a template
  usually has no To yet; ``{{recipient_name}}`` and its kind then stay visible as they are and
  are filled when the user leaves the To field with an address in it.
* **Changing the first To re-fills** a message made from a template as long as its subject
  and text are still exactly what the template made of them (a wrong address corrected);
  once the user has changed the text it is theirs, and only placeholders still in it are
  filled.
* **At Send**, placeholders still in the text (inserted from the menu, typed) are filled for
  the first To. An unknown one (a typo, ``{{recipent_name}}``) and a known one for which no
  value is known are named in a question: Go Back (the default) leaves the message as it is
  to be fixed; Send Anyway sends unknown ones as written and empty values as nothing. Quoted
  lines of a reply (``>``) are the original's words: they are neither filled nor checked.

Templates are read and saved in workers (a template may carry attachments).
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QWidget,
)

from hongyan.core.errors import HongyanError
from hongyan.core.message.compose import Draft
from hongyan.core.templates import (
    PLACEHOLDERS,
    Filled,
    Template,
    Templates,
    fill,
    reply_with,
    values_for,
)
from hongyan.core.templates.placeholders import names_in
from hongyan.core.templates.use import SIGNATURE_TOKEN
from hongyan.core.texts import QT_TRANSLATE_NOOP, words
from hongyan.gui.alive import while_alive
from hongyan.gui.context import AppContext
from hongyan.gui.i18n import core_text
from hongyan.gui.outgoing import worker_store
from hongyan.gui.tasks import TaskControl
from hongyan.gui.templates_menu import PlaceholderMenu, TemplateListMenu

RECIPIENT_PLACEHOLDERS = (
    "recipient_name",
    "recipient_courtesy",
    "recipient_company",
    "recipient_address",
)
_LABELS = {p.name: p.label for p in PLACEHOLDERS}


def language_of(context: AppContext) -> str:
    """The interface language: today's date and 先生/女士 are written in it."""
    return context.translators.language if context.translators is not None else "en"


def read_template(context: AppContext, name: str) -> Callable[[TaskControl], Template]:
    """An op for a worker that reads the template ``name``."""
    root = context.store.root

    def read(control: TaskControl) -> Template:
        with worker_store(root) as store:
            return Templates(store).get(name)

    return read


def first_recipient(to_text: str) -> str:
    """The first entry of a To field as typed (``王小明 <wang@example.cn>``), or ''."""
    return to_text.split(",", 1)[0].strip() if "@" in to_text else ""


def fill_own_lines(text: str, values: dict[str, str]) -> Filled:
    """``text`` with its placeholders filled except on quoted lines (``>``: the original's
    words in a reply are never changed, nor checked)."""
    lines, unknown, missing = [], [], []
    for line in text.split("\n"):
        if line.lstrip().startswith(">"):
            lines.append(line)
            continue
        done = fill(line, values)
        lines.append(done.text)
        unknown += [u for u in done.unknown if u not in unknown]
        missing += [m for m in done.missing if m not in missing]
    return Filled("\n".join(lines), unknown, missing)


def placeholder_label(name: str) -> str:
    """The label of a known placeholder in the interface language."""
    return core_text(words(_LABELS[name])) if name in _LABELS else name


class ComposeTemplates(QObject):
    """The Templates button of one compose window and what its placeholders need.

    The window is passed in (duck-typed: ``context``, ``subject``, ``body``, ``to``,
    ``identity()``, ``load()``, ``current_draft()``, ``body_without_signature()``,
    ``add_attachments_of()``, ``account_name()``, ``statusBar()``).
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.context: AppContext = window.context  # type: ignore[attr-defined]
        self._target: QLineEdit | None = None  # the field a placeholder goes into
        self._source: tuple[str, str] | None = None  # the template's subject and text
        self._made: tuple[str, str] | None = None  # what the window showed after filling
        self._from_template = False
        self.menu = QMenu(self.tr("Templates"), window)
        self.use_menu = TemplateListMenu(self.context, self.tr("&Use Template"), self.menu)
        self.use_menu.template_chosen.connect(self.use_template)
        self.placeholder_menu = PlaceholderMenu(self.tr("Insert &Placeholder"), self.menu)
        self.placeholder_menu.placeholder_chosen.connect(self.insert_placeholder)
        self.menu.addMenu(self.use_menu)
        self.menu.addMenu(self.placeholder_menu)
        self.menu.addSeparator()
        self.action_save = self.menu.addAction(self.tr("&Save as Template…"))
        self.action_save.triggered.connect(self.save_as_template)
        self.menu.aboutToShow.connect(self._remember_target)
        window.to.editingFinished.connect(self.recipient_changed)  # type: ignore[attr-defined]

    @property
    def window(self) -> QWidget:
        """The compose window (its parent: not an attribute, which would make a reference
        cycle that keeps a closed window alive until the next garbage collection)."""
        parent = self.parent()
        assert isinstance(parent, QWidget)
        return parent

    # -- placeholders ----------------------------------------------------------------------
    def _remember_target(self) -> None:
        """The subject gets the placeholder when it was being edited, else the text."""
        subject: QLineEdit = self.window.subject  # type: ignore[attr-defined]
        self._target = subject if QApplication.focusWidget() is subject else None

    def insert_placeholder(self, token: str) -> None:
        """Put ``token`` at the cursor of the subject or the text (filled at Send)."""
        if self._target is not None:
            self._target.insert(token)
            self._target.setFocus()
            return
        body = self.window.body  # type: ignore[attr-defined]
        body.insertPlainText(token)
        body.setFocus()

    def values(self, *, original_subject: str = "") -> dict[str, str]:
        """Every placeholder's value for the window's From and first To; without a To the
        recipient's placeholders stay as they are (their own token)."""
        identity = self.window.identity()  # type: ignore[attr-defined]
        recipient = first_recipient(self.window.to.text())  # type: ignore[attr-defined]
        values = values_for(
            recipient=recipient,
            identity=identity,
            signature=identity.signature if identity is not None else "",
            language=language_of(self.context),
            today=date.fromtimestamp(self.context.clock()),
            original_subject=original_subject or _original_subject(self.window),
        )
        if not recipient:
            values.update({name: "{{" + name + "}}" for name in RECIPIENT_PLACEHOLDERS})
        return values

    def note_missing(self, missing: list[str]) -> None:
        """Say in the status bar which placeholders were left empty for lack of a value."""
        if missing:
            self.window.statusBar().showMessage(  # type: ignore[attr-defined]
                self.tr("No value is known for: {names}. It was left empty.").format(
                    names=", ".join(placeholder_label(n) for n in missing)
                ),
                10_000,
            )

    # -- using a template ------------------------------------------------------------------
    def show_template(self, template: Template) -> None:
        """Fill a new window from ``template`` (New Message from Template): recipients,
        subject, text and attachments, placeholders filled (see the module docstring)."""
        draft = copy.deepcopy(template.draft)
        self._source = (draft.subject, draft.body)
        self._from_template = True
        self.window.to.setText(", ".join(draft.to))  # type: ignore[attr-defined]
        self._fill_whole(draft)

    def _fill_whole(self, draft: Draft) -> None:
        """Show ``draft`` (the template's) with its placeholders filled for the window."""
        values = self.values()
        subject, body = fill(draft.subject, values), fill(draft.body, values)
        shown = dataclasses.replace(draft, subject=subject.text, body=body.text, html=None)
        window = self.window
        window.load(  # type: ignore[attr-defined]
            shown, add_signature=SIGNATURE_TOKEN not in names_in(draft.body)
        )
        self._made = (window.subject.text(), window.body.toPlainText())  # type: ignore[attr-defined]
        self.note_missing(subject.missing + [m for m in body.missing if m not in subject.missing])

    def use_template(self, name: str) -> None:
        """Use Template: read it in a worker, then put it in at the cursor."""
        title = self.tr("Cannot use the template")
        self.context.tasks.run(
            op=read_template(self.context, name),
            success=while_alive(self, self.insert_template),
            failure=while_alive(self, lambda message: self._warn(title, message)),
        )

    def insert_template(self, template: Template) -> None:
        """The template's text at the cursor, its subject when the message has none yet and
        its attachments added; placeholders filled as far as known."""
        values = self.values()
        body = fill(template.draft.body, values)
        window = self.window
        if not window.subject.text().strip():  # type: ignore[attr-defined]
            window.subject.setText(fill(template.draft.subject, values).text)  # type: ignore[attr-defined]
        window.body.insertPlainText(body.text)  # type: ignore[attr-defined]
        window.add_attachments_of(template.draft)  # type: ignore[attr-defined]
        self._from_template = True
        self.note_missing(body.missing)

    def recipient_changed(self) -> None:
        """The user left the To field: fill the recipient's placeholders for its first
        address (a message from a template, see the module docstring)."""
        if not self._from_template:
            return
        window = self.window
        if not first_recipient(window.to.text()):  # type: ignore[attr-defined]
            return
        shown = (window.subject.text(), window.body.toPlainText())  # type: ignore[attr-defined]
        if self._source is not None and shown == self._made:
            source_subject, source_body = self._source
            draft = dataclasses.replace(
                window.current_draft(),  # type: ignore[attr-defined]
                subject=source_subject,
                body=source_body,
            )
            self._fill_whole(draft)
            return
        recipient_only = {
            name: value for name, value in self.values().items() if name in RECIPIENT_PLACEHOLDERS
        }
        subject = _fill_only(shown[0], recipient_only)
        body = _fill_only(shown[1], recipient_only)
        if (subject.text, body.text) != shown:
            window.subject.setText(subject.text)  # type: ignore[attr-defined]
            _replace_text(window.body, body.text)  # type: ignore[attr-defined]
            self.note_missing(body.missing + subject.missing)
        self._made = None  # edited: never re-filled whole again

    # -- before sending --------------------------------------------------------------------
    def ready_to_send(self, draft: Draft) -> Draft | None:
        """``draft`` with its placeholders filled for its first To; None when an unknown or
        empty one was found and the user chose to go back and fix it."""
        values = self.values()
        values.update(
            {name: "" for name in RECIPIENT_PLACEHOLDERS if values[name] == "{{" + name + "}}"}
        )
        subject = fill_own_lines(draft.subject, values)
        body = fill_own_lines(draft.body, values)
        unknown = subject.unknown + [u for u in body.unknown if u not in subject.unknown]
        missing = subject.missing + [m for m in body.missing if m not in subject.missing]
        if (unknown or missing) and not self._send_anyway(unknown, missing):
            return None
        return dataclasses.replace(draft, subject=subject.text, body=body.text)

    def _send_anyway(self, unknown: list[str], missing: list[str]) -> bool:
        """Ask about placeholders that would go out wrong; Go Back is the default."""
        parts = []
        if unknown:
            parts.append(
                self.tr(
                    "Hongyan does not know these placeholders, so they would be sent as "
                    "written: {tokens}"
                ).format(tokens=", ".join(unknown))
            )
        if missing:
            parts.append(
                self.tr("No value is known for these, so they would be left empty: {names}").format(
                    names=", ".join(placeholder_label(n) for n in missing)
                )
            )
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Check the placeholders"),
            "\n\n".join(parts),
            QMessageBox.StandardButton.NoButton,
            self.window,
        )
        box.setInformativeText(self.tr("Go back to correct them, or send the message as it is?"))
        back = box.addButton(self.tr("Go Back"), QMessageBox.ButtonRole.RejectRole)
        anyway = box.addButton(self.tr("Send Anyway"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        box.exec()
        return box.clickedButton() is anyway

    def _warn(self, title: str, message: str) -> None:
        QMessageBox.warning(self.window, title, message)

    # -- saving ----------------------------------------------------------------------------
    def save_as_template(self) -> None:
        """Ask for a name (the subject by default) and save the message as a template;
        a name in use asks before replacing that template."""
        window = self.window
        name, ok = QInputDialog.getText(
            window,
            self.tr("Save as Template"),
            self.tr("Template name:"),
            text=window.subject.text().strip(),  # type: ignore[attr-defined]
        )
        if ok and name.strip():
            self.save(name.strip())

    def save(self, name: str, *, replace: bool = False) -> None:
        """Save the message as template ``name`` in a worker (its signature block is left
        out: using the template adds the then identity's)."""
        window = self.window
        draft = dataclasses.replace(
            window.current_draft(),  # type: ignore[attr-defined]
            body=window.body_without_signature(),  # type: ignore[attr-defined]
            message_id="",
            in_reply_to="",
            references=[],
        )
        identity = window.identity()  # type: ignore[attr-defined]
        account = window.account_name() or None  # type: ignore[attr-defined]
        root = self.context.store.root

        def save(control: TaskControl) -> str | None:
            with worker_store(root) as store:
                templates = Templates(store)
                existing = templates.find(name)
                if existing is not None and not replace:
                    return existing.name  # asked on the GUI thread
                templates.save(name, draft, identity, account=account, replace_existing=replace)
                return None

        title = self.tr("Template not saved")
        self.context.tasks.run(
            op=save,
            success=while_alive(self, lambda taken: self._saved(name, taken)),
            failure=while_alive(self, lambda message: self._warn(title, message)),
        )

    def _saved(self, name: str, taken: str | None) -> None:
        if taken is not None:
            answer = QMessageBox.question(
                self.window,
                self.tr("Replace template?"),
                self.tr("A template named “{name}” exists already. Replace it?").format(name=taken),
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.save(name, replace=True)
            return
        self.window.statusBar().showMessage(  # type: ignore[attr-defined]
            self.tr("Saved as the template “{name}”.").format(name=name), 6000
        )
        self.use_menu.refresh()
        self.context.signals.store_did_change.emit()


def _fill_only(text: str, values: dict[str, str]) -> Filled:
    """Fill only the placeholders in ``values`` (the others stay as written)."""
    return fill_own_lines(
        text, {**{p.name: p.token for p in PLACEHOLDERS if p.name not in values}, **values}
    )


def _replace_text(body: QWidget, text: str) -> None:
    """Set a text field's text as one undoable edit, keeping the cursor where it was."""
    cursor = body.textCursor()  # type: ignore[attr-defined]
    position = cursor.position()
    cursor.beginEditBlock()
    cursor.select(cursor.SelectionType.Document)
    cursor.insertText(text)
    cursor.endEditBlock()
    cursor.setPosition(min(position, len(text)))
    body.setTextCursor(cursor)  # type: ignore[attr-defined]


def _original_subject(window: QWidget) -> str:
    """The subject of the message a reply window answers (as loaded, not as edited since);
    '' for a message that answers none."""
    draft: Draft = window.draft  # type: ignore[attr-defined]
    if not draft.in_reply_to:
        return ""
    subject = draft.subject.strip()
    return subject[4:] if subject.lower().startswith("re: ") else subject


def reply_from_template(
    context: AppContext,
    template: Template,
    data: bytes,
    *,
    received_with: str | None,
) -> tuple[str | None, str | None, Draft, list[str]]:
    """Reply with Template: (account name, identity address, draft, placeholders with no
    value) — the template's text above the original quoted, as a normal reply."""
    from hongyan.core.message.reply import addressed_to

    chosen = context.accounts.sender_for_reply(addressed_to(data), received_with)
    if chosen is None:
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core", "Add an account before replying: there is no address to reply from."
                )
            )
        )
    account, identity = chosen
    own = [i.address for _account, i in context.accounts.senders()]
    use = reply_with(
        template,
        data,
        identity,
        signature=identity.signature,
        own_addresses=own,
        language=language_of(context),
        today=date.fromtimestamp(context.clock()),
    )
    draft = dataclasses.replace(use.draft, html=None)
    return account.name, identity.address, draft, use.missing


@dataclasses.dataclass(frozen=True)
class TemplateStart:
    """What a compose window made from a template starts from, read in a worker."""

    template: Template
    original: bytes | None = None
    """The message replied to (Reply with Template), else None (New Message from Template)."""
    received_with: str | None = None
    """The account that fetched the original: a reply is written from it."""
    reply_to: int | None = None
    """The original's store id (marked answered once the reply is sent)."""


def read_template_start(
    context: AppContext,
    name: str,
    reply_to: int | None,
    *,
    success: Callable[[TemplateStart], None],
    failure: Callable[[str], None],
) -> None:
    """Read the template ``name`` (and the message ``reply_to``, when answering one) in a
    worker; ``success`` gets them on the GUI thread."""
    root = context.store.root

    def read(control: TaskControl) -> TemplateStart:
        with worker_store(root) as store:
            template = Templates(store).get(name)
            if reply_to is None:
                return TemplateStart(template)
            row = store.get(reply_to)
            return TemplateStart(template, store.read_bytes(reply_to), row.account, reply_to)

    context.tasks.run(op=read, success=success, failure=failure)
