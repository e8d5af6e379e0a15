"""A stand-in running Hongyan for single-instance tests: it owns the server and logs requests.

Run as ``python tests/gui/instance_server.py LOG``: becomes the running instance for the
profile in ``HONGYAN_HOME``, prints ``ready``, and appends every request it receives to LOG
as one JSON line, until it is terminated.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer

from hongyan.core.integration.requests import LaunchRequest
from hongyan.core.paths import app_paths
from hongyan.gui.single_instance import SingleInstance


def main(log: Path) -> int:
    app = QCoreApplication(sys.argv[:1])
    instance = SingleInstance(app_paths())
    if not instance.claim(LaunchRequest.show()):
        print("handed off", flush=True)
        return 3

    def record(request: LaunchRequest) -> None:
        with log.open("a", encoding="utf-8") as handle:
            handle.write(request.to_json() + "\n")

    instance.request_did_arrive.connect(record)
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    timer = QTimer()  # runs a little Python now and then, so the SIGTERM handler gets to run
    timer.timeout.connect(lambda: None)
    timer.start(100)
    print("ready", flush=True)
    code = app.exec()
    instance.close()
    return code


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
