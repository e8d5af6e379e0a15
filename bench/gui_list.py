"""How fast the message list opens a 100 000-message folder (target: under 300 ms).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui_list.py [--messages N]``

The store is built once into ``$HONGYAN_BENCH_DIR`` (default: a folder in the system temp
dir) and reused. Figures, side by side:

- Hongyan's virtual model (:class:`MessageListModel` over the index): open the folder and
  paint the first screen; jump to the end; sort by subject; jump back to the top.
- The reference: the whole folder read with ``Store.list`` into a plain Qt list model, the
  way a list is usually filled.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QApplication, QListView, QTableView

from hongyan.core.store import Store
from hongyan.gui.message_model import COLUMN_KEYS, MessageListModel
from hongyan.gui.store_source import FolderSource


def build_store(root: Path, count: int) -> None:
    """Write ``count`` small messages straight into the Maildir; the first open indexes them."""
    cur = root / "cur"
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    start = datetime(2020, 1, 1, tzinfo=UTC).timestamp()
    for n in range(count):
        when = datetime.fromtimestamp(start + n * 600, UTC)
        data = (
            f"From: Sender {n % 977} <s{n % 977}@example.test>\n"
            f"To: me@example.test\nSubject: Message number {n} about topic {n % 131}\n"
            f"Date: {format_datetime(when)}\nMessage-ID: <b{n}@example.test>\n"
            "Content-Type: text/plain; charset=utf-8\n\n"
            f"Body {n}.\n"
        ).encode()
        (
            cur / f"{1_600_000_000 + n}.M{n}P1.bench,S={len(data)}:2,{'S' if n % 3 else ''}"
        ).write_bytes(data)


def timed(label: str, action, app: QApplication) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    action()
    app.processEvents()
    elapsed = (time.perf_counter() - started) * 1000
    print(f"  {label:<46} {elapsed:9.1f} ms")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("--messages", type=int, default=100_000)
    args = parser.parse_args()
    base = Path(os.environ.get("HONGYAN_BENCH_DIR", Path(tempfile.gettempdir()) / "hongyan-bench"))
    root = base / f"store-{args.messages}"
    if not (root / "index.sqlite").exists():
        print(f"building a store of {args.messages} messages in {root} (once)…")
        started = time.perf_counter()
        build_store(root, args.messages)
        with Store.open(root):
            pass
        print(f"  built and indexed in {time.perf_counter() - started:.0f} s")

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    with Store.open(root) as store:
        count = store.count("Inbox")
        print(f"\nfolder of {count} messages")
        print("Hongyan (virtual model over the index):")
        model = MessageListModel()
        view = QTableView()  # as the main window uses it
        view.verticalHeader().hide()
        view.setModel(model)
        view.resize(1000, 600)
        view.show()
        opened = timed(
            "open the folder and paint the first rows",
            lambda: model.set_source(FolderSource(store, "Inbox")),
            app,
        )
        timed("jump to the last message", lambda: view.scrollToBottom(), app)
        timed(
            "sort by subject",
            lambda: view.sortByColumn(COLUMN_KEYS.index("subject"), Qt.SortOrder.AscendingOrder),
            app,
        )
        timed("jump back to the top", lambda: view.scrollToTop(), app)

        print("reference (every row read with Store.list into a QStringListModel):")
        standard = QStringListModel()
        reference_view = QListView()
        reference_view.setUniformItemSizes(True)
        reference_view.setModel(standard)
        reference_view.show()

        def fill() -> None:
            standard.setStringList(
                [f"{r.from_name}\t{r.subject}\t{r.date}" for r in store.list("Inbox")]
            )

        reference = timed("open the folder (every row loaded)", fill, app)
        verdict = "PASS" if opened < 300 else "FAIL"
        print(
            f"\nopen: {opened:.1f} ms vs reference {reference:.1f} ms; target < 300 ms: {verdict}"
        )


if __name__ == "__main__":
    main()
