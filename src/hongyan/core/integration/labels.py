"""The words Hongyan puts into desktop menus, in English and Simplified Chinese.

Desktop files carry both (``Name=`` and ``Name[zh_CN]=``) and the desktop picks the one for
the session's language. Where a format has no translations (a Nautilus script's label is its
file name; a Windows shortcut's name), the user's language picks one at install time.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

APP_NAME = {"": "Hongyan", "zh_CN": "鸿雁"}
GENERIC_NAME = {"": "Mail Client", "zh_CN": "邮件客户端"}
COMMENT = {
    "": "Read and send email over POP3 and SMTP",
    "zh_CN": "通过 POP3 和 SMTP 收发电子邮件",
}
COMPOSE = {"": "Write a Message", "zh_CN": "写邮件"}
SEND_TO = {"": "Send to mail recipient", "zh_CN": "发送给邮件收件人"}
SEND_TO_COMMENT = {
    "": "Attach the selected files to a new message in Hongyan",
    "zh_CN": "用鸿雁新建邮件并附加所选文件",
}
AUTOSTART_NAME = {"": "Hongyan (get mail at login)", "zh_CN": "鸿雁（登录时收信）"}
AUTOSTART_COMMENT = {
    "": "Start Hongyan in the notification area and get mail from all accounts",
    "zh_CN": "在通知区域启动鸿雁并接收所有账户的邮件",
}
WINDOWS_SEND_TO = {"": "Mail Recipient (Hongyan)", "zh_CN": "邮件收件人（鸿雁）"}


def localized_entries(key: str, texts: Mapping[str, str]) -> list[tuple[str, str]]:
    """``Name=...`` followed by ``Name[zh_CN]=...`` and so on."""
    return [(f"{key}[{lang}]" if lang else key, text) for lang, text in texts.items()]


def session_language(environ: Mapping[str, str] | None = None) -> str:
    """ "zh_CN" when the session's language is Chinese, else "" (English)."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "zh_CN" if value.lower().startswith("zh") else ""
    return ""


def pick(texts: Mapping[str, str], language: str) -> str:
    return texts.get(language) or texts[""]
