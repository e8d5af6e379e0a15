"""One Hongyan per user and profile: a second launch hands its request to the first.

Send To, a mailto link, a double-click and the autostart entry all start a new process. If a
Hongyan of the same profile already runs, that process sends its :class:`LaunchRequest` (one
line of JSON) over a local socket (QLocalServer/QLocalSocket: a Unix socket or a Windows
named pipe), waits for ``ok``, and exits 0; the running one emits ``request_did_arrive``.

The socket's name holds the user and a hash of the profile folder, so two profiles
(``HONGYAN_HOME``) never meet. On Unix it lives in a folder only the user can enter
(``$XDG_RUNTIME_DIR``, else ``/tmp/hongyan-<uid>``, checked like tmux checks its own): in a
shared ``/tmp`` another user could otherwise listen under that name first and receive the
paths of the files being sent. Who becomes the running one is decided under a lock file, so
two launches at once cannot both take over a stale socket.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import os
import re
import stat
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from hongyan.core.errors import HongyanError
from hongyan.core.integration.requests import LaunchRequest
from hongyan.core.paths import AppPaths
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

MAX_REQUEST_BYTES = 4 * 1024 * 1024
"""A request lists paths, not file contents; anything bigger is not from Hongyan."""
CONNECT_TIMEOUT_MS = 1000
ANSWER_TIMEOUT_MS = 30_000
"""The running Hongyan answers from its event loop, which may still be opening a big store."""
LOCK_TIMEOUT_MS = 10_000


def _user() -> str:
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (containers)
        name = str(os.getuid()) if hasattr(os, "getuid") else "user"
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)[:32] or "user"


def _private_dir(environ: Mapping[str, str]) -> Path:
    """A folder only this user can enter, for the socket and its lock."""
    runtime = environ.get("XDG_RUNTIME_DIR", "")
    if runtime and os.path.isabs(runtime):
        info = os.stat(runtime)
        if info.st_uid == os.getuid() and not info.st_mode & 0o077:
            return Path(runtime)
    folder = Path(tempfile.gettempdir()) / f"hongyan-{os.getuid()}"
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "{folder} is not a folder private to you, so Hongyan cannot use it safely. "
                    "Remove it and start Hongyan again.",
                ),
                folder=folder,
            )
        )
    return folder


def instance_names(paths: AppPaths, environ: Mapping[str, str] | None = None) -> tuple[str, str]:
    """The server name and the lock file path for this user and profile."""
    env = os.environ if environ is None else environ
    profile = hashlib.sha256(str(paths.config_dir.absolute()).encode("utf-8")).hexdigest()[:12]
    base = f"hongyan-{_user()}-{profile}"
    if sys.platform == "win32":
        # A named pipe; Qt restricts it to this user with UserAccessOption.
        return base, str(Path(tempfile.gettempdir()) / f"{base}.lock")
    folder = _private_dir(env)
    return str(folder / base), str(folder / f"{base}.lock")


class SingleInstance(QObject):
    """Either hands a request to the running Hongyan or becomes the running one.

    Signals:
        request_did_arrive(LaunchRequest): another launch asked for something (already
            answered; the handler shows the window, opens a compose window or fetches).
    """

    request_did_arrive = Signal(object)

    def __init__(self, paths: AppPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.server_name, self._lock_path = instance_names(paths)
        self._server: QLocalServer | None = None

    @property
    def is_primary(self) -> bool:
        return self._server is not None

    def claim(self, request: LaunchRequest) -> bool:
        """Return True when this process is now the running Hongyan, False when handed off.

        Raises:
            HongyanError: the running Hongyan did not take the request, or no server could
                be started.
        """
        if self._send(request):
            return False
        lock = QLockFile(self._lock_path)
        if not lock.tryLock(LOCK_TIMEOUT_MS):
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "Another Hongyan is starting and did not finish; try again."
                    )
                )
            )
        try:
            if self._send(request):  # someone became the running one while we waited
                return False
            QLocalServer.removeServer(self.server_name)  # nobody answered: a stale socket
            server = QLocalServer(self)
            server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
            if not server.listen(self.server_name):
                raise HongyanError(
                    words(
                        QT_TRANSLATE_NOOP(
                            "Core", "Hongyan could not listen for other launches: {reason}."
                        ),
                        reason=server.errorString(),
                    )
                )
            server.newConnection.connect(self._accept)
            self._server = server
            return True
        finally:
            lock.unlock()

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None

    # -- the launching side ------------------------------------------------------------------
    def _send(self, request: LaunchRequest) -> bool:
        """Deliver ``request``; False when no Hongyan is listening."""
        socket = QLocalSocket()
        socket.connectToServer(self.server_name)
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
            return False
        socket.write(request.to_json().encode("utf-8") + b"\n")
        socket.flush()
        answer = b""
        while b"\n" not in answer and socket.waitForReadyRead(ANSWER_TIMEOUT_MS):
            answer += bytes(socket.readAll().data())
        socket.disconnectFromServer()
        if answer.startswith(b"ok\n"):
            return True
        if answer.startswith(b"error: "):
            text = answer[7:].decode("utf-8", "replace").strip()
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP("Core", "The running Hongyan refused the request: {text}"),
                    text=text,
                )
            )
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP(
                    "Core",
                    "Hongyan is running but did not answer. Wait a moment and try again, or quit "
                    "it and start it again.",
                )
            )
        )

    # -- the running side --------------------------------------------------------------------
    def _accept(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            buffer = bytearray()
            socket.readyRead.connect(lambda s=socket, b=buffer: self._read(s, b))
            socket.disconnected.connect(socket.deleteLater)
            self._read(socket, buffer)

    def _read(self, socket: QLocalSocket, buffer: bytearray) -> None:
        buffer += bytes(socket.readAll().data())
        if b"\n" not in buffer:
            if len(buffer) > MAX_REQUEST_BYTES:
                self._answer(socket, b"error: the request is too large\n")
            return
        line = bytes(buffer).split(b"\n", 1)[0]
        buffer.clear()
        try:
            request = LaunchRequest.from_json(line.decode("utf-8"))
        except (HongyanError, UnicodeDecodeError) as exc:
            self._answer(socket, f"error: {exc}\n".encode())
            return
        self._answer(socket, b"ok\n")
        self.request_did_arrive.emit(request)

    @staticmethod
    def _answer(socket: QLocalSocket, text: bytes) -> None:
        socket.write(text)
        socket.flush()
        socket.disconnectFromServer()
