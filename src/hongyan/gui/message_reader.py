"""Reading a message's file off the GUI thread, for every view that shows one.

While a fetch fsyncs, one small read on the GUI thread was measured at 160 ms
(``bench/gui_stall.py --trace``). So the reading pane, the message window and File → Open
all read through a :class:`MessageReader`: the read runs on the task runner, and only the
bytes of the newest request are shown, so a reader who has moved on never sees an older
message arrive over the one they chose. A huge message arrives with its large parts cut
(core/message/large.py: plan G67).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path

from hongyan.core.message.large import read_for_reading
from hongyan.core.store.maildir import locate_message_file
from hongyan.gui.tasks import TaskRunner

#: What was asked for: a stored message's id, or the path of a file opened from disk.
Wanted = Hashable


class MessageReader:
    """Reads one message at a time for one view; a newer request replaces an older one.

    Args:
        tasks: the app's task runner.
        did_read: called on the GUI thread with (what was asked for, the raw bytes).
        did_fail: called on the GUI thread with (what was asked for, a sentence).
    """

    def __init__(
        self,
        tasks: TaskRunner,
        did_read: Callable[[Wanted, bytes], None],
        did_fail: Callable[[Wanted, str], None],
    ) -> None:
        self._tasks = tasks
        self._did_read = did_read
        self._did_fail = did_fail
        self.wanted: Wanted | None = None

    def read(self, wanted: Wanted, path: Path) -> None:
        """Read ``path`` in a worker and hand its bytes over unless something newer was asked."""
        self.wanted = wanted
        self._tasks.run(
            op=lambda control: read_for_reading(path, locate=locate_message_file),
            success=lambda data: self._arrived(wanted, data),
            failure=lambda text: self._failed(wanted, text),
        )

    def forget(self) -> None:
        """Nothing is wanted any more (the view was cleared or closed): drop what arrives."""
        self.wanted = None

    def _arrived(self, wanted: Wanted, data: bytes) -> None:
        if wanted == self.wanted:
            self.wanted = None
            self._did_read(wanted, data)

    def _failed(self, wanted: Wanted, text: str) -> None:
        if wanted == self.wanted:
            self.wanted = None
            self._did_fail(wanted, text)
