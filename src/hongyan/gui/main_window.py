"""The main window: folder tree, message list and message view, as in Outlook Express.

It holds no mail logic: the list is a :class:`MessageListModel` over the store, Get Mail is
the :class:`MailFetcher`, writing is the :class:`ComposeWindow`; this module wires them to
the toolbar, the menus and the standard shortcuts.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelection, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolBar,
    QToolButton,
    QTreeView,
    QWidget,
)

from hongyan import __version__
from hongyan.core.errors import HongyanError
from hongyan.core.message.preferences import SenderPreferences
from hongyan.core.outbox import OUTBOX
from hongyan.core.resources import resource_path
from hongyan.core.store import Store
from hongyan.core.store.maildir import TRASH
from hongyan.gui import context_menus
from hongyan.gui.context import AppContext
from hongyan.gui.drafts_opener import open_on_activation
from hongyan.gui.fetch_status import StatusPanel
from hongyan.gui.folder_model import ACCOUNT_ROLE, FOLDER_ROLE, FolderTreeModel, folder_title
from hongyan.gui.i18n import core_text, for_toolbar
from hongyan.gui.import_dialog import ImportDialog
from hongyan.gui.mail_fetcher import MailFetcher
from hongyan.gui.message_model import (
    COLUMN_KEYS,
    OUTBOX_COLUMNS,
    PAGE_SIZE,
    SEARCH_COLUMNS,
    MessageListModel,
)
from hongyan.gui.message_pane import MessagePane
from hongyan.gui.message_reader import MessageReader, Wanted
from hongyan.gui.message_window import Deleted
from hongyan.gui.outbox_actions import OutboxActions
from hongyan.gui.outgoing import worker_store
from hongyan.gui.store_jobs import IMPORT_KEY, StoreJobs
from hongyan.gui.store_source import (
    OUTGOING_FOLDERS,
    FolderCounts,
    FolderSource,
    SearchSource,
    folder_counts,
    read_folder_counts,
)
from hongyan.gui.tasks import TaskControl
from hongyan.gui.templates_menu import TemplateListMenu
from hongyan.gui.window_layout import WindowLayout

JUNK = "Junk"

#: Folders whose messages are never junk: the user's own mail.
NEVER_JUNK = (*OUTGOING_FOLDERS, JUNK)

#: The key under which the list's columns are remembered for search results.
SEARCH_LAYOUT = "*search*"

#: Mark a message read after it has been shown this long (as Outlook Express did).
MARK_READ_AFTER_MS = 1500


def _icon(name: str) -> QIcon:
    return QIcon(str(resource_path("icons", f"{name}.svg")))


def _hint_label(parent: QWidget | None = None) -> QLabel:
    """A grey, centred sentence saying what to do where there is nothing to show."""
    label = QLabel(parent)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet("color: palette(mid); padding: 24px")
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    return label


class _FollowSize(QObject):
    """Keeps a child label covering its parent (the empty list's hint over the viewport)."""

    def __init__(self, parent: QWidget, child: QWidget) -> None:
        super().__init__(parent)
        self._child = child
        parent.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self._child.setGeometry(watched.rect())
        return False


class MainWindow(QMainWindow):
    """The three-pane window every other part of the interface hangs off.

    Signals:
        compose_requested: (kind, message id) — "new", "reply", "reply_all", "forward" or
            "open" (double-click/Enter: a draft or Outbox message to edit, else the message
            in its own window).
        options_requested: the user chose Tools → Options.
        accounts_requested: the user chose Tools → Accounts.
        account_properties_requested: (account name) Properties in an account's menu.
        file_open_requested: (path) File → Open… chose a saved message file to read.
        template_requested: (template name, message id) New Message from Template (id 0) or
            Reply with Template.
        auto_replies_requested: Tools → Automatic Replies….
        language_did_change: the language setting changed; the window is rebuilt.
    """

    compose_requested = Signal(str, int)
    options_requested = Signal()
    accounts_requested = Signal()
    account_properties_requested = Signal(str)
    quit_requested = Signal()
    file_open_requested = Signal(Path)
    template_requested = Signal(str, int)
    auto_replies_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.layout_memory = WindowLayout(context.paths)
        self._columns_key: str | None = None  # whose column layout the list shows
        self.folder_model = FolderTreeModel(self)
        self.message_model = MessageListModel(self)
        self.fetcher = MailFetcher(context, self)
        self._folder: tuple[str, str | None] = ("Inbox", None)
        self._mark_read_timer = QTimer(self)
        self._mark_read_timer.setSingleShot(True)
        self._mark_read_timer.timeout.connect(self._mark_current_read)
        self._counting = False
        self._count_again = False
        self._list_after_count = False
        self._reader = MessageReader(context.tasks, self._show_message, self._show_read_failure)
        # Changes to the store run in a worker one after another, in the order asked.
        self._store_changes: list[Callable[[Store], None]] = []
        self._hidden: dict[int, int | None] = {}  # message id → its row, hidden until moved
        self._closing = False
        self._search_incomplete = 0  # messages not yet searchable when the search ran
        self._counts: FolderCounts | None = None  # what the folder tree shows

        self._build_views()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_context_menus()
        self._shown = False  # the splitters are restored (and saved) once it has been shown
        self.layout_memory.restore_window(self)
        for signal in (
            self.message_model.modelReset,
            self.message_model.rowsInserted,
            self.message_model.rowsRemoved,
        ):
            signal.connect(self._update_hints)
        self.message_model.layoutChanged.connect(self._update_actions)  # read, flagged
        self.status_panel = StatusPanel()
        self.statusBar().addPermanentWidget(self.status_panel)
        self.fetcher.attach(self.status_panel)
        self.store_jobs = StoreJobs(context, self.status_panel, self)
        self.store_jobs.job_did_finish.connect(self._store_job_finished)

        context.signals.store_did_change.connect(self.refresh)
        self.fetcher.mail_is_arriving.connect(self.refresh_while_mail_arrives)
        self.fetcher.search_index_did_update.connect(self._search_index_updated)
        context.signals.accounts_did_change.connect(self._refresh_accounts)
        context.signals.store_did_move.connect(lambda: self.open_folder(*self._folder))
        context.signals.store_will_close.connect(self._store_closing)
        self._refresh_accounts()
        self.refresh_folders()
        self.open_folder("Inbox")

    # -- layout ----------------------------------------------------------------------------
    def _build_views(self) -> None:
        self.folder_view = QTreeView()
        self.folder_view.setHeaderHidden(True)
        self.folder_view.setModel(self.folder_model)
        self.folder_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.folder_view.clicked.connect(self._folder_clicked)

        # A table, not a tree: QTreeView lays out every row of the model (100 000 calls into
        # Python for a big folder), QTableView only the visible ones.
        self.message_list = QTableView()
        self.message_list.setShowGrid(False)
        self.message_list.setWordWrap(False)
        self.message_list.setAlternatingRowColors(True)
        self.message_list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.message_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.message_list.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.message_list.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.message_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.message_list.setModel(self.message_model)
        header = self.message_list.horizontalHeader()
        header.setSortIndicator(COLUMN_KEYS.index("date"), Qt.SortOrder.DescendingOrder)
        self.message_list.setSortingEnabled(True)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(False)
        header.setSectionsMovable(True)
        for column, key in enumerate(COLUMN_KEYS):
            if key in ("attachment", "flag"):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(COLUMN_KEYS.index("subject"), QHeaderView.ResizeMode.Stretch)
        self._default_columns(header)
        self.message_list.selectionModel().selectionChanged.connect(self._selection_changed)
        open_on_activation(self.message_list, lambda: self._compose("open"))

        # The reading part's pane (sanitised HTML, remote content bar, attachments), behind
        # an empty page while no single message is selected.
        self.message_pane = MessagePane(
            SenderPreferences.load(self.context.paths),
            prefer_html=bool(self.context.settings.get("prefer_html")),
        )
        pane_layout = self.message_pane.layout()
        if pane_layout is not None:
            pane_layout.setContentsMargins(6, 6, 6, 0)
        self.reading_hint = _hint_label()
        self.reading_stack = QStackedWidget()
        self.reading_stack.addWidget(self.reading_hint)
        self.reading_stack.addWidget(self.message_pane)
        self.list_hint = _hint_label(self.message_list.viewport())
        _FollowSize(self.message_list.viewport(), self.list_hint)
        self.reading_splitter = QSplitter(Qt.Orientation.Vertical)
        self.reading_splitter.addWidget(self.message_list)
        self.reading_splitter.addWidget(self.reading_stack)
        self.reading_splitter.setSizes([320, 440])
        self.folder_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.folder_splitter.addWidget(self.folder_view)
        self.folder_splitter.addWidget(self.reading_splitter)
        self.folder_splitter.setStretchFactor(1, 1)
        self.folder_splitter.setSizes([260, 920])
        self.setCentralWidget(self.folder_splitter)

    def _splitters(self) -> dict[str, QSplitter]:
        return {"folders": self.folder_splitter, "reading": self.reading_splitter}

    def _action(
        self,
        icon: str | None,
        text: str,
        shortcut: QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        """An action of this window; a standard key gets every binding the platform has for
        it (Delete is Del and Ctrl+D on Linux), so the keys are those users know there."""
        action = for_toolbar(QAction(text, self))
        if icon:
            action.setIcon(_icon(icon))
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        return action

    def _build_actions(self) -> None:
        standard = QKeySequence.StandardKey
        self.action_get_mail = self._action("get-mail", self.tr("&Get Mail"))
        self.action_get_mail.setShortcuts(
            [*QKeySequence.keyBindings(standard.Refresh), QKeySequence("Ctrl+M")]
        )
        self.action_get_mail.setToolTip(self.tr("Get mail from all accounts (F5)"))
        self.action_get_mail.triggered.connect(lambda: self.fetcher.get_mail())
        self.action_write = self._action("write", self.tr("&Write"), standard.New)
        self.action_write.triggered.connect(lambda: self.compose_requested.emit("new", 0))
        self.action_open_message = self._action(None, self.tr("&Open"))
        self.action_open_message.triggered.connect(lambda: self._compose("open"))
        self.action_reply = self._action("reply", self.tr("&Reply"), "Ctrl+R")
        self.action_reply.triggered.connect(lambda: self._compose("reply"))
        self.action_reply_all = self._action("reply-all", self.tr("Reply &All"), "Ctrl+Shift+R")
        self.action_reply_all.triggered.connect(lambda: self._compose("reply_all"))
        self.action_forward = self._action("forward", self.tr("&Forward"), "Ctrl+L")
        self.action_forward.triggered.connect(lambda: self._compose("forward"))
        self.action_delete = self._action("delete", self.tr("&Delete"), standard.Delete)
        self.action_delete.triggered.connect(self.delete_selected)
        self.action_junk = self._action("junk", self.tr("Mark as &Junk"), "Ctrl+J")
        self.action_junk.triggered.connect(self.junk_selected)
        # Outlook's Ctrl+Q is Quit on Linux and macOS; Evolution's Ctrl+K is free everywhere.
        self.action_mark_read = self._action(None, self.tr("Mark as R&ead"), "Ctrl+K")
        self.action_mark_read.triggered.connect(lambda: self._set_flags(add="S"))
        self.action_mark_unread = self._action(None, self.tr("Mark as &Unread"), "Ctrl+U")
        self.action_mark_unread.triggered.connect(lambda: self._set_flags(remove="S"))
        self.action_flag = self._action(None, self.tr("&Flag"), "Ctrl+Shift+G")
        self.action_flag.triggered.connect(self._toggle_flag)
        self.action_find = self._action(None, self.tr("&Find…"), standard.Find)
        self.action_find.triggered.connect(lambda: self.search_box.setFocus())
        self.action_accounts = self._action(None, self.tr("&Accounts…"))
        self.action_accounts.triggered.connect(self.accounts_requested)
        self.action_options = self._action(None, self.tr("&Options…"), standard.Preferences)
        self.action_options.triggered.connect(self.options_requested)
        self.action_open = self._action(None, self.tr("&Open…"), standard.Open)
        self.action_open.triggered.connect(self.open_file)
        self.action_import = self._action(None, self.tr("&Import…"))
        self.action_import.triggered.connect(self.import_mail)
        self.action_reindex = self._action(None, self.tr("Re&build Index"))
        self.action_reindex.triggered.connect(self.rebuild_index)
        self.action_quit = self._action(None, self.tr("&Quit"), standard.Quit)
        self.action_quit.triggered.connect(self.quit_requested)
        self.action_about = self._action(None, self.tr("&About Hongyan"))
        self.action_about.triggered.connect(self._show_about)
        self._build_template_actions()
        self._message_actions = (
            self.action_open_message,
            self.action_reply,
            self.action_reply_all,
            self.action_forward,
            self.action_delete,
            self.action_junk,
            self.action_mark_read,
            self.action_mark_unread,
            self.action_flag,
        )
        self._build_folder_actions()
        self._update_actions()

    def _build_template_actions(self) -> None:
        """New Message from Template, Reply with Template (#20), Automatic Replies…, and
        the Outbox's Send Now and Change Send Time… (outbox_actions.py)."""
        self.new_from_template_menu = TemplateListMenu(
            self.context, self.tr("New &Message from Template"), self
        )
        self.new_from_template_menu.template_chosen.connect(
            lambda name: self.template_requested.emit(name, 0)
        )
        self.reply_template_menu = TemplateListMenu(
            self.context, self.tr("Reply with &Template"), self
        )
        self.reply_template_menu.template_chosen.connect(self._reply_with_template)
        self.action_auto_replies = self._action(None, self.tr("Automatic &Replies…"))
        self.action_auto_replies.triggered.connect(self.auto_replies_requested)
        self.outbox_actions = OutboxActions(self)

    def _reply_with_template(self, name: str) -> None:
        ids = self.selected_ids()
        if ids:
            self.template_requested.emit(name, ids[0])

    def reply_template_entry(self, _menu: QMenu) -> QMenu | None:
        """Reply with Template in the right-click menu, where Reply applies."""
        return self.reply_template_menu if self.action_reply.isEnabled() else None

    def _build_folder_actions(self) -> None:
        """The actions of the folder tree's menu; :meth:`folder_actions_for` aims them."""
        self._menu_folder: tuple[str, str | None] = ("Inbox", None)
        self.action_get_account_mail = self._action("get-mail", self.tr("&Get Mail"))
        self.action_get_account_mail.triggered.connect(self._get_menu_folder_mail)
        self.action_account_properties = self._action(None, self.tr("Account &Properties…"))
        self.action_account_properties.triggered.connect(
            lambda: self.account_properties_requested.emit(self._menu_folder[1] or "")
        )
        self.action_mark_folder_read = self._action(None, self.tr("Mark All as &Read"))
        self.action_mark_folder_read.triggered.connect(self._mark_menu_folder_read)
        self.action_empty_folder = self._action(None, self.tr("&Empty Trash…"))
        self.action_empty_folder.triggered.connect(self._empty_menu_folder)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.action_write)
        file_menu.addAction(self.action_open)
        self.get_mail_menu = QMenu(self.tr("Get Mail From"), self)
        self.get_mail_menu.aboutToShow.connect(self._fill_get_mail_menu)
        file_menu.addAction(self.action_get_mail)
        file_menu.addMenu(self.get_mail_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.action_import)
        file_menu.addAction(self.action_reindex)
        file_menu.addSeparator()
        file_menu.addAction(self.action_quit)
        edit_menu = bar.addMenu(self.tr("&Edit"))
        for action in (self.action_delete, self.action_junk, None, self.action_find):
            edit_menu.addAction(action) if action else edit_menu.addSeparator()
        message_menu = bar.addMenu(self.tr("&Message"))
        message_menu.addAction(self.action_write)
        message_menu.addMenu(self.new_from_template_menu)
        for action in (
            self.action_open_message,
            None,
            self.action_reply,
            self.action_reply_all,
            self.action_forward,
            None,
            self.action_mark_read,
            self.action_mark_unread,
            self.action_flag,
        ):
            message_menu.addAction(action) if action else message_menu.addSeparator()
        message_menu.insertMenu(self.action_reply_all, self.reply_template_menu)
        tools_menu = bar.addMenu(self.tr("&Tools"))
        tools_menu.addAction(self.action_accounts)
        tools_menu.addAction(self.action_auto_replies)
        tools_menu.addAction(self.action_options)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.action_about)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar(self.tr("Main toolbar"))
        toolbar.setObjectName("main-toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        self.addToolBar(toolbar)
        toolbar.addAction(self.action_write)
        toolbar.addAction(self.action_get_mail)
        button = toolbar.widgetForAction(self.action_get_mail)
        if isinstance(button, QToolButton):
            button.setMenu(self.get_mail_menu)
            button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        toolbar.addSeparator()
        for action in (self.action_reply, self.action_reply_all, self.action_forward):
            toolbar.addAction(action)
        for action, menu in (
            (self.action_write, self.new_from_template_menu),
            (self.action_reply, self.reply_template_menu),
        ):  # the arrow beside Write and Reply: with a template
            button = toolbar.widgetForAction(action)
            if isinstance(button, QToolButton):
                button.setMenu(menu)
                button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        toolbar.addSeparator()
        toolbar.addAction(self.action_delete)
        toolbar.addAction(self.action_junk)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.search_box: QLineEdit = QLineEdit()
        self.search_box.setPlaceholderText(self.tr("Search all mail"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(240)
        self.search_box.returnPressed.connect(self._search)
        self.search_box.textChanged.connect(lambda text: None if text else self._end_search())
        toolbar.addWidget(self.search_box)

    def _build_context_menus(self) -> None:
        for view, show in (
            (self.message_list, self._show_message_menu),
            (self.folder_view, self._show_folder_menu),
        ):
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(show)

    def message_menu(self) -> QMenu:
        """The right-click menu of the selected messages (see :mod:`context_menus`)."""
        self._update_actions()  # a flag may have changed since the selection did
        return context_menus.build_menu(context_menus.message_entries(self), self)

    def folder_menu(self, folder: str, account: str | None = None) -> QMenu:
        """The right-click menu of a folder (or an account's share of the Inbox)."""
        self.folder_actions_for(folder, account)
        return context_menus.build_menu(context_menus.folder_entries(self), self)

    def _show_message_menu(self, position: QPoint) -> None:
        index = self.message_list.indexAt(position)
        if not index.isValid():
            return
        if not self.message_list.selectionModel().isRowSelected(index.row()):
            self.select_row(index.row())  # as in every mail client: the row clicked
        menu = self.message_menu()
        if menu.actions():
            menu.exec(self.message_list.viewport().mapToGlobal(position))

    def _show_folder_menu(self, position: QPoint) -> None:
        index = self.folder_view.indexAt(position)
        folder = index.data(FOLDER_ROLE) if index.isValid() else None
        if not folder:
            return
        menu = self.folder_menu(str(folder), index.data(ACCOUNT_ROLE))
        if menu.actions():
            menu.exec(self.folder_view.viewport().mapToGlobal(position))

    def folder_actions_for(self, folder: str, account: str | None) -> None:
        """Aim the folder actions at ``folder`` and enable those that apply to it."""
        self._menu_folder = (folder, account)
        counts = self._counts
        info = next((f for f in counts.folders if f.name == folder), None) if counts else None
        unread = info.unread if info else 0
        if account is not None and counts is not None:
            unread = counts.inbox_unread.get(account, 0)
        self.action_get_account_mail.setEnabled(folder == "Inbox")
        self.action_get_account_mail.setText(
            self.tr("&Get Mail") if account is None else self.tr("&Get Mail From This Account")
        )
        self.action_account_properties.setEnabled(account is not None)
        self.action_mark_folder_read.setEnabled(unread > 0)
        self.action_empty_folder.setEnabled(folder in (TRASH, JUNK) and bool(info and info.total))
        self.action_empty_folder.setText(
            self.tr("&Empty Trash…") if folder == TRASH else self.tr("&Empty Junk…")
        )

    def _get_menu_folder_mail(self) -> None:
        _folder, account = self._menu_folder
        self.fetcher.get_mail([account] if account else None)

    def _mark_menu_folder_read(self) -> None:
        folder, account = self._menu_folder
        self._queue_change(lambda store: mark_folder_read(store, folder, account))

    def _empty_menu_folder(self) -> None:
        """Empty Trash or Junk for good, after the question Delete in Trash asks."""
        folder, _account = self._menu_folder
        seen = dict.fromkeys(self.context.store.all_ids(folder), folder)
        if not seen:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete for good"),
            self.tr("Delete %n message(s) for good? This cannot be undone.", "", len(seen)),
        )
        if answer == QMessageBox.StandardButton.Yes:  # what arrived since the question stays
            self._queue_change(lambda store: delete_for_good(store, seen))

    def _fill_get_mail_menu(self) -> None:
        self.get_mail_menu.clear()
        all_action = self.get_mail_menu.addAction(self.tr("All Accounts"))
        all_action.triggered.connect(lambda: self.fetcher.get_mail())
        self.get_mail_menu.addSeparator()
        for account in self.context.accounts:
            action = self.get_mail_menu.addAction(account.name)
            action.triggered.connect(
                lambda _=False, name=account.name: self.fetcher.get_mail([name])
            )

    # -- folders and messages --------------------------------------------------------------
    def refresh_folders(self) -> None:
        store = self.context.store
        self._show_counts(folder_counts(store.connection, store.root))

    def _show_counts(self, counts: FolderCounts) -> None:
        self._counts = counts
        accounts = [(a.name, counts.inbox_unread.get(a.name, 0)) for a in self.context.accounts]
        if self.folder_model.rebuild(counts.folders, accounts):
            self.folder_view.expandAll()
            item = self.folder_model.find(*self._folder)
            if item is not None:
                self.folder_view.setCurrentIndex(item.index())

    def refresh_while_mail_arrives(self) -> None:
        """Mail is being written by a fetch: show it without making the window wait.

        The counts of every folder are read in a worker (a pass over the whole index); the
        tree is updated when they arrive, and the list one event-loop turn later, so no
        single slot does both.
        """
        self._count_in_worker(list_after=True)

    def refresh(self) -> None:
        """The store changed (a user's change): the list now, keeping the selection; the
        folder counts from a worker (with 100 000 messages the count takes too long for
        the GUI thread). Nothing once the app is closing: a send or fetch that ends while
        the store closes still reports its change."""
        if self.context.closed:
            return
        if not self.search_box.text().strip():
            self.message_model.refresh()
        self._hide_pending_rows()
        self._count_in_worker(list_after=False)
        self.outbox_actions.refresh()

    def _count_in_worker(self, *, list_after: bool) -> None:
        """Count the folders in a worker; requests while one runs become one more count."""
        self._list_after_count = self._list_after_count or list_after
        if self._counting:
            self._count_again = True
            return
        self._counting = True
        self._count_again = False
        root = self.context.store.root
        self.context.tasks.run(
            op=lambda control: read_folder_counts(root),
            success=self._counted,
            failure=lambda message: self._counted(None),
        )

    def _counted(self, counts: FolderCounts | None) -> None:
        self._counting = False
        if self._closing:
            return
        if self._count_again:  # the store changed meanwhile: these counts are old already
            QTimer.singleShot(0, lambda: self._count_in_worker(list_after=False))
            return
        if self.context.store_moving:
            return
        if counts is not None and counts.folders and self.context.store.root.exists():
            self._show_counts(counts)
        if self._list_after_count:
            self._list_after_count = False
            QTimer.singleShot(0, self._refresh_list)

    def _refresh_list(self) -> None:
        if not self.search_box.text().strip() and not self._closing:
            self.message_model.refresh()
            self._hide_pending_rows()

    def _refresh_accounts(self) -> None:
        self.refresh_folders()

    def open_folder(self, folder: str, account: str | None = None) -> None:
        self._folder = (folder, account)
        self.search_box.blockSignals(True)
        self.search_box.clear()
        self.search_box.blockSignals(False)
        self._use_columns_of(folder)
        self.message_model.set_source(FolderSource(self.context.store, folder, account))
        self._hide_pending_rows()
        self._clear_reading()
        item = self.folder_model.find(folder, account)
        if item is not None:
            self.folder_view.setCurrentIndex(item.index())
        self.setWindowTitle(account or folder_title(folder))
        self._update_actions()
        self._update_hints()
        self.outbox_actions.refresh()

    def _use_columns_of(self, key: str) -> None:
        """Show the list with the column widths, order and sort the user left for ``key`` (a
        folder, or search results), keeping those of the folder left behind."""
        if key == self._columns_key:
            return
        header = self.message_list.horizontalHeader()
        if self._columns_key is not None:
            self.layout_memory.save_columns(self._columns_key, header)
        self._columns_key = key
        # The list is emptied first: a sort indicator set now must not sort (read again) the
        # folder being left; the folder or search shown next is read in the remembered order.
        self.message_model.set_source(None)
        if not self.layout_memory.restore_columns(key, header):
            self._default_columns(header)
        for column, name in enumerate(COLUMN_KEYS):
            self.message_list.setColumnHidden(
                column,
                (name in SEARCH_COLUMNS) != (key == SEARCH_LAYOUT)
                or (name in OUTBOX_COLUMNS and key != OUTBOX),
            )
        self.message_model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())

    def _default_columns(self, header: QHeaderView) -> None:
        header.setSortIndicator(COLUMN_KEYS.index("date"), Qt.SortOrder.DescendingOrder)
        for column, key in enumerate(COLUMN_KEYS):
            width = {"attachment": 26, "flag": 26, "from": 200, "folder": 110, "date": 130,
                     "send_at": 210}  # fmt: skip
            if key in width:
                header.resizeSection(column, width[key])
            elif key == "size":
                header.resizeSection(column, 70)

    def _clear_reading(self) -> None:
        self._reader.forget()
        self.reading_stack.setCurrentIndex(0)
        count = len(self.message_list.selectionModel().selectedRows())
        self.reading_hint.setText(
            self.tr("%n message(s) selected", "", count)
            if count > 1
            else self.tr("Select a message to read it here.")
        )

    def _update_hints(self) -> None:
        """Say what to do where there is nothing to show: an empty folder, no search result."""
        if self.message_model.rowCount() > 0:
            self.list_hint.hide()
            return
        folder, _account = self._folder
        if self.search_box.text().strip():
            text = self.tr("No message matches your search.")
        elif not self.context.accounts.names():
            text = self.tr("Add your mail account with Tools → Accounts… to get your mail.")
        elif folder == "Inbox":
            text = self.tr("No messages. Click Get Mail to get your new mail.")
        else:
            text = self.tr("This folder is empty.")
        self.list_hint.setText(text)
        self.list_hint.show()

    def reading_text(self) -> str:
        """The text of the message shown, or '' (what a screen reader or a test reads)."""
        if self.reading_stack.currentWidget() is not self.message_pane:
            return ""
        return self.message_pane.browser.toPlainText()

    def _store_closing(self) -> None:
        self._mark_read_timer.stop()
        self.message_model.set_source(None)
        self._clear_reading()
        self.folder_model.clear()

    @property
    def current_folder(self) -> str:
        return self._folder[0]

    def _folder_clicked(self, index: QModelIndex) -> None:
        folder = index.data(FOLDER_ROLE)
        if folder:
            self.open_folder(folder, index.data(ACCOUNT_ROLE))

    def _search(self) -> None:
        query = self.search_box.text().strip()
        if not query:
            self._end_search()
            return
        self._use_columns_of(SEARCH_LAYOUT)
        try:
            self.message_model.set_source(SearchSource(self.context.store, query))
            self._hide_pending_rows()
        except HongyanError as exc:
            self.statusBar().showMessage(core_text(exc), 8000)
        # The results come from every folder: no folder is highlighted meanwhile.
        self.folder_view.selectionModel().clearSelection()
        self.folder_view.setCurrentIndex(QModelIndex())
        self.setWindowTitle(self.tr("Search results"))
        self._clear_reading()
        self._update_actions()
        self._update_hints()
        self._search_incomplete = self.context.store.pending_count()
        if self._search_incomplete:  # shown with what is indexed; searched again after
            self.statusBar().showMessage(
                self.tr("Still indexing %n new message(s) for search", "", self._search_incomplete)
            )

    def _search_index_updated(self) -> None:
        """New mail became searchable: a search made before then is run again."""
        if self._search_incomplete and self.search_box.text().strip() and not self._closing:
            self.statusBar().clearMessage()
            self._search()

    def _end_search(self) -> None:
        self.open_folder(*self._folder)

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.message_list.selectionModel().selectedRows()})
        return [i for i in (self.message_model.message_id(r) for r in rows) if i is not None]

    def select_row(self, row: int) -> None:
        index = self.message_model.index(row, 0)
        self.message_list.setCurrentIndex(index)
        self.message_list.scrollTo(index)

    def _selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        self._update_actions()
        ids = self.selected_ids()
        if len(ids) != 1:
            self._clear_reading()
            return
        try:
            path = self.context.store.path(ids[0])
        except HongyanError as exc:
            self._show_read_failure(ids[0], core_text(exc))
            return
        self._reader.read(ids[0], path)  # in a worker (see message_reader)

    def _show_message(self, message_id: Wanted, data: bytes) -> None:
        if self._closing:
            return
        view = self.message_pane.show_message(data)
        self.reading_stack.setCurrentWidget(self.message_pane)
        if view.remote_blocked and self.context.settings.get("remote_content") == "load":
            self.message_pane.bar.load_once_was_clicked.emit()
        self._mark_read_timer.start(MARK_READ_AFTER_MS)

    def _show_read_failure(self, message_id: Wanted, text: str) -> None:
        self._clear_reading()
        self.statusBar().showMessage(text, 8000)

    def _mark_current_read(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            message = self.context.store.get(ids[0])
            if "S" not in message.flags:
                self._set_flags(add="S")

    def _update_actions(self) -> None:
        rows = self.message_list.selectionModel().selectedRows()
        for action in self._message_actions:
            action.setEnabled(bool(rows))
        folders = {self._row_folder(index.row()) for index in rows}
        self.action_junk.setEnabled(bool(folders) and not folders & set(NEVER_JUNK))
        # Read and unread apply to what is not so already (all rows of a big selection are
        # not looked at: the first ones tell, as the menu is for what the user sees).
        seen = {
            "S" in message.flags
            for index in rows[:PAGE_SIZE]
            if (message := self.message_model.message(index.row())) is not None
        }
        self.action_mark_read.setEnabled(False in seen or len(rows) > PAGE_SIZE)
        self.action_mark_unread.setEnabled(True in seen or len(rows) > PAGE_SIZE)
        self.reply_template_menu.setEnabled(bool(rows))
        self.outbox_actions.update_actions()

    def _row_folder(self, row: int) -> str:
        """The folder of the message in ``row`` (a search result's own, else the open one)."""
        message = self.message_model.message(row)
        return str(getattr(message, "folder", None) or self.current_folder)

    # -- commands --------------------------------------------------------------------------
    def _compose(self, kind: str) -> None:
        ids = self.selected_ids()
        if ids:
            self.compose_requested.emit(kind, ids[0])

    def _set_flags(self, *, add: str = "", remove: str = "") -> None:
        """Mark the selection (read, unread, flagged) in a worker, one change after another.

        A write waits for the index's write lock, which a fetch holds while it commits a
        batch: on the GUI thread that wait would freeze the window (marking read happens by
        itself while the user reads during Get Mail). Flag changes are idempotent, so the
        list showing the old state for a moment is harmless.
        """
        ids = self.selected_ids()
        if ids:
            self._queue_change(lambda store: store.set_flags(ids, add=add, remove=remove))

    def _queue_change(self, change: Callable[[Store], None]) -> None:
        self._store_changes.append(change)
        if len(self._store_changes) == 1:
            self._next_store_change()

    def _next_store_change(self) -> None:
        if not self._store_changes:
            return
        change = self._store_changes[0]
        root = self.context.store.root

        def run(control: TaskControl) -> None:
            with worker_store(root) as store:
                change(store)

        self.context.tasks.run(
            op=run, success=self._store_change_done, failure=self._store_change_failed
        )

    def _store_change_done(self, _: object = None) -> None:
        self._store_changes.pop(0)
        if not self._store_changes:  # every hidden message is gone from the list (or back)
            for row in self._hidden.values():
                if row is not None:
                    self.message_list.setRowHidden(row, False)
            self._hidden.clear()
        if not self._closing:
            self.context.signals.store_did_change.emit()
        self._next_store_change()

    def _store_change_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)
        self._store_change_done()

    def _hide_pending_rows(self) -> None:
        """Rows of messages a queued Delete or Junk will move stay hidden until it has."""
        for row in self._hidden.values():
            if row is not None:
                self.message_list.setRowHidden(row, False)
        rows = self.message_model.rows_of(self._hidden)
        for message_id in self._hidden:
            row = rows.get(message_id)
            self._hidden[message_id] = row
            if row is not None:
                self.message_list.setRowHidden(row, True)

    def _take_selection(self) -> dict[int, str]:
        """The selected messages with the folder each was seen in; their rows vanish now and
        the message below them (above, at the end) is selected and shown, as Outlook
        Express and Thunderbird do after Delete, so the user reads on."""
        seen: dict[int, str] = {}
        rows = {index.row() for index in self.message_list.selectionModel().selectedRows()}
        for row_number in rows:
            row = self.message_model.message(row_number)
            if row is not None:
                seen[row.id] = str(getattr(row, "folder", self.current_folder))
        following = self._row_after(rows)
        self.message_list.clearSelection()
        self._clear_reading()
        self._hidden.update(dict.fromkeys(seen))
        self._hide_pending_rows()
        if following is not None:  # hiding rows keeps every row's number
            self.select_row(following)
        return seen

    def _row_after(self, leaving: set[int]) -> int | None:
        """The row to show once the rows ``leaving`` are gone: the first visible row below
        the last of them, else the nearest visible row above the first; None if none."""
        if not leaving:
            return None
        below = range(max(leaving) + 1, self.message_model.rowCount())
        above = range(min(leaving) - 1, -1, -1)
        for row in itertools.chain(below, above):
            if row not in leaving and not self.message_list.isRowHidden(row):
                return row
        return None

    def _toggle_flag(self) -> None:
        ids = self.selected_ids()
        if ids:
            flagged = "F" in self.context.store.get(ids[0]).flags
            self._set_flags(remove="F") if flagged else self._set_flags(add="F")

    def delete_selected(self) -> None:
        """Move the selection to Trash (delete for good when already there), in a worker.

        The rows vanish at once; the change runs after those queued before it and moves only
        messages still in the folder the user saw them in. So a quick second Delete can never
        delete for good a message the first one has just put in Trash: deleting for good
        happens only from the Trash, after the question.
        """
        ids = self.selected_ids()
        if not ids:
            return
        if self.current_folder == TRASH and not self.search_box.text().strip():
            answer = QMessageBox.question(
                self,
                self.tr("Delete for good"),
                self.tr("Delete %n message(s) for good? This cannot be undone.", "", len(ids)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            seen = self._take_selection()
            self._queue_change(lambda store: delete_for_good(store, seen))
            return
        seen = self._take_selection()
        self._queue_change(lambda store: move_where_seen(store, seen, TRASH))

    def delete_message(self, message_id: int, asking: QWidget) -> Deleted | None:
        """Delete one message from its own window, in the same queue as Delete (None: kept).

        As :meth:`delete_selected`: to Trash, or for good from Trash after asking ``asking``.
        The window moves on to the message that follows it in the list (as Thunderbird's
        message window does); when it is the message selected here, the list moves on too.
        """
        try:
            seen = {message_id: self.context.store.get(message_id).folder}
        except HongyanError as exc:
            QMessageBox.warning(asking, self.tr("Cannot delete"), core_text(exc))
            return None
        if seen[message_id] == TRASH:
            answer = QMessageBox.question(
                asking,
                self.tr("Delete for good"),
                self.tr("Delete %n message(s) for good? This cannot be undone.", "", 1),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        row = self.message_model.find_row(message_id)
        following = self._row_after({row}) if row is not None else None
        next_id = self.message_model.message_id(following) if following is not None else None
        if self.selected_ids() == [message_id]:
            self._take_selection()
        else:
            self._hidden[message_id] = None
            self._hide_pending_rows()
        if seen[message_id] == TRASH:
            self._queue_change(lambda store: delete_for_good(store, seen))
        else:
            self._queue_change(lambda store: move_where_seen(store, seen, TRASH))
        return Deleted(next_id)

    def mark_read(self, message_id: int) -> None:
        """Mark a message opened in its own window read, in the store-change queue."""
        self._queue_change(lambda store: store.set_flags([message_id], add="S"))

    def junk_selected(self) -> None:
        """Move the selection to Junk, in a worker (as Delete)."""
        if self.selected_ids():
            seen = self._take_selection()
            self._queue_change(lambda store: move_where_seen(store, seen, JUNK))

    def open_file(self) -> None:
        """File → Open…: choose a saved message (an .eml file) to read in its own window."""
        name, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Open a Saved Message"),
            "",
            self.tr("Mail messages (*.eml);;All files (*)"),
        )
        if name:
            self.file_open_requested.emit(Path(name))

    def import_mail(self) -> None:
        """File → Import…: ask what and where, then import in a worker (status bar, Cancel)."""
        if self.store_jobs.busy(IMPORT_KEY):
            self.status_panel.message.setText(self.tr("An import is already running."))
            return
        dialog = ImportDialog(self.context.store.folders(), self.current_folder, self)
        if not dialog.exec() or not dialog.sources:
            return
        if not self.store_jobs.start_import(dialog.sources, dialog.folder):
            self.status_panel.message.setText(
                self.tr("The mail store is busy; try the import again when it is done.")
            )

    def rebuild_index(self) -> None:
        """File → Rebuild Index: after a confirmation, in a worker, with Cancel (store_jobs)."""
        answer = QMessageBox.question(
            self,
            self.tr("Rebuild Index"),
            self.tr(
                "Hongyan will read every message again to rebuild its index (the list, the "
                "counts and search). Your messages are not changed. With a lot of mail this "
                "takes a while; you can keep reading meanwhile, and Cancel leaves the index "
                "as it was.\n\nRebuild the index now?"
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        if not self.store_jobs.start_reindex():
            self.status_panel.message.setText(
                self.tr("The mail store is busy; try again when the current work is done.")
            )

    def _store_job_finished(self, key: str, ok: bool, message: str) -> None:
        if not ok:
            title = self.tr("Import failed") if key == IMPORT_KEY else self.tr("Rebuild failed")
            QMessageBox.warning(self, title, message)

    def _show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Hongyan"),
            self.tr(
                "Hongyan {version}\nA POP3/SMTP mail client that keeps your mail on your disk."
            ).replace("{version}", __version__),
        )

    def save_layout(self) -> None:
        """Remember the window, its splitters and the list's columns (``layout.ini``)."""
        if self._columns_key is not None:
            self.layout_memory.save_columns(self._columns_key, self.message_list.horizontalHeader())
        self.layout_memory.save_window(self, self._splitters() if self._shown else {})

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._shown:
            self._shown = True
            self.layout_memory.restore_splitters(self._splitters())
        # The frame is known once the window manager has framed the window, which it does in
        # its own time: look again a moment later.
        for delay in (0, 500):
            QTimer.singleShot(delay, self, lambda: self.layout_memory.keep_on_screen(self))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self._closing:
            self.save_layout()
        self._closing = True
        self._mark_read_timer.stop()
        super().closeEvent(event)


def _folder_now(store: Store, message_id: int) -> str | None:
    try:
        return store.get(message_id).folder
    except HongyanError:
        return None


def move_where_seen(store: Store, seen: dict[int, str], folder: str) -> None:
    """Move to ``folder`` the messages still in the folder the user saw them in (worker)."""
    ids = [i for i, was in seen.items() if was != folder and _folder_now(store, i) == was]
    if folder == TRASH:
        ids = [i for i in ids if seen[i] != TRASH]
    store.move(ids, folder)


def delete_for_good(store: Store, seen: dict[int, str]) -> None:
    """Delete for good the messages the user saw in Trash (or Junk, emptying it) and still
    there (worker)."""
    store.delete(
        [i for i, was in seen.items() if was in (TRASH, JUNK) and _folder_now(store, i) == was]
    )


def mark_folder_read(store: Store, folder: str, account: str | None) -> None:
    """Mark read every unread message of ``folder`` (of ``account``'s share) (worker)."""
    ids = [
        row.id
        for row in store.list(folder)
        if not row.seen and (account is None or row.account == account)
    ]
    if ids:
        store.set_flags(ids, add="S")
