"""Quick search while the bodies of fetched mail are still being indexed (core/store/pending.py).

The search shows what is indexed already with a note in the status bar; when the background
pass (a child process started by the fetcher) ends, the search runs again and finds the rest.
"""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from hongyan.core.store import DeliveryBatch
from hongyan.gui.context import AppContext
from hongyan.gui.main_window import MainWindow
from support.mail import message


def _fetched(context: AppContext, count: int) -> None:
    """Deliver as a fetch does: listed at once, bodies pending."""
    store = context.store
    with DeliveryBatch(store.root, store.connection, "Inbox", "work", defer_body=True) as batch:
        for n in range(count):
            batch.write([message(subject=f"Fetched {n}", body=f"the wombat report {n}")])
        batch.commit()


def test_a_search_during_indexing_says_so_and_runs_again_when_it_is_done(
    qtbot: QtBot, context: AppContext
) -> None:
    context.store.add("Inbox", message(subject="Old", body="an older wombat note"))
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    _fetched(context, 3)
    assert window.fetcher.indexing is None  # started before the mail came: nothing pending
    window.search_box.setText("wombat")
    window._search()
    assert window.message_model.rowCount() == 1  # what is searchable already
    assert window.statusBar().currentMessage() == "Still indexing 3 new messages for search"
    with qtbot.waitSignal(window.fetcher.search_index_did_update, timeout=60_000):
        window.fetcher.index_new_mail()
    assert window.message_model.rowCount() == 4
    assert window.statusBar().currentMessage() == ""
    assert context.store.pending_count() == 0
