"""Take the screenshots of docs/screenshots/ in English and Chinese: ``make screenshots``.

Runs under Xvfb (``xvfb-run -a .venv/bin/python tools/screenshots.py``) with a demo profile in
a temporary HONGYAN_HOME and an in-memory keyring: three accounts, a few dozen messages in
Chinese and English, a draft and sent mail. For each language it opens the main window, the
account wizard (at the servers page of a 163.com address, with the provider's hint), the
account properties, a reply in the compose window and the options, and saves one PNG each.
Chinese needs a CJK font (Debian: ``fonts-noto-cjk``); without one the text shows as boxes.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from email.header import Header
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"

MESSAGES = [
    (
        "王芳 <wang.fang@163.com>",
        "关于下周项目评审的安排",
        "李雷：\n\n下周三下午两点在三楼会议室进行项目评审，请提前准备好进度报告和演示材料。\n\n如有冲突请尽快告诉我。\n\n王芳",
        True,
    ),
    (
        "Anna Schmidt <anna@example.org>",
        "Quarterly report — final figures",
        "Hi Li,\n\nattached are the final figures for Q3. Revenue is up 12 % on last year."
        "\n\nBest,\nAnna",
        False,
    ),
    ("张伟 <zhangwei@qq.com>", "周末爬山？", "周六早上八点，香山东门集合，怎么样？", False),
    (
        "GitHub <noreply@github.com>",
        "[hongyan] Pull request #42 merged",
        "Your pull request was merged into main.",
        False,
    ),
    (
        "陈静 <chen.jing@company.example>",
        "报价单（第二版）请查收",
        "您好，\n\n附件是修改后的报价单，请查收。\n\n陈静",
        True,
    ),
    (
        "Tom Baker <tom@example.net>",
        "Lunch on Friday?",
        "Are you free for lunch on Friday? The new noodle place opened.",
        False,
    ),
    (
        "中国国际航空 <service@airchina.example>",
        "您的电子客票行程单",
        "尊敬的旅客，您预订的 CA1831 航班行程单已生成。",
        False,
    ),
    (
        "刘洋 <liu.yang@126.com>",
        "Re: 服务器迁移计划",
        "迁移计划我看过了，周五晚上十点开始可以。",
        False,
    ),
    (
        "Mailing list <announce@python.example>",
        "Python 3.14 released",
        "The Python team is pleased to announce Python 3.14.",
        False,
    ),
    ("赵敏 <zhaomin@sina.example>", "生日聚会邀请", "这周日晚上六点，老地方，不见不散！", False),
]


def _encoded(text: str) -> str:
    return text if text.isascii() else Header(text, "utf-8").encode()


def demo_message(n: int, sender: str, subject: str, body: str, attach: bool) -> bytes:
    name, _, addr = sender.partition(" <")
    when = datetime(2026, 11, 23, 9, 30, tzinfo=UTC) - timedelta(hours=7 * n)
    head = (
        f"From: {_encoded(name)} <{addr}\nTo: =?utf-8?b?5p2O6Zu3?= <li.lei@163.com>\n"
        f"Subject: {_encoded(subject)}\nDate: {format_datetime(when)}\n"
        f"Message-ID: <demo{n}@hongyan.example>\nMIME-Version: 1.0\n"
    )
    if not attach:
        return (
            head + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
        ).encode() + body.encode()
    return (
        head
        + 'Content-Type: multipart/mixed; boundary="B"\n\n--B\n'
        + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
        + body
        + '\n--B\nContent-Type: application/pdf; name="report.pdf"\n'
        + 'Content-Disposition: attachment; filename="report.pdf"\n'
        + "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n--B--\n"
    ).encode()


def build_profile() -> None:
    from hongyan.core.accounts import Account, Identity, ServerSettings
    from hongyan.core.integration import service
    from hongyan.core.paths import app_paths
    from hongyan.core.secrets import Secret
    from hongyan.gui.context import AppContext

    context = AppContext.open(app_paths())
    accounts = (
        ("li.lei@163.com", "李雷", "pop.163.com", "smtp.163.com"),
        ("lilei@company.example", "Li Lei", "mail.company.example", "mail.company.example"),
        ("lilei2008@qq.com", "李雷", "pop.qq.com", "smtp.qq.com"),
    )
    for address, name, pop, smtp in accounts:
        context.accounts.add(
            Account(
                name=address,
                display_name=name,
                address=address,
                organisation="鸿雁软件" if address.endswith("company.example") else "",
                signature="李雷\n鸿雁软件 · 产品部",
                pop3=ServerSettings(pop, 995, "ssl", address),
                smtp=ServerSettings(smtp, 465, "ssl", address),
                delete_after_days=30,
                identities=(
                    [
                        Identity(
                            display_name="鸿雁软件 销售部",
                            address="sales@company.example",
                            reply_to="orders@company.example",
                            organisation="鸿雁软件",
                            signature="鸿雁软件 销售部\n电话 010-8888 6666",
                        )
                    ]
                    if address.endswith("company.example")
                    else []
                ),
            )
        )
        context.passwords.set(address, "pop3", Secret("demo"), remember=True)
    context.accounts.save()
    # Start at login and Send To on, as after a first install (into the temporary XDG home).
    service.install(context.paths, mailto=False, autostart=True, send_to=True)
    store = context.store
    owners = [a[0] for a in accounts]
    for round_ in range(4):
        for n, (sender, subject, body, attach) in enumerate(MESSAGES):
            number = round_ * len(MESSAGES) + n
            flags = "S" if number % 4 else ""
            if number == 4:
                flags += "F"
            title = subject if round_ == 0 else f"{subject} ({round_ + 1})"
            data = demo_message(number, sender, title, body, attach)
            store.add("Inbox", data, flags=flags, account=owners[number % 3])
    store.add(
        "Sent",
        demo_message(90, "李雷 <li.lei@163.com>", "Re: 周末爬山？", "好啊，不见不散。", False),
        flags="S",
    )
    store.add(
        "Drafts",
        demo_message(91, "李雷 <li.lei@163.com>", "年终总结（草稿）", "今年的主要工作……", False),
        flags="DS",
    )
    store.add(
        "Junk", demo_message(92, "Prize <win@spam.example>", "You have WON!!!", "Click here", False)
    )
    context.close()


def shoot(widget, name: str, language: str, app) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer

    widget.show()
    widget.raise_()
    for _ in range(20):
        app.processEvents()
    QTimer.singleShot(0, lambda: None)
    app.processEvents()
    path = OUT / f"{name}-{language}.png"
    widget.grab().save(str(path))
    print(f"saved {path.relative_to(ROOT)}")


def shoot_region(window, popup, name: str, language: str, app) -> None:  # type: ignore[no-untyped-def]
    """The window with an open popup (a drop-down list) over it, as the user sees it."""
    from PySide6.QtGui import QPainter

    for _ in range(10):
        app.processEvents()
    image = window.grab()
    painter = QPainter(image)
    painter.drawPixmap(
        window.mapFromGlobal(popup.mapToGlobal(popup.rect().topLeft())), popup.grab()
    )
    painter.end()
    path = OUT / f"{name}-{language}.png"
    image.save(str(path))
    print(f"saved {path.relative_to(ROOT)}")


def take(language: str) -> None:
    from PySide6.QtWidgets import QApplication

    from hongyan.core.paths import app_paths
    from hongyan.core.settings import Settings
    from hongyan.gui.account_properties import AccountPropertiesDialog
    from hongyan.gui.account_wizard import AccountWizard
    from hongyan.gui.app import Hongyan, create_application
    from hongyan.gui.compose_window import ComposeWindow
    from hongyan.gui.context import AppContext
    from hongyan.gui.i18n import Translators
    from hongyan.gui.options_dialog import OptionsDialog

    app = create_application([])
    QApplication.setStyle("Fusion")
    settings = Settings.load(app_paths())
    settings.set("language", language)
    settings.save()
    translators = Translators(app)
    translators.apply(language)
    context = AppContext.open(app_paths(), translators=translators)
    hongyan = Hongyan(context, tray=False)
    window = hongyan.window
    window.resize(1280, 800)
    window.show()
    window.select_row(0)
    while not window.reading_text():  # the message is read in a worker
        app.processEvents()
    window.message_list.setFocus()
    window.status_panel.message.setText(
        window.fetcher.tr("{account}: %n new message(s)", "", 3).format(account="li.lei@163.com")
    )
    shoot(window, "main", language, app)

    wizard = AccountWizard(context, window)
    wizard.show()
    app.processEvents()
    wizard.name_page.display_name.setText("韩梅梅" if language == "zh_CN" else "Han Meimei")
    wizard.next()
    wizard.address_page.address.setText("hanmeimei@163.com")
    wizard.next()
    shoot(wizard, "wizard", language, app)
    wizard.reject()

    account = context.accounts.get("lilei@company.example")
    properties = AccountPropertiesDialog(context, account, window)
    shoot(properties, "properties", language, app)
    properties.tabs.setCurrentIndex(2)
    shoot(properties, "properties-advanced", language, app)
    properties.tabs.setCurrentIndex(3)
    shoot(properties, "properties-identities", language, app)
    properties.reject()

    message_id = window.message_model.message_id(0)
    assert message_id is not None
    compose = ComposeWindow.for_message(context, message_id, "reply", window)
    compose.body.moveCursor(compose.body.textCursor().MoveOperation.Start)
    compose.body.insertPlainText(
        "收到，我会准时参加，并提前把进度报告发给你。"
        if language == "zh_CN"
        else "Thanks, I will be there and send the progress report beforehand."
    )
    compose.resize(820, 620)
    shoot(compose, "compose", language, app)
    compose._dirty = False
    compose.close()

    offer = ComposeWindow.new_message(
        context,
        to=["Anna Schmidt <anna@example.org>"],
        subject="报价单（第三版）" if language == "zh_CN" else "Quotation, third version",
        body="您好，\n\n报价单已更新，请查收。"
        if language == "zh_CN"
        else "Hello Anna,\n\nhere is the updated quotation.",
        parent=window,
    )
    offer.select_sender("lilei@company.example", "sales@company.example")
    offer.resize(820, 560)
    offer._dirty = False
    offer.show()
    for _ in range(20):
        app.processEvents()
    offer.from_box.showPopup()
    for _ in range(10):
        app.processEvents()
    popup = offer.from_box.view().window()
    shoot_region(offer, popup, "compose-from-list", language, app)
    offer.from_box.hidePopup()
    offer.close()

    options = OptionsDialog(context, window)
    # The demo store sits in a temporary folder; show where a user's store is by default.
    options.store_path.setText("/home/lilei/.local/share/hongyan/Mail")
    shoot(options, "options", language, app)
    options.reject()
    window.close()
    context.close()


def main() -> None:
    if not os.environ.get("DISPLAY") and os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        sys.exit("Run under Xvfb: xvfb-run -a .venv/bin/python tools/screenshots.py")
    home = Path(tempfile.mkdtemp(prefix="hongyan-screenshots-"))
    os.environ["HONGYAN_HOME"] = str(home)
    for name, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
    ):  # the Desktop switches install into the demo home, never the real one
        os.environ[name] = str(home / sub)
    import keyring

    sys.path.insert(0, str(ROOT / "tests"))
    from support.test_keyring import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    OUT.mkdir(parents=True, exist_ok=True)
    build_profile()
    languages = sys.argv[1:] or ["en", "zh_CN"]
    for language in languages:
        take(language)


if __name__ == "__main__":
    main()
