"""The main window: folder tree, message list and message view, as in Outlook Express.

It holds no mail logic: the list is a :class:`MessageListModel` over the store, Get Mail is
the :class:`MailFetcher`, writing is the :class:`ComposeWindow`; this module wires them to
the toolbar, the menus and the standard shortcuts.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
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
from hongyan.core.resources import resource_path
from hongyan.core.store import Store
from hongyan.core.store.maildir import TRASH
from hongyan.gui.context import AppContext
from hongyan.gui.drafts_opener import open_on_activation
from hongyan.gui.fetch_status import StatusPanel
from hongyan.gui.folder_model import ACCOUNT_ROLE, FOLDER_ROLE, FolderTreeModel
from hongyan.gui.i18n import core_text
from hongyan.gui.import_dialog import ImportDialog
from hongyan.gui.mail_fetcher import MailFetcher
from hongyan.gui.message_model import COLUMN_KEYS, MessageListModel
from hongyan.gui.message_pane import MessagePane
from hongyan.gui.message_reader import MessageReader, Wanted
from hongyan.gui.message_window import Deleted
from hongyan.gui.outgoing import worker_store
from hongyan.gui.store_jobs import IMPORT_KEY, StoreJobs
from hongyan.gui.store_source import (
    FolderCounts,
    FolderSource,
    SearchSource,
    folder_counts,
    read_folder_counts,
)
from hongyan.gui.tasks import TaskControl

JUNK = "Junk"

#: Mark a message read after it has been shown this long (as Outlook Express did).
MARK_READ_AFTER_MS = 1500


def _icon(name: str) -> QIcon:
    return QIcon(str(resource_path("icons", f"{name}.svg")))


class MainWindow(QMainWindow):
    """The three-pane window every other part of the interface hangs off.

    Signals:
        compose_requested: (kind, message id) — "new", "reply", "reply_all", "forward" or
            "open" (double-click/Enter: a draft or Outbox message to edit, else the message
            in its own window).
        options_requested: the user chose Tools → Options.
        accounts_requested: the user chose Tools → Accounts.
        file_open_requested: (path) File → Open… chose a saved message file to read.
        language_did_change: the language setting changed; the window is rebuilt.
    """

    compose_requested = Signal(str, int)
    options_requested = Signal()
    accounts_requested = Signal()
    quit_requested = Signal()
    file_open_requested = Signal(Path)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Hongyan"))
        self.resize(1180, 760)
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

        self._build_views()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
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
        self.message_list.setSortingEnabled(True)
        header = self.message_list.horizontalHeader()
        header.setSortIndicator(COLUMN_KEYS.index("date"), Qt.SortOrder.DescendingOrder)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(False)
        for column, key in enumerate(COLUMN_KEYS):
            if key in ("attachment", "flag"):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
                header.resizeSection(column, 26)
        header.setSectionResizeMode(COLUMN_KEYS.index("subject"), QHeaderView.ResizeMode.Stretch)
        header.resizeSection(COLUMN_KEYS.index("from"), 200)
        header.resizeSection(COLUMN_KEYS.index("date"), 140)
        header.resizeSection(COLUMN_KEYS.index("size"), 70)
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
        self.reading_stack = QStackedWidget()
        self.reading_stack.addWidget(QWidget())
        self.reading_stack.addWidget(self.message_pane)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.message_list)
        right.addWidget(self.reading_stack)
        right.setSizes([320, 440])
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(self.folder_view)
        main.addWidget(right)
        main.setStretchFactor(1, 1)
        main.setSizes([260, 920])
        self.setCentralWidget(main)

    def _action(
        self,
        icon: str | None,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if icon:
            action.setIcon(_icon(icon))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        return action

    def _build_actions(self) -> None:
        self.action_get_mail = self._action("get-mail", self.tr("&Get Mail"), "F5")
        self.action_get_mail.setShortcuts([QKeySequence("F5"), QKeySequence("Ctrl+M")])
        self.action_get_mail.setToolTip(self.tr("Get mail from all accounts (F5)"))
        self.action_get_mail.triggered.connect(lambda: self.fetcher.get_mail())
        self.action_write = self._action("write", self.tr("&Write"), "Ctrl+N")
        self.action_write.triggered.connect(lambda: self.compose_requested.emit("new", 0))
        self.action_reply = self._action("reply", self.tr("&Reply"), "Ctrl+R")
        self.action_reply.triggered.connect(lambda: self._compose("reply"))
        self.action_reply_all = self._action("reply-all", self.tr("Reply &All"), "Ctrl+Shift+R")
        self.action_reply_all.triggered.connect(lambda: self._compose("reply_all"))
        self.action_forward = self._action("forward", self.tr("&Forward"), "Ctrl+L")
        self.action_forward.triggered.connect(lambda: self._compose("forward"))
        self.action_delete = self._action(
            "delete", self.tr("&Delete"), QKeySequence.StandardKey.Delete
        )
        self.action_delete.triggered.connect(self.delete_selected)
        self.action_junk = self._action("junk", self.tr("Mark as &Junk"), "Ctrl+J")
        self.action_junk.triggered.connect(self.junk_selected)
        self.action_mark_read = self._action(None, self.tr("Mark as R&ead"), "Ctrl+Q")
        self.action_mark_read.triggered.connect(lambda: self._set_flags(add="S"))
        self.action_mark_unread = self._action(None, self.tr("Mark as &Unread"), "Ctrl+U")
        self.action_mark_unread.triggered.connect(lambda: self._set_flags(remove="S"))
        self.action_flag = self._action(None, self.tr("&Flag"), "Ctrl+Shift+G")
        self.action_flag.triggered.connect(self._toggle_flag)
        self.action_find = self._action(None, self.tr("&Find…"), QKeySequence.StandardKey.Find)
        self.action_find.triggered.connect(lambda: self.search_box.setFocus())
        self.action_accounts = self._action(None, self.tr("&Accounts…"))
        self.action_accounts.triggered.connect(self.accounts_requested)
        self.action_options = self._action(None, self.tr("&Options…"))
        self.action_options.triggered.connect(self.options_requested)
        self.action_open = self._action(None, self.tr("&Open…"), QKeySequence.StandardKey.Open)
        self.action_open.triggered.connect(self.open_file)
        self.action_import = self._action(None, self.tr("&Import…"))
        self.action_import.triggered.connect(self.import_mail)
        self.action_reindex = self._action(None, self.tr("Re&build Index"))
        self.action_reindex.triggered.connect(self.rebuild_index)
        self.action_quit = self._action(None, self.tr("&Quit"), QKeySequence.StandardKey.Quit)
        self.action_quit.triggered.connect(self.quit_requested)
        self.action_about = self._action(None, self.tr("&About Hongyan"))
        self.action_about.triggered.connect(self._show_about)
        self._message_actions = (
            self.action_reply,
            self.action_reply_all,
            self.action_forward,
            self.action_delete,
            self.action_junk,
            self.action_mark_read,
            self.action_mark_unread,
            self.action_flag,
        )
        self._update_actions()

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
        for action in (
            self.action_write,
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
        tools_menu = bar.addMenu(self.tr("&Tools"))
        tools_menu.addAction(self.action_get_mail)
        tools_menu.addSeparator()
        tools_menu.addAction(self.action_accounts)
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
        the GUI thread)."""
        if not self.search_box.text().strip():
            self.message_model.refresh()
        self._hide_pending_rows()
        self._count_in_worker(list_after=False)

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
        self.message_model.set_source(FolderSource(self.context.store, folder, account))
        self._hide_pending_rows()
        self._clear_reading()
        item = self.folder_model.find(folder, account)
        if item is not None:
            self.folder_view.setCurrentIndex(item.index())
        self._update_actions()

    def _clear_reading(self) -> None:
        self._reader.forget()
        self.reading_stack.setCurrentIndex(0)

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
        try:
            self.message_model.set_source(SearchSource(self.context.store, query))
            self._hide_pending_rows()
        except HongyanError as exc:
            self.statusBar().showMessage(core_text(exc), 8000)
        self._clear_reading()
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
        has_selection = bool(self.message_list.selectionModel().selectedRows())
        for action in self._message_actions:
            action.setEnabled(has_selection)

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

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
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
    """Delete for good the messages the user saw in Trash and still there (worker)."""
    store.delete([i for i, was in seen.items() if was == TRASH and _folder_now(store, i) == TRASH])
