"""Take the screenshots of docs/screenshots/ in English and Chinese: ``make screenshots``.

The app runs as on a small laptop: its own Xvfb at 1366×768 with the openbox window manager
(started here, ended by PID), the xcb platform, a demo profile in a temporary HONGYAN_HOME and
an in-memory keyring: three accounts, a few dozen messages in Chinese and English, a draft and
sent mail. For each language it shoots the whole screen with the main window as it first
opens, the right-click menus, the account wizard (at the servers page of a 163.com address,
with the provider's hint), a certificate question, the account properties, a reply in the
compose window and the options, and issue 20's: the Templates menu with its placeholders,
Send Later and its picker, the Outbox with messages waiting for their time, a waiting message
opened again, the placeholder question, Undo Send, a message sent late, quick text and the
automatic replies: each window with its frame, as the user sees it. Needs Debian's
``xvfb``, ``openbox`` and, for Chinese, a CJK font (``fonts-noto-cjk``).
"""

from __future__ import annotations

import dataclasses
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from email.header import Header
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
#: A small laptop's screen: what the windows must fit.
SCREEN = "1366x768x24"

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
    today = datetime.now().astimezone().replace(hour=9, minute=30, second=0, microsecond=0)
    when = today - timedelta(hours=7 * n)
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
                pop3=ServerSettings(
                    pop,
                    995,
                    "ssl",
                    address,
                    # The company's own server: trusted with its certificate file.
                    trust_cert_pem=demo_certificate()[0] if pop.startswith("mail.") else None,
                ),
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
    add_issue20_demo(context)
    context.close()


def add_issue20_demo(context) -> None:  # type: ignore[no-untyped-def]
    """Templates, quick texts, messages waiting in the Outbox for their time (issue 20)."""
    from hongyan.core.message.compose import Draft, build_message
    from hongyan.core.outbox import Outbox
    from hongyan.core.quicktext import QuickTexts
    from hongyan.core.templates import Templates
    from hongyan.gui.send_later import monday_morning, tomorrow_morning

    templates = Templates(context.store)
    templates.save(
        "感谢购买",
        Draft(
            subject="感谢您的购买",
            body="{{recipient_courtesy}}，您好：\n\n感谢您购买鸿雁企业版。如有任何问题，请随时"
            "回复此邮件。\n\n{{my_signature}}\n{{date}}",
        ),
    )
    templates.save(
        "Enquiry received",
        Draft(
            subject="We received your enquiry",
            body="Dear {{recipient_name}},\n\nthank you for your enquiry. We will answer "
            "within 48 hours.\n\n{{my_name}}, {{my_company}}",
        ),
    )
    templates.save("不在办公室", Draft(subject="不在办公室", body="您好，我 12 月 20 日回来。"))
    texts = QuickTexts(context.store.root)
    texts.add("报价单", "报价单已作为附件发送，有效期三十天。如需调整数量请告诉我。")
    texts.add("发货时间", "一般在付款后两个工作日内发货，节假日顺延。")
    texts.add("Thanks for the order", "Thank you for your order; it ships within two days.")
    texts.add(
        "开票信息", "开票信息请发送至 finance@company.example，我们会在三个工作日内开具发票。"
    )
    now = datetime.now()
    account = context.accounts.get("lilei@company.example")
    outbox = Outbox(context.store)
    for subject, body, when in (
        ("周一例会议程", "各位好，\n\n周一例会的议程见下。", monday_morning(now)),
        (
            "Quotation, third version",
            "Hello Anna,\n\nhere is the quotation.",
            tomorrow_morning(now),
        ),
    ):
        draft = Draft(to=["王芳 <wang.fang@163.com>"], subject=subject, body=body)
        outbox.queue(build_message(draft, account), account.name, send_at=when.timestamp())


def settle(app, seconds: float = 0.6) -> None:  # type: ignore[no-untyped-def]
    """Let the window manager map, frame and place what was shown, and Qt paint it."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def save(image, name: str, language: str) -> None:  # type: ignore[no-untyped-def]
    path = OUT / f"{name}-{language}.png"
    image.save(str(path))
    print(f"saved {path.relative_to(ROOT)} ({image.width()}×{image.height()})")


def grab_screen(app, rect=None):  # type: ignore[no-untyped-def]
    """What is on the X screen (the whole 1366×768, or ``rect`` of it), frames included."""
    screen = app.primaryScreen()
    if rect is None:
        return screen.grabWindow(0)
    return screen.grabWindow(0, rect.x(), rect.y(), rect.width(), rect.height())


def shoot(widget, name: str, language: str, app, *, whole_screen: bool = False) -> None:  # type: ignore[no-untyped-def]
    """The window as the user sees it: with its window-manager frame and title bar."""
    widget.show()
    widget.raise_()
    widget.activateWindow()
    settle(app)
    deadline = time.monotonic() + 5
    while widget.frameGeometry().width() < 10 and time.monotonic() < deadline:
        settle(app, 0.1)  # the window manager has not framed it yet
    save(grab_screen(app, None if whole_screen else widget.frameGeometry()), name, language)


def shoot_menu(window, menu, position, name: str, language: str, app) -> None:  # type: ignore[no-untyped-def]
    """The window with a right-click menu open over it."""
    menu.popup(position)
    settle(app)
    area = window.frameGeometry().united(menu.geometry())
    save(grab_screen(app, area), name, language)
    menu.close()
    settle(app, 0.2)


@functools.cache
def demo_certificate() -> tuple[str, object]:
    """A self-signed certificate of the company's mail server (PEM, and its description)."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    from hongyan.core.tls import describe_certificate

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "mail.company.example"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "鸿雁软件"),
        ]
    )
    start = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(20260301)
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=825))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("mail.company.example")]), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    pem = certificate.public_bytes(serialization.Encoding.PEM).decode()
    return pem, describe_certificate(certificate.public_bytes(serialization.Encoding.DER))


def take(language: str) -> None:
    from PySide6.QtWidgets import QApplication

    from hongyan.core.paths import app_paths
    from hongyan.core.settings import Settings
    from hongyan.core.tls import CertificateNotTrusted
    from hongyan.gui.account_properties import AccountPropertiesDialog
    from hongyan.gui.account_wizard import AccountWizard
    from hongyan.gui.app import Hongyan, create_application
    from hongyan.gui.certificate_dialog import CertificateDialog
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
    window.show()  # at the size it chooses for this screen, as a new user sees it first
    settle(app)
    window.select_row(0)
    while not window.reading_text():  # the message is read in a worker
        app.processEvents()
    window.message_list.setFocus()
    window.status_panel.message.setText(
        window.fetcher.tr("{account}: %n new message(s)", "", 3).format(account="li.lei@163.com")
    )
    shoot(window, "main", language, app, whole_screen=True)

    list_view = window.message_list
    row = list_view.visualRect(window.message_model.index(2, 3)).center()
    window.select_row(2)
    shoot_menu(
        window,
        window.message_menu(),
        list_view.viewport().mapToGlobal(row),
        "menu-message",
        language,
        app,
    )
    entry = window.folder_model.find("Inbox", "li.lei@163.com")  # an account's share
    assert entry is not None
    spot = window.folder_view.visualRect(entry.index()).center()
    shoot_menu(
        window,
        window.folder_menu("Inbox", "li.lei@163.com"),
        window.folder_view.viewport().mapToGlobal(spot),
        "menu-folder",
        language,
        app,
    )
    window.select_row(0)

    wizard = AccountWizard(context, window)
    wizard.show()
    app.processEvents()
    wizard.name_page.display_name.setText("韩梅梅" if language == "zh_CN" else "Han Meimei")
    wizard.next()
    wizard.address_page.address.setText("hanmeimei@163.com")
    wizard.next()
    shoot(wizard, "wizard", language, app)
    wizard.reject()

    _pem, info = demo_certificate()
    problem = CertificateNotTrusted("unknown_issuer", "mail.company.example:995", info)  # type: ignore[arg-type]
    question = CertificateDialog(
        problem, window, endpoints=["mail.company.example:995", "mail.company.example:465"]
    )
    shoot(question, "certificate", language, app)
    question.reject()

    account = context.accounts.get("lilei@company.example")
    properties = AccountPropertiesDialog(context, account, window)
    shoot(properties, "properties", language, app)
    properties.tabs.setCurrentIndex(1)
    shoot(properties, "properties-servers", language, app)
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
    settle(app)
    offer.from_box.showPopup()
    settle(app)
    popup = offer.from_box.view().window()
    save(
        grab_screen(app, offer.frameGeometry().united(popup.geometry())),
        "compose-from-list",
        language,
    )
    offer.from_box.hidePopup()
    offer.close()

    options = OptionsDialog(context, window)
    # The demo store sits in a temporary folder; show where a user's store is by default.
    options.store_path.setText("/home/lilei/.local/share/hongyan/Mail")
    shoot(options, "options", language, app)
    options.reject()
    take_issue20(hongyan, language, app)
    hongyan.quit()


def shoot_toolbar_menu(window, action, menu, submenu_action, name, language, app) -> None:  # type: ignore[no-untyped-def]
    """A compose window with a toolbar button's menu open (and one of its submenus)."""
    from PySide6.QtWidgets import QToolBar

    button = window.findChild(QToolBar).widgetForAction(action)
    menu.popup(button.mapToGlobal(button.rect().bottomLeft()))
    settle(app)
    area = window.frameGeometry().united(menu.geometry())
    if submenu_action is not None:
        menu.setActiveAction(submenu_action)
        submenu = submenu_action.menu()
        submenu.popup(menu.mapToGlobal(menu.actionGeometry(submenu_action).topRight()))
        settle(app)
        area = area.united(submenu.geometry())
    save(grab_screen(app, area), name, language)
    menu.close()
    settle(app, 0.2)


def take_issue20(hongyan, language: str, app) -> None:  # type: ignore[no-untyped-def]
    """Templates with their placeholders, Send Later, the Outbox's send times, quick text,
    Undo Send and automatic replies."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from hongyan.core.outbox import Outbox
    from hongyan.gui.account_properties import AccountPropertiesDialog
    from hongyan.gui.auto_reply import AutoRepliesDialog
    from hongyan.gui.compose_window import ComposeWindow
    from hongyan.gui.quick_text import QuickTextDialog
    from hongyan.gui.send_later import SendTimeDialog, tomorrow_morning
    from hongyan.gui.undo_send import Held

    context, window = hongyan.context, hongyan.window
    zh = language == "zh_CN"
    compose = ComposeWindow.new_message(
        context,
        to=["陈静 <chen.jing@company.example>" if zh else "Anna Schmidt <anna@example.org>"],
        subject="报价单（第三版）" if zh else "Quotation, third version",
        body="陈女士，您好：\n\n" if zh else "Dear Anna,\n\n",
        parent=window,
    )
    compose.resize(820, 560)
    compose._dirty = False
    compose.show()
    settle(app)
    templates = compose.templates
    while templates.use_menu.names == []:  # read in a worker
        app.processEvents()
    placeholder_action = templates.placeholder_menu.menuAction()
    shoot_toolbar_menu(
        compose, compose.action_templates, templates.menu, placeholder_action,
        "templates-menu", language, app,
    )  # fmt: skip
    shoot_toolbar_menu(
        compose, compose.action_send_later, compose.send_later_menu, None,
        "send-later", language, app,
    )  # fmt: skip
    picker = SendTimeDialog(context, compose, ok_text=compose.send_later_menu.tr("Send Later"))
    shoot(picker, "send-later-picker", language, app)
    picker.reject()

    compose.schedule.set_time(tomorrow_morning(datetime.now()).timestamp())
    shoot(compose, "compose-scheduled", language, app)
    compose.schedule.set_time(None)
    compose.body.setPlainText(
        "{{recipent_name}}，您好：\n\n报价单见附件。" if zh else "Dear {{recipent_name}},\n\n"
    )

    def shoot_question() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(100, shoot_question)
            return
        settle(app)
        deadline = time.monotonic() + 5
        while box.frameGeometry() == box.geometry() and time.monotonic() < deadline:
            settle(app, 0.1)  # not framed yet
        save(grab_screen(app, box.frameGeometry()), "placeholder-warning", language)
        box.reject()

    QTimer.singleShot(300, shoot_question)
    compose.templates.ready_to_send(compose.current_draft())
    compose._dirty = False

    quick = QuickTextDialog(context, compose)
    quick.search.setText("发货" if zh else "order")
    shoot(quick, "quick-text", language, app)
    quick.reject()
    compose.close()

    window.open_folder("Outbox")
    settle(app)
    while not window.outbox_actions.send_times:  # the send times are read in a worker
        app.processEvents()
    window.select_row(0)
    spot = window.message_list.visualRect(window.message_model.index(0, 3)).center()
    menu = window.message_menu()
    shoot_menu(
        window, menu, window.message_list.viewport().mapToGlobal(spot), "outbox", language, app
    )

    window.open_folder("Inbox")
    window.select_row(0)
    hongyan.undo_send.hold(Held(0, context.clock() + 8, "周报" if zh else "Weekly report"))
    window.status_panel.message.setText("")
    shoot(window, "undo-send", language, app, whole_screen=True)
    hongyan.undo_send.bar.release()
    entry = Outbox(context.store).entries()[0]
    late = dataclasses.replace(entry, send_at=context.clock() - 3 * 3600 - 600)
    hongyan._sent_late(*hongyan.outbox_timer.late_text([(late, 3 * 3600 + 600)]))
    shoot(window, "sent-late", language, app, whole_screen=True)
    window.status_panel.message.setText("")

    account = context.accounts.get("lilei@company.example")
    properties = AccountPropertiesDialog(context, account, window)
    properties.tabs.setCurrentWidget(properties.auto_reply)
    choice = properties.auto_reply.choice
    while choice.count() < 2:
        app.processEvents()
    choice.setCurrentIndex(choice.findData("Enquiry received"))
    shoot(properties, "properties-auto-reply", language, app)
    properties.reject()
    overview = AutoRepliesDialog(context, window)
    company = overview.choices["lilei@company.example"]
    while company.count() < 2:
        app.processEvents()
    company.setCurrentIndex(company.findData("Enquiry received"))
    shoot(overview, "auto-replies", language, app)
    overview.reject()


def start_display() -> list[subprocess.Popen[bytes]]:
    """A 1366×768 Xvfb with openbox, as a small laptop screen with a window manager; the
    processes are returned to be ended by their PIDs."""
    for program in ("Xvfb", "openbox"):
        if shutil.which(program) is None:
            sys.exit(f"{program} is needed (Debian: apt-get install xvfb openbox fonts-noto-cjk)")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", SCREEN, "-nolisten", "tcp"],
        pass_fds=(write_end,),
    )
    os.close(write_end)
    with os.fdopen(read_end) as announced:
        display = ":" + announced.readline().strip()
    os.environ["DISPLAY"] = display
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    manager = subprocess.Popen(["openbox", "--sm-disable"], stderr=subprocess.DEVNULL)
    time.sleep(1.5)  # openbox takes the display's window-manager selection
    return [manager, server]


def main() -> None:
    started = start_display()
    try:
        shoot_all()
    finally:
        for process in started:
            process.terminate()
            process.wait(timeout=10)


def shoot_all() -> None:
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
