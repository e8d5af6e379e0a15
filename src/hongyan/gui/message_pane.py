"""The reading pane of the main window: the selected message, or nothing.

It shows what the reading part of the engine makes of a message (headers, decoded text, the
sanitised HTML, attachments, the remote content bar) through ``gui/message_browser.py``
when that is available, and the decoded plain text otherwise.
"""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget


def plain_text_of(data: bytes) -> tuple[EmailMessage, str]:
    """The parsed message and its readable text (the text/plain part, else tag-stripped HTML)."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return message, ""
    try:
        text = part.get_content()
    except (LookupError, ValueError, AssertionError):
        payload = part.get_payload(decode=True)
        text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if part.get_content_subtype() == "html":
        browser = QTextBrowser()
        browser.setHtml(str(text))
        text = browser.toPlainText()
    return message, str(text)


class MessagePane(QWidget):
    """Shows one message at a time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)

    def show_message(self, data: bytes) -> None:
        message, text = plain_text_of(data)
        header = "\n".join(
            f"{label}: {message.get(name, '')}"
            for label, name in (
                (self.tr("From"), "From"),
                (self.tr("To"), "To"),
                (self.tr("Date"), "Date"),
                (self.tr("Subject"), "Subject"),
            )
            if message.get(name)
        )
        self.browser.setPlainText(f"{header}\n\n{text}")

    def text(self) -> str:
        return self.browser.toPlainText()

    def clear(self) -> None:
        self.browser.clear()
